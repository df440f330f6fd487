"""gunicorn's settings for production (``make serve``) and the web benchmark (benchmarks/web.py).

The address and the number of workers are given on the command line
(``--bind 127.0.0.1:$PORT --workers $WEB_CONCURRENCY``).

The application is loaded once, in the arbiter, before the workers are forked; its
long-lived objects (modules, URL patterns, compiled templates) are then moved out of the
garbage collector's sight (``gc.freeze``) so that a full collection in a worker only
walks what the worker itself created. Without it, every so often a request pays for a
walk over the whole of Django: the slow tail of the latency. Workers also share those
pages of memory with the arbiter instead of copying them when the collector touches them.
"""

import gc

preload_app = True
# Sync workers behind the proxy (deploy/Caddyfile), which holds the slow clients.
worker_class = "sync"
timeout = 30
graceful_timeout = 30

# This file is read before the application is loaded: no collection while it loads, as
# that would only leave holes in the pages the workers are to share.
gc.disable()


def when_ready(server):
    """The application is loaded and the workers are about to be forked."""
    gc.freeze()
    gc.enable()
