"""Running the fixture commands, and fixture files and databases to run them on."""

import io
import json
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command

SEED = Path(settings.FIXTURES_DIR)
CONTENT_APPS = ("core", "articles", "countries", "events", "facts")
# Every model after the ones it refers to.
LOAD_ORDER = [
    "core.topic",
    "articles.outlet",
    "countries.country",
    "events.event",
    "articles.article",
    "people.person",
    "facts.fact",
    "facts.citation",
    "countries.countrystatus",
    "articles.outletalias",
    "countries.countryalias",
    "events.eventalias",
    "people.personalias",
    "core.formerslug",
]


def run(*args):
    """``manage.py reload_fixtures *args``; its output."""
    out = io.StringIO()
    call_command("reload_fixtures", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def dump():
    """Every row of the content apps, links included, to compare before and after a refused
    reload (raw values: cheaper than dumpdata's natural keys, and as strict)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CONTENT_APPS
    }


def copy_seed(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(SEED, target)
    return target


def edit_json(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
