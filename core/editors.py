"""Migrations' helper: the "Editors" group gets permissions on a new model (every one, by default)."""

from django.contrib.auth.management import create_permissions

ACTIONS = ("add", "change", "delete", "view")


def editors_may_edit(app_label, model_name=None, *, codenames=None):
    """The RunPython pair granting (and revoking) the Editors every permission on the model, or ``codenames``."""
    chosen = list(codenames or (f"{action}_{model_name}" for action in ACTIONS))

    def grant(apps, schema_editor):
        using = schema_editor.connection.alias
        app_config = apps.get_app_config(app_label)
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = models_module
        group = apps.get_model("auth", "Group").objects.using(using).filter(name="Editors").first()
        if group is not None:
            permissions = apps.get_model("auth", "Permission").objects.using(using)
            group.permissions.add(*permissions.filter(content_type__app_label=app_label, codename__in=chosen))

    def revoke(apps, schema_editor):
        using = schema_editor.connection.alias
        permissions = apps.get_model("auth", "Permission").objects.using(using)
        for group in apps.get_model("auth", "Group").objects.using(using).filter(name="Editors"):
            group.permissions.remove(*permissions.filter(content_type__app_label=app_label, codename__in=chosen))

    return grant, revoke
