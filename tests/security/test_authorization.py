"""Who may open which portal and staff URL — generated from the URLconf.

Every URL under /portal/ and /notifications/, every member-only page elsewhere and every
view marked ``@staff_powers`` is found by walking the URLconf; each must have a rule in
RULES below, or ``test_every_private_url_has_a_rule`` fails and names it. A rule says
how to build an object the *owner* holds (through the apps' factories and services) and
who else may see it. Each URL is then tried as anonymous, as the owner, as another
lawyer (``outsider``) and as every staff role:

* anonymous → the login page (or, for secret-token links, only a valid token works);
* the owner → 200;
* another lawyer → 403/404 on the owner's objects — an id in a URL never opens someone
  else's data; a tampered token → 4xx;
* each staff role → 200 only where the rule names the role, 403/404 otherwise.

POST-only actions on an owner's object are tried with POST by the outsider and by staff
without the right (→ 403/404, object untouched); GET answers 405 there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from apps.accounts.decorators import STAFF_POWERS_ATTR
from apps.accounts.roles import Role

pytestmark = pytest.mark.django_db

DENIED = {403, 404}
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")

Kind = Literal["shared", "own", "action", "token", "staff", "public"]


@dataclass
class World:
    """The objects a rule's builder may use; ``lawyer`` owns things, ``firm_admin`` runs
    ``firm``; ``outsider`` is at another firm."""

    lawyer: Any
    firm_admin: Any
    outsider: Any
    staff: dict[Role, Any]
    superuser: Any
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    kind: Kind
    build: Callable[[World], dict[str, Any]] | None = None
    owner: str = "lawyer"  # the World attribute who gets 200
    staff: frozenset[Role] = frozenset()  # staff roles that also get 200
    outsider_sees: bool = False  # "own" pages a member elsewhere may also read
    why: str = ""


# --- builders: each returns the URL kwargs of an object the owner holds -----------------


def _course(w: World) -> dict[str, Any]:
    from tests.learning.factories import OnsiteCourseFactory

    return {"pk": OnsiteCourseFactory().pk}


def _enrolment(w: World) -> dict[str, Any]:
    from apps.learning.services import enrolment_create
    from tests.learning.factories import OnlineCourseFactory

    return {"pk": enrolment_create(course=OnlineCourseFactory(), lawyer=w.lawyer).pk}


def _year(w: World) -> dict[str, Any]:
    from apps.learning.services import enrolment_complete, enrolment_create
    from tests.learning.factories import OnlineCourseFactory

    enrolment = enrolment_create(course=OnlineCourseFactory(), lawyer=w.lawyer)
    enrolment_complete(enrolment=enrolment, now=timezone.now() + dt.timedelta(hours=3))
    return {"year": timezone.localdate().year}


def _event(w: World) -> dict[str, Any]:
    from tests.events.factories import EventFactory

    return {"pk": EventFactory().pk}


def _registration(w: World) -> dict[str, Any]:
    from apps.events.services import registration_create
    from tests.events.factories import EventFactory

    return {"pk": registration_create(event=EventFactory(), lawyer=w.lawyer).pk}


def _registration_link(w: World) -> dict[str, Any]:
    from apps.events.services import cancel_link_token, registration_create
    from tests.events.factories import EventFactory

    registration = registration_create(event=EventFactory(), lawyer=w.lawyer)
    return {"token": cancel_link_token(registration)}


def _calendar_token(w: World) -> dict[str, Any]:
    from apps.events.services import calendar_feed_get_or_create

    return {"token": calendar_feed_get_or_create(lawyer=w.lawyer).token}


def _club(w: World) -> dict[str, Any]:
    from tests.events.factories import ClubFactory

    return {"slug": ClubFactory().slug}


def _contest(w: World) -> dict[str, Any]:
    from tests.events.factories import EntryFactory

    return {"pk": EntryFactory().category.contest.pk}


def _closed_contest(w: World) -> dict[str, Any]:
    from tests.events.factories import EntryFactory

    past = timezone.now() - dt.timedelta(days=1)
    entry = EntryFactory(
        category__contest__voting_opens_at=past - dt.timedelta(days=7),
        category__contest__voting_closes_at=past,
    )
    return {"pk": entry.category.contest.pk}


def _facility(w: World) -> dict[str, Any]:
    return {"pk": _slot().room.facility.pk}


def _slot():
    from apps.bookings.models import Facility, Room, Slot

    facility = Facility.objects.create(
        name="上海市第一看守所", district="徐汇区", address="某路1号"
    )
    room = Room.objects.create(facility=facility, name="1号会见室")
    day = timezone.localdate() + dt.timedelta(days=3)
    return Slot.objects.create(room=room, date=day, half="am", capacity=3)


def _booking_obj(w: World):
    from apps.bookings.models import Booking

    slot = _slot()
    return Booking.objects.create(
        slot=slot,
        lawyer=w.lawyer,
        facility=slot.room.facility,
        date=slot.date,
        half=slot.half,
        detainee_name="孙某某",
        client_name="孙大伟",
        case_reference="（2026）沪0104刑初123号",
    )


def _booking(w: World) -> dict[str, Any]:
    return {"pk": _booking_obj(w).pk}


def _booking_link(w: World) -> dict[str, Any]:
    from apps.bookings.services import confirm_link_token

    return {"token": confirm_link_token(_booking_obj(w))}


def _firm(w: World) -> dict[str, Any]:
    return {"pk": w.firm_admin.firm_id}


def _roster_leave(w: World) -> dict[str, Any]:
    return {"pk": w.lawyer.firm_id, "lawyer_pk": w.lawyer.pk}


def _roster_change(w: World) -> dict[str, Any]:
    from apps.members.models import RosterChange

    change = RosterChange.objects.create(
        firm=w.lawyer.firm,
        lawyer=w.lawyer,
        kind="leave",
        reason="转所执业",
        requested_by=w.lawyer.user,
    )
    return {"pk": w.lawyer.firm_id, "change_pk": change.pk}


def _complaint(w: World):
    from apps.complaints import services
    from apps.complaints.models import Track
    from tests.complaints.factories import submit_kwargs

    officer = w.staff[Role.COMPLAINTS_OFFICER]
    complaint = services.complaint_submit(**submit_kwargs(respondent_lawyer=w.lawyer)).complaint
    services.complaint_triage(complaint=complaint, actor=officer, track=Track.SIMPLE)
    services.complaint_accept(complaint=complaint, actor=officer)
    services.complaint_start_investigation(
        complaint=complaint, actor=officer, investigators=[officer]
    )
    services.complaint_notify_respondent(complaint=complaint, actor=officer)
    return complaint


def _complaint_pk(w: World) -> dict[str, Any]:
    return {"pk": _complaint(w).pk}


def _complaint_file(w: World) -> dict[str, Any]:
    from apps.complaints.models import AttachmentKind, ComplaintAttachment

    complaint = _complaint(w)
    attachment = ComplaintAttachment.objects.create(
        complaint=complaint,
        kind=AttachmentKind.EVIDENCE,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="evidence.pdf"),
        original_name="证据.pdf",
        content_type="application/pdf",
        size=15,
    )
    return {"pk": complaint.pk, "attachment_pk": attachment.pk}


def _probono_event(w: World) -> dict[str, Any]:
    from tests.legalservices.factories import ProBonoEventFactory

    return {"pk": ProBonoEventFactory().pk}


def _notification(w: World) -> dict[str, Any]:
    from tests.notifications.factories import NotificationFactory

    return {"pk": NotificationFactory(recipient=w.lawyer.user).pk}


def _contribution(w: World) -> dict[str, Any]:
    from tests.news.factories import ContributionFactory, pdf_file

    return {"pk": ContributionFactory(author=w.lawyer.user, attachment=pdf_file()).pk}


def _report_run(w: World):
    from apps.stats.services.reports import report_run_request

    run, _ = report_run_request(
        actor=w.staff[Role.REPORTS],
        kind="annual",
        params={"year": timezone.localdate().year - 1},
        enqueue=False,
    )
    return run


def _report(w: World) -> dict[str, Any]:
    return {"pk": _report_run(w).pk}


def _report_download(w: World) -> dict[str, Any]:
    from apps.stats.services.reports import report_run_execute

    run = _report_run(w)
    report_run_execute(run_id=run.pk)
    return {"pk": run.pk, "fmt": "xlsx"}


def _dues_payment(w: World) -> dict[str, Any]:
    from decimal import Decimal

    from apps.members.services import dues_payment_record
    from tests.members.factories import DuesInvoiceFactory

    invoice = DuesInvoiceFactory(lawyer=w.lawyer)
    payment = dues_payment_record(
        invoice=invoice,
        amount=Decimal("500.00"),
        method="bank_transfer",
        actor=w.staff[Role.MEMBER_SERVICES],
        reference="银行转账 0001",
    )
    return {"pk": payment.pk}


def _dues_link(w: World) -> dict[str, Any]:
    from apps.members.services import dues_statement_link_create
    from tests.members.factories import DuesInvoiceFactory

    invoice = DuesInvoiceFactory(lawyer=w.lawyer)
    path = dues_statement_link_create(invoice=invoice, recipient=w.lawyer.user)
    return {"token": path.rstrip("/").rsplit("/", 1)[-1]}


def _rights_report(w: World) -> dict[str, Any]:
    from apps.rights.services import rights_report_submit

    report = rights_report_submit(
        user=w.lawyer.user,
        kind="meeting_denied",
        occurred_on=timezone.localdate() - dt.timedelta(days=1),
        authority="某区看守所",
        description="持三证要求会见，被以“办案单位未同意”为由拒绝。",
    )
    return {"pk": report.pk}


def _relief(w: World) -> dict[str, Any]:
    from decimal import Decimal

    from apps.rights.services import relief_apply

    application = relief_apply(
        user=w.lawyer.user,
        kind="illness",
        event_date=timezone.localdate() - dt.timedelta(days=10),
        description="确诊恶性肿瘤，需长期治疗，暂停执业。",
        amount_requested=Decimal("30000"),
    )
    return {"pk": application.pk}


def _compliance_firm(w: World) -> dict[str, Any]:
    return {"firm_pk": w.firm_admin.firm_id}


def _draft_attachment(w: World) -> dict[str, Any]:
    from tests.news.factories import ArticleAttachmentFactory

    attachment = ArticleAttachmentFactory(article__status="draft")
    return {"article_pk": attachment.article_id, "pk": attachment.pk}


def _rule_file(w: World) -> dict[str, Any]:
    from tests.news.factories import RuleVersionFactory, pdf_file

    return {"pk": RuleVersionFactory(rule__is_published=False, file=pdf_file("rule.pdf")).pk}


def _magazine_pdf(w: World) -> dict[str, Any]:
    from tests.news.factories import MagazineIssueFactory, pdf_file

    return {"pk": MagazineIssueFactory(is_published=False, pdf=pdf_file("issue.pdf")).pk}


def _guide_file(w: World) -> dict[str, Any]:
    from tests.news.factories import GuideFactory

    return {"pk": GuideFactory(is_published=False).pk}


MEMBER_STAFF = frozenset({Role.MEMBER_SERVICES})
# Who reads news content in admin (roles.py: reports is read-only on news) also fetches
# its unpublished files.
EDITORS = frozenset({Role.EDITOR, Role.CHIEF_EDITOR, Role.REPORTS})

# Every private URL, by name. A new URL under /portal/ (or a new @staff_powers view)
# fails test_every_private_url_has_a_rule until it is added here.
RULES: dict[str, Rule] = {
    # members: the portal home and the lawyer's own profile; the firm pages
    "members:home": Rule("shared"),
    "members:profile": Rule("shared"),
    "members:dues": Rule("shared"),
    # the signed-in user's own-data download: GET explains, POST (re-authenticated) sends it
    "accounts:my_data": Rule("shared"),
    # the reminder e-mail's signed, single-use link: no login, only the real token works
    "members:dues_link": Rule("token", _dues_link),
    "members:dues_receipt": Rule(
        "own", _dues_payment, staff=MEMBER_STAFF | {Role.REPORTS}, why="reports reads dues"
    ),
    "members:firm_detail": Rule("own", _firm, owner="firm_admin", staff=MEMBER_STAFF),
    "members:firm_roster": Rule("own", _firm, owner="firm_admin", staff=MEMBER_STAFF),
    "members:firm_dues": Rule("own", _firm, owner="firm_admin", staff=MEMBER_STAFF),
    "members:firm_roster_changes": Rule("own", _firm, owner="firm_admin", staff=MEMBER_STAFF),
    "members:firm_roster_join": Rule("action", _firm),
    "members:firm_roster_leave": Rule("action", _roster_leave),
    "members:firm_roster_change_cancel": Rule("action", _roster_change),
    # complaints: the respondent's side
    "complaints_portal:list": Rule("shared"),
    "complaints_portal:detail": Rule("own", _complaint_pk),
    "complaints_portal:file": Rule("own", _complaint_file),
    # pro-bono
    "legalservices_portal:probono": Rule("shared"),
    "legalservices_portal:record_new": Rule("shared"),
    "legalservices_portal:volunteer": Rule("action", _probono_event),
    "legalservices_portal:feedback": Rule("shared"),
    # learning
    "learning:home": Rule("shared"),
    "learning:courses": Rule("shared"),
    "learning:course": Rule("shared", _course),
    "learning:enrol": Rule("action", _course),
    "learning:cancel": Rule("action", _enrolment),
    "learning:complete": Rule("action", _enrolment),
    "learning:checkin": Rule("shared"),
    "learning:certificate": Rule("shared", _year),
    "learning:card": Rule("shared"),
    "learning:card_photo": Rule("action"),
    # events
    "events:list": Rule("shared"),
    "events:event": Rule("shared", _event),
    "events:register": Rule("action", _event),
    "events:event_ics": Rule(
        "public", _event, why="a published event's calendar entry, as on the public /events/"
    ),
    "events:cancel": Rule("action", _registration),
    "events:checkin": Rule("shared"),
    "events:calendar_renew": Rule("action"),
    "events:calendar_feed": Rule("token", _calendar_token),
    "events:cancel_link": Rule("token", _registration_link),
    "events:clubs": Rule("shared"),
    "events:club": Rule("shared", _club),
    "events:club_join": Rule("action", _club),
    "events:club_leave": Rule("action", _club),
    "events:contests": Rule("shared"),
    "events:contest": Rule("shared", _contest),
    "events:vote": Rule("action", _contest),
    "events:results": Rule("shared", _closed_contest),
    # bookings
    "bookings:home": Rule("shared"),
    "bookings:facility": Rule("shared", _facility),
    "bookings:book": Rule("action", _facility),
    "bookings:booking": Rule("own", _booking, staff=MEMBER_STAFF),
    "bookings:cancel": Rule("action", _booking),
    "bookings:confirm_link": Rule("token", _booking_link),
    # notifications: everyone's own inbox
    "notifications:inbox": Rule("shared"),
    "notifications:mark_all_read": Rule("action"),
    "notifications:email_language": Rule("action"),
    "notifications:detail": Rule("own", _notification),
    "notifications:mark_read": Rule("action", _notification),
    # news: contributions are the author's; unpublished files only for editors
    "news:contribute": Rule("shared"),
    "news:contribution_list": Rule("shared"),
    # the author's own page; staff read contributions in admin
    "news:contribution_detail": Rule("own", _contribution),
    "news:contribution_attachment": Rule("own", _contribution, staff=EDITORS),
    "news:article_attachment": Rule("staff", _draft_attachment, staff=EDITORS),
    "news:rule_version_file": Rule("staff", _rule_file, staff=EDITORS),
    "news:magazine_pdf": Rule("staff", _magazine_pdf, staff=EDITORS),
    "news:guide_file": Rule("staff", _guide_file, staff=EDITORS),
    # rights: the lawyer's own reports and relief applications; the firm's endorsements
    "rights:report_list": Rule("shared"),
    "rights:report_detail": Rule("own", _rights_report),
    "rights:relief_list": Rule("shared"),
    "rights:relief_detail": Rule("own", _relief),
    "rights:relief_endorse_list": Rule("shared", owner="firm_admin"),
    "rights:relief_endorse": Rule("action", _relief),
    "rights:firm_compliance": Rule("own", _compliance_firm, owner="firm_admin"),
    # staff report jobs
    "stats:report_list": Rule("staff", staff=frozenset({Role.REPORTS})),
    "stats:report_detail": Rule("staff", _report, staff=frozenset({Role.REPORTS})),
    "stats:report_progress": Rule("staff", _report, staff=frozenset({Role.REPORTS})),
    "stats:report_rerun": Rule("action", _report),
    "stats:report_download": Rule("staff", _report_download, staff=frozenset({Role.REPORTS})),
}

# Outside /portal/ but for signed-in members only.
MEMBER_ONLY_ELSEWHERE = {"news:contribute", "news:contribution_list", "news:contribution_detail"}
PRIVATE_PREFIXES = ("portal/", "notifications/")


def _private_url_names() -> set[str]:
    found: set[str] = set()

    def walk(patterns, prefix: str, namespaces: tuple[str, ...]) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if str(entry.pattern).startswith(("admin/", "accounts/")):
                    continue
                ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                name = ":".join((*namespaces, entry.name))
                route = prefix + str(entry.pattern)
                if (
                    route.startswith(PRIVATE_PREFIXES)
                    or getattr(entry.callback, STAFF_POWERS_ATTR, False)
                    or name in MEMBER_ONLY_ELSEWHERE
                ):
                    found.add(name)

    walk(get_resolver().url_patterns, "", ())
    return found


def test_every_private_url_has_a_rule():
    missing = sorted(_private_url_names() - set(RULES))
    assert not missing, (
        "portal/staff URLs without an authorization rule — add them to RULES in "
        f"tests/security/test_authorization.py: {missing}"
    )


def test_rules_name_only_existing_urls():
    assert not sorted(set(RULES) - _private_url_names())


@pytest.fixture
def world(lawyer, firm_admin, outsider, staff_user, superuser) -> World:
    return World(
        lawyer=lawyer,
        firm_admin=firm_admin,
        outsider=outsider,
        staff={role: staff_user(role) for role in Role},
        superuser=superuser,
    )


def _as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN_PATHS)


def _url(name: str, rule: Rule, world: World) -> str:
    kwargs = rule.build(world) if rule.build else {}
    return reverse(name, kwargs=kwargs or None)


def _who(world: World, rule: Rule):
    owner = getattr(world, rule.owner)
    return owner.user if hasattr(owner, "user") else owner


def _describe(response) -> str:
    return f"{response.status_code} {response.get('Location', '')}".strip()


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.kind != "token"))
def test_anonymous_is_sent_to_login(world, name):
    rule = RULES[name]
    url = _url(name, rule, world)
    method = "post" if rule.kind == "action" else "get"
    response = getattr(_as(None), method)(url)
    if rule.kind in ("staff", "public"):
        # staff downloads on the public site: an anonymous visitor simply finds nothing
        ok = _is_login_redirect(response) or response.status_code in DENIED
        if rule.kind == "public":
            ok = response.status_code == 200
        assert ok, f"anonymous {url}: {_describe(response)}"
        return
    assert _is_login_redirect(response), f"anonymous {method.upper()} {url}: {_describe(response)}"


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.kind in ("shared", "own")))
def test_owner_gets_the_page(world, name):
    rule = RULES[name]
    url = _url(name, rule, world)
    response = _as(_who(world, rule)).get(url)
    assert response.status_code == 200, f"owner GET {url}: {_describe(response)}"


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.kind == "own"))
def test_another_lawyer_cannot_open_the_owners_object(world, name):
    rule = RULES[name]
    url = _url(name, rule, world)
    response = _as(world.outsider.user).get(url)
    assert response.status_code in DENIED, f"outsider GET {url}: {_describe(response)}"


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.kind in ("own", "staff")))
def test_staff_see_only_what_their_role_allows(world, name):
    rule = RULES[name]
    url = _url(name, rule, world)
    wrong: list[str] = []
    for role, user in world.staff.items():
        status = _as(user).get(url).status_code
        expected = {200} if role in rule.staff else DENIED
        if status not in expected:
            wrong.append(f"{role.value}: {status} (expected {sorted(expected)})")
    assert not wrong, f"GET {url}: " + "; ".join(wrong)


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.kind == "staff"))
def test_members_cannot_open_staff_pages(world, name):
    rule = RULES[name]
    url = _url(name, rule, world)
    for user in (world.lawyer.user, world.firm_admin.user):
        response = _as(user).get(url)
        assert response.status_code in DENIED or _is_login_redirect(response), (
            f"member GET {url}: {_describe(response)}"
        )


@pytest.mark.parametrize(
    "name", sorted(n for n, r in RULES.items() if r.kind == "action" and r.build)
)
def test_another_lawyer_cannot_act_on_the_owners_object(world, name):
    """POST actions: only on objects that are the owner's (enrolment, booking, …) must
    the outsider be refused; actions on shared things (enrol in a course) are allowed."""
    rule = RULES[name]
    kwargs = rule.build(world)
    url = reverse(name, kwargs=kwargs)
    response = _as(world.outsider.user).post(url)
    assert response.status_code < 500, f"outsider POST {url}: {_describe(response)}"
    if name in OWNED_ACTIONS:
        assert response.status_code in DENIED, f"outsider POST {url}: {_describe(response)}"


# Actions whose object belongs to the owner (the rest act on shared things).
OWNED_ACTIONS = {
    "learning:cancel",
    "learning:complete",
    "events:cancel",
    "bookings:cancel",
    "notifications:mark_read",
    "members:firm_roster_leave",
    "members:firm_roster_change_cancel",
    "stats:report_rerun",
    "rights:relief_endorse",
}


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.kind == "action"))
def test_actions_do_not_act_on_get(world, name):
    rule = RULES[name]
    url = _url(name, rule, world)
    response = _as(_who(world, rule)).get(url)
    assert response.status_code in {302, 403, 405}, f"owner GET {url}: {_describe(response)}"


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.kind == "token"))
def test_secret_links_work_only_with_the_real_token(world, name):
    rule = RULES[name]
    kwargs = rule.build(world)
    good = _as(None).get(reverse(name, kwargs=kwargs))
    assert good.status_code == 200, f"valid token: {_describe(good)}"
    token = kwargs["token"]
    for forged in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * len(token), "1"):
        response = _as(None).get(reverse(name, kwargs={**kwargs, "token": forged}))
        assert 400 <= response.status_code < 500 or (
            response.status_code == 200 and world.lawyer.name not in response.content.decode()
        ), f"forged token {forged!r}: {_describe(response)}"


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.kind == "own"))
def test_neighbouring_ids_do_not_open_others_data(world, name):
    """Ids are sequential, so guessing is easy: the only guard is the ownership check.
    The outsider's *own* object of the same kind opens; the owner's next to it does not."""
    rule = RULES[name]
    kwargs = rule.build(world)
    for key, value in kwargs.items():
        if isinstance(value, int) and key != "year":
            for guess in (value + 1, value - 1, 2**31 - 1, 10**20):
                response = _as(world.outsider.user).get(
                    reverse(name, kwargs={**kwargs, key: guess})
                )
                assert response.status_code in DENIED, f"{key}={guess}: {_describe(response)}"
