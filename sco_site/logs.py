"""Time, level, logger and request path (``-`` outside a request) on every line, as text or one
JSON object a line; the ERROR and traceback Django logs for each bad Host header become a count
and a WARNING a minute."""

import contextvars
import json
import logging
import time
from datetime import UTC, datetime

_request_path = contextvars.ContextVar("request_path", default="-")


class RequestPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_path.set(request.path)
        try:
            return self.get_response(request)
        finally:
            _request_path.reset(token)


class RequestPathFilter(logging.Filter):
    def filter(self, record):
        # Django logs a 404 after the middleware has returned, with the request attached.
        request = getattr(record, "request", None)
        record.request_path = getattr(request, "path", None) or _request_path.get()
        return True


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "path": getattr(record, "request_path", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class DisallowedHostFilter(logging.Filter):
    """One WARNING line per ``interval`` seconds (per process), with how many were refused."""

    interval = 60
    count = unlogged = 0
    last_logged = None

    def filter(self, record):
        self.count += 1
        now = time.monotonic()
        if self.last_logged is not None and now - self.last_logged < self.interval:
            self.unlogged += 1
            return False
        record.args = (record.getMessage().splitlines()[0], self.count, self.unlogged)
        record.msg = "%s (%d refused by this process, %d of them not logged since its last line)"
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        self.last_logged, self.unlogged = now, 0
        return True
