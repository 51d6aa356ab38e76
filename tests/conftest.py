"""Project-wide fixtures, and the test personas — defined here once, one meaning each.

Use these names in every app's tests; do not redefine them in tests/<app>/conftest.py
(a local fixture of the same name would silently give the name a second meaning). An app
that needs someone else writes a new, differently named fixture next to its tests.

Members (all practising, each with a verified portal account; the Lawyer is the fixture,
the account is ``.user``):

    firm          an active member firm (上海申衡律师事务所)
    other_firm    another active member firm (上海浦瀚律师事务所)
    lawyer        王明 at ``firm``, with a current membership — the one who *owns* things
                  (their dues, bookings, complaints against them, notifications …)
    colleague     李静 at the same ``firm``; not an administrator of it
    outsider      赵强 at ``other_firm``: must never see ``lawyer``'s private things
    firm_admin    陈芳 at ``firm``, appointed administrator of ``firm``

Other users (Users, not Lawyers):

    reader        signed in, verified, no lawyer record: a registered non-member
    superuser     a verified superuser (all permissions)
    staff_user    factory: ``staff_user("editor")`` / ``staff_user(Role.REPORTS)`` → the one
                  verified staff User in that role's group (the same object on every call
                  in a test); for tables over every role:
                  ``@pytest.mark.parametrize("role", list(Role))`` + ``staff_user(role)``
    editor, chief_editor, party_affairs, complaints_officer, member_services, reports
                  one staff User per role of apps/accounts/roles.py (= staff_user(role))

Clients:

    anonymous     a test Client with nobody signed in (``client`` is pytest-django's own;
                  ``anonymous`` says in the test's signature that nobody is signed in)

An app's conftest may narrow a persona's *details* without changing its meaning (e.g.
tests/complaints names ``firm`` as its intake forms spell it); it never reuses a name for
someone else.

Staff have no second factor here (tests/settings.py: ADMIN_REQUIRE_MFA = False); tests of
the guard enrol one with tests.accounts.factories.totp_enroll.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.utils import translation

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.members.models import Gender
from tests.accounts.factories import SuperuserFactory, UserFactory
from tests.accounts.factories import staff_user as _staff_user_create

# Real Celery for the tests that need it (a worker on Redis, a dead broker): see the module.
from tests.celery_support import celery_broker_down, celery_worker  # noqa: F401
from tests.members.factories import (
    FirmAdministratorFactory,
    LawFirmFactory,
    LawyerFactory,
    MembershipFactory,
)


@pytest.fixture(scope="session", autouse=True)
def _flush_only_written_tables() -> Iterator[None]:
    """A transactional test (``transaction=True``, ``live_server``: the browser, Celery and
    concurrency tests) ends with Django's flush, which truncates every one of the ~190
    tables: 1.2–1.9 s of PostgreSQL creating and syncing new files for each table, index
    and TOAST relation, most of them empty. Truncate only the tables holding rows (one
    EXISTS probe each, a few ms), CASCADE bringing along whatever references them. The
    database after the flush is the same: every table empty, then post_migrate reloads
    the reference data and roles as before."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences:  # nobody resets sequences; keep Django's if asked
            return original(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        probe = " UNION ALL ".join(
            f"SELECT %s WHERE EXISTS (SELECT 1 FROM {self.quote_name(table)})"  # noqa: S608  # nosec B608
            for table in tables
        )
        with self.connection.cursor() as cursor:
            cursor.execute(probe, list(tables))
            written = [row[0] for row in cursor.fetchall()]
        return original(self, style, written, allow_cascade=True)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /en/ activates English for the thread; each test starts in Chinese."""
    translation.activate("zh-hans")
    yield
    translation.activate("zh-hans")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache (locmem in tests, one per xdist worker).

    Cached figures, reference lists and site settings outlive a test's rolled-back
    transaction; without this a test saw what an earlier test on the same worker had
    cached — the party statistics of another test's organizations, say — and passed or
    failed by the order the workers happened to run tests in. A test that needs a warm
    cache warms it itself."""
    from django.core.cache import caches

    from apps.legalservices.selectors.lookup import reference_data_invalidate

    for cache in caches.all(initialized_only=True):
        cache.clear()
    reference_data_invalidate()  # and the few seconds' copy each process keeps


# --- members -----------------------------------------------------------------------------


def _with_account(lawyer, email: str):
    lawyer.user = UserFactory(email=email, name=lawyer.name, verified=True)
    lawyer.save(update_fields=["user"])
    return lawyer


@pytest.fixture
def firm(db):
    return LawFirmFactory(name="上海申衡律师事务所")


@pytest.fixture
def other_firm(db):
    return LawFirmFactory(name="上海浦瀚律师事务所")


@pytest.fixture
def lawyer(firm):
    lawyer = _with_account(LawyerFactory(firm=firm, name="王明"), "wangming@example.cn")
    MembershipFactory(lawyer=lawyer)
    return lawyer


@pytest.fixture
def colleague(firm):
    return _with_account(
        LawyerFactory(firm=firm, name="李静", gender=Gender.FEMALE), "lijing@example.cn"
    )


@pytest.fixture
def outsider(other_firm):
    return _with_account(LawyerFactory(firm=other_firm, name="赵强"), "zhaoqiang@example.cn")


@pytest.fixture
def firm_admin(firm):
    admin = _with_account(
        LawyerFactory(firm=firm, name="陈芳", gender=Gender.FEMALE), "chenfang@example.cn"
    )
    FirmAdministratorFactory(firm=firm, lawyer=admin)
    return admin


# --- other users -------------------------------------------------------------------------


@pytest.fixture
def reader(db) -> User:
    return UserFactory(email="reader@example.cn", verified=True)


@pytest.fixture
def superuser(db) -> User:
    return SuperuserFactory(email="superuser@example.cn", name="系统管理员")


# Kept from the fixtures these replaced (tests may show them); other roles get the slug.
_STAFF_DETAILS: dict[Role, dict[str, str]] = {
    Role.EDITOR: {"email": "editor@example.cn", "name": "编辑小张"},
    Role.CHIEF_EDITOR: {"email": "chief@example.cn", "name": "总编老李"},
    Role.MEMBER_SERVICES: {"email": "members@example.cn", "name": "会员部小孙"},
}


@pytest.fixture
def staff_user(db) -> Callable[[Role | str], User]:
    """``staff_user(role)``: the one staff member in ``role`` for this test."""
    made: dict[Role, User] = {}

    def _get(role: Role | str) -> User:
        role = Role(role)
        if role not in made:
            details = _STAFF_DETAILS.get(role, {"email": f"{role.value}@example.cn"})
            made[role] = _staff_user_create(role=role, **details)
        return made[role]

    return _get


@pytest.fixture
def editor(staff_user) -> User:
    return staff_user(Role.EDITOR)


@pytest.fixture
def chief_editor(staff_user) -> User:
    return staff_user(Role.CHIEF_EDITOR)


@pytest.fixture
def party_affairs(staff_user) -> User:
    return staff_user(Role.PARTY_AFFAIRS)


@pytest.fixture
def complaints_officer(staff_user) -> User:
    return staff_user(Role.COMPLAINTS_OFFICER)


@pytest.fixture
def member_services(staff_user) -> User:
    return staff_user(Role.MEMBER_SERVICES)


@pytest.fixture
def reports(staff_user) -> User:
    return staff_user(Role.REPORTS)


# --- clients -----------------------------------------------------------------------------


@pytest.fixture
def anonymous(db) -> Client:
    return Client()
