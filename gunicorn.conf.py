"""gunicorn settings read from the working directory by every `gunicorn` start (the
Dockerfile's CMD, bench/http_bench.py); command-line flags still override them.

Memory (bench/README.md "Worker memory"): the app is imported once in the master
(``preload_app``) and the workers are forked from it, so Django, the apps and their
libraries — and what apps.core.prefork.warm() loads: templates, catalogues, the search
segmenter's and the zh-hant converter's memory-mapped tries — are shared copy-on-write
instead of loaded once per worker. ``gc.freeze()`` before forking keeps the collector
from writing to (and so un-sharing) the master's objects. Nothing may hold a database
or Redis connection across the fork: they are opened lazily per request, and
``when_ready`` closes any an import opened anyway.

``GUNICORN_PRELOAD=false`` turns preloading off (a worker then imports the app itself;
code changes are picked up on a HUP without restarting the master).
"""

import gc
import os

preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() not in ("0", "false", "no")


def when_ready(server):
    if not preload_app:
        return
    from django.db import connections

    from apps.core.prefork import warm

    timings = warm()
    server.log.info("prefork warm-up (s): %s", timings)
    connections.close_all()  # none should be open; a shared socket would be corrupted
    gc.collect()
    gc.freeze()
