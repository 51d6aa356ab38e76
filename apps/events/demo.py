"""Demo data for events: the running club and the law-and-technology society, the
marathon with its three distances, football, a mental-health lecture, a salon with CLE
credit, a party-knowledge contest, and the legal-tech product contest with entries.

Registrations go through the services (capacity and waitlist behave as in real use).
The demo firm's first practising lawyers (members' demo accounts) are registered for
the marathon and the salon. Idempotent: events and contests are found by title.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.members.demo import demo_lawyers
from apps.members.models import Lawyer, LawyerStatus

from . import services
from .models import (
    Club,
    ClubMembership,
    Contest,
    ContestCategory,
    Entry,
    Event,
    EventOption,
    Kind,
    Tally,
)

CLUBS = [
    (
        "律师跑团",
        "running-club",
        "每周六清晨在滨江步道约跑，配速从 7 分到 4 分都有伙伴；每年组队参加上海马拉松。",
    ),
    (
        "法律科技学会",
        "law-tech-society",
        "关注大模型、电子证据与数据合规，每月一次沙龙，邀请律所与科技企业交流实践。",
    ),
]

# (title, kind, club slug, days ahead, hour, hours long, capacity, CLE minutes, venue,
#  summary, options)
EVENTS = [
    (
        "2026 律师半程马拉松暨健康跑",
        Kind.MARATHON,
        "running-club",
        12,
        7,
        5,
        300,
        0,
        "徐汇滨江 龙腾大道起点",
        "协会工会与律师跑团联合举办，设 5 公里、10 公里和半程马拉松三个项目，完赛发放纪念奖牌。",
        ["5 公里", "10 公里", "半程马拉松"],
    ),
    (
        "律师足球联赛 第三轮",
        Kind.FOOTBALL,
        "",
        6,
        14,
        3,
        60,
        0,
        "闵行体育公园 五号场",
        "各区律工委组队参赛，本轮浦东队对阵静安队。欢迎报名参赛或观赛。",
        [],
    ),
    (
        "律师心理健康讲座：高压执业下的情绪管理",
        Kind.MENTAL_HEALTH,
        "",
        4,
        14,
        2,
        80,
        90,
        "上海市律师协会 3 楼报告厅",
        "邀请精神卫生中心的心理治疗师讲解压力识别与自我调节，现场设匿名提问环节。",
        [],
    ),
    (
        "法律科技沙龙：大模型在诉讼中的应用边界",
        Kind.SALON,
        "law-tech-society",
        9,
        19,
        2,
        40,
        90,
        "上海市律师协会 5 楼多功能厅",
        "三位律师分享用大模型整理证据、撰写文书的实践与风险，讨论保密义务与执业规范。",
        [],
    ),
    (
        "党史知识竞赛（初赛）",
        Kind.CONTEST,
        "",
        15,
        14,
        3,
        120,
        0,
        "上海市律师协会 3 楼报告厅",
        "以律所党组织为单位组队，每队三人，初赛前八名进入决赛。",
        [],
    ),
]

CONTEST = (
    "2026 年度最受欢迎法律科技产品评选",
    "由法律科技学会组织，会员律师投票选出年度最受欢迎的法律科技产品。每个类别每位会员限投一票。",
)
CONTEST_ENTRIES = {
    "智能检索与研究": [
        ("类案检索助手", "上海某科技有限公司", "按争议焦点推送类案，附裁判要旨摘录。"),
        ("法规时效追踪", "某律师事务所 知识管理部", "法规修订自动比对，标出失效条款。"),
        ("案例图谱", "某高校法学院 团队", "以图谱呈现同类案件的裁判走向。"),
    ],
    "合同与合规": [
        ("合同审查助手", "某律师事务所 创新中心", "按立场标注风险条款并给出修改建议。"),
        ("数据出境合规自评工具", "上海某信息技术公司", "对照规定生成自评清单与报告草稿。"),
    ],
    "律所管理": [
        ("律所案件管理平台", "上海某软件公司", "案件、工时、账单一体化，支持利益冲突检索。"),
        ("电子卷宗整理工具", "某律师事务所 信息部", "扫描件自动识别归档、生成目录。"),
    ],
}


def _demo_lawyers() -> list[Lawyer]:
    """The demo accounts' lawyers (members' shared rule: demo lawyer, administrator, …)."""
    return demo_lawyers(limit=3)


@transaction.atomic
def seed_events(*, scale: str, rng: random.Random) -> None:
    now = timezone.localtime()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    clubs: dict[str, Club] = {}
    for name, slug, description in CLUBS:
        clubs[slug], _ = Club.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    practising = list(
        Lawyer.objects.filter(status=LawyerStatus.PRACTISING)
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    demo = _demo_lawyers()
    for club in clubs.values():
        members = rng.sample(practising, min(len(practising), 25 if scale == "small" else 200))
        ClubMembership.objects.bulk_create(
            [ClubMembership(club=club, lawyer_id=pk) for pk in members], ignore_conflicts=True
        )
    if demo:
        ClubMembership.objects.get_or_create(club=clubs["running-club"], lawyer=demo[0])

    events: list[Event] = []
    for index, (
        title,
        kind,
        club,
        days,
        hour,
        hours,
        capacity,
        cle,
        venue,
        summary,
        options,
    ) in enumerate(EVENTS):
        starts = today + dt.timedelta(days=days, hours=hour)
        event, created = Event.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "club": clubs.get(club),
                "summary": summary,
                "venue": venue,
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(hours=hours),
                "capacity": capacity,
                "cle_minutes": cle,
                "checkin_code": f"HD{index + 1:02d}{rng.randint(10, 99)}",
                "published": True,
            },
        )
        if created:
            for position, name in enumerate(options):
                EventOption.objects.create(event=event, name=name, position=position)
        events.append(event)

    # Others sign up (the football match fills up and gets a waitlist).
    for event in events:
        options = list(event.options.all())
        wanted = min(
            len(practising),
            event.capacity + 5 if event.kind == Kind.FOOTBALL else event.capacity // 3,
        )
        for pk in rng.sample(practising, wanted):
            try:
                services.registration_create(
                    event=event,
                    lawyer=Lawyer(pk=pk, status=LawyerStatus.PRACTISING),
                    option=rng.choice(options) if options else None,
                )
            except DomainError:
                continue
    marathon, _football, _lecture, salon, _quiz = events
    half = marathon.options.filter(name="半程马拉松").first()
    for lawyer in demo:  # whichever of them is the demo account
        for event, option in ((marathon, half), (salon, None)):
            try:
                services.registration_create(event=event, lawyer=lawyer, option=option)
            except DomainError:
                continue

    title, summary = CONTEST
    contest, created = Contest.objects.get_or_create(
        title=title,
        defaults={
            "summary": summary,
            "voting_opens_at": today - dt.timedelta(days=3),
            "voting_closes_at": today + dt.timedelta(days=18),
            "tally": Tally.LIVE,
            "published": True,
        },
    )
    if created:
        for position, (category_name, entries) in enumerate(CONTEST_ENTRIES.items()):
            category = ContestCategory.objects.create(
                contest=contest, name=category_name, position=position
            )
            created_entries = [
                Entry.objects.create(
                    category=category, name=name, organisation=org, description=text
                )
                for name, org, text in entries
            ]
            for pk in rng.sample(practising, min(len(practising), 60)):
                entry = rng.choices(created_entries, weights=range(len(created_entries), 0, -1))[0]
                try:
                    services.vote_cast(
                        contest=contest,
                        entry_id=entry.pk,
                        lawyer=Lawyer(pk=pk, status=LawyerStatus.PRACTISING),
                    )
                except DomainError:
                    continue
