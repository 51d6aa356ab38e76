"""shlawyers settings: one module, read from the environment.

Without any environment variables everything is embedded for development: PostgreSQL
from the pgserver wheel under .data/postgres, a file cache under .data/cache shared by web
and worker, a real Celery worker and beat on kombu's filesystem broker under .data/celery,
mail written to .data/mail/. With DATABASE_URL / REDIS_URL / EMAIL_URL the same code uses
real servers. With DEBUG off, start-up refuses a missing or default SECRET_KEY.
`.env.example` lists every variable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from shlawyers import env as envlib
from shlawyers.env import env

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / ".data")))

DEBUG = envlib.bool_("DEBUG", default=True)

_DEV_SECRET = "django-insecure-local-development-only"  # noqa: S105 - refused when DEBUG is off  # nosec B105
SECRET_KEY = envlib.secret("SECRET_KEY", default=_DEV_SECRET if DEBUG else None)
_PLACEHOLDER_SECRETS = (_DEV_SECRET, "change-me")  # .env.example's value starts with change-me
if not DEBUG and (
    not SECRET_KEY or SECRET_KEY.startswith(_PLACEHOLDER_SECRETS) or len(SECRET_KEY) < 50
):
    raise envlib.ImproperlyConfiguredEnv(
        "SECRET_KEY is missing, too short or the development default. With DEBUG off, set "
        "SECRET_KEY (or SECRET_KEY_FILE) to at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )

ALLOWED_HOSTS = envlib.list_("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlib.list_("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Application definition ---------------------------------------------------------------

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    # third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",  # members see and end their other sessions
    "csp",
    "django_celery_beat",
    "import_export",
    "mptt",
    "django_prose_editor",
    "simple_history",
    "template_partials",
    # ours, in dependency order (see docs/architecture.md)
    "apps.core",
    "apps.accounts",
    "apps.notifications",
    "apps.members",
    "apps.rights",
    "apps.events",
    "apps.bookings",
    "apps.learning",
    "apps.complaints",
    "apps.legalservices",
    "apps.partyorg",
    "apps.news",
    "apps.stats",  # last: reads every app above, nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Full-page cache for opted-in anonymous pages (apps/core/pagecache.py); outside CSP
    # so a cached body is replayed with the CSP header (nonce) it was rendered with.
    "apps.core.pagecache.PageCacheMiddleware",
    # Content-Security-Policy (with a per-request nonce) and Permissions-Policy on every
    # response, static files included; the policies are under "Security" below.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # /zh-hant/ pages: content converted to Traditional Chinese on the way out (OpenCC).
    "apps.core.middleware.HantMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in member's elder-mode choice (on the account) reaches this browser's cookie.
    "apps.core.views_access.ElderModeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apps.accounts.middleware.StaffSessionMiddleware",
    "apps.accounts.middleware.StaffSecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A full disk while saving an upload → a 503 page, and no orphan files (apps/core/uploads.py).
    "apps.core.uploads.UploadsMiddleware",
]

ROOT_URLCONF = "shlawyers.urls"
WSGI_APPLICATION = "shlawyers.wsgi.application"
ASGI_APPLICATION = "shlawyers.asgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.site",
                "apps.core.pagecache.csrf_context",  # no CSRF token on a cached page
            ],
        },
    },
]

# Database -------------------------------------------------------------------------------

if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    from shlawyers.embedded_pg import database_url

    DATABASES = {"default": env.db_url_config(database_url(DATA_DIR / "postgres"))}
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
# Persistent connections, checked before reuse so a restarted database is not an error page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services own their transactions
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and Celery -----------------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down → cache misses, not 500s (apps/core/cache.py); short timeouts so
            # an unreachable server costs a page a second at most, not a hung worker.
            "BACKEND": "apps.core.cache.TolerantRedisCache",
            "LOCATION": envlib.redis_db_url(REDIS_URL, 1),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            # Every key is scoped by the database it describes: servers on several
            # databases sharing one Redis (bench, soak, a second checkout) must not read
            # each other's statistics snapshots, page entries or view counts, nor
            # invalidate each other's versions.
            "KEY_PREFIX": f"shlawyers:{DATABASES['default'].get('NAME', '')}",
            "TIMEOUT": 300,
        }
    }
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=envlib.redis_db_url(REDIS_URL, 0))
    CELERY_TASK_ALWAYS_EAGER = False
else:
    # Embedded: no server at all, yet a real worker and beat (started by `make run`, see
    # scripts/run_dev.py). The cache is a file cache that web and worker share; the broker is
    # kombu's filesystem transport: each message a file under .data/celery/queue/.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "KEY_PREFIX": "shlawyers",
            "TIMEOUT": 300,
        }
    }
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
    _CELERY_DIR = DATA_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Producer and consumer share one folder: a message written is a message to read.
        "data_folder_in": str(_CELERY_DIR / "queue"),
        "data_folder_out": str(_CELERY_DIR / "queue"),
        "control_folder": str(_CELERY_DIR / "control"),
    }
    if CELERY_BROKER_URL.startswith("filesystem:"):
        for _folder in ("queue", "control"):
            (_CELERY_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_TASK_ALWAYS_EAGER = False

# Full-page cache (apps/core/pagecache.py): TTL bounds what signals can't see (bulk
# updates, scheduled publication). BENCH_SQL_HEADER adds X-SQL-Queries (bench only).
# Off by default under DEBUG (a developer must see a template edit at once).
PAGECACHE_ENABLED = envlib.bool_("PAGECACHE_ENABLED", default=not DEBUG)
PAGECACHE_TTL = env.int("PAGECACHE_TTL", default=120)
# Seconds a worker answers hits from its own memory before asking Redis again for the
# content version (apps/core/pagecache.py "Per-process layer"); 0 turns the layer off.
PAGECACHE_LOCAL_SECONDS = env.float("PAGECACHE_LOCAL_SECONDS", default=1.0)
if envlib.bool_("BENCH_SQL_HEADER", default=False):
    MIDDLEWARE.insert(0, "apps.core.pagecache.QueryCountMiddleware")
    # All bench traffic comes from one address: the per-address lookup budget
    # (apps/legalservices/ratelimit.py) would answer 429 to what are many visitors.
    LEGALSERVICES_RATE_LIMITS = {"lookup": (10**9, 60), "api": (10**9, 60)}

# Queues: a long report or reindex must never delay a notification. A worker started
# without -Q consumes all three (CELERY_TASK_QUEUES); at scale, run one worker per queue
# (docs/scaling.md). Routes by task name; anything unlisted goes to "default".
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = {
    name: {"routing_key": name} for name in ("default", "notifications", "reports")
}
CELERY_TASK_ROUTES = {
    "apps.notifications.tasks.*": {"queue": "notifications"},
    "apps.members.tasks.activation_notice_send": {"queue": "notifications"},
    "apps.complaints.tasks.complainant_mail_send": {"queue": "notifications"},
    "apps.legalservices.tasks.consultation_acknowledge": {"queue": "notifications"},
    "apps.events.tasks.event_reminders_send": {"queue": "notifications"},
    "apps.learning.tasks.cle_reminders_send": {"queue": "notifications"},
    "apps.stats.tasks.*": {"queue": "reports"},
    "apps.members.tasks.dues_year_issue_task": {"queue": "reports"},
    "apps.legalservices.tasks.search_reindex_all": {"queue": "reports"},
    "apps.legalservices.tasks.overseas_guide_build": {"queue": "reports"},
}
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True  # results live in our own tables (outbox, report runs)
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
if REDIS_URL:
    # Longer than any task's time limit, so Redis never redelivers a task still running.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Retention of personal data (days; the daily jobs anonymise what is older, keeping counts).
COMPLAINTS_RETENTION_DAYS = env.int("COMPLAINTS_RETENTION_DAYS", default=3 * 365)
LEGALSERVICES_RETENTION_DAYS = env.int("LEGALSERVICES_RETENTION_DAYS", default=2 * 365)
BOOKINGS_RETENTION_DAYS = env.int("BOOKINGS_RETENTION_DAYS", default=365)

# E-mail ---------------------------------------------------------------------------------

if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="上海市律师协会 <noreply@lawyers.example.cn>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Authentication -------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/portal/"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Verification by a code typed into the same browser session (not a link): whoever clicks a
# link in the lawyer's mailbox can no longer verify an account someone else signed up for.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 15 * 60
# The address is the one on the lawyer's record: it may not be changed mid-verification.
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_CHANGE = False
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
# Sign-up never says whether an address or a lawyer exists (see members' activation).
ACCOUNT_PREVENT_ENUMERATION = True
# Changing e-mail addresses (and, via MFA_REAUTHENTICATION_REQUIRED, the second factor)
# needs a password or code entered in the last 5 minutes; a password change asks for the
# old password anyway. Each change is mailed to the account's address.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
MFA_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"
# Sign-up is how a lawyer activates a portal account: licence number + a verified e-mail.
ACCOUNT_FORMS = {
    "signup": "apps.members.forms.LawyerActivationForm",
    # A refused sign-up's stand-in code page accepts no code (and never fails).
    "confirm_email_verification_code": "apps.accounts.forms.EmailVerificationCodeForm",
}
# allauth's defaults, written out so that they are visibly on: failed logins, resets, signups.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip,100/h/ip",  # also caps guessing a lawyer's e-mail on record
    "reset_password": "20/m/ip,5/m/key",  # a rate, not a password  # nosec B105
    "confirm_email": "1/3m/key",
}
# `make soak` (bench/soak.py) only: 64 simulated visitors share 127.0.0.1, so the per-address
# budgets for logins and complaint filings would answer 429 to what are many people.
SOAK_MODE = envlib.bool_("SOAK_MODE", default=False)
if SOAK_MODE:
    ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "1000000/m/ip"}
    COMPLAINTS_INTAKE_LIMIT = (10**9, 60 * 60)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# TOTP keys and recovery seeds are stored encrypted (apps/accounts/mfa.py).
MFA_ADAPTER = "apps.accounts.mfa.MFAAdapter"
MFA_ENCRYPTION_KEY = envlib.secret("MFA_ENCRYPTION_KEY", default="") or ""
MFA_TOTP_ISSUER = "shlawyers"
# Staff may not use /admin/ without a second factor; on whenever DEBUG is off.
ADMIN_REQUIRE_MFA = envlib.bool_("ADMIN_REQUIRE_MFA", default=not DEBUG)
# Staff sessions (apps.accounts.middleware.StaffSessionMiddleware): logged out after this
# long without a request, and this long after login however active. Members keep Django's
# default session.
STAFF_SESSION_IDLE_TIMEOUT = 30 * 60
STAFF_SESSION_MAX_AGE = 12 * 60 * 60
# /accounts/sessions/ lists each signed-in browser with the IP and time it signed in.
# Activity tracking stays off: it would add queries to every request of a signed-in user.
USERSESSIONS_TRACK_ACTIVITY = False

# Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("zh-hant", _("繁體中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static and media -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
# Uploads that must not be public (member contributions): outside MEDIA_ROOT, never served.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(DATA_DIR / "private")))


def upload_storages() -> dict[str, dict[str, Any]]:
    """STORAGES["default"] (public media) and ["private"] (served only by checked views)
    from STORAGE_BACKEND: "filesystem" (the default) or "s3" (docs/scaling.md)."""
    backend = env.str("STORAGE_BACKEND", default="") or "filesystem"
    if backend == "filesystem":
        # FileSystemStorages that remove a partly written file (full disk): apps/core/uploads.py
        return {
            "default": {"BACKEND": "apps.core.uploads.TidyFileSystemStorage"},
            "private": {"BACKEND": "apps.core.uploads.PrivateFileSystemStorage"},
        }
    if backend != "s3":
        raise envlib.ImproperlyConfiguredEnv(
            f"STORAGE_BACKEND must be filesystem or s3, not {backend!r}"
        )
    bucket = env.str("S3_BUCKET", default="")
    if not bucket:
        raise envlib.ImproperlyConfiguredEnv("STORAGE_BACKEND=s3 needs S3_BUCKET")
    endpoint = env.str("S3_ENDPOINT_URL", default="")  # MinIO, Ceph, R2 …; unset: AWS
    region = env.str("S3_REGION", default="")
    # Off for buckets whose Object Ownership setting disables ACLs (AWS's default since 2023):
    # then the bucket policy alone decides, and must leave the private objects unreadable.
    acls = envlib.bool_("S3_OBJECT_ACLS", default=True)
    # Credentials: boto3's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile,
    # an instance role); none of them passes through settings.
    common: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": region or None,
        "signature_version": "s3v4",  # botocore would still sign URLs with SigV2 in us-east-1
        # Two uploads named scan.pdf get two objects, as on the filesystem; never replaced.
        "file_overwrite": False,
        # Reading a file (a download, a rendition) spools to a temporary file beyond 5 MB
        # instead of holding it all in memory.
        "max_memory_size": 5 * 1024 * 1024,
    }
    # Public URLs are built without asking boto3: the CDN or bucket address + the name.
    custom_domain = env.str("S3_CUSTOM_DOMAIN", default="")
    url_protocol = "https:"
    if not custom_domain and endpoint:
        parts = urlsplit(endpoint)
        url_protocol = f"{parts.scheme}:"
        custom_domain = f"{parts.netloc}{parts.path.rstrip('/')}/{bucket}"  # path style
    elif not custom_domain:
        custom_domain = (
            f"{bucket}.s3.{region}.amazonaws.com" if region else f"{bucket}.s3.amazonaws.com"
        )
    private_bucket = env.str("S3_PRIVATE_BUCKET", default="")
    return {
        "default": {
            "BACKEND": "apps.core.uploads_s3.TidyS3Storage",
            "OPTIONS": {
                **common,
                "default_acl": "public-read" if acls else None,
                "querystring_auth": False,
                "custom_domain": custom_domain,
                "url_protocol": url_protocol,
            },
        },
        "private": {
            "BACKEND": "apps.core.uploads_s3.TidyS3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": private_bucket or bucket,
                # In the public bucket, under a prefix whose objects are never public.
                "location": "" if private_bucket else "private",
                "default_acl": "private" if acls else None,
                # Downloads stream through the checked views; a signed URL, if anything ever
                # asks for one, expires within minutes.
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
    }


def public_media_url(storages: dict[str, dict[str, Any]]) -> str:
    """Where public media are fetched from: /media/ on the filesystem (the proxy serves
    MEDIA_ROOT), the bucket's or CDN's address on S3."""
    options = storages["default"].get("OPTIONS", {})
    if options.get("custom_domain"):
        return f"{options['url_protocol']}//{options['custom_domain']}/"
    return "/media/"


STORAGES = {
    **upload_storages(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Article bodies keep an <img> only with its src under MEDIA_URL (apps/news/sanitize.py).
MEDIA_URL = public_media_url(STORAGES)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security -------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
# Sessions stay on the server (Django's default database engine): verification codes and
# the staff session clocks live in them and must never be readable or settable by clients.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envlib.bool_("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# /healthz answers on plain HTTP to the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind the reverse proxy (deploy/Caddyfile) gunicorn is reachable only from the proxy,
# which sets X-Forwarded-Proto (trusted above) and X-Forwarded-For, and passes the Host
# header through unchanged, so USE_X_FORWARDED_HOST stays off. allauth's rate limits count
# the client from X-Forwarded-For: ALLAUTH_TRUSTED_PROXY_COUNT is the number of proxies in
# front of gunicorn (docker-compose: 1). 0 (development, no proxy) uses REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
USE_X_FORWARDED_HOST = False

# Content-Security-Policy (django-csp 4). Scripts only from our origin or carrying the
# per-request nonce ({{ request.csp_nonce }}; admin media get it through BaseAdmin); no
# 'unsafe-inline' or 'unsafe-eval' for scripts. <style> elements likewise; style
# *attributes* are allowed (they cannot run code, and ECharts tooltips, the admin and the
# prose editor set them). Nothing may frame us. Images are ours (plus data:/blob: for the
# TOTP QR code and editor previews): article images are never hot-linked. With
# STORAGE_BACKEND=s3 our images come from the bucket's (or CDN's) address, MEDIA_URL.
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

_MEDIA_SOURCES = [] if MEDIA_URL.startswith("/") else [MEDIA_URL]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-elem": [
            SELF,
            NONCE,
            # Django admin's change list inlines exactly this rule when a list has no actions.
            "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='",
            # Tiptap's base editor CSS, which django-prose-editor 0.28 injects as a <style>
            # without a nonce. Upgrading the editor may change it: the browser test
            # tests/project/test_csp_browser.py then names the new hash.
            "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='",
        ],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *_MEDIA_SOURCES],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "worker-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": not DEBUG,
    }
}
# Powerful browser features this site never uses are switched off for it and any frame.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "ambient-light-sensor": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": ["self"],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
# Spreadsheet exports neutralise formula-leading text themselves (apps/core/spreadsheets.py,
# every Resource and writer); import-export's own option only strips "=" and turns every
# number into text, so it stays off.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"jieba": {"level": "WARNING"}, "pgserver": {"level": "WARNING"}},
}
