"""gunicorn's settings for production (``make serve``) and the web benchmark (address and workers
on the command line). The application is loaded before the workers are forked and its objects frozen
out of the garbage collector's sight (``gc.freeze``): a full collection in a worker walks only what
the worker created, not the whole of Django, and the workers share those pages instead of copying them."""

import gc

preload_app = True
worker_class = "sync"  # behind the proxy (deploy/Caddyfile), which holds the slow clients
timeout = 30
graceful_timeout = 30

gc.disable()  # no collection while the application loads: it would leave holes in the shared pages


def when_ready(server):
    gc.freeze()
    gc.enable()
