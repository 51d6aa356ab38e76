"""CountAlongPaginator: a page and the number of all rows in one query, with Django's
Paginator's answers — last page for a page past the end, page 1 for nonsense."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from apps.core.pagination import CountAlongPaginator
from apps.news.models import Channel
from tests.news.factories import ChannelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def channels() -> list[Channel]:
    return [ChannelFactory(name=f"栏目{i:02d}") for i in range(7)]


def _pages(paginator_class, number):
    queryset = Channel.objects.filter(name__startswith="栏目").order_by("name")
    return paginator_class(queryset, 3).get_page(number)


@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "4", "99", "0", "-1", "x", "2.5"])
def test_it_answers_every_page_number_as_django_does(channels, number):
    ours = _pages(CountAlongPaginator, number)
    django = _pages(Paginator, number)

    assert ours.number == django.number
    assert [c.pk for c in ours] == [c.pk for c in django]
    assert ours.paginator.count == django.paginator.count == 7
    assert ours.paginator.num_pages == django.paginator.num_pages == 3
    assert (ours.has_next(), ours.has_previous()) == (django.has_next(), django.has_previous())


def test_a_page_with_rows_is_one_query(channels, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = _pages(CountAlongPaginator, "2")
        assert page.paginator.count == 7
        assert len(page) == 3


def test_nothing_to_show_is_one_query_and_an_empty_first_page(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = _pages(CountAlongPaginator, "1")
        assert (page.number, page.paginator.count, list(page)) == (1, 0, [])


def test_a_page_past_the_end_falls_back_to_counting_and_shows_the_last(
    channels, django_assert_num_queries
):
    with django_assert_num_queries(3):  # the empty page, the count, the last page
        page = _pages(CountAlongPaginator, "9")
        assert len(page) == 1
    assert page.number == 3


def test_orphans_are_refused():
    with pytest.raises(ValueError, match="orphans"):
        CountAlongPaginator(Channel.objects.order_by("pk"), 3, orphans=1)
