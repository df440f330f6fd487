"""The release digest in the shared cache's keys: new code, new namespace (sco_site/release.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sco_site.release import code_digest

pytestmark = pytest.mark.slow  # other processes or servers: make test-all

ROOT = Path(__file__).resolve().parent.parent.parent


def tree(tmp_path):
    (tmp_path / "app" / "templates").mkdir(parents=True)
    (tmp_path / "app" / "views.py").write_text("x = 1\n")
    (tmp_path / "app" / "templates" / "page.html").write_text("<p>one</p>")
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "data.py").write_text("content\n")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "lib.py").write_text("library\n")
    return tmp_path


def test_a_changed_template_or_module_is_a_new_release(tmp_path):
    base = tree(tmp_path)
    first = code_digest(base)
    assert first == code_digest(base)
    (base / "app" / "templates" / "page.html").write_text("<p>two</p>")
    second = code_digest(base)
    assert second != first
    (base / "app" / "views.py").write_text("x = 2\n")
    assert code_digest(base) not in (first, second)


def test_content_libraries_and_caches_are_not_the_release(tmp_path):
    base = tree(tmp_path)
    first = code_digest(base)
    (base / "fixtures" / "data.py").write_text("other content\n")
    (base / ".venv" / "lib.py").write_text("another library\n")
    (base / "app" / "notes.txt").write_text("not code\n")
    assert code_digest(base) == first


def test_the_shared_cache_keys_carry_the_release():
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0", "RELEASE": "build-42", "CACHE_KEY_PREFIX": "sco"}
    code = "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"
    out = subprocess.run(
        [sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sco_site.settings'; {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "sco:build-42"
