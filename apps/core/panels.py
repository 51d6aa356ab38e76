"""Panels that one app contributes to a page another app owns.

The home page has its own registry (`apps.core.home`); this one serves the other shared
pages, each a *slot*:

=================  ==============================  ==========================================
slot               page (owner)                    ``context(request, obj)`` gets
=================  ==============================  ==========================================
``portal.home``    /portal/ (members)              the signed-in ``Lawyer`` (or ``None``)
``lawyer.public``  a lawyer's public page           the ``Lawyer``
``firm.public``    a firm's public page             the ``LawFirm``
=================  ==============================  ==========================================

An app registers from ``AppConfig.ready()``::

    from apps.core.panels import panel_register

    panel_register(
        "lawyer.public",
        "complaints.sanctions",
        template="complaints/includes/_public_sanctions.html",
        context=public_sanctions_context,  # (request, lawyer) -> dict | None
        order=50,
    )

``context`` returns the template's context, or ``None`` to leave the panel out (nothing
to show). The owner page renders ``{% for panel in panels %}{{ panel }}{% endfor %}`` with
``panels = panels_render("lawyer.public", request, lawyer)``. Panels must keep their own
query count constant (one or two queries each): the owner's query-budget test counts them.

Facts fetched with the owner's object
-------------------------------------
A panel that only needs a few numbers or rows about the object (a sum, a count, its
honours) may also pass
``annotations=`` — ``(request) -> {name: expression}``, correlated subqueries on the
object's primary key (``OuterRef("pk")``). The owner collects them with
``panels_annotations(slot, request)`` and adds them to the one query that loads the
object, so eleven panels do not mean eleven round trips (the portal home: 18 → 8
queries, bench/README.md). The panel's ``context`` then reads the annotated attributes
and must still work without them (``obj`` loaded some other way: run its own query).
Names are prefixed with the app (``learning_onsite_minutes``) so panels cannot collide;
``apps.core.related_rows`` builds the expressions.

The expressions are built once a day per process (``panels_annotations`` keeps them
with today's date): they may depend on the date — this year's window — but never on the
request or its user (the owner is ``OuterRef``). Building them took about 3 ms of every
portal home; the owner may then keep its query built with them too
(``apps.members.selectors.lawyer_for_portal_home``). Expressions are not changed by
being used in a query (Django resolves copies), so sharing them is safe.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

logger = logging.getLogger(__name__)

PanelContext = Callable[[HttpRequest, Any], dict[str, Any] | None]
PanelAnnotations = Callable[[HttpRequest], Mapping[str, Any]]

SLOTS = ("portal.home", "lawyer.public", "firm.public")


@dataclass(frozen=True)
class Panel:
    slot: str
    key: str
    template: str
    context: PanelContext
    order: int = 100
    annotations: PanelAnnotations | None = None


_registry: dict[tuple[str, str], Panel] = {}
# slot -> (the day they were built, the expressions): see "Facts fetched …" above.
_annotations_built: dict[str, tuple[Any, dict[str, Any]]] = {}


def panel_register(
    slot: str,
    key: str,
    *,
    template: str,
    context: PanelContext,
    order: int = 100,
    annotations: PanelAnnotations | None = None,
) -> None:
    """Register (or replace) the panel ``key`` in ``slot``."""
    if slot not in SLOTS:
        raise ValueError(f"Unknown panel slot {slot!r}; known: {', '.join(SLOTS)}")
    _registry[(slot, key)] = Panel(slot, key, template, context, order, annotations)
    _annotations_built.clear()


def panel_unregister(slot: str, key: str) -> None:
    _registry.pop((slot, key), None)
    _annotations_built.clear()


def panels(slot: str) -> list[Panel]:
    return sorted(
        (panel for panel in _registry.values() if panel.slot == slot),
        key=lambda panel: (panel.order, panel.key),
    )


def panels_annotations(slot: str, request: HttpRequest) -> dict[str, Any]:
    """Every expression the panels of ``slot`` want on the owner's object (see above):
    the same dict, built once, for the rest of the day. Treat it as read-only."""
    today = timezone.localdate()
    built = _annotations_built.get(slot)
    if built is not None and built[0] == today:
        return built[1]
    collected: dict[str, Any] = {}
    for panel in panels(slot):
        if panel.annotations is None:
            continue
        for name, expression in panel.annotations(request).items():
            if name in collected:
                raise ValueError(f"Panel {panel.key} annotates {name!r}, already taken")
            collected[name] = expression
    _annotations_built[slot] = (today, collected)
    return collected


def panels_render(slot: str, request: HttpRequest, obj: Any) -> list[SafeString]:
    """Each panel of ``slot`` rendered for ``obj``; one that fails is logged and left out
    (re-raised under DEBUG and in tests) so one broken app does not take the page down."""
    rendered: list[SafeString] = []
    for panel in panels(slot):
        try:
            context = panel.context(request, obj)
            if context is None:
                continue
            rendered.append(render_to_string(panel.template, context, request=request))
        except Exception:
            if settings.DEBUG:
                raise
            logger.exception("Panel %s/%s failed", slot, panel.key)
    return rendered
