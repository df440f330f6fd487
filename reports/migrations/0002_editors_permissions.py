"""The Editors read readers' reports, set their status and may delete them; readers add them."""

from django.db import migrations

from core.editors import editors_may_edit


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_editors_group"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunPython(*editors_may_edit("reports", codenames=('view_report', 'change_report', 'delete_report')))]
