"""Open data: every public figure as CSV and JSON at stable URLs."""

from __future__ import annotations

import csv
import io

import pytest

from apps.stats.figures import FIGURES, OPEN_DATA_COLUMNS
from tests.members.factories import LawFirmFactory, LawyerFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(db):
    firm = LawFirmFactory(name='=HYPERLINK("http://evil")律师事务所')
    MembershipFactory(lawyer=None, firm=firm)
    for _ in range(3):
        MembershipFactory(lawyer=LawyerFactory(firm=firm))


def test_every_figure_has_stable_open_data_columns():
    assert {spec.key for spec in FIGURES} == set(OPEN_DATA_COLUMNS)
    for spec in FIGURES:
        assert len(OPEN_DATA_COLUMNS[spec.key]) == len(spec.columns)


def test_figure_csv_has_stable_header_rows_and_as_of(anonymous, members):
    response = anonymous.get("/stats/data/members-overview.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["key", "label", "count"]
    assert rows[1][2] == "数量"
    body = {row[0]: row for row in rows[2:-1]}
    assert body["individual"][1:] == ["个人会员", "3"]
    assert rows[-1][0] == "# as_of"


def test_figure_json_matches_the_table(anonymous, members):
    data = anonymous.get("/stats/data/members-overview.json").json()
    assert data["figure"] == "members-overview"
    assert data["columns"] == ["key", "label", "count"]
    assert {"key": "individual", "label": "个人会员", "count": 3} in data["rows"]
    assert data["as_of"]


def test_english_labels_under_en(anonymous, members):
    data = anonymous.get("/en/stats/data/members-overview.json").json()
    assert data["columns"] == ["key", "label", "count"]  # stable whatever the language
    row = next(r for r in data["rows"] if r["key"] == "individual")
    assert row["count"] == 3


def test_all_figures_json(anonymous, members):
    data = anonymous.get("/stats/data.json").json()
    keys = [f["figure"] for f in data["figures"]]
    assert "members-overview" in keys
    assert "trends" in keys
    assert data["as_of"]


def test_unknown_figure_is_404(anonymous):
    assert anonymous.get("/stats/data/nope.csv").status_code == 404
    assert anonymous.get("/stats/data/nope.json").status_code == 404


def test_page_documents_the_open_data_and_links_each_figure(anonymous, members):
    html = anonymous.get("/stats/").content.decode()
    assert "/stats/data.json" in html
    for spec in FIGURES:
        if spec.key == "cle-compliance" and f'id="{spec.key}"' not in html:
            continue
        assert f"/stats/data/{spec.key}.csv" in html


def test_page_is_accessible_without_scripts(anonymous, members):
    html = anonymous.get("/stats/").content.decode()
    assert html.count("<figure") == html.count("<figcaption")
    assert html.count("<table") == html.count("<caption>")
    assert "vendor/echarts/echarts.min.js" in html
    assert "<h1>" in html
    assert html.count("<h1") == 1
