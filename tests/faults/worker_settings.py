"""Settings for a Celery worker that a fault test starts as a subprocess.

The production settings, pointed at the test's own database and at a corner of Redis that
only this test uses. Everything comes from environment variables the test sets:

    FAULTS_DATABASE      JSON: NAME, USER, PASSWORD, HOST, PORT of the test database
    FAULTS_QUEUE         the one queue this worker consumes (every task is routed there)
    FAULTS_KEYPREFIX     kombu's global_keyprefix: the test's queues, unacked-message
                         index and mutex are keys of its own, so restoring "lost" messages
                         never touches another developer's worker on the same Redis
    FAULTS_VISIBILITY_TIMEOUT  seconds (default: the production value, one hour)
    FAULTS_MAIL_DIR      the file e-mail backend's folder, so the test can count mails
"""

from __future__ import annotations

import json
import os
import tempfile

from shlawyers.settings import *  # noqa: F403
from shlawyers.settings import CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES

DATABASES["default"].update(json.loads(os.environ["FAULTS_DATABASE"]))
DATABASES["default"]["CONN_MAX_AGE"] = 0

CELERY_BROKER_URL = os.environ["FAULTS_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["FAULTS_QUEUE"]
CELERY_TASK_QUEUES = {CELERY_TASK_DEFAULT_QUEUE: {"routing_key": CELERY_TASK_DEFAULT_QUEUE}}
CELERY_TASK_ROUTES: dict[str, dict[str, str]] = {}
CELERY_WORKER_ENABLE_REMOTE_CONTROL = False  # no pidbox queue shared with other workers
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "global_keyprefix": os.environ["FAULTS_KEYPREFIX"],
    "visibility_timeout": int(
        os.environ.get("FAULTS_VISIBILITY_TIMEOUT")
        or CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    ),
    # Look for lost messages every second (production: every 10 s), so the test is short.
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGECACHE_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["FAULTS_MAIL_DIR"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="shlawyers-faults-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="shlawyers-faults-private-")
