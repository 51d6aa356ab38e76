"""Demo data for the CLE academy: a believable catalogue, enrolments and credited hours.

The demo lawyer (the first practising lawyers of the demo firm, see members' demo_accounts)
get a visible partial progress: some on-site and online hours this year, one on-site course
coming up and one online course under way.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.members.demo import demo_lawyers
from apps.members.models import Lawyer, LawyerStatus

from .models import Category, Course, CreditEntry, CreditSource, Enrolment, EnrolmentStatus, Mode
from .services import checkin_code_generate

# (title, category, mode, minutes, lecturer, summary)
COURSES = [
    (
        "习近平法治思想专题学习",
        Category.POLITICAL_THEORY,
        Mode.ONLINE,
        90,
        "市委党校 法学教研部",
        "系统学习习近平法治思想的核心要义，结合律师行业的实践谈如何在执业中践行。",
    ),
    (
        "党的二十届三中全会精神解读",
        Category.POLITICAL_THEORY,
        Mode.ONSITE,
        135,
        "行业党委 宣讲团",
        "围绕全面深化改革的部署，解读与法律服务业相关的改革任务。",
    ),
    (
        "律师职业道德与执业纪律",
        Category.PROFESSIONAL_ETHICS,
        Mode.ONSITE,
        180,
        "协会惩戒委员会",
        "以近年典型投诉和惩戒案例为线索，讲解利益冲突、收费、保密等执业红线。",
    ),
    (
        "利益冲突审查实务",
        Category.PROFESSIONAL_ETHICS,
        Mode.ONLINE,
        45,
        "协会执业纪律委员会",
        "律所如何建立利益冲突检索机制，接案前要问哪些问题。",
    ),
    (
        "新《公司法》下的股东出资责任",
        Category.LAW_UPDATE,
        Mode.ONLINE,
        135,
        "公司法专业委员会",
        "认缴出资五年期限、加速到期与股东失权制度的实务影响。",
    ),
    (
        "民法典合同编司法解释要点",
        Category.LAW_UPDATE,
        Mode.ONLINE,
        90,
        "民事业务研究委员会",
        "逐条梳理合同编通则解释的新规则及其在诉讼中的运用。",
    ),
    (
        "刑事辩护中的证据审查",
        Category.PRACTICE_SKILLS,
        Mode.ONSITE,
        180,
        "刑事业务研究委员会",
        "从阅卷到庭审：电子数据、鉴定意见和言词证据的审查方法。",
    ),
    (
        "劳动争议仲裁实务",
        Category.PRACTICE_SKILLS,
        Mode.ONLINE,
        90,
        "劳动法业务研究委员会",
        "仲裁时效、证据规则与调解技巧，附常见争议类型分析。",
    ),
    (
        "涉外商事仲裁程序与策略",
        Category.FOREIGN_RELATED,
        Mode.ONSITE,
        135,
        "国际投资业务研究委员会",
        "选择仲裁机构与仲裁地、临时措施与裁决的承认和执行。",
    ),
    (
        "跨境数据合规入门",
        Category.FOREIGN_RELATED,
        Mode.ONLINE,
        90,
        "数据合规业务研究委员会",
        "数据出境安全评估、标准合同与认证三条路径的比较。",
    ),
    (
        "生成式人工智能与律师工作",
        Category.TECHNOLOGY,
        Mode.ONSITE,
        90,
        "法律科技专业委员会",
        "律师使用大模型工具的保密边界、核验义务与效率实践。",
    ),
    (
        "法律检索工具高效使用",
        Category.TECHNOLOGY,
        Mode.ONLINE,
        45,
        "法律科技专业委员会",
        "类案检索、法规时效核验和检索报告的写法。",
    ),
]
VENUES = [
    "上海市律师协会 3 楼报告厅（肇嘉浜路 1111 号）",
    "浦东新区律师工作委员会 多功能厅",
    "徐汇区律师活动中心 培训教室",
]
SAMPLE = {"small": 300, "thirtieth": 300, "city": 4000}


def _courses(rng: random.Random, now: dt.datetime) -> list[Course]:
    courses = []
    for index, (title, category, mode, minutes, lecturer, summary) in enumerate(COURSES):
        course = Course(
            title=title,
            category=category,
            mode=mode,
            duration_minutes=minutes,
            lecturer=lecturer,
            summary=summary,
            published=True,
        )
        if mode == Mode.ONLINE:
            course.video_url = f"https://learning.demo.shlawyers.cn/video/{index + 1:03d}"
            course.text = summary + "\n\n本课程配有讲义，可在学习页面下载。"
        else:
            # Alternate past and upcoming sessions; 14:00 Shanghai time.
            days = -rng.randint(20, 200) if index % 2 else rng.randint(5, 40)
            start = (now + dt.timedelta(days=days)).replace(
                hour=6, minute=0, second=0, microsecond=0
            )
            course.starts_at = start
            course.ends_at = start + dt.timedelta(minutes=minutes)
            course.venue = rng.choice(VENUES)
            course.capacity = rng.choice([80, 120, 200])
            course.checkin_code = checkin_code_generate()
        course.full_clean()
        courses.append(course)
    return Course.objects.bulk_create(courses)


def _credit(enrolment: Enrolment, course: Course, on: dt.date) -> CreditEntry:
    return CreditEntry(
        lawyer_id=enrolment.lawyer_id,
        mode=course.mode,
        source=CreditSource.COURSE,
        title=course.title,
        minutes=course.duration_minutes,
        credited_on=on,
        enrolment=enrolment,
    )


def seed_learning(*, scale: str, rng: random.Random) -> None:
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        courses = _courses(rng, now)
        past_onsite = [c for c in courses if c.is_onsite and c.starts_at and c.starts_at < now]
        upcoming = [c for c in courses if c.is_onsite and c.starts_at and c.starts_at > now]
        online = [c for c in courses if not c.is_onsite]
        lawyers = list(
            Lawyer.objects.filter(status=LawyerStatus.PRACTISING)
            .order_by("pk")
            .values_list("pk", flat=True)[: SAMPLE[scale]]
        )
        enrolments: list[Enrolment] = []
        plan: list[tuple[Enrolment, Course, dt.date | None]] = []
        year_start = dt.date(today.year, 1, 1)
        # On-site rooms hold what they hold (the database refuses more): each course keeps
        # three seats for the demo lawyers' fixed plan; sampled lawyers fill the rest.
        seats = {c.pk: (c.capacity or 0) - 3 for c in past_onsite}
        for lawyer_id in lawyers:
            picked = [
                c
                for c in rng.sample(past_onsite, k=rng.randint(0, len(past_onsite)))
                if seats[c.pk] > 0
            ]
            for course in picked:
                seats[course.pk] -= 1
            picked += rng.sample(online, k=rng.randint(0, 4))
            for course in picked:
                done = course.is_onsite or rng.random() < 0.8
                when = (
                    course.starts_at.date()
                    if course.is_onsite and course.starts_at
                    else max(year_start, today - dt.timedelta(days=rng.randint(1, 250)))
                )
                at = timezone.make_aware(dt.datetime.combine(when, dt.time(7, 0)))
                enrolment = Enrolment(
                    course=course,
                    lawyer_id=lawyer_id,
                    enrolled_at=at,
                    status=EnrolmentStatus.COMPLETED if done else EnrolmentStatus.ENROLLED,
                    completed_at=at + dt.timedelta(minutes=course.duration_minutes)
                    if done
                    else None,
                    checked_in_at=at if course.is_onsite else None,
                )
                enrolments.append(enrolment)
                plan.append((enrolment, course, when if done else None))
        _demo_lawyer_plan(rng, now, past_onsite, upcoming, online, enrolments, plan, lawyers)
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)
        CreditEntry.objects.bulk_create(
            [_credit(e, c, on) for e, c, on in plan if on is not None], batch_size=2000
        )
        for course in courses:
            count = sum(1 for e in enrolments if e.course is course)
            Course.objects.filter(pk=course.pk).update(enrolled_count=F("enrolled_count") + count)


def _demo_lawyer_plan(rng, now, past_onsite, upcoming, online, enrolments, plan, sampled) -> None:
    """The demo firm's first practising lawyers: two on-site courses and two online ones
    done (about 12 of 40 hours), one on-site course booked, one online course under way."""
    demo_ids = [lawyer.pk for lawyer in demo_lawyers(limit=3)]
    if not demo_ids:
        return
    # Replace whatever the random pass gave them with the fixed plan.
    keep = [i for i, e in enumerate(enrolments) if e.lawyer_id not in demo_ids]
    enrolments[:] = [enrolments[i] for i in keep]
    plan[:] = [p for p in plan if p[0].lawyer_id not in demo_ids]
    today = timezone.localdate()
    for lawyer_id in demo_ids:
        for course in past_onsite[:2] + online[:2]:
            when = course.starts_at.date() if course.starts_at else today - dt.timedelta(days=30)
            if when.year != today.year:
                when = (
                    dt.date(today.year, 1, 15)
                    if course.is_onsite
                    else today - dt.timedelta(days=10)
                )
                when = max(when, dt.date(today.year, 4, 1) if not course.is_onsite else when)
            at = timezone.make_aware(dt.datetime.combine(min(when, today), dt.time(7, 0)))
            enrolment = Enrolment(
                course=course,
                lawyer_id=lawyer_id,
                enrolled_at=at,
                status=EnrolmentStatus.COMPLETED,
                completed_at=at + dt.timedelta(hours=3),
                checked_in_at=at if course.is_onsite else None,
            )
            enrolments.append(enrolment)
            plan.append((enrolment, course, min(when, today)))
        for course in upcoming[:1] + online[2:3]:
            enrolment = Enrolment(course=course, lawyer_id=lawyer_id, enrolled_at=now)
            enrolments.append(enrolment)
            plan.append((enrolment, course, None))
