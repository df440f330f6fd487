"""A local web site for the source tests: pages built for the test, served by ``http.server``
in a thread, counting the requests in flight (in all and per ``Host``)."""

import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Tally:
    """Requests in flight, in all and per ``Host``, and the most seen at once (shared by sites)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.in_flight, self.most_in_flight, self.per_host, self.most_per_host = 0, 0, {}, {}

    def enter(self, host):
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            self.per_host[host] = self.per_host.get(host, 0) + 1
            self.most_per_host[host] = max(self.most_per_host.get(host, 0), self.per_host[host])

    def leave(self, host):
        with self.lock:
            self.in_flight -= 1
            self.per_host[host] -= 1


class Site:
    """Routes ``{path: (status, headers, body)}`` (``slow``: seconds before answering a path,
    ``latency`` for every other); ``tally`` counts concurrent requests."""

    def __init__(self, address="127.0.0.1", latency=0.0, tally=None):
        self.routes, self.slow, self.drip, self.latency = {}, {}, {}, latency
        self.tally, self.requests = tally or Tally(), []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                host = self.headers.get("Host", "")
                site.requests.append((host, self.path))
                site.tally.enter(host)
                left = False
                try:
                    time.sleep(site.slow.get(self.path, site.latency))
                    status, headers, body = site.routes.get(self.path, (404, {"Content-Type": "text/html"}, b"<p>no"))
                    self.send_response(status)
                    for name, value in headers.items():
                        if value is not None:
                            self.send_header(name, value)
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    elif headers["Content-Length"] is None:  # undeclared: the body ends with the connection
                        self.close_connection = True
                    self.end_headers()
                    if self.path in site.drip:  # a byte at a time, slowly
                        for byte in body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(site.drip[self.path])
                    else:
                        # Counted out before the client can have the whole answer: once it has,
                        # it may send its next request before this thread would reach `finally`.
                        site.tally.leave(host)
                        left = True
                        self.wfile.write(body)
                finally:
                    if not left:
                        site.tally.leave(host)

        self.server = ThreadingHTTPServer((address, 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, client_address: None  # a client that gave up
        self.host, self.port = self.server.server_address[:2]

    def url(self, path, host=None):
        return f"http://{host or self.host}:{self.port}{path}"

    def page(self, path, body, content_type="text/html; charset=utf-8", status=200, **headers):
        self.routes[path] = (status, {"Content-Type": content_type, **headers}, body)

    def redirect(self, path, location, status=302):
        self.routes[path] = (status, {"Location": location}, b"")


@contextmanager
def serving(*args, **kwargs):
    site = Site(*args, **kwargs)
    thread = threading.Thread(target=site.server.serve_forever, args=(0.05,), daemon=True)  # quick to shut down
    thread.start()
    try:
        yield site
    finally:
        site.server.shutdown()
        site.server.server_close()
