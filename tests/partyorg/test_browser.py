"""/party/ in a real browser: charts drawn from the tables (each when it nears the screen),
clean, accessible, fits a phone."""

from __future__ import annotations

import pytest

from apps.partyorg.models import Honor, HonorKind, HonorLevel
from tests.browser.charts import draw_every_chart
from tests.browser.conftest import (  # noqa: F401 - fixtures
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
    browser,
    open_page,
)
from tests.members.factories import LawFirmFactory
from tests.partyorg.factories import joint_branch, member_in, own_branch
from tests.partyorg.factories import sector as make_sector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_party_page_draws_its_charts_and_is_accessible(open_page, width):  # noqa: F811
    sector = make_sector()
    for i in range(3):
        org = own_branch(sector, name=f"上海第{i}律师事务所党支部")
        for _ in range(3):
            member_in(org)
    joint_branch(sector, [LawFirmFactory(), LawFirmFactory()])
    Honor.objects.create(
        level=HonorLevel.MUNICIPAL,
        kind=HonorKind.ADVANCED_ORGANIZATION,
        title="先进基层党组织",
        year=2025,
        awarded_by="中共上海市委",
        organization=org,
    )
    page = open_page("/party/", width=width)
    assert draw_every_chart(page) == 3
    assert_clean(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    assert page.locator("main h1").count() == 1
    assert page.locator(".party-chart.is-drawn svg").count() == 3
