"""Every registered admin × every staff role × every admin operation, against roles.py.

Generated from ``admin.site._registry`` (ours and third-party) at collection time, so an
admin registered tomorrow is covered without anyone writing a test for it. For each
model, each role of ``apps/accounts/roles.py`` (a staff user in only that role's group)
and each operation —

    changelist · add GET/POST · change GET/POST · delete GET/POST · history page and
    history revert POST (history admins) · every action (POSTed from the changelist) ·
    import GET/POST and export GET/POST (import-export admins)

— the test asserts exactly what ``ROLE_PERMISSIONS`` allows: an allowed operation
answers 200 or a redirect that is not to the login page; a refused one answers 403.
Nothing else passes: a staff user is never bounced to the login page, and an action a
role may not run is refused outright rather than quietly dropped from the menu.

How the expectation is computed (``_expected``):

* the model permissions the operation needs, looked up in ``ROLE_PERMISSIONS`` (change
  implies view, as in Django); an action needs every permission in its
  ``allowed_permissions`` (custom ones through ``ACTION_PERMISSIONS``);
* ``STRICTER``: operations that need more than the model permission, on purpose (with the
  reason); add a line when an admin deliberately narrows something;
* what the admin refuses even to a superuser (``has_add_permission`` returning False for
  notifications, the one site-settings row that cannot be deleted, …) is refused to every
  role too.

Objects: one per model, built once per module inside an outer transaction; every test
runs in a savepoint, so a POST that saves or deletes is rolled back. A model is built by
``BUILDERS`` (explicit, for third-party models and special cases), else by the factory
for that model in ``tests/<app_label>/factories.py``, else by filling its required
fields with plain values. A newly registered model none of these can build fails
``test_every_registered_model_can_be_built`` (and its object operations) with the line
to add.
"""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename, get_user_model
from django.core.cache import cache
from django.db import models, transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from factory.django import DjangoModelFactory
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.roles import ROLE_PERMISSIONS, Role
from apps.core.admin_base import BaseAdmin, HistoryAdmin

# --- what the admins may need beyond the model permissions ---------------------------

CONTACT = "members.view_lawyer_contact"

# (model label, operation) -> permission also required, on purpose.
STRICTER: dict[tuple[str, str], str] = {
    # A lawyer's audit trail shows old and new values of every field, personal data too.
    ("members.Lawyer", "history"): CONTACT,
    ("members.Lawyer", "history_revert"): CONTACT,
    # The lawyer export carries e-mail addresses and mobile numbers.
    ("members.Lawyer", "export_get"): CONTACT,
    ("members.Lawyer", "export_post"): CONTACT,
    # A complaint's audit trail shows the facts and requests, which can name people.
    ("complaints.Complaint", "history"): "complaints.view_complainant_pii",
}

# Custom action permissions (``@admin.action(permissions=["publish"])`` calls
# ``has_publish_permission``) -> the permission strings that grant them.
ACTION_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    "news.Article": {"publish": ["news.publish_article"]},
}

# --- how to build one object per registered model ------------------------------------


def _beat_interval() -> models.Model:
    from django_celery_beat.models import IntervalSchedule

    return IntervalSchedule.objects.create(every=17, period=IntervalSchedule.MINUTES)


def _beat_crontab() -> models.Model:
    from django_celery_beat.models import CrontabSchedule

    return CrontabSchedule.objects.create(minute="7", hour="3", timezone="Asia/Shanghai")


def _beat_clocked() -> models.Model:
    from django_celery_beat.models import ClockedSchedule

    return ClockedSchedule.objects.create(clocked_time=timezone.now() + dt.timedelta(days=1))


def _beat_solar() -> models.Model:
    from django_celery_beat.models import SolarSchedule

    return SolarSchedule.objects.create(event="sunrise", latitude=31.23, longitude=121.47)


def _beat_task() -> models.Model:
    from django_celery_beat.models import PeriodicTask

    return PeriodicTask.objects.create(
        name="矩阵测试任务",
        task="apps.notifications.tasks.notifications_sweep",
        interval=_beat_interval(),
        enabled=False,
    )


def _group() -> models.Model:
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name="矩阵测试组")[0]


def _site() -> models.Model:
    from django.contrib.sites.models import Site

    return Site.objects.get_or_create(domain="matrix.example.cn", defaults={"name": "矩阵"})[0]


def _authenticator() -> models.Model:
    from allauth.mfa.models import Authenticator

    from tests.accounts.factories import UserFactory, totp_enroll

    user = UserFactory(email="matrix-totp@example.cn", verified=True)
    totp_enroll(user)
    return Authenticator.objects.get(user=user)


def _email_address() -> models.Model:
    from allauth.account.models import EmailAddress

    from tests.accounts.factories import UserFactory

    user = UserFactory(email="matrix-email@example.cn", verified=True)
    return EmailAddress.objects.get(user=user)


def _user_session() -> models.Model:
    from allauth.usersessions.models import UserSession
    from django.utils import timezone

    from tests.accounts.factories import UserFactory

    now = timezone.now()
    return UserSession.objects.create(
        user=UserFactory(email="matrix-session@example.cn"),
        created_at=now,
        last_seen_at=now,
        ip="127.0.0.1",
        session_key="matrix-session-key",
        user_agent="pytest",
        data={},
    )


def _site_settings() -> models.Model:
    from apps.core.models import SiteSettings

    return SiteSettings.objects.get_or_create(pk=1)[0]


def _district() -> models.Model:
    from apps.members.models import District

    return District.objects.get_or_create(
        code="319999", defaults={"name": "矩阵区", "name_en": "Matrix District"}
    )[0]


def _practice_area() -> models.Model:
    from apps.members.models import PracticeArea

    return PracticeArea.objects.get_or_create(
        code="matrix", defaults={"name": "矩阵业务", "name_en": "Matrix"}
    )[0]


def _roster_change() -> models.Model:
    from apps.members.models import RosterChange, RosterChangeKind
    from tests.members.factories import FirmAdministratorFactory, LawFirmFactory, LawyerFactory

    firm = LawFirmFactory()
    requester = FirmAdministratorFactory(firm=firm, lawyer=LawyerFactory(firm=firm)).lawyer
    leaving = LawyerFactory(firm=firm)
    return RosterChange.objects.create(
        firm=firm,
        lawyer=leaving,
        kind=RosterChangeKind.LEAVE,
        reason="矩阵测试",
        requested_by=_user_of(requester),
    )


def _user_of(lawyer: Any) -> Any:
    from tests.accounts.factories import UserFactory

    lawyer.user = UserFactory(name=lawyer.name)
    lawyer.save(update_fields=["user"])
    return lawyer.user


def _consultation_request() -> models.Model:
    # The first contact method is the phone, which then must be given (a check constraint).
    from apps.legalservices.models import ConsultationRequest

    return _build_from_fields(ConsultationRequest, phone="021-12345678")


def _draft_article() -> models.Model:
    # Editors may change drafts only (published ones are the chief editor's): a draft
    # lets the matrix test the role table, not the workflow.
    from apps.news.models import Article
    from tests.news.factories import ArticleFactory

    return ArticleFactory(status=Article.Status.DRAFT, publish_at=None)


# Model label -> builder. Third-party models, and ours whose factory does not fit. A
# builder may run more than once (for the model's own row and as another model's related
# row), so the ones with unique values get or create.
BUILDERS: dict[str, Callable[[], models.Model]] = {
    "auth.Group": _group,
    "sites.Site": _site,
    "mfa.Authenticator": _authenticator,
    "account.EmailAddress": _email_address,
    "usersessions.UserSession": _user_session,
    "django_celery_beat.IntervalSchedule": _beat_interval,
    "django_celery_beat.CrontabSchedule": _beat_crontab,
    "django_celery_beat.ClockedSchedule": _beat_clocked,
    "django_celery_beat.SolarSchedule": _beat_solar,
    "django_celery_beat.PeriodicTask": _beat_task,
    "core.SiteSettings": _site_settings,
    "members.District": _district,
    "members.PracticeArea": _practice_area,
    "members.RosterChange": _roster_change,
    "news.Article": _draft_article,
    "legalservices.ConsultationRequest": _consultation_request,
}


def _factory_for(model: type[models.Model]) -> type[DjangoModelFactory] | None:
    """The factory in tests/<app_label>/factories.py whose model is ``model``."""
    try:
        module = importlib.import_module(f"tests.{model._meta.app_label}.factories")
    except ModuleNotFoundError:
        return None
    found = []
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, DjangoModelFactory)
            and value._meta.model is not None
            and value._meta.get_model_class() is model
        ):
            found.append(value)
    # Prefer the plain <Model>Factory over specialised subclasses (StaffFactory …).
    found.sort(key=lambda f: (f.__name__ != f"{model.__name__}Factory", f.__name__))
    return found[0] if found else None


def _value_for(field: models.Field, n: int, depth: int) -> Any:
    """A valid-looking value for a required field (used by ``_build_from_fields``)."""
    if field.choices:
        return next(iter(field.flatchoices))[0]
    if isinstance(field, models.ForeignKey):  # OneToOneField too
        related = field.related_model
        if related._meta.label == "accounts.User" or related is get_user_model():
            from tests.accounts.factories import UserFactory

            return UserFactory()
        return _build(related, depth=depth + 1)
    if isinstance(field, models.EmailField):
        return f"matrix{n}@example.cn"
    if isinstance(field, models.URLField):
        return f"https://example.cn/matrix/{n}"
    if isinstance(field, models.ImageField):
        from tests.news.factories import image_file

        return image_file(f"matrix{n}.png")
    if isinstance(field, models.FileField):
        from tests.news.factories import pdf_file

        return pdf_file(f"matrix{n}.pdf")
    if isinstance(field, (models.CharField, models.TextField)):
        return f"矩阵{n}"[: field.max_length or None]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, (models.IntegerField, models.FloatField)):
        return 1
    if isinstance(field, models.DecimalField):
        return Decimal("1")
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.TimeField):
        return dt.time(9, 30)
    if isinstance(field, models.DurationField):
        return dt.timedelta(hours=1)
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    raise LookupError(f"no value for {field.__class__.__name__} {field.name}")


_serial = iter(range(1, 1_000_000))


def _build_from_fields(model: type[models.Model], depth: int = 0, **given: Any) -> models.Model:
    """A minimal instance: every required field filled, optional ones left to defaults."""
    n = next(_serial)
    values = dict(given)
    for field in model._meta.concrete_fields:
        if field.name in given or field.primary_key or field.has_default() or field.null:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.blank and not field.is_relation:
            continue
        if field.name in ("lft", "rght", "tree_id", "level"):  # django-mptt fills these
            continue
        values[field.name] = _value_for(field, n, depth)
    with transaction.atomic():
        return model.objects.create(**values)


def _build(model: type[models.Model], depth: int = 0) -> models.Model:
    """One saved instance: BUILDERS, else the app's factory, else from the fields."""
    label = model._meta.label
    if label in BUILDERS:
        return BUILDERS[label]()
    factory = _factory_for(model)
    if factory is not None:
        return factory()
    try:
        if depth > 4:
            raise LookupError("related models nest too deep")
        return _build_from_fields(model, depth)
    except Exception as exc:
        raise LookupError(
            f"The admin matrix cannot build a {label} (registered in admin): filling its "
            f"required fields failed ({type(exc).__name__}: {exc}). Add a "
            f"{model.__name__}Factory to tests/{model._meta.app_label}/factories.py, or a "
            f'line "{label}": <builder> to BUILDERS in tests/core/test_admin_matrix.py.'
        ) from exc


# --- the cases -----------------------------------------------------------------------

BASIC_OPERATIONS = (
    "changelist",
    "add_get",
    "add_post",
    "change_get",
    "change_post",
    "delete_get",
    "delete_post",
)


def _registry() -> list[tuple[str, type[models.Model], admin.ModelAdmin]]:
    return sorted(
        ((model._meta.label, model, ma) for model, ma in admin.site._registry.items()),
        key=lambda item: item[0],
    )


def _action_names(model_admin: admin.ModelAdmin) -> list[str]:
    return [name for _func, name, _description in model_admin._get_base_actions()]


def _operations(model_admin: admin.ModelAdmin) -> list[str]:
    ops = list(BASIC_OPERATIONS)
    if isinstance(model_admin, SimpleHistoryAdmin):
        ops += ["history", "history_revert"]
    ops += [f"action:{name}" for name in _action_names(model_admin)]
    if hasattr(model_admin, "import_action"):
        ops += ["import_get", "import_post"]
    if hasattr(model_admin, "export_action"):
        ops += ["export_get", "export_post"]
    return ops


def _cases() -> Iterator[Any]:
    for label, _model, model_admin in _registry():
        for role in Role:
            for op in _operations(model_admin):
                yield pytest.param(label, role, op, id=f"{label}-{role.value}-{op}")


# --- fixtures --------------------------------------------------------------------------


@dataclass
class World:
    objects: dict[str, models.Model]
    build_errors: dict[str, str]
    clients: dict[Role, Client]
    superuser: Any


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """One object per registered model and one signed-in client per role.

    Built inside a transaction that is rolled back when the module ends; each test runs
    in a savepoint within it (pytest-django's ``db``), so no test sees another's writes.
    """
    from tests.accounts.factories import SuperuserFactory, staff_user

    # The project's URLs with a bare 403 page (see the module); set once for the module,
    # as pytest's urls marker would rebuild every admin's URLs for every test.
    urls = override_settings(ROOT_URLCONF="tests.core.admin_matrix_urls")
    urls.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            objects: dict[str, models.Model] = {}
            errors: dict[str, str] = {}
            for label, model, _ma in _registry():
                try:
                    with transaction.atomic():
                        objects[label] = _build(model)
                except Exception as exc:  # reported by the tests of that model
                    errors[label] = f"{type(exc).__name__}: {exc}"
            clients = {}
            for role in Role:
                client = Client()
                client.force_login(staff_user(role=role, email=f"matrix-{role.value}@example.cn"))
                clients[role] = client
            yield World(objects, errors, clients, SuperuserFactory(email="matrix-su@example.cn"))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            urls.disable()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # The locmem cache outlives each test's savepoint (site settings, member counts).
    cache.clear()
    yield
    cache.clear()


# --- expectations ----------------------------------------------------------------------


def _has(role: Role, opts: Any, action: str) -> bool:
    perms = ROLE_PERMISSIONS.get(role, [])
    return f"{opts.app_label}.{get_permission_codename(action, opts)}" in perms


def _may_view(role: Role, opts: Any) -> bool:
    return _has(role, opts, "view") or _has(role, opts, "change")


def _role_allows(label: str, model_admin: admin.ModelAdmin, role: Role, op: str) -> bool:
    opts = model_admin.model._meta
    if op.startswith("action:"):
        func = {n: f for f, n, _d in model_admin._get_base_actions()}[op[7:]]
        if not _may_view(role, opts):
            return False
        for perm in getattr(func, "allowed_permissions", ()):
            if perm == "view":
                ok = _may_view(role, opts)
            elif perm in ("add", "change", "delete"):
                ok = _has(role, opts, perm)
            else:
                granted_by = ACTION_PERMISSIONS.get(label, {}).get(perm)
                if granted_by is None:
                    pytest.fail(
                        f"{label}: action {op[7:]!r} needs the custom permission {perm!r}; "
                        f"say which permission strings grant it in ACTION_PERMISSIONS."
                    )
                ok = all(p in ROLE_PERMISSIONS.get(role, []) for p in granted_by)
            if not ok:
                return False
        return True
    needs = {
        "changelist": ("view",),
        "change_get": ("view",),
        "history": ("view",),
        "export_get": ("view",),
        "export_post": ("view",),
        "add_get": ("add",),
        "add_post": ("add",),
        "change_post": ("change",),
        "history_revert": ("change",),
        "delete_get": ("delete",),
        "delete_post": ("delete",),
        "import_get": ("add", "change"),
        "import_post": ("add", "change"),
    }[op]
    allowed = all(_may_view(role, opts) if n == "view" else _has(role, opts, n) for n in needs)
    extra = STRICTER.get((label, op))
    if extra is not None:
        allowed = allowed and extra in ROLE_PERMISSIONS.get(role, [])
    return allowed


def _admin_allows_anyone(model_admin: admin.ModelAdmin, op: str, obj: Any, superuser: Any) -> bool:
    """Would the admin let a superuser do ``op``? If not, nobody may."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    if op == "changelist":
        return model_admin.has_view_or_change_permission(request)
    if op.startswith("add"):
        return model_admin.has_add_permission(request)
    if op in ("change_get", "history"):
        return model_admin.has_view_or_change_permission(request, obj)
    if op == "history_revert" and not getattr(model_admin, "history_revert", True):
        return False  # a workflow model: its history is an audit trail, never restored
    if op in ("change_post", "history_revert"):
        return model_admin.has_change_permission(request, obj)
    if op.startswith("delete"):
        return model_admin.has_delete_permission(request, obj)
    if op.startswith("action:"):
        return op[7:] in model_admin.get_actions(request)
    if op.startswith("import"):
        return model_admin.has_import_permission(request)
    if op.startswith("export"):
        return model_admin.has_export_permission(request)
    raise AssertionError(op)


# --- requests --------------------------------------------------------------------------


def _url(opts: Any, name: str, *args: Any) -> str:
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


def _history_id(obj: models.Model) -> Any:
    manager = getattr(obj, obj._meta.simple_history_manager_attribute)
    record = manager.order_by("-history_id").first()
    if record is None:
        obj.save()
        record = manager.order_by("-history_id").first()
    return record.history_id


def _request(client: Client, model_admin: admin.ModelAdmin, op: str, obj: Any) -> Any:
    opts = model_admin.model._meta
    pk = quote(obj.pk) if obj is not None else None
    match op:
        case "changelist":
            return client.get(_url(opts, "changelist"))
        case "add_get":
            return client.get(_url(opts, "add"))
        case "add_post":
            return client.post(_url(opts, "add"), {})
        case "change_get":
            return client.get(_url(opts, "change", pk))
        case "change_post":
            return client.post(_url(opts, "change", pk), {})
        case "delete_get":
            return client.get(_url(opts, "delete", pk))
        case "delete_post":
            return client.post(_url(opts, "delete", pk), {"post": "yes"})
        case "history":
            return client.get(_url(opts, "history", pk))
        case "history_revert":
            return client.post(_url(opts, "simple_history", pk, _history_id(obj)), {})
        case "import_get":
            return client.get(_url(opts, "import"))
        case "import_post":
            return client.post(_url(opts, "import"), {})
        case "export_get":
            return client.get(_url(opts, "export"))
        case "export_post":
            return client.post(_url(opts, "export"), {})
    assert op.startswith("action:"), op
    return client.post(
        _url(opts, "changelist"),
        {"action": op[7:], "index": "0", admin.helpers.ACTION_CHECKBOX_NAME: [obj.pk]},
    )


NEEDS_OBJECT = ("change_", "delete_", "history", "action:")


@pytest.mark.parametrize(("label", "role", "op"), list(_cases()))
def test_admin_honours_the_role_table(db, world: World, label: str, role: Role, op: str):
    model_admin = next(ma for lbl, _m, ma in _registry() if lbl == label)
    obj = world.objects.get(label)
    if obj is None and op.startswith(NEEDS_OBJECT):
        pytest.fail(world.build_errors.get(label, f"no {label} was built"), pytrace=False)
    allowed = _role_allows(label, model_admin, role, op) and _admin_allows_anyone(
        model_admin, op, obj, world.superuser
    )

    try:
        response = _request(world.clients[role], model_admin, op, obj)
    except NoReverseMatch as exc:  # an admin that removed the view altogether
        pytest.fail(f"{label} × {role.value} × {op}: no URL ({exc})")

    where = f"{label} × {role.value} × {op}"
    if allowed:
        assert response.status_code in (200, 302), (
            f"{where}: roles.py allows it, the admin answered {response.status_code}"
        )
        if response.status_code == 302:
            assert "/login" not in response["Location"], f"{where}: staff sent to log in"
    else:
        assert response.status_code == 403, (
            f"{where}: roles.py does not allow it, the admin answered "
            f"{response.status_code}"
            + (f" → {response['Location']}" if response.has_header("Location") else "")
        )


SUPERUSER_PAGES = ("changelist", "add_get", "change_get", "delete_get")


def _history_pages(model_admin: admin.ModelAdmin) -> tuple[str, ...]:
    return ("history",) if isinstance(model_admin, SimpleHistoryAdmin) else ()


@pytest.mark.parametrize(
    ("label", "op"),
    [
        pytest.param(label, op, id=f"{label}-{op}")
        for label, _m, model_admin in _registry()
        for op in SUPERUSER_PAGES + _history_pages(model_admin)
    ],
)
def test_superuser_reaches_every_admin_page(db, world: World, label: str, op: str):
    """The pages render for someone allowed everything (no role grants auth, sites, MFA…)."""
    model_admin = next(ma for lbl, _m, ma in _registry() if lbl == label)
    obj = world.objects.get(label)
    if obj is None and op.startswith(NEEDS_OBJECT):
        pytest.fail(world.build_errors.get(label, f"no {label} was built"), pytrace=False)
    client = Client()
    client.force_login(world.superuser)
    response = _request(client, model_admin, op, obj)
    expected = (200, 302) if _admin_allows_anyone(model_admin, op, obj, world.superuser) else (403,)
    assert response.status_code in expected, f"{label} × superuser × {op}: {response.status_code}"


@pytest.mark.parametrize("label", [label for label, _m, _ma in _registry()])
def test_every_registered_model_can_be_built(db, world: World, label: str):
    if label in world.build_errors:
        pytest.fail(world.build_errors[label], pytrace=False)
    assert world.objects[label].pk is not None


@pytest.mark.parametrize("label", [label for label, _m, _ma in _registry()])
def test_every_admin_inherits_the_project_base(label: str):
    model_admin = next(ma for lbl, _m, ma in _registry() if lbl == label)
    assert isinstance(model_admin, (BaseAdmin, HistoryAdmin)), (
        f"{type(model_admin).__module__}.{type(model_admin).__qualname__} ({label}) must "
        "inherit apps.core.admin_base.BaseAdmin or HistoryAdmin"
    )
