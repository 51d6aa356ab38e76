"""Demo data for the party-organization registry: seed_partyorg(scale=..., rng=...).

Built from the members demo (run first by seed_demo): each practising individual member
is a party member with a probability that depends on the firm's size (_party_share), a
few firm staff too; then firms are
ranked by full party members and organized the way the sector is in the article —
the largest as firm party committees (with branches and party groups below), the next
as general branches (with branches), firms with three or more full members as independent
branches, and the rest grouped into joint branches of two to five small firms under their
district's body. Firms left without an organization get a party-building instructor or
liaison. At city scale this lands near 760 organizations (20 / 23 / 562 / 155) and about
18,600 members; small scale gives a few dozen organizations.

Fast: the tree's lft/rght are computed here and every table is filled with bulk_create
(no history rows for demo data). Idempotent: if the sector committee exists, nothing is
added.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.utils import timezone

from apps.members.models import LawFirm, Lawyer

from .models import (
    TERM_YEARS,
    Activity,
    ActivityAttendance,
    ActivityKind,
    Affiliation,
    CommitteePosition,
    DuesPayment,
    FirmLiaison,
    Honor,
    HonorKind,
    HonorLevel,
    LiaisonRole,
    MemberCategory,
    MembershipTransfer,
    OrgFirm,
    OrgKind,
    PartyMember,
    PartyOrganization,
    PositionRole,
    SecretaryTraining,
    TrainingAttendance,
    TransferKind,
)
from .selectors.statistics import party_statistics_invalidate
from .services.rules import dues_monthly

SECTOR_NAME = "中共上海市律师行业委员会"
BATCH = 5000


@dataclass(frozen=True)
class Scale:
    committees: int
    general_branches: int
    independent_max: int
    joint_target: int
    staff_share: float


SCALES = {
    "small": Scale(
        committees=1, general_branches=1, independent_max=12, joint_target=4, staff_share=0.10
    ),
    "thirtieth": Scale(
        committees=1, general_branches=1, independent_max=19, joint_target=5, staff_share=0.104
    ),
    "city": Scale(
        committees=20, general_branches=23, independent_max=562, joint_target=155, staff_share=0.104
    ),
}
PROBATIONARY_SHARE = 0.03
DUES_MONTHS = 12
CN_NUMBERS = "一二三四五六七八九十"


@dataclass
class Node:
    name: str
    kind: str
    founded: dt.date
    children: list[Node] = field(default_factory=list)
    firms: list[int] = field(default_factory=list)
    members: list[int] = field(default_factory=list)  # indexes into the member list
    term_start: dt.date | None = None
    obj: PartyOrganization | None = None


@dataclass
class Person:
    lawyer_id: int | None
    name: str
    firm_id: int
    staff_firm_id: int | None
    category: str
    joined_party: dt.date
    income: Decimal
    inactive: bool = False
    obj: PartyMember | None = None


def _ordinal(n: int) -> str:
    return CN_NUMBERS[n - 1] if n <= 10 else str(n)


def _party_share(r: random.Random, firm_size: int) -> float:
    """Share of a firm's lawyers who are party members: high in large firms, mixed in
    middle-sized ones, low in the smallest (so many small firms have none)."""
    if firm_size >= 21:
        return 0.58
    if firm_size >= 6:
        return 0.42 if r.random() < 0.42 else 0.05
    return 0.10


def _people(r: random.Random, today: dt.date, spec: Scale) -> list[Person]:
    lawyers = list(
        Lawyer.objects.individual_members()
        .filter(firm__isnull=False, firm__in=LawFirm.objects.member_firms())
        .order_by("pk")
        .values_list("pk", "name", "firm_id", "first_licensed")
    )
    sizes: dict[int, int] = defaultdict(int)
    for _pk, _name, firm_id, _licensed in lawyers:
        sizes[firm_id] += 1
    share = {firm_id: _party_share(r, n) for firm_id, n in sorted(sizes.items())}
    people: list[Person] = []
    for pk, name, firm_id, licensed in lawyers:
        if r.random() >= share[firm_id]:
            continue
        people.append(_person(r, today, pk, name, firm_id, None, licensed))
    staff_firms = sorted({p.firm_id for p in people})
    for i in range(int(len(people) * spec.staff_share)):
        firm_id = r.choice(staff_firms)
        name = r.choice("王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗") + r.choice(
            ["晓燕", "丽华", "建国", "静", "敏", "海燕", "伟", "婷", "晨", "佳怡", "志强", "雪"]
        )
        people.append(
            _person(r, today, None, name, firm_id, firm_id, today - dt.timedelta(days=3000 + i))
        )
    return people


def _person(
    r: random.Random,
    today: dt.date,
    lawyer_id: int | None,
    name: str,
    firm_id: int,
    staff_firm_id: int | None,
    licensed: dt.date,
) -> Person:
    probationary = r.random() < PROBATIONARY_SHARE
    if probationary:
        joined = today - dt.timedelta(days=r.randint(30, 420))
    else:
        joined = dt.date(r.randint(1985, today.year - 2), r.randint(1, 12), r.randint(1, 28))
    income = Decimal(r.choice([2800, 4500, 8000, 12000, 18000, 30000, 50000]))
    return Person(
        lawyer_id=lawyer_id,
        name=name,
        firm_id=firm_id,
        staff_firm_id=staff_firm_id,
        category=MemberCategory.PROBATIONARY if probationary else MemberCategory.FULL,
        joined_party=joined,
        income=income,
    )


def _term_start(r: random.Random, kind: str, today: dt.date) -> dt.date:
    years = TERM_YEARS[kind]
    # Spread over one term, a few past it (overdue for re-election).
    return today - dt.timedelta(days=r.randint(20, years * 365 + 70))


def _split(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _build_tree(
    r: random.Random, today: dt.date, spec: Scale, people: list[Person]
) -> tuple[Node, list[int]]:
    firms = {
        pk: (name, district)
        for pk, name, district in LawFirm.objects.member_firms().values_list(
            "pk", "name", "district__name"
        )
    }
    by_firm: dict[int, list[int]] = defaultdict(list)
    for i, person in enumerate(people):
        by_firm[person.firm_id].append(i)
    full = {
        f: sum(1 for i in ids if people[i].category == MemberCategory.FULL)
        for f, ids in by_firm.items()
    }
    ranked = sorted(by_firm, key=lambda f: (-full[f], f))

    sector = Node(SECTOR_NAME, OrgKind.SECTOR_COMMITTEE, dt.date(2002, 6, 18))
    districts: dict[str, Node] = {}

    def founded() -> dt.date:
        return dt.date(r.randint(2003, today.year - 1), r.randint(1, 12), r.randint(1, 28))

    def with_term(node: Node) -> Node:
        node.term_start = _term_start(r, node.kind, today)
        return node

    committees = ranked[: spec.committees]
    generals = ranked[spec.committees : spec.committees + spec.general_branches]
    rest = ranked[spec.committees + spec.general_branches :]
    independents = [f for f in rest if full[f] >= 3][: spec.independent_max]
    chosen = set(independents)
    joint_firms = [f for f in rest if f not in chosen]

    for f in committees:
        node = with_term(Node(f"{firms[f][0]}委员会", OrgKind.FIRM_COMMITTEE, founded(), firms=[f]))
        members = by_firm[f][:]
        r.shuffle(members)
        size = max(1, len(members) // 45)
        general = with_term(Node(f"{firms[f][0]}总支部委员会", OrgKind.GENERAL_BRANCH, founded()))
        for n, chunk in enumerate(_split(members, max(3, -(-len(members) // (size + 2)))), start=1):
            branch = with_term(
                Node(
                    f"{firms[f][0]}第{_ordinal(n)}支部委员会",
                    OrgKind.BRANCH,
                    founded(),
                    members=chunk,
                )
            )
            if n <= 2 and len(members) > 60:
                general.children.append(branch)
            else:
                node.children.append(branch)
        if general.children:
            node.children.append(general)
        sector.children.append(node)
    for f in generals:
        node = with_term(
            Node(f"{firms[f][0]}总支部委员会", OrgKind.GENERAL_BRANCH, founded(), firms=[f])
        )
        members = by_firm[f][:]
        r.shuffle(members)
        for n, chunk in enumerate(_split(members, max(3, -(-len(members) // 3))), start=1):
            node.children.append(
                with_term(
                    Node(
                        f"{firms[f][0]}第{_ordinal(n)}支部委员会",
                        OrgKind.BRANCH,
                        founded(),
                        members=chunk,
                    )
                )
            )
        sector.children.append(node)
    for f in independents:
        node = with_term(
            Node(
                f"{firms[f][0]}支部委员会", OrgKind.BRANCH, founded(), firms=[f], members=by_firm[f]
            )
        )
        if len(by_firm[f]) >= 20:
            for n in range(1, 3):
                node.children.append(Node(f"第{_ordinal(n)}党小组", OrgKind.GROUP, node.founded))
        sector.children.append(node)
    # Joint branches: small firms of one district together, 2–5 firms each.
    by_district: dict[str, list[int]] = defaultdict(list)
    for f in joint_firms:
        by_district[firms[f][1]].append(f)
    per_joint = max(2, min(5, round(len(joint_firms) / max(spec.joint_target, 1))))
    counter = 0
    for district_name in sorted(by_district):
        group = by_district[district_name]
        if len(group) < 2:
            continue  # a lone small firm keeps an instructor instead (below)
        body = districts.setdefault(
            district_name,
            Node(f"{district_name}律师行业党建工作委员会", OrgKind.DISTRICT, dt.date(2010, 7, 1)),
        )
        chunks = _split(group, per_joint)
        if len(chunks) > 1 and len(chunks[-1]) < 2:
            chunks[-2].extend(chunks.pop())
        for chunk in chunks:
            counter += 1
            members = [i for f in chunk for i in by_firm[f]]
            body.children.append(
                with_term(
                    Node(
                        f"{district_name}律师行业第{counter}联合支部委员会",
                        OrgKind.JOINT_BRANCH,
                        founded(),
                        firms=chunk,
                        members=members,
                    )
                )
            )
    # Lone small firms of a district share a cross-district joint branch.
    lone = [f for d in sorted(by_district) if len(by_district[d]) < 2 for f in by_district[d]]
    for chunk in _split(lone, per_joint) if len(lone) >= 2 else []:
        if len(chunk) < 2:
            sector.children[-1].firms.extend(chunk)
            sector.children[-1].members.extend(i for f in chunk for i in by_firm[f])
            continue
        counter += 1
        sector.children.append(
            with_term(
                Node(
                    f"律师行业第{counter}联合支部委员会",
                    OrgKind.JOINT_BRANCH,
                    founded(),
                    firms=chunk,
                    members=[i for f in chunk for i in by_firm[f]],
                )
            )
        )
    sector.children.extend(districts[d] for d in sorted(districts))
    covered = set(committees + generals + independents)
    covered |= {f for d in districts.values() for j in d.children for f in j.firms}
    covered |= {f for j in sector.children if j.kind == OrgKind.JOINT_BRANCH for f in j.firms}
    uncovered = [f for f in firms if f not in covered]
    return sector, uncovered


def _flatten(root: Node, tree_id: int) -> list[tuple[Node, Node | None, int, int, int]]:
    """(node, parent, lft, rght, level) in depth-first order, children sorted by name."""
    rows: list[tuple[Node, Node | None, int, int, int]] = []
    counter = 0

    def visit(node: Node, parent: Node | None, level: int) -> None:
        nonlocal counter
        counter += 1
        index = len(rows)
        rows.append((node, parent, counter, 0, level))
        for child in sorted(node.children, key=lambda c: c.name):
            visit(child, node, level + 1)
        counter += 1
        rows[index] = (node, parent, rows[index][2], counter, level)

    visit(root, None, 0)
    return rows


def _save_tree(root: Node, today: dt.date) -> list[Node]:
    tree_id = (
        PartyOrganization.objects.order_by("-tree_id").values_list("tree_id", flat=True).first()
        or 0
    ) + 1
    rows = _flatten(root, tree_id)
    for level in range(max(r[4] for r in rows) + 1):
        batch = []
        for node, parent, lft, rght, lv in rows:
            if lv != level:
                continue
            end = None
            if node.term_start:
                end = node.term_start + relativedelta(years=TERM_YEARS[node.kind])
            node.obj = PartyOrganization(
                name=node.name,
                kind=node.kind,
                parent=parent.obj if parent else None,
                founded=node.founded,
                term_start=node.term_start,
                term_planned_end=end,
                # Terms long past are treated as already announced to staff.
                term_notified_for=end if end and end < today - dt.timedelta(days=30) else None,
                lft=lft,
                rght=rght,
                tree_id=tree_id,
                level=lv,
            )
            batch.append(node.obj)
        PartyOrganization.objects.bulk_create(batch, batch_size=BATCH)
    nodes = [row[0] for row in rows]
    OrgFirm.objects.bulk_create(
        [OrgFirm(organization=n.obj, firm_id=f, since=n.founded) for n in nodes for f in n.firms],
        batch_size=BATCH,
    )
    return nodes


def _save_people(r: random.Random, today: dt.date, people: list[Person], nodes: list[Node]) -> None:
    objs = []
    for p in people:
        probation_due = (
            p.joined_party + relativedelta(years=1)
            if p.category == MemberCategory.PROBATIONARY
            else None
        )
        objs.append(
            PartyMember(
                lawyer_id=p.lawyer_id,
                name=p.name,
                staff_firm_id=p.staff_firm_id,
                category=p.category,
                joined_party_on=p.joined_party,
                probation_due=probation_due,
                monthly_income=p.income,
            )
        )
    _copy_objects(PartyMember, objs)
    for p, obj in zip(people, objs, strict=True):
        p.obj = obj
    member_orgs = [n for n in nodes if n.members]
    affiliations, transfers = [], []
    for node in member_orgs:
        for i in node.members:
            person = people[i]
            entered = max(person.joined_party, node.founded) + dt.timedelta(days=r.randint(0, 400))
            entered = min(entered, today - dt.timedelta(days=1))
            if r.random() < 0.05 and entered < today - dt.timedelta(days=200):
                # Came over from another organization of the sector some time ago.
                previous = r.choice(member_orgs)
                moved = entered + dt.timedelta(days=r.randint(30, 180))
                if previous is not node and moved < today:
                    affiliations.append(
                        Affiliation(
                            member=person.obj,
                            organization=previous.obj,
                            started_on=entered,
                            ended_on=moved,
                        )
                    )
                    transfers.append(
                        MembershipTransfer(
                            member=person.obj,
                            kind=TransferKind.WITHIN,
                            transferred_on=moved,
                            from_organization=previous.obj,
                            to_organization=node.obj,
                            letter_no=f"沪律党转〔{moved.year}〕{len(transfers) + 1}号",
                        )
                    )
                    entered = moved
            else:
                transfers.append(
                    MembershipTransfer(
                        member=person.obj,
                        kind=TransferKind.IN,
                        transferred_on=entered,
                        to_organization=node.obj,
                        outside_party="原工作单位党组织",
                    )
                )
            affiliations.append(
                Affiliation(member=person.obj, organization=node.obj, started_on=entered)
            )
    _copy_objects(Affiliation, affiliations)
    _copy_objects(MembershipTransfer, transfers)

    # Committees: a secretary everywhere; committees of 3–5 (7 for party committees).
    positions = []
    for node in member_orgs + [
        n
        for n in nodes
        if n.kind in (OrgKind.FIRM_COMMITTEE, OrgKind.GENERAL_BRANCH) and not n.members
    ]:
        pool = [people[i] for i in (node.members or _subtree_members(node))]
        fulls = [p for p in pool if p.category == MemberCategory.FULL]
        if not fulls:
            continue
        seats = [PositionRole.SECRETARY]
        if len(fulls) >= 7:
            extra = [
                PositionRole.DEPUTY,
                PositionRole.ORGANIZATION,
                PositionRole.PROPAGANDA,
                PositionRole.DISCIPLINE,
            ]
            if node.kind == OrgKind.FIRM_COMMITTEE:
                extra += [PositionRole.MEMBER, PositionRole.MEMBER]
            seats += extra
        elif len(fulls) >= 4 and r.random() < 0.5:
            seats.append(PositionRole.DEPUTY)
        chosen = r.sample(fulls, min(len(seats), len(fulls)))
        start = node.term_start or node.founded
        for role, person in zip(seats, chosen, strict=False):
            positions.append(
                CommitteePosition(
                    organization=node.obj, member=person.obj, role=role, started_on=start
                )
            )
    _copy_objects(CommitteePosition, positions)
    _seed_dues(r, today, people)
    _seed_activities(r, today, member_orgs, people)
    _seed_training(r, today, positions)


def _copy(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """COPY rows into a table: ten times faster than bulk_create for the big demo tables."""
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _copy_objects(model: type, objs: list) -> None:
    """Insert model instances with COPY, ids reserved from the table's sequence first
    (so foreign keys to them can be written straight after)."""
    if not objs:
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    auto = {
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    attnames = [f.attname for f in fields]
    rows = []
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        values = obj.__dict__
        # Plain values only (choices are str subclasses): psycopg adapts the rest.
        rows.append(
            tuple(
                now if name in auto else (str(v) if isinstance(v := values.get(name), str) else v)
                for name in attnames
            )
        )
    _copy(table, tuple(f.column for f in fields), rows)


def _subtree_members(node: Node) -> list[int]:
    out = list(node.members)
    for child in node.children:
        out.extend(_subtree_members(child))
    return out


def _seed_dues(r: random.Random, today: dt.date, people: list[Person]) -> None:
    this_month = today.replace(day=1)
    months = [this_month - relativedelta(months=k) for k in range(1, DUES_MONTHS + 1)]
    # Paid some day in the following month's first three weeks.
    paid_days = {
        m: [m + relativedelta(months=1) + dt.timedelta(days=d) for d in range(20)] for m in months
    }
    rows = []
    for p in people:
        roll = r.random()
        if roll < 0.01:
            p.inactive = True  # paid nothing for a while (and goes to no activities either)
            continue
        amount = dues_monthly(p.income)
        skip = 1 if roll < 0.05 else 0  # behind by a month
        joined = p.joined_party.replace(day=1)
        for month in months[skip:]:
            if month >= joined:
                rows.append((p.obj.pk, month, amount, paid_days[month][int(r.random() * 20)]))
    _copy(DuesPayment._meta.db_table, ("member_id", "month", "amount", "paid_on"), rows)


THEMES = [
    "学习贯彻全会精神",
    "重温入党誓词",
    "律师职业道德与执业纪律",
    "党员律师公益法律服务",
    "以案释法进社区",
    "红色寻访：中共一大纪念馆",
    "优化营商环境法律服务",
    "涉外法治人才培养",
]


def _seed_activities(
    r: random.Random, today: dt.date, orgs: list[Node], people: list[Person]
) -> None:
    acts, attended = [], []
    for node in orgs:
        diligent = r.random() > 0.15
        plan = [
            (ActivityKind.THEME_DAY, 12 if diligent else 8),
            (ActivityKind.MEMBER_MEETING, 4 if diligent else 3),
            (ActivityKind.PARTY_LECTURE, 4 if diligent else 2),
            (ActivityKind.LIFE_MEETING, 1),
            (ActivityKind.APPRAISAL, 1),
        ]
        if len(node.members) >= 7:
            plan.append((ActivityKind.COMMITTEE_MEETING, 12 if diligent else 9))
        for kind, times in plan:
            for k in range(times):
                day = today - dt.timedelta(days=int(365 * (k + 0.5) / times) + r.randint(-5, 5))
                acts.append(
                    (
                        node,
                        Activity(
                            organization=node.obj,
                            kind=kind,
                            held_on=min(day, today),
                            title=f"{ActivityKind(kind).label}：{r.choice(THEMES)}",
                        ),
                    )
                )
    _copy_objects(Activity, [a for _n, a in acts])
    recent = today - dt.timedelta(days=100)
    for node, activity in acts:
        if activity.kind != ActivityKind.THEME_DAY or activity.held_on < recent:
            continue
        for i in node.members:
            if r.random() < 0.85 and not people[i].inactive:
                attended.append((activity.pk, people[i].obj.pk))
    _copy(ActivityAttendance._meta.db_table, ("activity_id", "member_id"), attended)


def _seed_training(r: random.Random, today: dt.date, positions: list[CommitteePosition]) -> None:
    sessions = []
    for year in range(today.year - 2, today.year + 1):
        for n, month in enumerate((4, 9), start=1):
            start = dt.date(year, month, 10)
            if start > today:
                continue
            sessions.append(
                SecretaryTraining(
                    title=f"{year}年律师事务所党组织书记轮训（第{_ordinal(n)}期）",
                    starts_on=start,
                    ends_on=start + dt.timedelta(days=2),
                    location="上海市律师协会培训中心",
                    hours=16,
                )
            )
    SecretaryTraining.objects.bulk_create(sessions)
    if not sessions:
        return
    rows = []
    for position in positions:
        if position.role == PositionRole.SECRETARY and r.random() < 0.9:
            rows.append(TrainingAttendance(training=r.choice(sessions), member=position.member))
    TrainingAttendance.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def _seed_honours(
    r: random.Random, today: dt.date, nodes: list[Node], people: list[Person]
) -> None:
    orgs = [
        n
        for n in nodes
        if (
            n.kind
            in (
                OrgKind.FIRM_COMMITTEE,
                OrgKind.GENERAL_BRANCH,
                OrgKind.BRANCH,
                OrgKind.JOINT_BRANCH,
            )
            and n.members
        )
        or n.kind == OrgKind.FIRM_COMMITTEE
    ]
    lawyers = [p for p in people if p.lawyer_id and p.category == MemberCategory.FULL]
    scale = max(1, len(orgs) // 100)
    bodies = {
        HonorLevel.NATIONAL: "中共中央组织部",
        HonorLevel.MUNICIPAL: "中共上海市委",
        HonorLevel.DISTRICT: "区委组织部",
    }
    rows = []
    for year in range(today.year - 4, today.year + 1):
        for level, per in (
            (HonorLevel.NATIONAL, 0.2),
            (HonorLevel.MUNICIPAL, 1.5),
            (HonorLevel.DISTRICT, 3),
        ):
            for _ in range(
                max(
                    1 if level != HonorLevel.NATIONAL or year % 5 == 1 else 0,
                    round(per * scale * r.uniform(0.7, 1.3)),
                )
            ):
                kind = r.choice(
                    [
                        HonorKind.ADVANCED_ORGANIZATION,
                        HonorKind.OUTSTANDING_MEMBER,
                        HonorKind.OUTSTANDING_WORKER,
                    ]
                )
                title = {
                    HonorKind.ADVANCED_ORGANIZATION: "先进基层党组织",
                    HonorKind.OUTSTANDING_MEMBER: "优秀共产党员",
                    HonorKind.OUTSTANDING_WORKER: "优秀党务工作者",
                }[kind]
                if kind == HonorKind.ADVANCED_ORGANIZATION and orgs:
                    rows.append(
                        Honor(
                            level=level,
                            kind=kind,
                            title=title,
                            year=year,
                            awarded_by=bodies[level],
                            organization=r.choice(orgs).obj,
                        )
                    )
                elif lawyers:
                    rows.append(
                        Honor(
                            level=level,
                            kind=kind,
                            title=title,
                            year=year,
                            awarded_by=bodies[level],
                            member=r.choice(lawyers).obj,
                        )
                    )
    Honor.objects.bulk_create(rows, batch_size=BATCH)


CASES = [
    (
        "“党建+公益”双轮驱动",
        "以党员律师为骨干组建公益法律服务队，常态化进社区、进园区开展法治体检。",
    ),
    (
        "联合党支部“轮值书记”制度",
        "成员律所负责人轮流担任值周联络人，组织生活轮流承办，小所党员不再“掉队”。",
    ),
    ("青年律师“红色导师”结对", "由资深党员律师与青年律师一对一结对，带案办案与思想引领同步。"),
    ("党建引领涉外法律服务", "依托党组织统筹所内涉外团队，为“走出去”企业提供合规体检和风险预警。"),
    ("楼宇党建联建共建", "与所在商务楼宇党组织联建，共享阵地，共同开展主题党日和普法活动。"),
    ("党员律师调解工作室", "在街道设立党员律师调解工作室，参与矛盾纠纷多元化解。"),
]
REPORT_TITLES = [
    "关于律所合并后党组织设置调整的请示",
    "关于党支部延期换届的请示",
    "关于发展党员工作计划的报告",
    "关于党员律师参与重大公益项目的报告",
]


def _seed_reporting(
    r: random.Random, today: dt.date, nodes: list[Node], people: list[Person]
) -> None:
    from .models import (
        CaseStatus,
        InnovativeCase,
        MajorMatterReport,
        ReportStatus,
        ResponsibilityZone,
        Visit,
        VisitKind,
        ZoneKind,
    )
    from .workdays import add_workdays

    orgs = [
        n.obj
        for n in nodes
        if n.kind in (OrgKind.FIRM_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.JOINT_BRANCH)
        or (n.kind == OrgKind.BRANCH and n.firms)
    ]
    committee = [p.obj for p in people if p.category == MemberCategory.FULL][:7]
    if not orgs or not committee:
        return
    per_zone = -(-len(orgs) // len(committee))
    for i, member in enumerate(committee):
        share = orgs[i * per_zone : (i + 1) * per_zone]
        if not share:
            break
        zone = ResponsibilityZone.objects.create(
            name=f"第{_ordinal(i + 1)}党建责任区",
            kind=ZoneKind.ZONE,
            responsible=member,
            since=dt.date(today.year - 1, 3, 1),
        )
        zone.organizations.set(share)
        point = ResponsibilityZone.objects.create(
            name=f"基层联系点（{share[0].name}）",
            kind=ZoneKind.CONTACT_POINT,
            responsible=member,
            since=dt.date(today.year - 1, 3, 1),
        )
        point.organizations.set(share[:1])
    reports = []
    for k in range(max(4, len(orgs) // 40)):
        filed = today - dt.timedelta(days=r.randint(1, 120))
        status = r.choice(
            [
                ReportStatus.ANSWERED,
                ReportStatus.ANSWERED,
                ReportStatus.ACKNOWLEDGED,
                ReportStatus.FILED,
            ]
        )
        now = timezone.now()
        reports.append(
            MajorMatterReport(
                organization=r.choice(orgs),
                title=REPORT_TITLES[k % len(REPORT_TITLES)],
                body="经支部委员会研究，现将有关情况报告如下，妥否，请批示。",
                filed_on=filed,
                reply_due=add_workdays(filed, 10),
                status=status,
                acknowledged_at=now if status != ReportStatus.FILED else None,
                answer="同意。请按程序办理并报备结果。" if status == ReportStatus.ANSWERED else "",
                answered_at=now if status == ReportStatus.ANSWERED else None,
            )
        )
    MajorMatterReport.objects.bulk_create(reports)
    Visit.objects.bulk_create(
        Visit(
            organization=r.choice(orgs),
            kind=r.choice(list(VisitKind)),
            held_on=today - dt.timedelta(days=r.randint(1, 300)),
            visitors="行业党委委员、党建指导员",
            notes="了解党组织建设和党员教育管理情况，听取律所对行业党建工作的意见建议。",
        )
        for _ in range(max(6, len(orgs) // 20))
    )
    InnovativeCase.objects.bulk_create(
        InnovativeCase(
            organization=r.choice(orgs),
            year=today.year - (k % 2),
            title=title,
            summary=summary,
            submitted_on=dt.date(today.year - (k % 2), 5, 1 + k),
            status=CaseStatus.FEATURED if k < 4 else CaseStatus.SUBMITTED,
            review_note="做法具体，成效明显，予以推广。" if k < 4 else "",
            reviewed_at=timezone.now() if k < 4 else None,
        )
        for k, (title, summary) in enumerate(CASES)
    )


def seed_partyorg(*, scale: str, rng: random.Random) -> None:
    if PartyOrganization.objects.filter(kind=OrgKind.SECTOR_COMMITTEE, name=SECTOR_NAME).exists():
        return
    spec = SCALES[scale]
    today = timezone.localdate()
    with transaction.atomic():
        people = _people(rng, today, spec)
        root, uncovered = _build_tree(rng, today, spec, people)
        nodes = _save_tree(root, today)
        _save_people(rng, today, people, nodes)
        _seed_honours(rng, today, nodes, people)
        _seed_reporting(rng, today, nodes, people)
        FirmLiaison.objects.bulk_create(
            [
                FirmLiaison(
                    firm_id=f,
                    role=rng.choice([LiaisonRole.INSTRUCTOR, LiaisonRole.LIAISON]),
                    name=rng.choice("王李张刘陈杨黄赵周吴")
                    + rng.choice(["建华", "红梅", "卫东", "秀英", "振宇"]),
                    appointed_on=today - dt.timedelta(days=rng.randint(30, 1500)),
                )
                for f in uncovered
            ],
            batch_size=BATCH,
        )
    party_statistics_invalidate()
