"""Test settings: the real settings, made fast and isolated.

PostgreSQL is real (DATABASE_URL, or the embedded pgserver). Redis is used only by the
tests that start a real Celery worker; everything else gets a per-process memory cache
so parallel workers cannot see each other's cached values.
"""

import os
import tempfile

from shlawyers.settings import *  # noqa: F403
from shlawyers.settings import DATABASES, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Tasks run in-process unless a test starts a real worker (see tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or (REDIS_URL and REDIS_URL) or "memory://"

# Several checkouts may test against one server at once; each can name its own database.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DB_NAME", "test_shlawyers")}
DATABASES["default"]["CONN_MAX_AGE"] = 0

MEDIA_ROOT = tempfile.mkdtemp(prefix="shlawyers-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="shlawyers-test-private-")
STORAGES = {
    "default": {"BACKEND": "apps.core.uploads.TidyFileSystemStorage"},
    "private": {"BACKEND": "apps.core.uploads.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ADMIN_REQUIRE_MFA = False  # tests that check the guard turn it on
LANGUAGE_CODE = "zh-hans"
# Test transactions never commit, so the page cache's on-commit invalidation can't run:
# off here, on in tests/core/test_pagecache.py.
PAGECACHE_ENABLED = False
# Tests see an invalidation at once; tests/core/test_pagecache.py turns the layer on.
PAGECACHE_LOCAL_SECONDS = 0
# WhiteNoise looks at STATIC_ROOT at start-up; tests serve through the finders instead.
STATIC_ROOT = tempfile.mkdtemp(prefix="shlawyers-test-static-")
