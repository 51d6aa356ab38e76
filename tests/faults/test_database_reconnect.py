"""PostgreSQL restarted (every connection of ours killed) → the next request recovers on a
new connection, without restarting the site (CONN_HEALTH_CHECKS). Only this test's own
connection is terminated; the shared server keeps running."""

from __future__ import annotations

import psycopg
import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(pid: int) -> None:
    db = settings.DATABASES["default"]
    conninfo = psycopg.conninfo.make_conninfo(
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname="postgres",
    )
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_settings_check_connections_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _serve(path: str) -> str:
    """One request through the real WSGI handler: unlike the test client, it runs
    close_old_connections at request start, as gunicorn does."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    statuses: list[str] = []
    body = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(body)
    return statuses[0]


def test_next_request_recovers_after_the_connection_is_killed(lawyer):
    assert _serve("/lawyers/").startswith("200")
    killed = _backend_pid()
    _terminate(killed)
    assert _serve("/lawyers/").startswith("200")
    assert _serve("/firms/").startswith("200")
    assert _backend_pid() != killed
