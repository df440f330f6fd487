"""Log lines an operator can use: time, level, logger and path; bad Hosts counted, real errors traced once."""

import io
import json
import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from home.views import HomeView

from .conftest import production_env, run_python

pytestmark = pytest.mark.django_db

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+) (?P<logger>\S+) (?P<path>\S+) (?P<message>.*)$"
)


@pytest.fixture
def console():
    """What the configured console handler writes during the test."""
    handler = next(handler for handler in logging.getLogger().handlers if handler.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def disallowed_hosts():
    """The filter counting bad Host headers, as if the process had just started."""
    log_filter = logging.getLogger("django.security.DisallowedHost").filters[0]
    log_filter.count, log_filter.unlogged, log_filter.last_logged = 0, 0, None
    return log_filter


def test_every_line_has_time_level_logger_and_request_path(client, console):
    logging.getLogger("sco_site.test").warning("outside any request")
    client.get("/no/such/page/")
    lines = [LINE.match(line) for line in console.getvalue().splitlines()]
    assert [line.group("level", "logger", "path", "message") for line in lines] == [
        ("WARNING", "sco_site.test", "-", "outside any request"),
        ("WARNING", "django.request", "/no/such/page/", "Not Found: /no/such/page/"),
    ]


def test_a_bad_host_is_a_400_logged_in_one_line_without_a_traceback(production, console, caplog, disallowed_hosts):
    response = Client(headers={"Host": "evil.example"}).get("/facts/")
    assert response.status_code == 400
    assert b"Bad request" in response.content and b"Sourcing policy" in response.content
    assert [(record.name, record.levelname, record.exc_info) for record in caplog.records] == [
        ("django.security.DisallowedHost", "WARNING", None)
    ]
    [line] = console.getvalue().splitlines()
    assert LINE.match(line).group("level", "logger", "path") == (
        "WARNING",
        "django.security.DisallowedHost",
        "/facts/",
    )
    assert "Invalid HTTP_HOST header: 'evil.example'." in line and "(1 refused by this process, 0 of them" in line


def test_a_flood_of_bad_hosts_is_counted_not_written(production, console, disallowed_hosts):
    client = Client(headers={"Host": "evil.example"})
    assert {client.get("/").status_code for _ in range(50)} == {400}
    assert len(console.getvalue().splitlines()) == 1
    assert disallowed_hosts.count == 50 and disallowed_hosts.unlogged == 49
    disallowed_hosts.last_logged -= disallowed_hosts.interval  # a minute later
    client.get("/")
    assert (
        "(51 refused by this process, 49 of them not logged since its last line)"
        in console.getvalue().splitlines()[-1]
    )


def test_a_server_error_is_one_error_line_with_its_traceback(proxied, console, caplog, monkeypatch):
    def explode(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomeView, "get_context_data", explode)
    proxied.raise_request_exception = False
    response = proxied.get(reverse("home:home"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content and b"Sourcing policy" in response.content
    assert "Content-Security-Policy" in response
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert [(record.name, record.getMessage()) for record in errors] == [
        ("django.request", "Internal Server Error: /")
    ]
    output = console.getvalue()
    assert output.count(" ERROR ") == 1 and output.count("Traceback (most recent call last)") == 1
    assert output.rstrip().endswith("RuntimeError: boom")


@pytest.mark.slow  # another process: make test-all
def test_json_lines_on_request():
    code = "import django, logging; django.setup(); logging.getLogger('sco_site.test').error('disk %s', 'full')"
    result = run_python(code, production_env(LOG_FORMAT="json", LOG_LEVEL="WARNING"))
    assert result.returncode == 0, result.stderr
    [entry] = [json.loads(line) for line in result.stderr.splitlines()]
    assert entry.keys() == {"time", "level", "logger", "path", "message"}
    assert (entry["level"], entry["logger"], entry["path"], entry["message"]) == (
        "ERROR",
        "sco_site.test",
        "-",
        "disk full",
    )
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", entry["time"])


@pytest.mark.slow  # another process: make test-all
def test_log_level_and_format_are_checked():
    quiet = run_python(
        "import django, logging; django.setup(); logging.getLogger('x').warning('w')",
        production_env(LOG_LEVEL="ERROR"),
    )
    assert quiet.returncode == 0 and quiet.stderr == ""
    wrong = run_python("import django; django.setup()", production_env(LOG_FORMAT="xml"))
    assert "LOG_FORMAT must be text or json" in wrong.stderr


def test_the_error_pages_render_without_a_request(settings):
    from django.template.loader import render_to_string

    for template in ("400.html", "403_csrf.html", "500.html"):
        html = render_to_string(template)
        assert "Sourcing policy" in html and "<script" not in html, template
