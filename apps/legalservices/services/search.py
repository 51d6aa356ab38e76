"""Keeping the lookup's search entries in step with members' lawyers and firms.

Single saves go through signals (signals.py → lawyer_reindex / firm_reindex); bulk
writes that skip signals (seed_demo, xlsx import) are caught by search_reindex_all,
which seed_demo calls and a nightly beat task runs. Each rebuild is a few set-based
statements, so all 42,000 lawyers take seconds.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models, transaction

from apps.members.models import LawFirm, Lawyer

from ..models import FirmSearchEntry, LawyerSearchEntry
from ..pinyin import (
    INDEX_VERSION,
    firm_core_name,
    firm_lexemes,
    person_lexemes,
    primary_pinyin,
    tsvector_text,
)

BATCH = 2000


def _lawyer_rows(lawyers: Iterable[Lawyer]) -> list[LawyerSearchEntry]:
    """Entries without their pinyin and document (see _with_names): deciding whether an
    entry changed needs neither, and pinyin is most of a full reindex's cost."""
    return [
        LawyerSearchEntry(
            lawyer_id=lawyer.pk,
            licence_no=lawyer.licence_no,
            name=lawyer.name,
            firm_id=lawyer.firm_id,
            district_id=lawyer.firm.district_id if lawyer.firm is not None else None,
            status=lawyer.status,
            practice_area_ids=sorted(area.pk for area in lawyer.practice_areas.all()),
            languages=sorted(set(lawyer.languages or [])),
            index_version=INDEX_VERSION,
        )
        for lawyer in lawyers
    ]


def _with_names(rows: list[LawyerSearchEntry]) -> list[LawyerSearchEntry]:
    for row in rows:
        row.pinyin = primary_pinyin(row.name)[:200]
        row.document = tsvector_text(person_lexemes(row.name) | {row.licence_no})
    return rows


def _write(model: type[models.Model], rows: list, fields: list[str]) -> None:
    """Upsert `rows`; the document column is a tsvector literal cast by PostgreSQL."""
    if not rows:
        return
    model._default_manager.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["pk"],
        update_fields=fields,
        batch_size=BATCH,
    )


_LAWYER_FIELDS = [
    "licence_no",
    "name",
    "pinyin",
    "firm",
    "district",
    "status",
    "practice_area_ids",
    "languages",
    "document",
    "index_version",
]
_FIRM_FIELDS = [
    "name",
    "pinyin",
    "licence_no",
    "district",
    "status",
    "practising_lawyers",
    "practice_area_ids",
    "languages",
    "document",
]


def _state(entry: LawyerSearchEntry) -> tuple:
    # The document derives from name and licence number (and the lexeme rules, whose
    # version is stored), so these fields decide whether an entry is stale.
    return (
        entry.licence_no,
        entry.name,
        entry.firm_id,
        entry.district_id,
        entry.status,
        list(entry.practice_area_ids),
        list(entry.languages),
        entry.index_version,
    )


def _changed(rows: list[LawyerSearchEntry]) -> list[LawyerSearchEntry]:
    """Only the rows that differ from what is stored. Rewriting an unchanged row costs a
    dead tuple and a dead GIN entry; after a full rewrite of 42,000 entries lookups ran
    5–10× slower until VACUUM."""
    stored = {
        entry.pk: _state(entry)
        for entry in LawyerSearchEntry.objects.filter(pk__in=[row.pk for row in rows]).defer(
            "document"
        )
    }
    return [row for row in rows if stored.get(row.pk) != _state(row)]


def lawyers_reindex(*, lawyer_ids: Iterable[int] | None = None) -> int:
    """Rebuild the entries of the given lawyers (all when None); returns how many changed."""
    lawyers = (
        Lawyer.objects.select_related("firm").prefetch_related("practice_areas").order_by("pk")
    )
    if lawyer_ids is not None:
        lawyers = lawyers.filter(pk__in=list(lawyer_ids))
    count = 0
    last = 0
    while True:
        batch = list(lawyers.filter(pk__gt=last)[:BATCH])
        if not batch:
            break
        rows = _with_names(_changed(_lawyer_rows(batch)))
        with transaction.atomic():
            _write(LawyerSearchEntry, rows, _LAWYER_FIELDS)
        count += len(rows)
        last = batch[-1].pk
    return count


def firms_reindex(*, firm_ids: Iterable[int] | None = None) -> int:
    """Rebuild firm entries: names, pinyin, and what their practising lawyers offer."""
    firms = LawFirm.objects.order_by("pk")
    if firm_ids is not None:
        firms = firms.filter(pk__in=list(firm_ids))
    firms_list = list(firms)
    if not firms_list:
        return 0
    ids = [firm.pk for firm in firms_list]
    aggregates: dict[int, tuple[int, list[int], list[str]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT l.firm_id,
                   COUNT(DISTINCT l.id),
                   COALESCE(ARRAY_AGG(DISTINCT pa.practicearea_id)
                            FILTER (WHERE pa.practicearea_id IS NOT NULL), '{}'),
                   COALESCE((SELECT ARRAY_AGG(DISTINCT lang) FROM members_lawyer l2,
                             UNNEST(l2.languages) AS lang
                             WHERE l2.firm_id = l.firm_id AND l2.status = 'practising'), '{}')
            FROM members_lawyer l
            LEFT JOIN members_lawyer_practice_areas pa ON pa.lawyer_id = l.id
            WHERE l.firm_id = ANY(%s) AND l.status = 'practising'
            GROUP BY l.firm_id
            """,
            [ids],
        )
        for firm_id, lawyers, areas, languages in cursor.fetchall():
            aggregates[firm_id] = (lawyers, sorted(areas), sorted(languages))
    rows = []
    for firm in firms_list:
        lawyers, areas, languages = aggregates.get(firm.pk, (0, [], []))
        lexemes = firm_lexemes(firm.name, firm.name_en) | {firm.licence_no}
        rows.append(
            FirmSearchEntry(
                firm_id=firm.pk,
                name=firm.name,
                pinyin=primary_pinyin(firm_core_name(firm.name))[:300],
                licence_no=firm.licence_no,
                district_id=firm.district_id,
                status=firm.status,
                practising_lawyers=lawyers,
                practice_area_ids=areas,
                languages=languages,
                document=tsvector_text(lexemes),
            )
        )
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            _write(FirmSearchEntry, rows[start : start + BATCH], _FIRM_FIELDS)
    return len(rows)


def search_reindex_all() -> dict[str, int]:
    """Every lawyer and firm (after bulk imports and seed_demo).

    Then both tables are rewritten in pinyin order (CLUSTER on their pinyin index) and
    VACUUM ANALYZEd:

    * **Pinyin order on disk.** A name lookup reads every match and sorts them by
      pinyin; the matches of a surname sit together in that order, so they share a few
      pages instead of being spread over the table (王 at city scale, 3,158 matches:
      1,323 heap pages → 117, the query 5.9 → 3.6 ms). Entries written during the day
      go wherever there is room; this nightly run puts them back in order. CLUSTER
      holds an exclusive lock while it rewrites — about 1 s for 42,000 lawyers, during
      which lookups wait, at 03:30.
    * **VACUUM ANALYZE.** Right after a bulk load the planner has no statistics and the
      heap no visibility map (measured at city scale: 100–250 ms per lookup before,
      2–30 ms after), and autovacuum may not come round for minutes.

    Inside a transaction (tests, a caller's atomic block) neither CLUSTER-then-VACUUM
    nor VACUUM can run: ANALYZE only.
    """
    counts = {"lawyers": lawyers_reindex(), "firms": firms_reindex()}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, index in (
            (LawyerSearchEntry, "ls_lawyer_pinyin"),
            (FirmSearchEntry, "ls_firm_pinyin"),
        ):
            table = quote(model._meta.db_table)
            if connection.in_atomic_block:
                cursor.execute(f"ANALYZE {table}")
                continue
            cursor.execute(f"CLUSTER {table} USING {quote(index)}")
            cursor.execute(f"VACUUM ANALYZE {table}")
    return counts
