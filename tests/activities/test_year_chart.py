"""The year schedule's chart: a column per month, its count above it, and a legend of the categories
drawn, so that it reads without hovering and on a phone (tests/browser/test_phone_width.py looks)."""

from datetime import date

import pytest
from lxml import html as lxml_html

from activities.models import Activity
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def chart_of(client):
    page = lxml_html.fromstring(client.get("/activities/2026/").content)
    return page.xpath('//figure[contains(@class, "chart")]')[0]


def test_the_chart_names_its_categories_in_a_legend_and_counts_each_month(login, member_user, union, categories):
    for day in (3, 10):
        ActivityFactory(union=union, category=categories["sports"], start_date=date(2026, 3, day))
    ActivityFactory(union=union, category=categories["meeting"], start_date=date(2026, 3, 20))
    ActivityFactory(union=union, category=categories["festival"], start_date=date(2026, 9, 10))
    ActivityFactory(
        union=union, category=categories["care"], start_date=date(2026, 9, 12), status=Activity.Status.CANCELLED
    )
    chart = chart_of(login(member_user))

    legend = [li.text_content().strip() for li in chart.xpath('.//ul[contains(@class, "chart-legend")]/li')]
    assert sorted(legend) == sorted([categories[k].name for k in ("sports", "meeting", "festival")])
    assert categories["care"].name not in legend  # only cancelled: not drawn, not listed
    swatch = chart.xpath('.//ul[contains(@class, "chart-legend")]/li')[legend.index(categories["sports"].name)][0]
    assert f"cat-{categories['sports'].colour}" in swatch.get("class")

    months = [t.text for t in chart.xpath('.//*[local-name()="text"][@class="month"]')]
    assert months == [f"{m}月" for m in range(1, 13)]
    assert [t.text for t in chart.xpath('.//*[local-name()="text"][@class="count"]')] == ["3", "1"]  # March, September


def test_the_chart_stretches_instead_of_shrinking_its_text(login, member_user, union, categories):
    ActivityFactory(union=union, category=categories["sports"], start_date=date(2026, 5, 5))
    svg = chart_of(login(member_user)).xpath('.//*[local-name()="svg"]')[0]
    assert svg.get("viewbox") is None  # a viewBox would scale the labels down with a phone's width
    assert svg.get("width") == "100%"
    assert all(rect.get("x").endswith("%") for rect in svg.xpath('.//*[local-name()="rect"]'))
