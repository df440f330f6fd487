"""Each download is built once per content version, stored under a name no reader sees until
it is whole, served as a file, and never waited for while another build runs."""

import csv
import fcntl
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.changes import content_changed
from core.version import content_version
from facts.models import Fact
from opendata import downloads
from opendata.datasets import DATASETS
from opendata.downloads import spawn_builder
from tests.content import make_fact
from tests.opendata.conftest import body_of

ORIGIN = "http://testserver"
FILES = [(slug, extension) for slug in DATASETS for extension in ("csv", "json")]


def url(slug="facts", extension="csv"):
    return reverse(f"opendata:{extension}", kwargs={"slug": slug})


def kept(slug="facts", extension="csv"):
    """The names in the dataset's folder, hidden temporary files included."""
    folder = downloads.path(f"{slug}.{extension}", ORIGIN, "").parent
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def stored_name(origin=ORIGIN, slug="facts", extension="csv"):
    return downloads.path(f"{slug}.{extension}", origin, content_version()).name


@pytest.fixture
def builds(monkeypatch):
    """The (slug, extension, version) of every file built."""
    made = []

    def counted(name, origin, version):
        made.append((*name.split("."), version))
        return build(name, origin, version)

    build = downloads.build
    monkeypatch.setattr(downloads, "build", counted)
    return made


@pytest.fixture
def lock_held_elsewhere():
    """The host's build lock, held through a file description of its own as another worker would."""
    root = Path(settings.DOWNLOADS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
        fcntl.flock(lock, fcntl.LOCK_UN)


def new_version(capture):
    with capture(execute=True):
        fact = make_fact("published-later", "A fact published after the first download.")
        content_changed(Fact, [fact.pk])
    return content_version()


def test_the_second_request_of_a_version_is_the_stored_file(client, seed, builds, django_assert_num_queries):
    first = client.get(url())
    first_body = body_of(first)
    with django_assert_num_queries(1):  # the content version, nothing else
        second = client.get(url())
        second_body = body_of(second)
    assert builds == [("facts", "csv", content_version())]
    assert second_body == first_body
    assert int(second["Content-Length"]) == len(second_body)
    assert second["ETag"] == first["ETag"] == f'"{content_version()}"'
    assert kept() == [stored_name()]


@pytest.mark.parametrize(("slug", "extension"), FILES)
def test_a_stored_file_holds_what_the_streamed_rows_give(client, seed, slug, extension):
    body = body_of(client.get(url(slug, extension))).decode()
    dataset, version = DATASETS[slug], content_version()
    written = io.StringIO(newline="")
    downloads.write(written, f"{slug}.{extension}", ORIGIN, version)
    streamed = written.getvalue()
    if extension == "csv":
        assert body == streamed
        rows = list(csv.DictReader(io.StringIO(body, newline="")))
        assert len(rows) >= dataset.queryset().count()
    else:
        data, expected = json.loads(body), json.loads(streamed)
        assert data.pop("generated") and expected.pop("generated")
        assert data == expected
        assert len(data[slug.replace("-", "_")]) == dataset.queryset().count()


def test_a_new_content_version_makes_a_new_file_and_removes_the_old(
    client, seed, builds, django_capture_on_commit_callbacks
):
    old = client.get(url())
    body_of(old)
    version = new_version(django_capture_on_commit_callbacks)
    fresh = client.get(url())
    rows = list(csv.DictReader(io.StringIO(body_of(fresh).decode())))
    assert fresh["ETag"] == f'"{version}"' != old["ETag"]
    assert "published-later" in {row["slug"] for row in rows}
    assert [version for _, _, version in builds] == [old["X-Content-Version"], version]
    assert kept() == [stored_name()]


@pytest.fixture
def previous_version(client, seed, django_capture_on_commit_callbacks):
    """A stored file of the seed's version, then a newer version not yet built: its (ETag, body)."""
    response = client.get(url())
    body = body_of(response)
    new_version(django_capture_on_commit_callbacks)
    return response["ETag"], body


def test_a_request_during_another_build_gets_the_previous_file_with_its_own_version(
    client, previous_version, builds, lock_held_elsewhere
):
    etag, body = previous_version
    version = etag.strip('"')
    response = client.get(url())
    assert response.status_code == 200
    assert body_of(response) == body
    assert (response["ETag"], response["X-Content-Version"]) == (etag, version)
    assert response["Content-Disposition"] == f'attachment; filename="sco-reference-facts-{version}.csv"'
    assert builds == []
    assert client.get(url(), headers={"if-none-match": etag}).status_code == 304


def test_a_request_during_another_build_without_a_previous_file_is_told_to_retry(
    client, seed, builds, lock_held_elsewhere, caplog
):
    response = client.get(url("events", "json"))
    assert response.status_code == 503
    assert not [record for record in caplog.records if record.name == "django.request"]  # not logged as an error
    assert response["Retry-After"] == str(downloads.RETRY_AFTER)
    assert "try again" in response.content.decode()
    assert builds == []
    assert kept("events", "json") == []


def test_a_file_asked_for_during_a_build_is_queued_and_built_by_it_next(client, seed, builds, lock_held_elsewhere):
    assert client.get(url("events", "json")).status_code == 503
    assert client.get(url("facts", "csv")).status_code == 503
    assert builds == []
    version, built = downloads.build_missing(ORIGIN, ["events.csv"])  # the running builder, its own file first
    assert built[0] == "events.csv" and sorted(built[1:]) == ["events.json", "facts.csv"]
    assert sorted((slug, extension) for slug, extension, _ in builds) == [
        ("events", "csv"),
        ("events", "json"),
        ("facts", "csv"),
    ]
    assert downloads.take_queued(ORIGIN) == []  # taken once
    assert downloads.build_missing("https://sco.example.org", ["events.json"])[1] == ["events.json"]  # its own


def test_a_build_that_fails_leaves_no_file_half_written(client, seed, monkeypatch):
    seen = []

    def failing(file, name, origin, version):
        file.write("slug,url\n")
        seen.append(kept())  # the rows written so far are under a hidden name only
        raise RuntimeError("the database went away")

    monkeypatch.setattr(downloads, "write", failing)
    with pytest.raises(RuntimeError):
        client.get(url())
    assert len(seen[0]) == 1 and seen[0][0].startswith(".")
    assert kept() == []


def test_a_killed_builders_leftovers_and_lock_do_not_outlive_it(client, seed):
    folder = downloads.path("facts.csv", ORIGIN, "").parent
    folder.mkdir(parents=True)
    (folder / ".tmpleftover").write_text("slug,url\nhalf")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; lock = open(sys.argv[1], 'a'); fcntl.flock(lock, fcntl.LOCK_EX);"
            " print('held', flush=True); time.sleep(60)",
            str(Path(settings.DOWNLOADS_ROOT) / ".lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "held\n"
    assert client.get(url()).status_code == 503  # no previous file
    holder.kill()
    holder.wait()
    response = client.get(url())
    assert response.status_code == 200
    body_of(response)
    assert kept() == [stored_name()]


def test_each_origin_has_files_whose_links_start_with_it(client, seed, builds, settings):
    settings.ALLOWED_HOSTS = ["testserver", "sco.example.org"]
    local = body_of(client.get(url("events", "json"))).decode()
    public = body_of(client.get(url("events", "json"), HTTP_HOST="sco.example.org")).decode()
    assert '"url": "http://testserver/events/' in local
    assert '"url": "http://sco.example.org/events/' in public and "testserver" not in public
    assert len(builds) == 2
    assert len(kept("events", "json")) == 2


def test_build_downloads_stores_every_missing_file_once(seed, builds, settings):
    settings.SITE_URL = "https://sco.example.org"
    out = io.StringIO()
    call_command("build_downloads", "--origin", "https://sco.example.org/", stdout=out)
    assert len(builds) == len(FILES)
    assert "facts.csv" in out.getvalue()
    call_command("build_downloads", "--origin", "https://sco.example.org", "--dry-run", stdout=out)
    call_command("build_downloads", stdout=out)  # SITE_URL's
    assert len(builds) == len(FILES)
    assert out.getvalue().splitlines()[-1].endswith(": nothing built.")
    for slug, extension in FILES:
        assert kept(slug, extension) == [stored_name("https://sco.example.org", slug, extension)]


def test_build_downloads_builds_only_the_files_named(seed, builds):
    call_command("build_downloads", "events.csv", "--origin", "https://sco.example.org", stdout=io.StringIO())
    assert builds == [("events", "csv", content_version())]
    with pytest.raises(CommandError, match="No such file: facts.xml"):
        call_command("build_downloads", "facts.xml", "--origin", "https://sco.example.org")


@pytest.mark.parametrize(
    "origin",
    [
        "sco.example.org",
        "ftp://sco.example.org",
        "https://sco.example.org/data/",
        "https://[::1",
        "https://sco.example.org:99999",
        "https://someone@sco.example.org",
    ],
)
def test_build_downloads_refuses_what_is_not_an_origin(seed, origin):
    with pytest.raises(CommandError, match="is not a site's origin"):
        call_command("build_downloads", "--origin", origin)


def test_build_downloads_says_what_is_missing_or_wrong_without_a_traceback(seed, settings, tmp_path):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="No origin: give --origin https://sco.example.org, or set SITE_URL."):
        call_command("build_downloads")
    settings.DOWNLOADS_ROOT = tmp_path / "a-file"
    settings.DOWNLOADS_ROOT.write_text("where the folder should be")
    with pytest.raises(CommandError, match="Cannot store the files in .*a-file: File exists."):
        call_command("build_downloads", "--origin", "https://sco.example.org")


FAKE_MANAGE_PY = """
import os, sys, time
with open(os.path.join(os.path.dirname(__file__), "started"), "a") as log:
    log.write(f"{os.getpid()} {os.environ.get('RELEASE')} {' '.join(sys.argv[1:])}\\n")
time.sleep(30)
"""


def lock_is_free():
    with downloads.lock_file() as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(lock, fcntl.LOCK_UN)
        return True


def test_a_request_starts_one_builder_which_holds_the_lock_until_it_ends(
    client, seed, monkeypatch, settings, tmp_path
):
    monkeypatch.setattr(downloads, "spawn_builder", spawn_builder)
    settings.BASE_DIR = tmp_path
    settings.RELEASE = "the-server-s"  # the code on disk may be newer than the server's: its file names are
    (tmp_path / "manage.py").write_text(FAKE_MANAGE_PY)
    started = tmp_path / "started"
    assert client.get(url()).status_code == 503
    assert client.get(url("events", "json")).status_code == 503
    for _ in range(100):
        if started.exists() and started.read_text().endswith("\n"):
            break
        time.sleep(0.05)
    [line] = started.read_text().splitlines()  # one builder: the second request found the lock held
    pid, release, arguments = line.split(" ", 2)
    assert release == "the-server-s", "the builder names its files as the server that started it looks for them"
    assert arguments.startswith("build_downloads facts.csv --origin http://testserver --lock-fd ")
    assert not lock_is_free()
    os.kill(int(pid), signal.SIGKILL)
    for _ in range(100):
        if lock_is_free():
            break
        time.sleep(0.05)
    assert lock_is_free()
