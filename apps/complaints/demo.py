"""Demo complaints: every state of the workflow, believable facts, public sanctions.

Called by ``manage.py seed_demo`` as ``seed_complaints(scale=..., rng=...)`` after members.
small: 36 complaints; city: 240 over the last year. Every complaint goes through the real
services (so timelines, deadlines and decisions are consistent), with two demo officers as
actors. Idempotent: a second run finds the demo complaints (by their seed marker in
``respondent_text``/submit token) and adds nothing. No e-mail leaves: the rows the services
queue are marked sent before the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import transaction
from django.utils import timezone
from faker.providers.person.zh_CN import Provider as ZhPerson
from stdnum.cn import ric

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.members.models import LawFirm, Lawyer, LawyerStatus
from apps.notifications.models import Notification

from . import services
from .models import ComplainantMail, Complaint, Track

DISTRICTS = ["徐汇区", "浦东新区", "静安区", "闵行区", "杨浦区"]
_SURNAMES = list(ZhPerson.last_names.keys())[:60]
# Indexes into the PATHS cycle that land in defence (19–23), decided (26) and closed (30).
FAVOURITE_SLOTS = (19, 20, 21, 26, 30)
SCALE_COUNTS = {"small": 36, "thirtieth": 36, "city": 240}
DEMO_NAMESPACE = uuid.UUID("6f1c3a52-4b7e-4d0b-9f7c-2f4a0c9d5e11")
OFFICERS = (
    ("complaints@demo.shlawyers.cn", "演示投诉处理"),
    ("complaints2@demo.shlawyers.cn", "演示调查员"),
)

# (category, facts, request) — written for the demo, in a complainant's voice.
STORIES = [
    (
        "diligence",
        "2025年11月我委托该律师代理房屋租赁合同纠纷，支付代理费后律师迟迟不提交立案材料，"
        "我多次电话询问均称“在准备”，直到诉讼时效临近才告知需要补充证据，导致错过最佳时机。",
        "请协会调查律师是否怠于履职，并责令其说明情况。",
    ),
    (
        "attitude",
        "咨询劳动仲裁事宜时，律师在电话中态度生硬，多次打断我的陈述，并称“这种案子不值得做”。"
        "之后微信消息也不再回复。",
        "希望协会督促律师改进服务态度，给我一个合理解释。",
    ),
    (
        "fees",
        "签订委托合同时约定代理费两万元，律所开具了发票。开庭前律师又以“差旅费”“协调费”名义"
        "另行收取八千元现金，未出具任何票据。",
        "请协会核查是否存在私自收费，并要求退还未开票的款项。",
    ),
    (
        "conflict",
        "我与某公司的买卖合同纠纷中，发现对方公司的法律顾问所在律所的另一名律师同时担任我的代理人，"
        "律所从未告知我存在利益冲突。",
        "请协会调查该所是否违反利益冲突规则。",
    ),
    (
        "confidentiality",
        "离婚案件中我向律师提供的银行流水和病历，被律师在朋友圈以“案例分享”的形式发布，"
        "虽打了码但亲友仍能认出是我。",
        "请协会依规处理，并要求律师删除相关内容。",
    ),
    (
        "misrepresentation",
        "律师在签约前承诺“百分之百能拿回全部货款”，收费后案件败诉，律师称从未作过任何承诺。"
        "我保留了当时的聊天记录。",
        "请协会调查律师是否作出虚假承诺。",
    ),
    (
        "justice",
        "刑事案件中，辩护律师向我家人表示可以“找关系”让法官轻判，并要求另付十万元“活动经费”。",
        "请协会严肃调查，必要时移送有关机关。",
    ),
    (
        "other",
        "律师在未经我同意的情况下，以我的名义与对方签署了调解协议，协议内容与我的要求明显不符。",
        "请协会调查律师是否超越代理权限。",
    ),
]

# How far each demo complaint gets: (share, last step).
PATHS = [
    (6, "received"),
    (3, "awaiting_material"),
    (3, "triaged"),
    (4, "not_accepted"),
    (3, "investigation"),
    (5, "defence"),
    (2, "hearing"),
    (4, "decided"),
    (6, "closed"),
]
SANCTIONS = ["", "", "admonition", "warning", "criticism", "censure", "suspension"]


def _officers() -> list[User]:
    from apps.accounts.services import role_group

    users = []
    for email, name in OFFICERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, name=name, password=None)
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(role_group(role=Role.COMPLAINTS_OFFICER))
        users.append(user)
    return users


def _id_number(rng: random.Random) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 40 * 365))
    district = rng.choice(["101", "104", "105", "106", "107", "109", "110", "112", "115"])
    body = f"310{district}{birth:%Y%m%d}{rng.randint(100, 999)}"
    return body + ric.calc_check_digit(body + "X")


def _respondents(rng: random.Random, n: int) -> list[Lawyer]:
    from apps.members.demo import demo_lawyers

    pool = list(
        Lawyer.objects.filter(status=LawyerStatus.PRACTISING, firm__isnull=False)
        .select_related("firm", "user")
        .order_by("licence_no")[: max(200, n * 2)]
    )
    # The demo accounts' lawyers (lawyer and firm administrator, members' shared rule in
    # demo_lawyers): give them complaints waiting for an answer, one decided and one
    # closed, so their portal has something to show.
    favourites = demo_lawyers(limit=2)
    picks = [rng.choice(pool) for _ in range(n)] if pool else []
    for slot, index in enumerate(i for i in FAVOURITE_SLOTS if i < n):
        if favourites:
            picks[index] = favourites[slot % len(favourites)]
    return picks


def _step_through(
    complaint: Complaint, target: str, officers: list[User], rng: random.Random, when: dt.datetime
) -> None:
    officer = officers[0]
    if target == "received":
        return
    if target == "awaiting_material":
        services.complaint_request_material(
            complaint=complaint,
            actor=officer,
            what="请补充与律师签订的委托合同及付款凭证。",
            now=when,
        )
        return
    if target == "not_accepted":
        services.complaint_not_accept(
            complaint=complaint,
            actor=officer,
            reason="投诉事项为律师费退还的合同争议，不属于行业纪律处分范围。",
            guidance="可依委托合同约定向人民法院起诉或申请仲裁，也可申请本会律师调解中心调解。",
            now=when,
        )
        return
    complex_track = complaint.suggested_track == Track.COMPLEX or target == "hearing"
    track = Track.COMPLEX if complex_track else Track.SIMPLE
    services.complaint_triage(
        complaint=complaint,
        actor=officer,
        track=track,
        reason="" if track == complaint.suggested_track else "经初步审查，事实较为清楚。",
    )
    if target == "triaged":
        return
    services.complaint_accept(complaint=complaint, actor=officer, now=when + dt.timedelta(days=3))
    services.complaint_start_investigation(
        complaint=complaint,
        actor=officer,
        investigators=officers if complex_track else officers[:1],
    )
    if target == "investigation":
        return
    services.complaint_notify_respondent(
        complaint=complaint, actor=officer, now=when + dt.timedelta(days=8)
    )
    if target == "defence":
        return
    lawyer = complaint.respondent_lawyer
    if lawyer is not None and lawyer.user_id:
        services.complaint_defence_submit(
            complaint=complaint,
            user=lawyer.user,
            text="本人已按委托合同履行代理职责，相关工作记录和往来函件附后，请协会查明。",
            now=when + dt.timedelta(days=12),
        )
    if complex_track:
        services.complaint_schedule_hearing(
            complaint=complaint,
            actor=officer,
            scheduled_for=when + dt.timedelta(days=25),
            place="上海市律师协会听证室",
        )
    if target == "hearing":
        return
    sanction = rng.choice(SANCTIONS)
    decided_at = min(when + dt.timedelta(days=rng.randint(30, 55)), timezone.now())
    services.complaint_decide(
        complaint=complaint,
        actor=officer,
        outcome="sanction" if sanction else "no_violation",
        sanction=sanction,
        suspension_months=rng.randint(1, 6) if sanction == "suspension" else None,
        facts="经调查，被投诉律师在代理过程中未及时告知委托人案件进展，相关事实有通话记录和当事人陈述为证。"
        if sanction
        else "经调查，现有证据不足以证明被投诉律师存在违规执业行为。",
        basis="《律师协会会员违规行为处分规则（试行）》相关条款",
        text="本会依据查明的事实和有关规定，作出本决定。如不服，可在收到决定之日起十五日内申请复查。",
        publish_until=(timezone.localdate() + dt.timedelta(days=rng.randint(60, 365)))
        if sanction in ("criticism", "censure", "suspension")
        else None,
        now=decided_at,
    )
    if target == "closed":
        services.complaint_close(
            complaint=complaint, actor=officer, now=decided_at + dt.timedelta(days=2)
        )


def seed_complaints(*, scale: str, rng: random.Random) -> None:
    count = SCALE_COUNTS.get(scale, SCALE_COUNTS["small"])
    tokens = [uuid.uuid5(DEMO_NAMESPACE, f"{i}") for i in range(count)]
    done = set(
        Complaint.objects.filter(submit_token__in=tokens).values_list("submit_token", flat=True)
    )
    if len(done) == count:
        return
    officers = _officers()
    respondents = _respondents(rng, count)
    firms = list(LawFirm.objects.order_by("name")[:50])
    paths = [target for share, target in PATHS for _ in range(share)]
    now = timezone.now()
    for i, token in enumerate(tokens):
        if token in done:
            rng.random()
            continue
        category, facts, request = STORIES[i % len(STORIES)]
        target = paths[i % len(paths)]
        # Older complaints got further; the newest are still being received.
        age_days = {
            "received": 2,
            "awaiting_material": 6,
            "triaged": 5,
            "not_accepted": 40,
            # Recent enough that the respondent's 10 working days have not run out.
            "defence": 10 + rng.randint(0, 6),
        }.get(target, 30 + rng.randint(0, 300))
        when = now - dt.timedelta(days=age_days, hours=rng.randint(0, 8))
        lawyer = respondents[i] if respondents else None
        firm_only = lawyer is None or (i % 9 == 4 and firms)
        with transaction.atomic():
            submitted = services.complaint_submit(
                complainant_name=rng.choice(_SURNAMES) + rng.choice(ZhPerson.first_names),
                id_type="resident",
                id_number=_id_number(rng),
                phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                email=f"complainant{i}@example.cn",
                address=f"上海市{rng.choice(DISTRICTS)}某路{rng.randint(1, 999)}号",
                co_complainants=3 if i % 11 == 3 else 0,
                respondent_lawyer=None if firm_only else lawyer,
                respondent_firm=rng.choice(firms) if firm_only and firms else None,
                respondent_text="（未在名录中找到）某律师" if not firms and lawyer is None else "",
                category=category,
                facts=facts,
                request=request,
                consent=True,
                submit_token=token,
                now=when,
            )
            _step_through(submitted.complaint, target, officers, rng, when)
            # Demo data sends nothing: mark what the services queued as already sent.
            ComplainantMail.objects.filter(
                complaint=submitted.complaint, sent_at__isnull=True
            ).update(sent_at=now, context={})
            Notification.objects.filter(sent_at__isnull=True, created_at__gte=now).update(
                sent_at=now
            )
