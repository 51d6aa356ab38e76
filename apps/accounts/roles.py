"""Staff roles: who in the association's office may do what in /admin/.

A role is a Django ``Group``. The groups are created by the data migration
``accounts.0002_staff_roles``; their permissions are declared *here*, in code, and
applied by ``apps.accounts.services.roles_sync()`` after every ``migrate`` (and by
``manage.py sync_roles``). This mapping is the single source of truth: permissions
added to a role group by hand in admin are removed on the next sync.

Adding an app: put its ``"app_label.codename"`` strings under the roles that need
them. Codenames of apps that are not installed yet are skipped silently, so the
mapping may name apps before they exist (complaints, partyorg, stats below). Once an
app is installed with models, a codename it does not define is logged as a warning
and fails ``tests/accounts/test_roles.py`` — that is a typo or a renamed model.

Managing users (``accounts.*``, ``auth.*``, ``mfa.*``, ``account.*``) is given to no
role: only superusers create staff accounts and assign roles.

| role (slug)          | group      | may                                                    |
| -------------------- | ---------- | ------------------------------------------------------ |
| editor               | 编辑       | write and edit articles, attachments and guides; review |
|                      |            | contributions; place articles in topics; sees channels, |
|                      |            | topics, rules, magazine issues. Cannot publish or       |
|                      |            | delete anything.                                        |
| chief_editor         | 总编辑     | everything in news incl. publishing and deleting;       |
|                      |            | edits site settings (footer, filing numbers).           |
| party_affairs        | 党建工作   | the party-organization registry (partyorg); looks up    |
|                      |            | lawyers and firms (no contacts).                        |
| complaints_officer   | 投诉处理   | complaints: triage, decide, interviews; looks up        |
|                      |            | lawyers and firms (no contacts).                        |
| member_services      | 会员服务   | law firms, their administrators, lawyers (incl. contact |
|                      |            | details and ID numbers), memberships and dues; sees the |
|                      |            | reference lists (districts, practice areas); sees and   |
|                      |            | re-sends notifications (the outbox).                    |
| reports              | 统计报表   | read-only on members (no contacts) and news; sees beat  |
|                      |            | schedules; runs report jobs (stats).                    |
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    # Context "staff role": 编辑 here is a person (Editor), not the verb (Edit).
    EDITOR = "editor", pgettext_lazy("staff role", "编辑")
    CHIEF_EDITOR = "chief_editor", pgettext_lazy("staff role", "总编辑")
    PARTY_AFFAIRS = "party_affairs", pgettext_lazy("staff role", "党建工作")
    COMPLAINTS_OFFICER = "complaints_officer", pgettext_lazy("staff role", "投诉处理")
    MEMBER_SERVICES = "member_services", pgettext_lazy("staff role", "会员服务")
    REPORTS = "reports", pgettext_lazy("staff role", "统计报表")


# Group.name is stored data, not a translated label: it never changes with the language.
# Renaming a group needs a data migration as well as this edit.
ROLE_GROUP_NAMES: dict[Role, str] = {
    Role.EDITOR: "编辑",
    Role.CHIEF_EDITOR: "总编辑",
    Role.PARTY_AFFAIRS: "党建工作",
    Role.COMPLAINTS_OFFICER: "投诉处理",
    Role.MEMBER_SERVICES: "会员服务",
    Role.REPORTS: "统计报表",
}


def _perms(app_label: str, actions: str, *models_: str) -> list[str]:
    """``_perms("news", "view change", "article")`` -> ["news.view_article", ...]."""
    return [f"{app_label}.{action}_{model}" for model in models_ for action in actions.split()]


_NEWS_MODELS = (
    "channel",
    "article",
    "topic",
    "articleattachment",
    "rule",
    "ruleversion",
    "magazineissue",
    "guide",
    "contribution",
    "tag",
    "topicarticle",
)
_MEMBERS_MODELS = (
    "lawfirm",
    "firmadministrator",
    "lawyer",
    "membership",
    "duesinvoice",
    "rosterchange",
    "annualreview",
    "honour",
    "firmbranch",
)
_MEMBERS_REFERENCE = ("district", "practicearea")
_LEGALSERVICES_MODELS = (
    "consultationrequest",
    "probonoevent",
    "eventslot",
    "eventvolunteer",
    "probonorecord",
    "overseasoffice",
    "programme",
    "programmeedition",
    "partneragreement",
    "mediator",
    "mediationrequest",
    "impersonationalert",
    "businessfeedback",
)
# The party registry names people's membership: party-affairs staff only. Other roles
# (reports included) see its aggregates on the public /party/ page and through
# apps.partyorg.selectors.statistics, never the rows.
_PARTYORG_MODELS = (
    "partyorganization",
    "orgfirm",
    "firmliaison",
    "committeeposition",
    "election",
    "partymember",
    "membershiptransfer",
    "duespayment",
    "honor",
    "secretarytraining",
    "trainingattendance",
    "activity",
    "activityattendance",
    "responsibilityzone",
    "majormatterreport",
    "visit",
    "innovativecase",
)
# Admin autocomplete onto a lawyer or firm needs view permission on it (party members,
# complaint respondents); contacts and ID numbers stay behind members.view_lawyer_contact.
_LOOK_UP_MEMBERS = ["members.view_lawyer", "members.view_lawfirm"]
_EVENTS_MODELS = (
    "club",
    "clubmembership",
    "event",
    "eventoption",
    "contest",
    "contestcategory",
    "entry",
)
_BOOKINGS_MODELS = ("facility", "room", "slot")
_BEAT_MODELS = (
    "periodictask",
    "crontabschedule",
    "intervalschedule",
    "clockedschedule",
    "solarschedule",
)

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.EDITOR: [
        *_perms("news", "view add change", "article", "articleattachment", "guide"),
        *_perms("news", "view change", "contribution"),
        *_perms("news", "view add change", "tag"),
        *_perms("news", "view", "channel", "topic", "rule", "ruleversion", "magazineissue"),
        # Place their articles in topics (the article page's 所属专题 inline): the link
        # rows only, while they may change the article; topics themselves stay read-only.
        # Taking an article out of a topic is changing the article, not a deletion right
        # (apps.news.admin.articles.TopicArticleInline).
        *_perms("news", "view add change", "topicarticle"),
    ],
    Role.CHIEF_EDITOR: [
        *_perms("news", "view add change delete", *_NEWS_MODELS),
        "news.publish_article",
        *_perms("core", "view change", "sitesettings"),
        *_perms("core", "view add change delete", "footerlink"),
    ],
    Role.PARTY_AFFAIRS: [
        *_perms("partyorg", "view add change", *_PARTYORG_MODELS),
        *_perms("partyorg", "delete", "trainingattendance", "activityattendance"),
        # Stays change only through transfers (services); the list itself is read-only.
        "partyorg.view_affiliation",
        # Who looked at the roster (append-only; written by the admin and exports).
        "partyorg.view_rosteraccesslog",
        "partyorg.export_registry",
        "partyorg.view_registry_health",
        *_LOOK_UP_MEMBERS,
    ],
    Role.COMPLAINTS_OFFICER: [
        *_perms("complaints", "view change", "complaint"),
        "complaints.decide_complaint",
        # Only this role sees who complained (identity, ID number, contacts).
        "complaints.view_complainant_pii",
        *_perms("complaints", "view", "decision", "complaintevent", "accesslog"),
        *_perms("complaints", "view", "complainantmail"),
        *_perms("complaints", "view add change delete", "triagerule", "holidayoverride"),
        *_perms("complaints", "view change", "stagelimit"),
        *_perms("complaints", "view add change", "interview"),
        *_LOOK_UP_MEMBERS,
    ],
    Role.MEMBER_SERVICES: [
        *_perms("members", "view add change", *_MEMBERS_MODELS),
        # Dues: the scale is theirs to keep; payments and issue runs are added through
        # services (who, when) and never changed; reminders are a read-only log.
        # A scale row is changed, never deleted: invoices were computed from it.
        *_perms("members", "view add change", "duesscale"),
        *_perms("members", "view add", "duespayment", "duesissuerun"),
        "members.view_duesreminder",
        # Practice-rights reports and relief: handled through services (custom admin
        # steps); the fund's caps and window are theirs to set.
        *_perms("rights", "view change", "rightsreport", "reliefapplication"),
        "rights.view_rightsreportevent",
        "rights.handle_rightsreport",
        "rights.decide_reliefapplication",
        *_perms("rights", "view change", "reliefsettings"),
        *_perms("members", "view", *_MEMBERS_REFERENCE),
        "members.view_lawyer_contact",
        # Answers "I never got the e-mail": sees the outbox and can re-send.
        *_perms("notifications", "view change", "notification"),
        # Public legal services: help queue, events, pro-bono records, directory, alerts.
        *_perms("legalservices", "view add change", *_LEGALSERVICES_MODELS),
        *_perms("legalservices", "view change", "slotbooking"),
        # CLE academy: courses; enrolments read-only; hours credited by hand (补登, reason
        # required); the compliance list. Credits are a ledger: no change or delete.
        *_perms("learning", "view add change", "course"),
        *_perms("learning", "view", "enrolment", "reminder"),
        *_perms("learning", "view add", "creditentry"),
        # Events, clubs and contests; registrations and votes change only through the
        # services (cancel action); votes are read-only.
        *_perms("events", "view add change", *_EVENTS_MODELS),
        *_perms("events", "view change", "registration"),
        *_perms("events", "view", "vote"),
        # Detainee-visit booking: facilities, rooms, slots; bookings read-only + cancel.
        *_perms("bookings", "view add change", *_BOOKINGS_MODELS),
        *_perms("bookings", "view change", "booking"),
    ],
    Role.REPORTS: [
        *_perms("members", "view", *_MEMBERS_MODELS, *_MEMBERS_REFERENCE),
        *_perms("news", "view", *_NEWS_MODELS),
        *_perms("django_celery_beat", "view", *_BEAT_MODELS),
        # Event and contest figures, facility capacity; never who booked a visit.
        *_perms("events", "view", "event", "club", "contest", "contestcategory", "entry"),
        *_perms("bookings", "view", *_BOOKINGS_MODELS),
        *_perms("stats", "view add", "reportrun"),
        *_perms("stats", "view", "yearlysnapshot"),
        *_perms("legalservices", "view", "probonorecord", "probonoevent", "businessfeedback"),
        *_perms("learning", "view", "course", "enrolment", "creditentry"),
    ],
}
