"""Demo data for public legal services, called by `manage.py seed_demo` after members.

* the lookup's search entries for every lawyer and firm (members' bulk inserts skip the
  signals that keep them);
* overseas offices of member firms in the cities Shanghai firms actually go to
  (Singapore, London, New York, Tokyo, Dubai, …): small 16, city 150;
* pro-bono events (3·15, World IP Day, Constitution Week, community days): past ones with
  recorded outcomes, coming ones with bookable slots;
* pro-bono records, verified, so that the city's yearly total lands around 40,000 services;
* programmes with editions, partner agreements, mediators, impersonation alerts, feedback.

Re-running tops the counts up rather than duplicating (natural keys and targets).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.members.demo import copy_insert
from apps.members.models import District, LawFirm, Lawyer, LawyerStatus, PracticeArea

from .countries import continent_of
from .models import (
    AgreementKind,
    AlertKind,
    BusinessFeedback,
    EventKind,
    EventSlot,
    FeedbackTheme,
    ImpersonationAlert,
    Mediator,
    OverseasOffice,
    PartnerAgreement,
    ProBonoEvent,
    ProBonoKind,
    ProBonoRecord,
    Programme,
    ProgrammeEdition,
    RecordStatus,
)
from .services.search import search_reindex_all

# (country, city, city_en, lat, lon, address pattern, phone prefix, languages)
CITIES = [
    ("SG", "新加坡", "Singapore", "1.28400", "103.85100", "Raffles Place {n}", "+65 6", ["en"]),
    ("GB", "伦敦", "London", "51.51380", "-0.09840", "{n} Cheapside", "+44 20 7", ["en"]),
    (
        "US",
        "纽约",
        "New York",
        "40.75800",
        "-73.98550",
        "{n} Park Avenue",
        "+1 212 5",
        ["en", "es"],
    ),
    (
        "JP",
        "东京",
        "Tokyo",
        "35.68120",
        "139.76710",
        "千代田区丸の内{n}丁目",
        "+81 3 6",
        ["ja", "en"],
    ),
    ("AE", "迪拜", "Dubai", "25.20480", "55.27080", "DIFC Gate {n}", "+971 4 3", ["ar", "en"]),
    (
        "HK",
        "香港",
        "Hong Kong",
        "22.28190",
        "114.15800",
        "中环皇后大道中{n}号",
        "+852 2",
        ["yue", "en"],
    ),
    (
        "DE",
        "法兰克福",
        "Frankfurt",
        "50.11090",
        "8.68210",
        "Taunusanlage {n}",
        "+49 69 2",
        ["de", "en"],
    ),
    (
        "FR",
        "巴黎",
        "Paris",
        "48.86960",
        "2.33020",
        "{n} Avenue de l'Opéra",
        "+33 1 4",
        ["fr", "en"],
    ),
    (
        "US",
        "旧金山",
        "San Francisco",
        "37.79000",
        "-122.40000",
        "{n} California Street",
        "+1 415 3",
        ["en"],
    ),
    ("KR", "首尔", "Seoul", "37.56650", "126.97800", "中区世宗大路{n}", "+82 2 7", ["ko", "en"]),
    ("AU", "悉尼", "Sydney", "-33.86880", "151.20930", "{n} George Street", "+61 2 9", ["en"]),
    (
        "MY",
        "吉隆坡",
        "Kuala Lumpur",
        "3.13900",
        "101.68690",
        "Jalan Sultan Ismail {n}",
        "+60 3 2",
        ["en"],
    ),
    ("TH", "曼谷", "Bangkok", "13.75630", "100.50180", "Sathorn Road {n}", "+66 2 6", ["th", "en"]),
    (
        "VN",
        "胡志明市",
        "Ho Chi Minh City",
        "10.77690",
        "106.70090",
        "Le Duan {n}",
        "+84 28 3",
        ["en"],
    ),
    (
        "ID",
        "雅加达",
        "Jakarta",
        "-6.20880",
        "106.84560",
        "Jl. Jend. Sudirman {n}",
        "+62 21 5",
        ["en"],
    ),
    (
        "KZ",
        "阿拉木图",
        "Almaty",
        "43.23890",
        "76.88970",
        "Al-Farabi Ave {n}",
        "+7 727 3",
        ["ru", "en"],
    ),
    (
        "BR",
        "圣保罗",
        "São Paulo",
        "-23.55050",
        "-46.63330",
        "Av. Paulista {n}",
        "+55 11 3",
        ["pt", "en"],
    ),
    (
        "ZA",
        "约翰内斯堡",
        "Johannesburg",
        "-26.20410",
        "28.04730",
        "{n} Rivonia Road",
        "+27 11 5",
        ["en"],
    ),
    (
        "BE",
        "布鲁塞尔",
        "Brussels",
        "50.85030",
        "4.35170",
        "Avenue Louise {n}",
        "+32 2 5",
        ["fr", "en"],
    ),
    (
        "HU",
        "布达佩斯",
        "Budapest",
        "47.49790",
        "19.04020",
        "Andrássy út {n}",
        "+36 1 4",
        ["en", "de"],
    ),
    (
        "CA",
        "多伦多",
        "Toronto",
        "43.65320",
        "-79.38320",
        "{n} Bay Street",
        "+1 416 8",
        ["en", "fr"],
    ),
    ("EG", "开罗", "Cairo", "30.04440", "31.23570", "Tahrir Square {n}", "+20 2 2", ["ar", "en"]),
    (
        "RS",
        "贝尔格莱德",
        "Belgrade",
        "44.78660",
        "20.44890",
        "Knez Mihailova {n}",
        "+381 11 3",
        ["en"],
    ),
    (
        "LU",
        "卢森堡",
        "Luxembourg",
        "49.61160",
        "6.13190",
        "Boulevard Royal {n}",
        "+352 2",
        ["fr", "de", "en"],
    ),
]
OFFICES = {"small": 16, "thirtieth": 16, "city": 150}
SERVICES = [
    "中国企业境外投资并购、合规审查与争议解决；为在当地经营的中资企业提供常年法律顾问服务。",
    "跨境贸易合同、知识产权保护与商事仲裁支持；协助当地企业进入中国市场。",
    "跨境劳动用工、数据合规与反垄断申报；对接上海总所的诉讼与非诉团队。",
]
# Verified records per year; with event outcomes the city's total is about 40,000.
RECORDS = {"small": 600, "thirtieth": 1_400, "city": 41_600}
KIND_WEIGHTS = [
    (ProBonoKind.CONSULTATION, 40),
    (ProBonoKind.COMMUNITY_DUTY, 18),
    (ProBonoKind.LEGAL_AID, 14),
    (ProBonoKind.MEDIATION, 12),
    (ProBonoKind.PETITION, 9),
    (ProBonoKind.THREE_OFFICES, 7),
]
PLACES = [
    "街道公共法律服务工作站",
    "区信访接待中心",
    "区法律援助中心",
    "居委会法律服务点",
    "人民调解委员会",
]
SUMMARIES = {
    ProBonoKind.CONSULTATION: "解答居民关于房屋租赁、劳动报酬的咨询",
    ProBonoKind.COMMUNITY_DUTY: "社区法律顾问值班，接待来访群众",
    ProBonoKind.LEGAL_AID: "承办指派的法律援助案件",
    ProBonoKind.MEDIATION: "主持物业服务费纠纷的律师调解",
    ProBonoKind.PETITION: "参与信访接待，释法析理",
    ProBonoKind.THREE_OFFICES: "派出所、司法所、律师事务所三所联动化解邻里纠纷",
}


def _offices(scale: str, rng: random.Random) -> None:
    target = OFFICES[scale]
    have = OverseasOffice.objects.count()
    if have >= target:
        return
    # Offices abroad belong to head offices, not to branches (分所).
    firms = list(
        LawFirm.objects.active()
        .filter(head_office__isnull=True, head_office_elsewhere="")
        .order_by("pk")[:400]
    )
    areas = list(PracticeArea.objects.order_by("order"))
    rows = []
    for i in range(have, target):
        country, city, city_en, lat, lon, address, phone, languages = CITIES[i % len(CITIES)]
        firm = firms[(i * 7) % len(firms)]
        trade = firm.name.replace("上海", "").replace("律师事务所", "")[:4]
        rows.append(
            OverseasOffice(
                firm=firm,
                name=f"{trade}{city}办公室",
                name_en=f"{firm.name_en or trade} {city_en} Office",
                country=country,
                continent=continent_of(country),
                city=city,
                city_en=city_en,
                address=address.format(n=10 + i),
                phone=f"{phone}{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                email=f"{city_en.split()[0].lower()}{i}@firm-overseas.example.cn",
                languages=[
                    lang
                    for lang in languages
                    if lang in {"en", "ja", "ko", "fr", "de", "es", "ru", "it", "pt", "ar", "yue"}
                ],
                services=SERVICES[i % len(SERVICES)],
                latitude=Decimal(lat) + Decimal(rng.randint(-30, 30)) / 1000,
                longitude=Decimal(lon) + Decimal(rng.randint(-30, 30)) / 1000,
                opened_on=dt.date(2012 + i % 12, 1 + i % 12, 1),
            )
        )
    created = OverseasOffice.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    through = OverseasOffice.practice_areas.through
    links = []
    for office in OverseasOffice.objects.filter(practice_areas__isnull=True):
        for area in rng.sample(areas, k=min(2, len(areas))):
            links.append(through(overseasoffice_id=office.pk, practicearea_id=area.pk))
    through.objects.bulk_create(links, ignore_conflicts=True)
    del created


EVENTS = [
    (
        EventKind.CONSUMER_DAY,
        "3·15 消费者权益保护公益法律咨询",
        3,
        15,
        "网购退换货、预付卡退费、装修合同",
    ),
    (EventKind.IP_DAY, "4·26 世界知识产权日律师咨询会", 4, 26, "商标注册、著作权、商业秘密保护"),
    (EventKind.CONSTITUTION, "宪法宣传周律师进社区", 12, 4, "宪法知识、老年人权益、婚姻家庭"),
    (EventKind.COMMUNITY, "社区法律服务日", 6, 18, "劳动争议、邻里纠纷、物业服务"),
]


def _events(rng: random.Random) -> None:
    if ProBonoEvent.objects.exists():
        return
    now = timezone.now()
    districts = list(District.objects.order_by("order"))
    tz = timezone.get_current_timezone()
    for year_offset, past in ((-1, True), (0, None)):
        year = now.year + year_offset
        for kind, title, month, day, topics in EVENTS:
            starts = dt.datetime(year, month, day, 9, 30, tzinfo=tz)
            is_past = starts + dt.timedelta(hours=3) < now if past is None else True
            district = rng.choice(districts)
            event = ProBonoEvent.objects.create(
                title=f"{year}年{title}",
                kind=kind,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                place=f"{district.name}市民中心一楼大厅",
                district=district,
                topics=topics,
                description="律师志愿者现场解答群众法律问题，可提前预约时段，也欢迎现场排队咨询。",
                volunteers_needed=12,
                is_published=True,
                people_helped=rng.randint(180, 420) if is_past else None,
                consultations_given=rng.randint(120, 300) if is_past else None,
                outcome_recorded_at=now if is_past else None,
            )
            EventSlot.objects.bulk_create(
                EventSlot(
                    event=event,
                    starts_at=starts + dt.timedelta(minutes=30 * k),
                    ends_at=starts + dt.timedelta(minutes=30 * (k + 1)),
                    capacity=6,
                    booked=6 if is_past else rng.randint(0, 4),
                )
                for k in range(6)
            )
    # Always something to book: a community session next month.
    starts = timezone.localtime(now + dt.timedelta(days=21)).replace(
        hour=13, minute=30, second=0, microsecond=0
    )
    district = districts[0]
    event = ProBonoEvent.objects.create(
        title="社区法律服务日（下午场）",
        kind=EventKind.COMMUNITY,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place=f"{district.name}社区党群服务中心",
        district=district,
        topics="婚姻家庭、遗嘱继承、劳动报酬",
        is_published=True,
    )
    EventSlot.objects.bulk_create(
        EventSlot(
            event=event,
            starts_at=starts + dt.timedelta(minutes=30 * k),
            ends_at=starts + dt.timedelta(minutes=30 * (k + 1)),
            capacity=5,
        )
        for k in range(6)
    )


def _records(scale: str, rng: random.Random) -> None:
    year = timezone.localdate().year
    have = ProBonoRecord.objects.filter(date__year=year).count()
    target = RECORDS[scale]
    if have >= target:
        return
    lawyer_ids = list(
        Lawyer.objects.filter(status=LawyerStatus.PRACTISING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    kinds = [kind for kind, weight in KIND_WEIGHTS for _ in range(weight)]
    today = timezone.localdate()
    span = (today - dt.date(year, 1, 1)).days or 1
    rows = []
    for i in range(target - have):
        kind = rng.choice(kinds)
        rows.append(
            ProBonoRecord(
                lawyer_id=lawyer_ids[(i * 13) % len(lawyer_ids)],
                kind=kind,
                date=dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(span)),
                hours=Decimal(rng.choice(["1.0", "1.5", "2.0", "3.0", "4.0", "8.0"])),
                people_helped=rng.randint(1, 6),
                place=rng.choice(PLACES),
                summary=SUMMARIES[kind],
                status=RecordStatus.VERIFIED if i % 20 else RecordStatus.SUBMITTED,
                reviewed_at=timezone.now() if i % 20 else None,
            )
        )
    # ~40,000 rows at city scale: COPY (members.demo.copy_insert), not multi-row INSERTs.
    copy_insert(ProBonoRecord, rows, ignore_conflicts=False)


PROGRAMMES = [
    (
        "ciie-volunteers",
        "进博会法律服务志愿团",
        "为中国国际进口博览会参展商与采购商提供现场法律咨询。",
        2018,
    ),
    ("tibet-aid", "援藏律师服务团", "选派律师赴西藏日喀则开展法律援助与法治宣传。", 2016),
    (
        "one-plus-one",
        "“1+1”中国法律援助志愿者行动",
        "律师志愿者赴中西部无律师县提供一年法律援助服务。",
        2009,
    ),
    ("western-training", "西部律师培训计划", "为西部地区律师提供实务培训与跟岗学习。", 2012),
    (
        "thousand-young-lawyers",
        "千名青年律师培训计划",
        "面向执业五年以内青年律师的系统培训。",
        2019,
    ),
]
AGREEMENTS = [
    (
        AgreementKind.PAIRED,
        "西藏自治区律师协会",
        "对口援助西藏律师行业合作协议",
        dt.date(2021, 6, 18),
    ),
    (
        AgreementKind.PAIRED,
        "新疆维吾尔自治区律师协会",
        "沪疆律师行业对口支援协议",
        dt.date(2020, 9, 10),
    ),
    (
        AgreementKind.PAIRED,
        "新疆生产建设兵团律师协会",
        "沪兵律师行业结对帮扶协议",
        dt.date(2022, 5, 26),
    ),
    (AgreementKind.PAIRED, "重庆市律师协会", "沪渝律师行业交流合作协议", dt.date(2023, 3, 30)),
    (
        AgreementKind.COOPERATION,
        "新加坡国际仲裁中心",
        "国际仲裁交流合作备忘录",
        dt.date(2019, 11, 6),
    ),
    (AgreementKind.COOPERATION, "香港律师会", "沪港律师业务交流合作协议", dt.date(2018, 4, 12)),
]


def _programmes_and_partners(rng: random.Random) -> None:
    year = timezone.localdate().year
    lawyer_ids = list(
        Lawyer.objects.filter(status=LawyerStatus.PRACTISING)
        .order_by("pk")
        .values_list("pk", flat=True)[:3000]
    )
    for order, (slug, name, summary, started) in enumerate(PROGRAMMES):
        programme, created = Programme.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "summary": summary, "started_year": started, "order": order},
        )
        if not created:
            continue
        for y in range(max(started, year - 4), year + 1):
            edition = ProgrammeEdition.objects.create(
                programme=programme, year=y, summary=f"{y}年度共派出志愿律师，完成服务任务。"
            )
            edition.participants.set(
                rng.sample(lawyer_ids, k=min(len(lawyer_ids), rng.randint(8, 40)))
            )
    for kind, partner, title, signed in AGREEMENTS:
        PartnerAgreement.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "partner": partner,
                "signed_on": signed,
                "scope": "人才培训、业务交流、律师互派与联合研究。",
            },
        )


def _mediators_alerts_feedback(rng: random.Random) -> None:
    if not Mediator.objects.exists():
        cutoff = timezone.localdate().replace(year=timezone.localdate().year - 3)
        seniors = Lawyer.objects.filter(
            status=LawyerStatus.PRACTISING, first_licensed__lte=cutoff
        ).order_by("pk")[:40]
        Mediator.objects.bulk_create(
            Mediator(
                lawyer=lawyer,
                specialities=rng.choice(["婚姻家庭", "物业纠纷", "商事合同", "劳动争议"]),
                appointed_on=dt.date(2023, 1, 1),
            )
            for lawyer in seniors
        )
    if not ImpersonationAlert.objects.exists():
        ImpersonationAlert.objects.bulk_create(
            [
                ImpersonationAlert(
                    kind=AlertKind.PERSON,
                    name="“王律师”（自称）",
                    claimed_as="上海某律师事务所执业律师",
                    description="以“包打赢官司”为名收取高额费用，经查无律师执业证。",
                    published_on=dt.date(2025, 3, 2),
                ),
                ImpersonationAlert(
                    kind=AlertKind.WEBSITE,
                    name="某法律维权网",
                    claimed_as="上海市律师协会",
                    website="lawyer-help.example.com",
                    description="网站冒用协会名称和标识，诱导群众付费咨询。",
                    published_on=dt.date(2025, 6, 18),
                ),
                ImpersonationAlert(
                    kind=AlertKind.ORGANISATION,
                    name="上海某某法律咨询有限公司",
                    claimed_as="律师事务所",
                    description="以律师事务所名义对外承揽诉讼代理业务，并非律师执业机构。",
                    published_on=dt.date(2025, 9, 9),
                ),
            ]
        )
    if not BusinessFeedback.objects.exists():
        lawyers = list(Lawyer.objects.filter(status=LawyerStatus.PRACTISING).order_by("pk")[:60])
        themes = FeedbackTheme.values
        BusinessFeedback.objects.bulk_create(
            BusinessFeedback(
                lawyer=lawyer,
                theme=themes[i % len(themes)],
                title="执业中遇到的办事障碍",
                description="具体情况已在表单中说明，希望协会协调。",
            )
            for i, lawyer in enumerate(lawyers)
        )


def seed_legalservices(*, scale: str, rng: random.Random) -> None:
    search_reindex_all()
    with transaction.atomic():
        _offices(scale, rng)
        _events(rng)
        _records(scale, rng)
        _programmes_and_partners(rng)
        _mediators_alerts_feedback(rng)
