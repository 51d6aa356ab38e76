"""Demo data for members: firms, lawyers, memberships, dues, firm administrators, branches,
annual reviews and honours.

Called by `manage.py seed_demo` as seed_members(scale=..., rng=...). Three scales:

* small — 30 firms, 300 lawyers: every portal page has something to show;
* thirtieth — 66 firms, 1,400 lawyers: one thirtieth of the city, the baseline the
  benchmark measures growth from (bench/README.md, "Growth");
* city  — 1,980 firms, 42,000 lawyers across the 16 districts: after suspensions,
  revocations and dissolved firms, 40,000+ individual and 1,900+ group members, the
  size of Shanghai's bar.

Idempotent by natural keys: a firm's identity (name, USCC, licence, district) and a
lawyer's (licence number, name, gender, ID number, …) are derived from their index
alone, every insert uses ON CONFLICT DO NOTHING, and ids are read back by natural key.
Running the same scale twice changes nothing; running `city` after `small` extends the
same firms and lawyers. Bulk inserts skip simple_history (no history rows for demo data).
"""

from __future__ import annotations

import datetime as dt
import enum
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone
from faker.providers.person.zh_CN import Provider as ZhPerson
from stdnum.cn import ric

from .models import (
    CATEGORY_LICENCE_DIGIT,
    GENDER_LICENCE_DIGIT,
    AnnualReview,
    District,
    DuesInvoice,
    DuesPayment,
    DuesScale,
    FirmAdministrator,
    FirmBranch,
    FirmStatus,
    FirmType,
    Gender,
    Honour,
    Language,
    LawFirm,
    Lawyer,
    LawyerCategory,
    LawyerStatus,
    Membership,
    PayerKind,
    PaymentMethod,
    PracticeArea,
    ReviewResult,
)
from .selectors import member_counts_invalidate
from .services import default_due_date, dues_invoice_number, membership_number
from .services.dues_rules import (
    fee_year_bounds,
    fee_year_of,
    firm_band_amount,
    firm_dues,
    lawyer_dues,
)
from .validators import law_firm_uscc_build

BATCH = 2000


def copy_insert(
    model: type[models.Model], objs: Sequence[models.Model], *, ignore_conflicts: bool
) -> None:
    """What ``model.objects.bulk_create(objs, ignore_conflicts=...)`` writes, through COPY.

    Field values are prepared as bulk_create prepares them (``pre_save`` with add=True, so
    auto_now(_add) stamps are set, then ``get_db_prep_save``), copied into a temporary
    table and moved with one INSERT … SELECT in the objects' order (ids are handed out in
    that order, as bulk_create's would be), ON CONFLICT DO NOTHING when
    ``ignore_conflicts``. No signals, no history rows (bulk_create sends none either).
    Unlike bulk_create: foreign keys must already hold ids (``obj.x_id``; an object
    assigned before it was saved is not looked at again), and primary keys are not set
    on ``objs`` (read them back by natural key). At city scale the ORM spent most of its
    time building and parsing the multi-row INSERT statements.
    """
    if not objs:
        return
    conn = connections[DEFAULT_DB_ALIAS]  # the proxy `connection` costs a lookup per use
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    table = conn.ops.quote_name(meta.db_table)
    columns = ", ".join(conn.ops.quote_name(f.column) for f in fields)
    staging = conn.ops.quote_name(f"seed_{meta.db_table}")

    def row(obj: models.Model) -> list[Any]:
        values = []
        for field in fields:
            value = field.get_db_prep_save(field.pre_save(obj, True), conn)
            values.append(value.value if isinstance(value, enum.Enum) else value)
        return values

    with conn.cursor() as cursor:
        # Table and column names come from the model's meta, quoted. A staging table left
        # by an earlier failure outside a transaction would be in the way: drop it first.
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608  # nosec B608
        )
        cursor.execute(f"ALTER TABLE {staging} ADD COLUMN seed_order integer")
        with cursor.cursor.copy(f"COPY {staging} ({columns}, seed_order) FROM STDIN") as copy:
            for order, obj in enumerate(objs):
                copy.write_row([*row(obj), order])
        conflicts = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging}"  # noqa: S608 — quoted names  # nosec B608
            f" ORDER BY seed_order{conflicts}"
        )
        cursor.execute(f"DROP TABLE {staging}")


@dataclass(frozen=True)
class Scale:
    firms: int
    lawyers: int


SCALES: dict[str, Scale] = {
    "small": Scale(firms=30, lawyers=300),
    # One thirtieth of the city: the baseline of the benchmark's growth comparison
    # (bench/http_bench.py --scale thirtieth; issue #13 asks for flat pages at 30x the data).
    "thirtieth": Scale(firms=66, lawyers=1400),
    "city": Scale(firms=1980, lawyers=42000),
}


# Two-character trade names (字号) for firms, with pinyin for the English name and domain.
# fmt: off
_TRADE_CHARS = {
    "正": "zheng", "信": "xin", "诚": "cheng", "明": "ming", "德": "de", "君": "jun",
    "恒": "heng", "泰": "tai", "华": "hua", "汇": "hui", "瀚": "han", "衡": "heng",
    "睿": "rui", "博": "bo", "金": "jin", "中": "zhong", "申": "shen", "浦": "pu",
    "东": "dong", "海": "hai", "鼎": "ding", "尚": "shang", "融": "rong", "达": "da",
    "弘": "hong", "毅": "yi", "致": "zhi", "远": "yuan", "嘉": "jia", "和": "he",
    "昭": "zhao", "锦": "jin", "天": "tian", "宏": "hong", "隆": "long", "泽": "ze",
    "盛": "sheng", "益": "yi", "方": "fang", "立": "li", "通": "tong", "广": "guang",
    "元": "yuan", "建": "jian", "启": "qi", "谦": "qian", "卓": "zhuo", "越": "yue",
    "平": "ping", "安": "an", "民": "min", "本": "ben", "道": "dao", "合": "he",
    "开": "kai", "云": "yun", "澄": "cheng", "朗": "lang", "润": "run", "捷": "jie",
    "勤": "qin", "思": "si", "睦": "mu", "敬": "jing",
}
# fmt: on

# A few real roads per district, for believable addresses.
_ROADS = {
    "310101": ["南京东路", "淮海中路", "西藏中路", "延安东路", "中山东一路"],
    "310104": ["漕溪北路", "肇嘉浜路", "虹桥路", "天钥桥路", "宜山路"],
    "310105": ["延安西路", "长宁路", "仙霞路", "遵义路", "天山路"],
    "310106": ["南京西路", "威海路", "江宁路", "共和新路", "北京西路"],
    "310107": ["长寿路", "中山北路", "武宁路", "曹杨路", "真北路"],
    "310109": ["四川北路", "东大名路", "大连路", "西江湾路", "曲阳路"],
    "310110": ["控江路", "黄兴路", "国定路", "长阳路", "江浦路"],
    "310112": ["莘庄路", "沪闵路", "都市路", "七莘路", "虹井路"],
    "310113": ["牡丹江路", "友谊路", "共康路", "同济路", "泰和路"],
    "310114": ["城中路", "博乐路", "安亭路", "塔城路", "胜辛路"],
    "310115": ["世纪大道", "陆家嘴环路", "浦东南路", "张杨路", "银城中路"],
    "310116": ["石化卫零路", "龙航路", "卫清西路", "蒙山路", "金山大道"],
    "310117": ["人民北路", "中山中路", "荣乐东路", "文诚路", "新松江路"],
    "310118": ["城中东路", "公园路", "青安路", "淀湖路", "华青路"],
    "310120": ["南桥路", "解放东路", "百齐路", "望园路", "环城东路"],
    "310151": ["八一路", "人民路", "东门路", "翠竹路", "城桥路"],
}
# Where firms are: the central districts and Pudong hold most of Shanghai's firms.
# fmt: off
_DISTRICT_WEIGHTS = {
    "310101": 14, "310104": 9, "310105": 8, "310106": 16, "310107": 6, "310109": 7,
    "310110": 5, "310112": 7, "310113": 3, "310114": 3, "310115": 14, "310116": 1,
    "310117": 3, "310118": 2, "310120": 1, "310151": 1,
}
# fmt: on
_OLD_BIRTHPLACES = [
    "310101",
    "310104",
    "310105",
    "310106",
    "310107",
    "310109",
    "310110",
    "110101",
    "120101",
]  # fmt: skip
_BIRTHPLACES = [*_OLD_BIRTHPLACES, "310230", "320102", "320502", "330102", "330203",
                "340102", "350102", "360102", "370102", "410102", "420102", "430102",
                "440103", "450102", "610102", "210102", "220102", "230102"]  # fmt: skip

_SURNAMES = list(ZhPerson.last_names.keys())
_SURNAME_WEIGHTS = list(ZhPerson.last_names.values())


def _trade_names() -> list[str]:
    """Every two-character trade name, in one fixed shuffled order (scale-independent)."""
    chars = list(_TRADE_CHARS)
    names = [a + b for a in chars for b in chars if a != b]
    random.Random("shlawyers:firm-names").shuffle(names)  # demo data, seeded on purpose  # nosec B311
    return names


def firm_uscc(index: int, district_code: str) -> str:
    return law_firm_uscc_build(region=district_code, organisation_base=f"{42500000 + index:08d}")


def _firm_district(index: int, codes: Sequence[str]) -> str:
    if index == 0:
        return "310106"  # the demo firm sits in Jing'an
    weights = [_DISTRICT_WEIGHTS[c] for c in codes]
    return random.Random(f"shlawyers:firm:{index}:district").choices(codes, weights)[0]  # demo data  # nosec B311


def demo_firm() -> LawFirm | None:
    """The firm the demo accounts belong to: firm #0 of the seed."""
    return LawFirm.objects.filter(uscc=firm_uscc(0, _firm_district(0, []))).first()


# The demo lawyer shows a full portal: a CLE requirement of 40 hours (full-time, practising
# for years, under 60 — from 60 the requirement halves, from 65 there is none) and dues to
# pay (not in the free or half-price first fee years).
DEMO_LAWYER_MAX_AGE = 55
DEMO_LAWYER_MIN_YEARS = 3


def _demo_lawyer_fits(lawyer: Lawyer, today: dt.date) -> bool:
    from .validators import id_number_birth_date

    try:
        birth = id_number_birth_date(lawyer.id_number)
    except Exception:
        return False
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    practising_since = dt.date(today.year - DEMO_LAWYER_MIN_YEARS, today.month, 1)
    return (
        lawyer.category == LawyerCategory.FULL_TIME
        and age <= DEMO_LAWYER_MAX_AGE
        and lawyer.first_licensed < practising_since
    )


def demo_lawyers_pick(lawyers: Iterable[Lawyer], today: dt.date | None = None) -> list[Lawyer]:
    """The demo firm's practising lawyers in the order every seeder uses them:
    ``[demo lawyer, firm administrator, colleague, …]``.

    THE one selection rule (``demo_accounts``' lawyer@ and firmadmin@, and the demo data
    learning, events, bookings, complaints and dues seed for them): by licence number, the
    first full-time lawyer of at most 55 practising for three years or more is the demo
    lawyer (falling back to the first one); the others follow by licence number, the first
    of them the firm administrator. ``lawyers``: the demo firm's practising lawyers.
    """
    today = today or timezone.localdate()
    ordered = sorted(lawyers, key=lambda lawyer: lawyer.licence_no)
    first = next((lawyer for lawyer in ordered if _demo_lawyer_fits(lawyer, today)), None)
    if first is None:
        return ordered
    return [first, *(lawyer for lawyer in ordered if lawyer.pk != first.pk)]


def demo_lawyers(limit: int = 3) -> list[Lawyer]:
    """``demo_lawyers_pick`` over the database: the demo lawyer, the firm administrator,
    a colleague (``limit`` of them); [] before ``seed_demo``."""
    firm = demo_firm()
    if firm is None:
        return []
    practising = Lawyer.objects.filter(firm=firm, status=LawyerStatus.PRACTISING).select_related(
        "user", "firm"
    )
    return demo_lawyers_pick(practising)[:limit]


# --- Firms ----------------------------------------------------------------------------


def _build_firm(index: int, name: str, district: District, today: dt.date) -> LawFirm:
    r = random.Random(f"shlawyers:firm:{index}")  # demo data  # nosec B311
    pinyin = "".join(_TRADE_CHARS[c] for c in name)
    founded_year = r.choices(
        [r.randint(1985, 1999), r.randint(2000, 2012), r.randint(2013, today.year - 1)],
        [2, 4, 5],
    )[0]
    founded = dt.date(founded_year, r.randint(1, 12), r.randint(1, 28))
    firm_type = r.choices(
        [FirmType.PARTNERSHIP, FirmType.SPECIAL_PARTNERSHIP, FirmType.SOLE, FirmType.STATE],
        [85, 4, 10, 1],
    )[0]
    if index == 0:
        firm_type = FirmType.PARTNERSHIP
    status = r.choices([FirmStatus.ACTIVE, FirmStatus.SUSPENDED, FirmStatus.DISSOLVED], [97, 1, 2])
    status = FirmStatus.ACTIVE if index == 0 else status[0]
    form_digit = {FirmType.SOLE: "3", FirmType.STATE: "2"}.get(firm_type, "1")
    domain = f"{pinyin}law.example.com"
    return LawFirm(
        name=f"上海{name}律师事务所",
        name_en=f"Shanghai {pinyin.capitalize()} Law Firm",
        uscc=firm_uscc(index, district.code),
        licence_no=f"23101{founded_year:04d}{form_digit}{index + 1:07d}",
        district=district,
        firm_type=firm_type,
        status=status,
        founded=founded,
        address=(
            f"上海市{district.name}{r.choice(_ROADS[district.code])}{r.randint(1, 1999)}号"
            f"{r.randint(2, 45)}楼"
        ),
        phone=f"021-{r.randint(5000, 6899)}{r.randint(0, 9999):04d}",
        email=f"office@{domain}",
        website=f"https://www.{domain}",
        charter_includes_party_building=status == FirmStatus.ACTIVE or r.random() < 0.5,
    )


def _seed_firms(spec: Scale, today: dt.date) -> list[LawFirm]:
    districts = {d.code: d for d in District.objects.all()}
    codes = sorted(districts)
    names = _trade_names()
    firms = [
        _build_firm(i, names[i], districts[_firm_district(i, codes)], today)
        for i in range(spec.firms)
    ]
    LawFirm.objects.bulk_create(firms, batch_size=BATCH, ignore_conflicts=True)
    by_uscc = LawFirm.objects.in_bulk([f.uscc for f in firms], field_name="uscc")
    return [by_uscc[f.uscc] for f in firms if f.uscc in by_uscc]


def _firm_slots(firms: Sequence[LawFirm], lawyers_in_firms: int, rng: random.Random) -> list[int]:
    """Which firm each lawyer joins: a few very large firms, many small ones."""
    open_firms = [i for i, f in enumerate(firms) if f.status != FirmStatus.DISSOLVED]
    weights = {i: min(rng.paretovariate(1.15), 250.0) for i in open_firms}
    for i in open_firms:
        if firms[i].firm_type == FirmType.SOLE:
            weights[i] = min(weights[i], 1.5)  # a sole practitioner and an assistant or two
    if open_firms and open_firms[0] == 0:
        weights[0] = max(weights.values()) * 1.2  # the demo firm is a big one
    total = sum(weights.values())
    sizes = {i: max(1, int(w / total * lawyers_in_firms)) for i, w in weights.items()}
    slots = [i for i, n in sizes.items() for _ in range(n)]
    while len(slots) < lawyers_in_firms:
        slots.append(rng.choices(open_firms, [weights[i] for i in open_firms])[0])
    rng.shuffle(slots)
    return slots[:lawyers_in_firms]


# --- Lawyers --------------------------------------------------------------------------


def _person_name(r: random.Random, gender: str) -> str:
    surname = r.choices(_SURNAMES, _SURNAME_WEIGHTS)[0]
    pool = ZhPerson.first_names_male if gender == Gender.MALE else ZhPerson.first_names_female
    given = r.choice(pool)
    if len(given) == 1 and r.random() < 0.55:
        given += r.choice(pool)[0]
    return surname + given


def _id_number(r: random.Random, birth: dt.date, gender: str, used: set[str]) -> str:
    places = _OLD_BIRTHPLACES if birth.year < 1983 else _BIRTHPLACES
    while True:
        seq = r.randrange(0, 500) * 2 + (1 if gender == Gender.MALE else 0)
        body = f"{r.choice(places)}{birth:%Y%m%d}{seq:03d}"
        number = body + ric.calc_check_digit(body + "X")
        if number not in used:
            used.add(number)
            return number


_CATEGORIES_IN_FIRM = (
    [LawyerCategory.FULL_TIME, LawyerCategory.PART_TIME, LawyerCategory.HONG_KONG],
    [960, 35, 5],
)
_CATEGORIES_NO_FIRM = (
    [LawyerCategory.PUBLIC, LawyerCategory.CORPORATE, LawyerCategory.LEGAL_AID],
    [50, 42, 8],
)


def _build_lawyer(
    index: int,
    in_firm: bool,
    areas: Sequence[PracticeArea],
    today: dt.date,
    used_ids: set[str],
) -> tuple[Lawyer, list[PracticeArea]]:
    r = random.Random(f"shlawyers:lawyer:{index}")  # demo data  # nosec B311
    gender = r.choices([Gender.MALE, Gender.FEMALE], [53, 47])[0]
    category = r.choices(*(_CATEGORIES_IN_FIRM if in_firm else _CATEGORIES_NO_FIRM))[0]
    # Shanghai's bar has grown fast: most lawyers were licensed in the last 15 years.
    year = r.choices(
        [r.randint(1986, 1999), r.randint(2000, 2009), r.randint(2010, today.year - 1)],
        [1, 3, 8],
    )[0]
    first_licensed = dt.date(year, r.randint(1, 12), r.randint(1, 28))
    birth = dt.date(year - r.randint(23, 34), r.randint(1, 12), r.randint(1, 28))
    status = r.choices(
        [LawyerStatus.PRACTISING, LawyerStatus.SUSPENDED, LawyerStatus.REVOKED], [955, 15, 30]
    )[0]
    if index < 5:
        status = LawyerStatus.PRACTISING  # the demo accounts' lawyers
    licence_no = (
        f"131{'01'}{year:04d}{CATEGORY_LICENCE_DIGIT[category]}{GENDER_LICENCE_DIGIT[gender]}"
        f"{index + 1:06d}"
    )
    languages: list[str] = []
    if r.random() < 0.35:
        languages.append(Language.ENGLISH)
    if r.random() < 0.06:
        languages.append(
            r.choice([Language.JAPANESE, Language.FRENCH, Language.GERMAN, Language.KOREAN])
        )
    lawyer = Lawyer(
        name=_person_name(r, gender),
        gender=gender,
        licence_no=licence_no,
        category=category,
        status=status,
        first_licensed=first_licensed,
        languages=languages,
        email=f"l{index + 1:06d}@lawyers.example.com",
        mobile=f"1{r.choice('3589')}{r.randint(0, 999_999_999):09d}",
        id_number=_id_number(r, birth, gender, used_ids),
    )
    weights = [20 - min(a.order, 19) for a in areas]
    chosen = {a.pk: a for a in r.choices(areas, weights, k=r.randint(1, 3))} if areas else {}
    return lawyer, list(chosen.values())


def _seed_lawyers(
    spec: Scale, firms: Sequence[LawFirm], rng: random.Random, today: dt.date
) -> list[Lawyer]:
    areas = list(PracticeArea.objects.order_by("order"))
    no_firm = round(spec.lawyers * 0.05)
    slots = _firm_slots(firms, spec.lawyers - no_firm, rng)
    # The first lawyers (demo accounts) always work at the demo firm.
    slots = [0] * min(5, len(slots)) + slots[: len(slots) - min(5, len(slots))]
    slots += [-1] * no_firm
    used_ids: set[str] = set()
    built: list[tuple[Lawyer, list[PracticeArea]]] = []
    for index, slot in enumerate(slots):
        lawyer, lawyer_areas = _build_lawyer(index, slot >= 0, areas, today, used_ids)
        if slot >= 0 and lawyer.status != LawyerStatus.REVOKED:
            lawyer.firm = firms[slot]
        built.append((lawyer, lawyer_areas))
    copy_insert(Lawyer, [b[0] for b in built], ignore_conflicts=True)
    ids = dict(
        Lawyer.objects.filter(licence_no__in=[b[0].licence_no for b in built]).values_list(
            "licence_no", "pk"
        )
    )
    through = Lawyer.practice_areas.through
    links = [
        through(lawyer_id=ids[lawyer.licence_no], practicearea_id=area.pk)
        for lawyer, lawyer_areas in built
        if lawyer.licence_no in ids
        for area in lawyer_areas
    ]
    copy_insert(through, links, ignore_conflicts=True)
    lawyers = Lawyer.objects.in_bulk(list(ids.values()))
    return [lawyers[ids[b[0].licence_no]] for b in built if b[0].licence_no in ids]


# --- Memberships, dues, administrators ------------------------------------------------


def _seed_memberships(firms: Iterable[LawFirm], lawyers: Iterable[Lawyer]) -> None:
    rows = [
        Membership(
            number=membership_number(lawyer=lawyer),
            member_since=lawyer.first_licensed,
            lawyer=lawyer,
        )
        for lawyer in lawyers
        if lawyer.status != LawyerStatus.REVOKED
    ]
    rows += [
        Membership(number=membership_number(firm=firm), member_since=firm.founded, firm=firm)
        for firm in firms
        if firm.status != FirmStatus.DISSOLVED
    ]
    copy_insert(Membership, rows, ignore_conflicts=True)


def _paid_at(r: random.Random, issued: dt.date, latest: dt.date) -> dt.datetime:
    span = max((latest - issued).days, 0)
    day = issued + dt.timedelta(days=r.randint(0, span))
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(r.randint(8, 20), r.randint(0, 59)))
    )


DEMO_CLERK = ("dues-clerk@demo.shlawyers.cn", "会员部 周会计")
LAWYER_SCALE = {
    LawyerCategory.FULL_TIME: Decimal("2000.00"),
    LawyerCategory.PART_TIME: Decimal("1200.00"),
    LawyerCategory.HONG_KONG: Decimal("2000.00"),
    LawyerCategory.MACAO: Decimal("2000.00"),
    LawyerCategory.TAIWAN: Decimal("2000.00"),
    LawyerCategory.PUBLIC: Decimal("1000.00"),
    LawyerCategory.CORPORATE: Decimal("1000.00"),
    LawyerCategory.LEGAL_AID: Decimal("800.00"),
}
FIRM_BANDS = (
    (1, Decimal("3000.00")),
    (11, Decimal("6000.00")),
    (31, Decimal("10000.00")),
    (101, Decimal("20000.00")),
    (301, Decimal("40000.00")),
)


def _dues_clerk() -> Any:
    from apps.accounts.models import User
    from apps.accounts.roles import Role
    from apps.accounts.services import role_group

    email, name = DEMO_CLERK
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, name=name, password=None)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(role_group(role=Role.MEMBER_SERVICES))
    return user


def _seed_dues_scale(fee_year: int) -> None:
    rows = [
        DuesScale(fee_year=fee_year, payer_kind=PayerKind.LAWYER, lawyer_category=c, amount=a)
        for c, a in LAWYER_SCALE.items()
    ]
    rows += [
        DuesScale(fee_year=fee_year, payer_kind=PayerKind.FIRM, firm_min_lawyers=m, amount=a)
        for m, a in FIRM_BANDS
    ]
    DuesScale.objects.bulk_create(rows, ignore_conflicts=True)


def _seed_dues(firms: Sequence[LawFirm], lawyers: Sequence[Lawyer], today: dt.date) -> None:
    """Two fee years of invoices priced by the scale's rules; most of last year paid, a
    good part of this year paid, a few paid in instalments (the demo lawyer sees both)."""
    clerk = _dues_clerk()
    firm_sizes: dict[int, int] = {}
    for lawyer in lawyers:
        if lawyer.firm_id and lawyer.status == LawyerStatus.PRACTISING:
            firm_sizes[lawyer.firm_id] = firm_sizes.get(lawyer.firm_id, 0) + 1
    current = fee_year_of(today)
    existing = set(DuesInvoice.objects.values_list("number", flat=True))
    invoices: list[DuesInvoice] = []
    rules: dict[tuple[str, int, int], Any] = {}
    for fee_year in (current - 1, current):
        _seed_dues_scale(fee_year)
        start, end = fee_year_bounds(fee_year)
        issued = min(start + dt.timedelta(days=9), today)
        due = default_due_date(fee_year)
        for lawyer in lawyers:
            if lawyer.status != LawyerStatus.PRACTISING or lawyer.first_licensed > end:
                continue
            number = dues_invoice_number(year=fee_year, lawyer=lawyer, firm=None)
            if number in existing:
                continue
            # The rule is a pure function of the category and the fee year of the first
            # licence: computed once per combination, not for each of 80,000 invoices.
            key = (lawyer.category, fee_year, fee_year_of(lawyer.first_licensed))
            rule = rules.get(key)
            if rule is None:
                rule = rules[key] = lawyer_dues(
                    base=LAWYER_SCALE[LawyerCategory(lawyer.category)],
                    fee_year=fee_year,
                    first_licensed=lawyer.first_licensed,
                )
            invoices.append(
                DuesInvoice(
                    number=number,
                    year=fee_year,
                    amount=rule.amount,
                    basis=rule.basis,
                    issued_on=issued,
                    due_date=max(due, issued),
                    lawyer=lawyer,
                )
            )
        for firm in firms:
            if firm.status == FirmStatus.DISSOLVED or firm.founded > end:
                continue
            number = dues_invoice_number(year=fee_year, lawyer=None, firm=firm)
            if number in existing:
                continue
            base = firm_band_amount(bands=list(FIRM_BANDS), lawyers=firm_sizes.get(firm.pk, 0))
            if base is None:
                continue
            rule = firm_dues(base=base, fee_year=fee_year, founded=firm.founded)
            invoices.append(
                DuesInvoice(
                    number=number,
                    year=fee_year,
                    amount=rule.amount,
                    basis=rule.basis,
                    issued_on=issued,
                    due_date=max(due, issued),
                    firm=firm,
                )
            )
    # Payments are decided before the invoices go in, so a settled invoice is inserted
    # with its paid_at (an UPDATE of 70,000 rows afterwards was a third of the seeder's
    # time at city scale); the payments get their invoice ids once the invoices have them.
    payments: list[DuesPayment] = []
    # The demo lawyer account (demo_accounts; the shared rule in demo_lawyers_pick).
    picked = demo_lawyers_pick(_demo_firm_staff(firms, lawyers), today)
    demo_lawyer_id = picked[0].pk if picked else None
    methods = list(PaymentMethod.values)
    for invoice in invoices:
        if invoice.amount == 0:
            invoice.paid_at = timezone.make_aware(
                dt.datetime.combine(invoice.issued_on, dt.time(9))
            )
            continue
        r = random.Random(f"shlawyers:dues:{invoice.number}")  # demo data  # nosec B311
        share = 0.97 if invoice.year < current else 0.7
        latest = min(invoice.due_date + dt.timedelta(days=60), today)
        roll = r.random()
        half = (invoice.amount / 2).quantize(Decimal("0.01"))
        if roll < share:  # paid in full, now and then in two instalments
            parts = [half, invoice.amount - half] if r.random() < 0.1 else [invoice.amount]
        elif roll < share + 0.08:  # paid half so far
            parts = [half]
        else:
            continue
        if invoice.lawyer_id == demo_lawyer_id and invoice.year == current:
            parts = [half]  # the demo lawyer sees a part-paid invoice for this year
        whens = sorted(_paid_at(r, invoice.issued_on, latest) for _ in parts)
        for i, (amount, when) in enumerate(zip(parts, whens, strict=True)):
            payments.append(
                DuesPayment(
                    invoice=invoice,
                    number=f"R{invoice.number}-{i + 1:02d}",
                    amount=amount,
                    method=methods[r.randrange(len(methods))],
                    reference=f"{when:%Y%m%d}{r.randint(100000, 999999)}",
                    paid_on=timezone.localdate(when),
                    recorded_by=clerk,
                    recorded_at=when,
                )
            )
        if sum(parts) >= invoice.amount:
            invoice.paid_at = payments[-1].recorded_at
    copy_insert(DuesInvoice, invoices, ignore_conflicts=False)
    ids = dict(
        DuesInvoice.objects.filter(number__in=[i.number for i in invoices]).values_list(
            "number", "pk"
        )
    )
    for invoice in invoices:
        invoice.pk = ids[invoice.number]
    for payment in payments:
        payment.invoice_id = payment.invoice.pk
    copy_insert(DuesPayment, payments, ignore_conflicts=False)


def _demo_firm_staff(firms: Sequence[LawFirm], lawyers: Sequence[Lawyer]) -> list[Lawyer]:
    """Firm #0's (the demo firm's) practising lawyers among ``lawyers``."""
    if not firms:
        return []
    return [
        lawyer
        for lawyer in lawyers
        if lawyer.firm_id == firms[0].pk and lawyer.status == LawyerStatus.PRACTISING
    ]


def _seed_administrators(
    firms: Sequence[LawFirm], lawyers: Sequence[Lawyer], today: dt.date
) -> None:
    by_firm: dict[int, list[Lawyer]] = {}
    for lawyer in lawyers:
        if lawyer.firm_id and lawyer.status == LawyerStatus.PRACTISING:
            by_firm.setdefault(lawyer.firm_id, []).append(lawyer)
    # The demo firm's administrator is the second of demo_lawyers_pick (never the demo
    # lawyer); other firms' are their first lawyers.
    if firms:
        by_firm[firms[0].pk] = demo_lawyers_pick(_demo_firm_staff(firms, lawyers), today)
    rows = []
    for firm in firms:
        staff = by_firm.get(firm.pk, [])
        start = 1 if firm is firms[0] else 0
        for lawyer in staff[start : start + (2 if len(staff) > 50 else 1)]:
            rows.append(FirmAdministrator(firm=firm, lawyer=lawyer))
    FirmAdministrator.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


# --- Branches, annual reviews, honours -------------------------------------------------

# (head-office place prefix for a Shanghai branch of a firm registered elsewhere)
_ELSEWHERE = (
    ("北京市", "Beijing"),
    ("广东", "Guangdong"),
    ("浙江", "Zhejiang"),
    ("江苏", "Jiangsu"),
    ("北京市", "Beijing"),
    ("四川", "Sichuan"),
)
_BRANCH_CITIES = ("北京", "杭州", "深圳", "南京", "苏州", "成都", "武汉", "广州", "西安", "合肥")
_LINGANG = "310115"  # 浦东新区: the 临港新片区, where Shanghai firms may open branches


def _seed_branches(firms: Sequence[LawFirm], lawyers: Sequence[Lawyer]) -> None:
    """A few firms become branches (临港 branches of Shanghai firms, Shanghai branches of
    firms registered elsewhere); larger firms get branches in other cities (FirmBranch).
    Derived from firm indexes only, so reruns and `city` after `small` change nothing."""
    active = [f for f in firms if f.status == FirmStatus.ACTIVE]
    if len(active) < 4:
        return
    size: dict[int, int] = {}
    for lawyer in lawyers:
        if lawyer.firm_id:
            size[lawyer.firm_id] = size.get(lawyer.firm_id, 0) + 1
    heads = [
        firms[0],
        *(f for f in active[1:] if size.get(f.pk, 0) >= 15 and not f.is_branch),
    ]
    step = max(len(firms) // 12, 7)
    lingang = District.objects.filter(code=_LINGANG).first()
    # A name another firm already has (`city` after `small` picks other firms, and one of
    # them may be given a branch name a `small` run gave away): that firm stays as it is.
    taken = set(LawFirm.objects.values_list("name", flat=True))
    for n, index in enumerate(range(step, len(firms), step)):
        firm = firms[index]
        if firm.status != FirmStatus.ACTIVE or firm in heads or firm.is_branch:
            continue
        trade = firm.name.removeprefix("上海").removesuffix("律师事务所")
        if n % 2 == 0 and lingang is not None:
            head = heads[(n // 2) % len(heads)]
            if f"{head.name}临港分所" in taken:
                continue
            firm.name, firm.head_office = f"{head.name}临港分所", head
            firm.name_en = f"{head.name_en}, Lingang Branch"
            firm.district = lingang
        else:
            place, place_en = _ELSEWHERE[n % len(_ELSEWHERE)]
            if f"{place}{trade}律师事务所上海分所" in taken:
                continue
            firm.name = f"{place}{trade}律师事务所上海分所"
            firm.head_office_elsewhere = f"{place}{trade}律师事务所"
            firm.name_en = f"{place_en} {firm.name_en.removeprefix('Shanghai ')}, Shanghai Branch"
        taken.add(firm.name)
        LawFirm.objects.filter(pk=firm.pk).update(
            name=firm.name,
            name_en=firm.name_en,
            head_office=firm.head_office,
            head_office_elsewhere=firm.head_office_elsewhere,
            district=firm.district,
        )
    rows = []
    for k, head in enumerate(heads[: max(3, len(heads) // 4)]):
        count = 3 if k == 0 else 1 + k % 3
        for j in range(count):
            city = _BRANCH_CITIES[(k * 3 + j) % len(_BRANCH_CITIES)]
            year = max(head.founded.year + 5, 2012) + j * 2
            rows.append(
                FirmBranch(
                    firm=head,
                    name=f"{head.name}{city}分所",
                    name_en=f"{head.name_en}, {city} Branch" if head.name_en else "",
                    city=city,
                    address=f"{city}市中心商务区{100 + k}号{j + 5}楼",
                    phone=f"0{10 + (k + j) % 89}-{60000000 + k * 7919 + j:08d}",
                    established=dt.date(min(year, 2024), 1 + (k + j) % 12, 15),
                )
            )
    FirmBranch.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


_HONOURS = (
    # (title, English, awarding body, weight)
    ("上海市优秀律师", "Shanghai Outstanding Lawyer", "上海市司法局、上海市律师协会", 30),
    ("上海市优秀青年律师", "Shanghai Outstanding Young Lawyer", "上海市律师协会", 20),
    ("上海律师行业公益之星", "Pro Bono Star of the Shanghai Bar", "上海市律师协会", 20),
    ("进博会法律服务志愿者先进个人", "CIIE Legal Volunteer of Merit", "上海市律师协会", 12),
    ("全国优秀律师", "National Outstanding Lawyer", "中华全国律师协会", 3),
    ("上海市律师协会专业委员会优秀委员", "Outstanding Committee Member", "上海市律师协会", 15),
)
# Per mille of each grade (the rest of a year's reviews are 称职): 2.2 % 基本称职, 0.3 %
# 不称职, 1.5 % 暂缓考核 in the latest year only (a deferral is settled the next year).
_BASIC_UNTIL, _INCOMPETENT_UNTIL, _DEFERRED_UNTIL = 22, 25, 40


def _review_years(today: dt.date, count: int) -> list[int]:
    """The last ``count`` review years already decided (results come out in May)."""
    latest = today.year - 1 if today >= dt.date(today.year, 6, 1) else today.year - 2
    return [latest - i for i in range(count)]


# One INSERT … SELECT: ~80,000 reviews at city scale in about a second, where building
# the rows in Python took 15 s. Grades come from a hash of licence number and year, so
# reruns add nothing (ON CONFLICT on the lawyer-year constraint) and change nothing.
_REVIEWS_SQL = """
WITH graded AS (
    SELECT l.id AS lawyer_id, y.year,
        CASE
            WHEN l.id = %(demo)s THEN %(r_competent)s
            WHEN l.status = %(suspended)s AND y.year = %(latest)s THEN
                CASE WHEN h.v %% 2 = 0 THEN %(r_deferred)s ELSE %(r_incompetent)s END
            WHEN h.v < %(basic)s THEN %(r_basic)s
            WHEN h.v < %(incompetent)s THEN %(r_incompetent)s
            WHEN h.v < %(deferred)s AND y.year = %(latest)s THEN %(r_deferred)s
            ELSE %(r_competent)s
        END AS result,
        h.v
    FROM {lawyers} l
    CROSS JOIN unnest(%(years)s::int[]) AS y(year)
    CROSS JOIN LATERAL (
        SELECT abs(hashtext(l.licence_no || ':' || y.year::text)) %% 1000 AS v
    ) h
    WHERE l.status <> %(revoked)s AND extract(year FROM l.first_licensed) < y.year
)
INSERT INTO {table} (lawyer_id, year, result, decided_on, note)
SELECT lawyer_id, year, result,
    CASE WHEN result = %(r_deferred)s THEN make_date(year + 1, 5, 31)
         ELSE make_date(year + 1, 5, 10 + v %% 22) END,
    CASE WHEN result = %(r_deferred)s THEN %(deferral_note)s ELSE '' END
FROM graded
ON CONFLICT DO NOTHING
"""


def _seed_reviews_and_honours(
    firms: Sequence[LawFirm], lawyers: Sequence[Lawyer], today: dt.date, scale: str
) -> None:
    """Annual reviews of the last review years for every lawyer on the register (3 years
    small, 2 city: ~76,000 rows), honours for about 3 % of experienced lawyers; the demo
    lawyer is graded 称职 every year and holds one public and one internal honour."""
    from django.db import connection

    r = random.Random(f"shlawyers:demo:members:records:{scale}")  # demo data  # nosec B311
    years = _review_years(today, 3 if scale == "small" else 2)
    demo = demo_lawyers_pick(_demo_firm_staff(firms, lawyers), today)[:1] if firms else []
    demo_pk = demo[0].pk if demo else None
    with connection.cursor() as cursor:
        cursor.execute(
            _REVIEWS_SQL.format(table=AnnualReview._meta.db_table, lawyers=Lawyer._meta.db_table),
            {
                "demo": demo_pk or 0,
                "latest": years[0],
                "years": years,
                "basic": _BASIC_UNTIL,
                "incompetent": _INCOMPETENT_UNTIL,
                "deferred": _DEFERRED_UNTIL,
                "r_competent": ReviewResult.COMPETENT.value,
                "r_basic": ReviewResult.BASICALLY_COMPETENT.value,
                "r_incompetent": ReviewResult.INCOMPETENT.value,
                "r_deferred": ReviewResult.DEFERRED.value,
                "suspended": LawyerStatus.SUSPENDED.value,
                "revoked": LawyerStatus.REVOKED.value,
                "deferral_note": "因投诉处理中暂缓考核。",
            },
        )
    honours: list[Honour] = []
    for lawyer in lawyers:
        if (
            lawyer.pk != demo_pk
            and lawyer.status == LawyerStatus.PRACTISING
            and today.year - lawyer.first_licensed.year >= 5
            and r.random() < 0.03
        ):
            title, title_en, body, _w = r.choices(_HONOURS, [h[3] for h in _HONOURS])[0]
            year = r.randint(max(lawyer.first_licensed.year + 4, today.year - 8), today.year - 1)
            honours.append(
                Honour(
                    lawyer_id=lawyer.pk,
                    title=title,
                    title_en=title_en,
                    awarded_by=body,
                    year=year,
                    awarded_on=min(dt.date(year + 1, 3, r.randint(1, 28)), today),
                )
            )
    if demo_pk is not None:
        honours += [
            Honour(
                lawyer_id=demo_pk,
                title="上海律师行业公益之星",
                title_en="Pro Bono Star of the Shanghai Bar",
                awarded_by="上海市律师协会",
                year=years[0],
                awarded_on=min(dt.date(years[0] + 1, 3, 8), today),
            ),
            Honour(
                lawyer_id=demo_pk,
                title="协会年度工作通报表扬",
                title_en="Commendation in the Association's Annual Report",
                awarded_by="上海市律师协会",
                year=years[0],
                is_public=False,
            ),
        ]
    Honour.objects.bulk_create(honours, batch_size=BATCH, ignore_conflicts=True)


def seed_members(*, scale: str, rng: random.Random) -> None:
    spec = SCALES[scale]
    today = timezone.localdate()
    with transaction.atomic():
        firms = _seed_firms(spec, today)
        lawyers = _seed_lawyers(spec, firms, rng, today)
        _seed_memberships(firms, lawyers)
        _seed_dues(firms, lawyers, today)
        _seed_administrators(firms, lawyers, today)
        _seed_branches(firms, lawyers)
        _seed_reviews_and_honours(firms, lawyers, today, scale)
    member_counts_invalidate()
