"""Numbering 一、 → （一） → 1、 is derived from position, at every level, on the page too."""

import re

import pytest

from plans import outline
from plans.models import PlanItem
from plans.numbering import chinese_numeral, parse_chinese_numeral
from tests.factories import AnnualPlanFactory
from tests.plans.conftest import make_outline

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "n, text",
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (115, "一百一十五"),
        (120, "一百二十"),
    ],
)
def test_chinese_numerals_beyond_ten(n, text):
    assert chinese_numeral(n) == text
    assert parse_chinese_numeral(text) == n


def numbers(rows, first_part=1):
    items = [PlanItem(level=level, title=title) for level, title in rows]
    return [entry.number for entry in outline.build(items, first_part=first_part).entries]


def test_three_levels_number_themselves():
    rows = [(1, "甲"), (2, "乙"), (3, "丙"), (3, "丁"), (2, "戊"), (3, "己"), (1, "庚"), (3, "辛")]
    assert numbers(rows) == ["一、", "（一）", "1、", "2、", "（二）", "1、", "二、", "1、"]


def test_items_restart_under_each_part_and_section():
    rows = [(1, "甲"), (3, "a"), (3, "b"), (1, "乙"), (3, "c"), (2, "丙"), (3, "d")]
    assert numbers(rows) == ["一、", "1、", "2、", "二、", "1、", "（一）", "1、"]


def test_twelve_parts_count_past_ten():
    assert numbers([(1, str(n)) for n in range(12)])[-3:] == ["十、", "十一、", "十二、"]


def test_parts_follow_the_fixed_parts():
    assert numbers([(1, "主要工作"), (1, "具体安排")], first_part=2) == ["二、", "三、"]


def test_month_headings_under_a_part_carry_their_month_not_a_number():
    rows = [(1, "具体安排"), (2, "二月份"), (3, "例会"), (3, "元宵"), (2, "三月份"), (3, "三八")]
    assert numbers(rows) == ["一、", "", "1、", "2、", "", "1、"]


def test_the_path_names_an_item_in_full():
    items = [PlanItem(level=level, title=t) for level, t in [(1, "甲"), (2, "乙"), (3, "丙"), (3, "丁")]]
    assert outline.build(items, first_part=2).entries[-1].path == "二、（一）2、"


def test_the_document_page_shows_the_numbers(login, committee_user, union):
    plan = AnnualPlanFactory(union=union, year=2026, guiding_ideology="以服务职工为中心。")
    make_outline(
        plan,
        [
            (1, "主要工作", {}),
            (2, "民主管理", {}),
            (3, "开好教代会", {}),
            (3, "校务公开", {}),
            *[(1, f"第{n}部分", {}) for n in range(10)],
        ],
    )
    page = re.sub(r"<[^>]+>", "", login(committee_user).get("/plans/2026/").content.decode())
    for text in [
        "一、指导思想",
        "二、主要工作",
        "（一）民主管理",
        "1、开好教代会",
        "2、校务公开",
        "十一、第8部分",
        "十二、第9部分",
    ]:
        assert text in page


def test_numbers_are_never_stored():
    assert not {"number", "numbering", "label"} & {f.name for f in PlanItem._meta.get_fields()}
