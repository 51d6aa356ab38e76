"""iCalendar (RFC 5545) files: one per event, and a lawyer's personal feed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from .models import Event, Registration

if TYPE_CHECKING:
    from icalendar import Calendar
    from icalendar import Event as VEvent


def _domain() -> str:
    from urllib.parse import urlsplit

    return urlsplit(getattr(settings, "SITE_URL", "") or "http://localhost").hostname or "localhost"


def _calendar(name: str) -> Calendar:
    from icalendar import Calendar  # lazy: only the .ics views use it

    cal = Calendar()
    cal.add("prodid", "-//shlawyers//events//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _vevent(event: Event, *, url: str = "") -> VEvent:
    from icalendar import Event as VEvent

    item = VEvent()
    item.add("uid", f"event-{event.pk}@{_domain()}")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", event.title)
    item.add("location", event.venue)
    if event.summary:
        item.add("description", event.summary)
    if url:
        item.add("url", url)
    return item


def event_ical(event: Event, *, url: str = "") -> bytes:
    cal = _calendar(event.title)
    cal.add_component(_vevent(event, url=url))
    return cal.to_ical()


def lawyer_ical(name: str, registrations: Iterable[Registration]) -> bytes:
    cal = _calendar(name)
    for registration in registrations:
        cal.add_component(_vevent(registration.event))
    return cal.to_ical()
