"""A short list of related rows fetched *inside* the parent's query, as model instances.

``related_rows(queryset, fields)`` is an expression to annotate on the parent: a
correlated ``ARRAY(SELECT json_build_object(...) …)`` over ``queryset`` (filtered on
``OuterRef("pk")``), so the parent and, say, its five honours come back in one round trip
instead of two. ``rows_as_instances(model, rows)`` turns the annotated JSON objects back
into unsaved-looking but complete model instances (each value through its field's
``to_python``: dates are dates, decimals decimals), so templates and methods such as
``get_result_display`` work as on a queried row.

``related_total(queryset, field)`` is the scalar kind: a sum or count per parent.

Use them for a handful of small rows on a page whose query budget matters (the portal
home); a prefetch is clearer anywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import F, Func, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject

ModelT = TypeVar("ModelT", bound=models.Model)


def related_rows(queryset: models.QuerySet[Any], fields: Sequence[str]) -> ArraySubquery:
    """``queryset``'s rows, in its order, as a JSON array column on the parent."""
    return ArraySubquery(queryset.values(row=JSONObject(**{name: name for name in fields})))


def rows_as_instances(model: type[ModelT], rows: Iterable[dict[str, Any]] | None) -> list[ModelT]:
    """Model instances from :func:`related_rows`' JSON objects (field names as keys)."""
    instances: list[ModelT] = []
    for row in rows or ():
        values = {}
        for name, value in row.items():
            field = model._meta.get_field(name)
            if not isinstance(field, models.Field):
                raise TypeError(f"{name!r} is a relation, not a field of {model.__name__}")
            values[field.attname] = None if value is None else field.to_python(value)
        instance = model(**values)
        instance._state.adding = False
        instance._state.db = "default"
        instances.append(instance)
    return instances


def related_total(
    queryset: models.QuerySet[Any],
    field: str = "pk",
    *,
    function: str = "SUM",
    output_field: models.Field | None = None,
) -> Coalesce:
    """``SUM(field)`` (or ``COUNT``, …) over ``queryset`` as a correlated scalar
    subquery, 0 when it has no rows: a per-parent total without a GROUP BY."""
    total = queryset.order_by().annotate(_total=Func(F(field), function=function)).values("_total")
    output = output_field or models.IntegerField()
    return Coalesce(Subquery(total, output_field=output), Value(0), output_field=output)
