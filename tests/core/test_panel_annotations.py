"""Panels that annotate the owner's object: collected once, typed as the model's fields.

apps.core.panels lets a panel contribute expressions to the query that loads the page's
object; apps.core.related_rows builds them (a total, or a few related rows as JSON) and
turns the rows back into model instances."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import OuterRef

from apps.core import panels as registry
from apps.core.related_rows import related_rows, related_total, rows_as_instances
from apps.legalservices.models import ProBonoRecord
from apps.members.models import AnnualReview, Lawyer
from tests.legalservices.factories import ProBonoRecordFactory
from tests.members.factories import AnnualReviewFactory, LawyerFactory


@pytest.fixture
def scratch_panels():
    """Two throwaway panels in the lawyer.public slot, removed afterwards."""
    keys = []

    def add(key, annotations):
        registry.panel_register(
            "lawyer.public",
            key,
            template="unused.html",
            context=lambda request, obj: None,
            annotations=annotations,
        )
        keys.append(key)

    yield add
    for key in keys:
        registry.panel_unregister("lawyer.public", key)


def test_annotations_of_every_panel_of_the_slot_are_collected(rf, scratch_panels):
    scratch_panels("test.a", lambda request: {"test_a": 1})
    scratch_panels("test.b", lambda request: {"test_b": 2})

    collected = registry.panels_annotations("lawyer.public", rf.get("/"))

    assert collected["test_a"] == 1
    assert collected["test_b"] == 2


def test_two_panels_may_not_claim_the_same_name(rf, scratch_panels):
    scratch_panels("test.a", lambda request: {"test_same": 1})
    scratch_panels("test.b", lambda request: {"test_same": 2})

    with pytest.raises(ValueError, match="test_same"):
        registry.panels_annotations("lawyer.public", rf.get("/"))


@pytest.mark.django_db
def test_related_total_sums_the_parents_own_rows_and_is_zero_without_any(
    django_assert_num_queries,
):
    busy, idle = LawyerFactory(), LawyerFactory()
    ProBonoRecordFactory(lawyer=busy, hours=Decimal("1.5"))
    ProBonoRecordFactory(lawyer=busy, hours=Decimal("2.0"))
    hours = related_total(
        ProBonoRecord.objects.filter(lawyer=OuterRef("pk")),
        "hours",
        output_field=ProBonoRecord._meta.get_field("hours"),
    )
    count = related_total(ProBonoRecord.objects.filter(lawyer=OuterRef("pk")), function="COUNT")

    with django_assert_num_queries(1):
        rows = {
            lawyer.pk: (lawyer.hours, lawyer.records)
            for lawyer in Lawyer.objects.filter(pk__in=[busy.pk, idle.pk]).annotate(
                hours=hours, records=count
            )
        }

    assert rows[busy.pk] == (Decimal("3.5"), 2)
    assert rows[idle.pk] == (0, 0)


@pytest.mark.django_db
def test_related_rows_come_back_as_instances_with_python_values_in_order(
    django_assert_num_queries,
):
    lawyer = LawyerFactory()
    AnnualReviewFactory(lawyer=lawyer, year=2023, result="excellent")
    AnnualReviewFactory(lawyer=lawyer, year=2024, result="competent")

    with django_assert_num_queries(1):
        loaded = Lawyer.objects.annotate(
            reviews=related_rows(
                AnnualReview.objects.filter(lawyer=OuterRef("pk")).order_by("-year"),
                ["id", "lawyer_id", "year", "result", "decided_on"],
            )
        ).get(pk=lawyer.pk)
    reviews = rows_as_instances(AnnualReview, loaded.reviews)

    assert [review.year for review in reviews] == [2024, 2023]
    assert reviews[0].decided_on == dt.date(2025, 4, 30)  # a date, not the JSON string
    assert reviews[1].get_result_display() == AnnualReview(result="excellent").get_result_display()
    assert reviews[0].lawyer_id == lawyer.pk
    assert not reviews[0]._state.adding


def test_no_rows_make_an_empty_list():
    assert rows_as_instances(AnnualReview, None) == []
    assert rows_as_instances(AnnualReview, []) == []


def test_annotations_are_built_once_a_day_and_again_after_a_panel_changes(
    rf, scratch_panels, monkeypatch
):
    built = []

    def build(request):
        built.append(request)
        return {"test_daily": len(built)}

    today = [dt.date(2026, 6, 1)]
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today[0])
    scratch_panels("test.daily", build)
    first = registry.panels_annotations("lawyer.public", rf.get("/"))
    # Another request the same day: the same expressions, not built again.
    assert registry.panels_annotations("lawyer.public", rf.get("/")) is first
    assert len(built) == 1
    # The next day's window may differ: built anew.
    today[0] = dt.date(2026, 6, 2)
    assert registry.panels_annotations("lawyer.public", rf.get("/"))["test_daily"] == 2
    # A panel registered or removed: its expressions join or leave at once.
    scratch_panels("test.other", lambda request: {"test_other": 0})
    assert "test_other" in registry.panels_annotations("lawyer.public", rf.get("/"))
    registry.panel_unregister("lawyer.public", "test.other")
    assert "test_other" not in registry.panels_annotations("lawyer.public", rf.get("/"))
