"""The Editors' permissions on sources: take a source in (add a capture), read captures and link checks."""

from django.db import migrations

from core.editors import editors_may_edit


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial"), ("core", "0002_editors_group")]

    operations = [migrations.RunPython(*editors_may_edit("sources", codenames=('add_capture', 'view_capture', 'view_linkcheck')))]
