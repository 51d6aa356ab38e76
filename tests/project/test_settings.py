"""Settings refuse unsafe production configurations and pass Django's deploy checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from shlawyers import env as envlib

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environ["DJANGO_SETTINGS_MODULE"] = "shlawyers.settings"
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is missing, too short or the development default" in result.stderr


def test_development_default_secret_key_is_refused_in_production():
    result = run_manage("check", DEBUG="false", SECRET_KEY="django-insecure-local-development-only")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_example_env_secret_is_refused_in_production():
    result = run_manage(
        "check",
        DEBUG="false",
        SECRET_KEY="change-me-to-a-long-random-string-of-at-least-fifty-characters-xxxxxxxx",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_deploy_check_is_clean_with_debug_off():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="lawyers.example.cn",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("1", True), ("False", False)])
def test_booleans_accept_only_true_and_false(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert envlib.bool_("SOME_FLAG", default=not expected) is expected


def test_a_misspelt_boolean_is_an_error_not_a_silent_false(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "yes please")
    with pytest.raises(envlib.ImproperlyConfiguredEnv):
        envlib.bool_("SOME_FLAG", default=False)


def test_secrets_can_come_from_a_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-docker-secret\n", encoding="utf-8")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret_file))
    assert envlib.secret("SOME_SECRET") == "from-a-docker-secret"


def test_broker_and_cache_use_separate_redis_databases():
    assert envlib.redis_db_url("redis://h:6379/0", 1) == "redis://h:6379/1"
    assert envlib.redis_db_url("redis://:pw@h:6379", 0) == "redis://:pw@h:6379/0"


def read_settings(*names: str, **env: str) -> list[str]:
    code = (
        "import django, os; django.setup(); from django.conf import settings as s; "
        f"print('\\n'.join(str(getattr(s, n)) for n in {names!r}))"
    )
    environ = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "EMAIL_URL", "DEBUG"}}
    environ.update(DJANGO_SETTINGS_MODULE="shlawyers.settings", **env)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip().splitlines()


def test_without_redis_and_mail_servers_everything_is_embedded():
    eager, broker, transport, cache, mail_backend, mail_path = read_settings(
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_URL",
        "CELERY_BROKER_TRANSPORT_OPTIONS",
        "CACHES",
        "EMAIL_BACKEND",
        "EMAIL_FILE_PATH",
    )
    # A real worker and beat (make run starts them) on a broker that needs no server, and
    # a cache that web and worker processes share.
    assert eager == "False"
    assert broker == "filesystem://"
    assert ".data/celery/queue" in transport
    assert "FileBasedCache" in cache
    assert ".data/cache" in cache
    assert mail_backend == "django.core.mail.backends.filebased.EmailBackend"
    assert mail_path.endswith(".data/mail")


def test_with_redis_the_broker_and_cache_are_real_and_apart():
    eager, broker, cache = read_settings(
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_URL",
        "CACHES",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert eager == "False"
    assert broker == "redis://127.0.0.1:6379/0"
    assert "redis://127.0.0.1:6379/1" in cache


def test_email_url_configures_smtp():
    (backend,) = read_settings("EMAIL_BACKEND", EMAIL_URL="smtp://user:pw@mail.example.cn:25")
    assert backend == "django.core.mail.backends.smtp.EmailBackend"
