from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.members.models import Gender, Language, LawyerStatus, PracticeArea
from tests.members.factories import LawFirmFactory, LawyerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhangwei(firm):
    lawyer = LawyerFactory(firm=firm, name="张伟", languages=[Language.ENGLISH])
    lawyer.practice_areas.set([PracticeArea.objects.order_by("order").first()])
    return lawyer


def _names(response) -> list[str]:
    return [entry.name for entry in response.context["page_obj"]]


@pytest.mark.parametrize(
    "query",
    ["zhangwei", "ZhangWei", "zhang wei", "zhangw", "zw", "张伟", "伟", "ｚｈａｎｇｗｅｉ"],
)
def test_pinyin_and_chinese_queries_find_the_lawyer(client, zhangwei, query):
    LawyerFactory(name="李娜", gender=Gender.FEMALE)
    response = client.get(reverse("legalservices:lawyer_list"), {"q": query})
    assert response.status_code == 200
    assert _names(response) == ["张伟"]


def test_licence_number_and_its_prefix_find_the_lawyer(client, zhangwei):
    LawyerFactory(name="李娜", gender=Gender.FEMALE)
    for query in (zhangwei.licence_no, zhangwei.licence_no[:12]):
        response = client.get(reverse("legalservices:lawyer_list"), {"q": query})
        assert "张伟" in _names(response)
    response = client.get(reverse("legalservices:lawyer_list"), {"q": zhangwei.licence_no})
    assert _names(response) == ["张伟"]


def test_surname_with_two_readings_is_found_by_either(client):
    LawyerFactory(name="单晓明")
    for query in ("shanxiaoming", "danxiaoming"):
        response = client.get(reverse("legalservices:lawyer_list"), {"q": query})
        assert _names(response) == ["单晓明"]


def test_filters_by_firm_area_district_language_and_status(client, zhangwei, other_firm):
    other = LawyerFactory(firm=other_firm, name="张伟", status=LawyerStatus.SUSPENDED)
    url = reverse("legalservices:lawyer_list")
    area = zhangwei.practice_areas.get()
    assert len(_names(client.get(url, {"q": "zhangwei"}))) == 2
    assert [
        e.lawyer_id for e in client.get(url, {"q": "zhangwei", "firm": "申衡"}).context["page_obj"]
    ] == [zhangwei.pk]
    assert [
        e.lawyer_id for e in client.get(url, {"q": "zw", "area": area.pk}).context["page_obj"]
    ] == [zhangwei.pk]
    assert [
        e.lawyer_id for e in client.get(url, {"q": "zw", "language": "en"}).context["page_obj"]
    ] == [zhangwei.pk]
    assert [
        e.lawyer_id for e in client.get(url, {"q": "zw", "status": "suspended"}).context["page_obj"]
    ] == [other.pk]
    assert len(_names(client.get(url, {"district": zhangwei.firm.district_id}))) == 2


def test_firm_lookup_by_name_pinyin_and_licence(client):
    firm = LawFirmFactory(name="上海金杜律师事务所")
    LawFirmFactory(name="上海浦瀚律师事务所")
    url = reverse("legalservices:firm_list")
    for query in ("金杜", "jindu", "金杜律师事务所", firm.licence_no):
        response = client.get(url, {"q": query})
        assert [e.firm_id for e in response.context["page_obj"]] == [firm.pk], query


def test_lookup_follows_changes_to_the_record(client, zhangwei):
    zhangwei.name = "张卫国"
    zhangwei.save()
    url = reverse("legalservices:lawyer_list")
    assert _names(client.get(url, {"q": "zhangweiguo"})) == ["张卫国"]
    assert _names(client.get(url, {"q": "zhangwei"})) == ["张卫国"]  # prefix still matches


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"q": "!!!"}, 400),
        ({"area": "not-a-number"}, 400),
        ({"status": "dead"}, 400),
        ({"language": "xx"}, 400),
        ({"q": "x" * 101}, 400),
        ({"page": "abc"}, 200),  # an unusable page number shows page 1
    ],
)
def test_bad_lookup_input_is_a_clear_4xx(client, params, status):
    response = client.get(reverse("legalservices:lawyer_list"), params)
    assert response.status_code == status


def test_unknown_lawyer_and_firm_are_404(client):
    assert client.get("/lawyers/13101201510999999/").status_code == 404
    assert client.get("/firms/999999/").status_code == 404
    assert client.get("/lawyers/not-a-licence/").status_code == 404


def test_not_found_links_to_impersonation_alerts(client):
    response = client.get(reverse("legalservices:lawyer_list"), {"q": "nobody"})
    assert reverse("legalservices:alert_list") in response.content.decode()


def test_lookup_is_rate_limited_per_ip_with_a_chinese_message(client, settings):
    settings.LEGALSERVICES_RATE_LIMITS = {"lookup": (3, 60)}
    url = reverse("legalservices:lawyer_list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429
    assert "查询过于频繁" in response.content.decode()
    assert int(response["Retry-After"]) >= 1
    other_ip = client.get(url, REMOTE_ADDR="10.9.9.9")
    assert other_ip.status_code == 200


def _many_lawyers(firm, count):
    for i in range(count):
        LawyerFactory(firm=firm, name=f"张{'伟明华强军'[i % 5]}{i}")


def test_lawyer_list_query_budget_does_not_grow(client, firm, django_assert_max_num_queries):
    _many_lawyers(firm, 3)
    with django_assert_max_num_queries(12):
        client.get(reverse("legalservices:lawyer_list"), {"q": "zhang"})
    _many_lawyers(firm, 25)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("legalservices:lawyer_list"), {"q": "zhang"})
    assert len(response.context["page_obj"]) == 20


def test_firm_pages_query_budget_does_not_grow(client, firm, django_assert_max_num_queries):
    _many_lawyers(firm, 25)
    for i in range(5):
        LawFirmFactory(name=f"上海测试预算{i}律师事务所")
    with django_assert_max_num_queries(12):
        client.get(reverse("legalservices:firm_list"))
    with django_assert_max_num_queries(13):
        response = client.get(reverse("legalservices:firm_detail", args=[firm.pk]))
    assert response.status_code == 200


def test_a_repeat_firm_lookup_by_name_is_one_query_for_rows_and_count(
    client, django_assert_num_queries
):
    """The list's rows are narrowed to what it shows; nothing it shows is fetched
    again row by row (the district's name in either language included)."""
    for i in range(23):
        LawFirmFactory(name=f"上海测试窄行{i:02d}律师事务所")
    url = reverse("legalservices:firm_list")
    client.get(url, {"q": "窄行"})  # reference data (areas, districts) now cached
    for prefix in ("", "/en"):
        with django_assert_num_queries(1):
            response = client.get(prefix + url, {"q": "窄行"})
        page = response.context["page_obj"]
        assert (len(page), page.paginator.count, page.paginator.num_pages) == (20, 23, 2)


def test_lawyer_detail_shows_the_public_record(client, zhangwei):
    response = client.get(reverse("legalservices:lawyer_detail", args=[zhangwei.licence_no]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("张伟", zhangwei.licence_no, "上海申衡律师事务所", "2015", "英语", "执业"):
        assert text in html


def test_site_search_lists_lawyers_and_firms(client, zhangwei):
    response = client.get("/search/", {"q": "zhangwei", "type": "lawyers"})
    assert response.status_code == 200
    assert zhangwei.licence_no in response.content.decode()


def test_everyday_heteronyms_do_not_pollute_results(client):
    LawyerFactory(name="方兵")
    LawyerFactory(name="王兵")
    response = client.get(reverse("legalservices:lawyer_list"), {"q": "wangbing"})
    assert _names(response) == ["王兵"]


def test_entries_built_under_older_rules_are_rebuilt(zhangwei):
    from apps.legalservices.models import LawyerSearchEntry
    from apps.legalservices.services.search import lawyers_reindex

    LawyerSearchEntry.objects.filter(pk=zhangwei.pk).update(index_version=0, document="'x'")
    assert lawyers_reindex() == 1
    assert LawyerSearchEntry.objects.filter(document="zhangwei").exists()
    assert lawyers_reindex() == 0  # nothing changed since


def test_a_repeat_lookup_reads_practice_areas_and_districts_from_the_cache(
    client, firm, django_assert_num_queries
):
    _many_lawyers(firm, 25)
    url = reverse("legalservices:lawyer_list")
    client.get(url, {"q": "zhang"})  # first visit: areas and districts are read once
    # then only the page of matches, carrying its count, and the firms of its rows
    with django_assert_num_queries(2):
        response = client.get(url, {"q": "zhang"})
    assert len(response.context["page_obj"]) == 20


def test_a_renamed_practice_area_shows_in_the_filter_at_once(client):
    url = reverse("legalservices:lawyer_list")
    area = PracticeArea.objects.order_by("order").first()
    client.get(url)  # the areas are now cached
    area.name = "测试改名的业务领域"
    area.save()
    response = client.get(url)
    assert "测试改名的业务领域" in response.content.decode()


def test_another_process_sees_a_renamed_area_once_its_few_seconds_copy_expires(client, monkeypatch):
    """Each process keeps the areas it read for REFERENCE_LOCAL_SECONDS. A save in another
    process (a bulk update that sends no signal stands in for it here) empties the shared
    cache but not this copy: the old name shows until the copy expires, never longer."""
    from apps.legalservices.selectors import lookup

    clock = [1000.0]
    monkeypatch.setattr(lookup, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    url = reverse("legalservices:lawyer_list")
    query = {"q": "王"}  # a lookup with a query is never page-cached
    area = PracticeArea.objects.order_by("order").first()
    client.get(url, query)  # this process now holds the areas
    PracticeArea.objects.filter(pk=area.pk).update(name="别处改名的业务领域")
    cache.delete(lookup.REFERENCE_KEYS["areas"])

    assert "别处改名的业务领域" not in client.get(url, query).content.decode()
    clock[0] += lookup.REFERENCE_LOCAL_SECONDS + 0.1
    assert "别处改名的业务领域" in client.get(url, query).content.decode()


def test_the_lookup_form_builds_its_area_and_district_options_once_a_render(client, monkeypatch):
    from apps.legalservices import forms as lookup_forms

    calls = {"areas": 0, "districts": 0}
    real_areas, real_districts = lookup_forms.reference_areas, lookup_forms.reference_districts

    def areas():
        calls["areas"] += 1
        return real_areas()

    def districts():
        calls["districts"] += 1
        return real_districts()

    monkeypatch.setattr(lookup_forms, "reference_areas", areas)
    monkeypatch.setattr(lookup_forms, "reference_districts", districts)
    client.get(reverse("legalservices:lawyer_list"), {"q": "王"})
    # Django asked each select whether it needs `required` by reading its first choice:
    # that built the options a second time.
    assert calls == {"areas": 1, "districts": 1}


def test_english_filter_names_practice_areas_and_districts_in_english(client):
    area = PracticeArea.objects.order_by("order").first()
    response = client.get("/en" + reverse("legalservices:lawyer_list"))
    content = response.content.decode()
    assert f">{area.name_en}</option>" in content
    assert f">{area.name}</option>" not in content


def test_a_submitted_area_is_still_checked_against_the_database(client):
    response = client.get(reverse("legalservices:lawyer_list"), {"area": "999999"})
    assert response.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_the_nightly_reindex_puts_the_entries_on_disk_in_pinyin_order(firm):
    """A name lookup reads all its matches: stored in pinyin order, a surname's matches
    share a few pages instead of one page each (the nightly run CLUSTERs both tables)."""
    from django.db import connection

    from apps.legalservices.services.search import search_reindex_all

    for name in ["赵一", "王二", "安三", "王四", "周五", "艾六"]:
        LawyerFactory(firm=firm, name=name)
    LawFirmFactory(name="上海中正律师事务所")
    search_reindex_all()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index "
            "WHERE indisclustered AND indrelid::regclass::text LIKE 'legalservices_%%searchentry'"
        )
        assert sorted(row[0] for row in cursor.fetchall()) == [
            "ls_firm_pinyin",
            "ls_lawyer_pinyin",
        ]
        cursor.execute("SELECT pinyin FROM legalservices_lawyersearchentry ORDER BY ctid")
        on_disk = [row[0] for row in cursor.fetchall()]
    assert on_disk == sorted(on_disk)
    assert [p.split()[0] for p in on_disk[:2]] == ["ai", "an"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_lookup_row_is_what_the_row_template_wrote(firm, language):
    """legalservices_tags.lawyer_lookup_row writes the table row in Python; the template
    it replaced (tests/legalservices/data/) is the reference, with a firm and without,
    with practice areas and without, and a name that needs escaping."""
    import re
    from pathlib import Path

    from django.template import Context, Template
    from django.utils import translation

    from apps.legalservices.models import LawyerSearchEntry
    from apps.legalservices.selectors.lookup import practice_areas_by_id

    areas = list(PracticeArea.objects.order_by("order")[:2])
    with_all = LawyerFactory(firm=firm, name="<b>王</b>")
    with_all.practice_areas.set(areas)
    LawyerFactory(firm=None, name="李无所")
    reference = Template((Path(__file__).parent / "data" / "lawyer_row_reference.html").read_text())
    tag = Template("{% load legalservices_tags %}{% lawyer_lookup_row entry areas %}")

    def tight(html: str) -> str:
        return re.sub(r">\s+<", "><", html).strip()

    entries = LawyerSearchEntry.objects.select_related("firm").order_by("name")
    assert entries.count() >= 2
    with translation.override(language):
        by_id = practice_areas_by_id()
        for entry in entries:
            context = {"entry": entry, "areas": by_id}
            expected = reference.render(Context(context))
            assert tight(tag.render(Context(context))) == tight(expected)
        row = tag.render(Context({"entry": entries.get(name="<b>王</b>"), "areas": by_id}))
        area_name = by_id[areas[0].pk].display_name
    assert "&lt;b&gt;王&lt;/b&gt;" in row
    assert area_name in row
