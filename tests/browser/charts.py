"""Charts in browser tests: /stats/ and /party/ draw a chart only when it comes near the
screen (static/js/chart-lazy.js), so a test that needs every chart scrolls to each, as a
reader would, and waits for its ``is-drawn`` class."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

CHARTS = "[data-stats-chart], [data-party-chart]"
DRAWN = re.compile(r"\bis-drawn\b")

# A chart is drawn only when the table beside it has rows (the scripts skip the others).
HAS_DATA = """(el) => {
  const table = document.getElementById(el.dataset.table);
  return Boolean(table && table.tBodies[0] && table.tBodies[0].rows.length);
}"""


def draw_every_chart(page: Page, selector: str = CHARTS) -> int:
    """Scroll each chart with data into view and wait until it is drawn; back to the top
    after. Returns how many charts were drawn."""
    charts = page.locator(selector)
    drawn = 0
    for i in range(charts.count()):
        chart = charts.nth(i)
        if not chart.evaluate(HAS_DATA):
            continue
        chart.scroll_into_view_if_needed()
        expect(chart).to_have_class(DRAWN)
        drawn += 1
    page.evaluate("window.scrollTo(0, 0)")
    return drawn
