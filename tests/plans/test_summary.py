"""The plan's figures for the year-end summary, checked against hand-counted expectations."""

from datetime import UTC, date, datetime

import pytest

from plans.models import AnnualPlan
from plans.summary import year_summary
from tests.factories import AnnualPlanFactory, MemberFactory
from tests.plans.conftest import make_outline

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(union):
    plan = AnnualPlanFactory(union=union, year=2026, status="approved", guiding_ideology="服务教职工。")
    owner = MemberFactory(union=union, name="周组长")
    make_outline(
        plan,
        [
            (1, "民主管理", {}),
            (3, "开好教代会", {"status": "done", "outcome": "10月召开第九届六次教代会", "owner": owner}),
            (3, "校务公开", {"status": "in_progress", "progress_note": "公开栏已更新"}),
            (3, "民主评议", {"status": "dropped", "outcome": "上级统一安排，本年不单独组织"}),
            (1, "关爱职工", {}),
            (2, "送温暖", {}),
            (3, "春节走访", {"status": "done", "outcome": "走访32人"}),
            (3, "困难帮扶", {}),
            (2, "健康", {}),
            (3, "教职工体检", {"status": "done"}),
            (
                1,
                "年终表彰",
                {"status": "done", "outcome": "表彰优秀会员10名"},
            ),  # a part that is itself the work
            (1, "具体安排", {}),
            (2, "三月份", {}),  # a month heading with nothing under it yet is not work
        ],
    )
    return plan


def test_figures_per_top_level_part(union, year):
    summary = year_summary(union, 2026)
    assert summary.exists and summary.title == "第一中学工会2026年工作计划" and summary.status == "approved"
    assert [(p.number, p.title, p.planned, p.done, p.in_progress, p.not_started, p.dropped) for p in summary.parts] == [
        ("二、", "民主管理", 3, 1, 1, 0, 1),
        ("三、", "关爱职工", 3, 2, 0, 1, 0),
        ("四、", "年终表彰", 1, 1, 0, 0, 0),
    ]
    assert (summary.planned, summary.done, summary.in_progress, summary.not_started, summary.dropped) == (
        7,
        4,
        1,
        1,
        1,
    )
    assert summary.percent_done == 67  # 4 of the 6 not dropped
    assert summary.parts[0].percent_done == 50


def test_items_carry_outcomes_and_reasons(union, year):
    first, running, dropped = year_summary(union, 2026).parts[0].items
    assert (first.number, first.text, first.status_label, first.owner, first.outcome) == (
        "二、1、",
        "开好教代会",
        "已完成",
        "周组长",
        "10月召开第九届六次教代会",
    )
    assert running.progress_note == "公开栏已更新" and running.reason == ""
    assert dropped.reason == "上级统一安排，本年不单独组织" and dropped.outcome == ""
    assert year_summary(union, 2026).parts[1].items[0].number == "三、（一）1、"


def test_a_year_without_a_plan_is_an_empty_summary(union):
    summary = year_summary(union, 2031)
    assert not summary.exists and summary.parts == [] and summary.planned == 0 and summary.percent_done == 0


def test_another_unions_plan_is_not_counted(union, other_union, year):
    assert not year_summary(other_union, 2026).exists


def test_fixed_number_of_queries(union, year, django_assert_num_queries):
    with django_assert_num_queries(1):
        year_summary(union, 2026)


def test_a_plan_without_items_exists_with_nothing_planned(union):
    AnnualPlanFactory(union=union, year=2027, status="draft", guiding_ideology="", goals="")
    summary = year_summary(union, 2027)
    assert summary.exists and summary.parts == [] and summary.planned == 0 and summary.status == "draft"


def test_both_fixed_parts_number_the_outline_from_three(union):
    plan = AnnualPlanFactory(union=union, year=2027, guiding_ideology="服务教职工。", goals="建家")
    make_outline(plan, [(1, "民主管理", {}), (3, "开好教代会", {"status": "done"})])
    assert [p.number for p in year_summary(union, 2027).parts] == ["三、"]


@pytest.mark.parametrize(
    ("approved_at", "day"),
    [
        (datetime(2026, 2, 26, 23, 30, tzinfo=UTC), date(2026, 2, 27)),  # 07:30 on the 27th in Beijing
        (datetime(2026, 2, 27, 15, 30, tzinfo=UTC), date(2026, 2, 27)),  # 23:30 on the 27th in Beijing
        (datetime(2026, 2, 27, 16, 30, tzinfo=UTC), date(2026, 2, 28)),
        (None, None),
    ],
)
def test_the_approval_day_is_the_day_in_beijing(union, year, approved_at, day):
    """The summary says the plan was approved on the day it was where the union is (Asia/Shanghai), as
    the plan page does, whatever the day in UTC."""
    AnnualPlan.objects.filter(pk=year.pk).update(approved_at=approved_at)
    assert year_summary(union, 2026).approved_on == day
