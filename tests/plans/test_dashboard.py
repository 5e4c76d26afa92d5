"""The dashboard lists overdue plan items with their owners, and each committee member's own items."""

from datetime import date

import pytest

from tests.factories import AnnualPlanFactory, PlanItemFactory
from tests.plans.conftest import item

pytestmark = pytest.mark.django_db


def test_overdue_items_with_their_owners(login, chair_user, approved_plan, mid_june):
    page = login(chair_user).get("/").content.decode()
    assert "逾期未完成的计划事项" in page
    assert "完善会员档案" in page and "李委员" in page
    assert "召开会员代表大会" in page and "未指定负责人" in page
    assert "组织教职工体检" not in page.split("逾期未完成的计划事项")[1].split("</ul>")[0]


def test_nothing_overdue_says_so(login, chair_user, approved_plan, mid_june):
    approved_plan.items.update(status="done")
    assert "没有逾期事项" in login(chair_user).get("/").content.decode()


def test_a_committee_member_sees_my_items(login, committee_user, approved_plan, mid_june):
    mine = item(approved_plan, "组织教职工体检")
    mine.owner = committee_user.member
    mine.save()
    page = login(committee_user).get("/").content.decode()
    panel = page.split("我负责的计划事项")[1]
    assert "完善会员档案" in panel and "组织教职工体检" in panel
    assert "春节走访困难职工" not in panel


def test_my_items_leave_out_finished_ones(login, committee_user, approved_plan, mid_june):
    approved_plan.items.filter(title="完善会员档案").update(status="done")
    assert "我负责的计划事项" not in login(committee_user).get("/").content.decode()


def test_drafts_do_not_reach_the_treasurers_dashboard(login, treasurer_user, plan, mid_june):
    page = login(treasurer_user).get("/").content.decode()
    assert "完善会员档案" not in page


def test_another_unions_items_stay_out(login, chair_of_other_union, approved_plan, mid_june):
    assert "完善会员档案" not in login(chair_of_other_union).get("/").content.decode()


def test_the_dashboard_is_each_readers_own_and_shows_a_saved_progress_at_once(
    login, client, chair_user, committee_user, approved_plan, mid_june
):
    from django.test import Client

    mine = Client()
    mine.force_login(committee_user)
    assert "我负责的计划事项" in mine.get("/").content.decode()  # cached for the committee member
    assert "我负责的计划事项" not in login(chair_user).get("/").content.decode()  # owns nothing
    target = item(approved_plan, "完善会员档案")
    fields = {"version": target.version, "status": "done", "progress_note": "", "outcome": "档案已更新"}
    assert mine.post(f"/plans/2026/items/{target.pk}/progress/", fields).status_code == 302
    assert "我负责的计划事项" not in mine.get("/").content.decode()


def test_my_items_of_next_years_plan_come_after_this_years_and_say_their_year(
    login, committee_user, approved_plan, union, mid_june
):
    """In December the committee drafts next year's plan while this year's still runs: an item of next
    year due in January is not listed before this year's, and its due day names its year."""
    approved_plan.items.filter(title="召开会员代表大会").update(owner=committee_user.member)  # due in May
    draft = AnnualPlanFactory(union=union, year=2027)
    PlanItemFactory(plan=draft, title="总结上年度工会工作", due_month=1, owner=committee_user.member)
    page = login(committee_user).get("/").content.decode()
    panel = page.split("我负责的计划事项")[1].split("</ul>")[0]
    assert panel.index("召开会员代表大会") < panel.index("总结上年度工会工作")
    this_year, next_year = panel.split("总结上年度工会工作")
    assert "期限 5月31日" in this_year and "已逾期" in this_year
    assert "期限 2027年1月31日" in next_year and "已逾期" not in next_year


def test_my_items_are_listed_by_the_day_they_fall_due(login, committee_user, approved_plan, mid_june):
    """A due date in November comes after a due month of May, not before it because it is a date."""
    approved_plan.items.filter(title="完善会员档案").update(due_date=date(2026, 11, 30))
    approved_plan.items.filter(title__in=["召开会员代表大会", "组织教职工体检", "春节走访困难职工"]).update(
        owner=committee_user.member
    )  # due in May, in October, and on 10 February
    panel = login(committee_user).get("/").content.decode().split("我负责的计划事项")[1].split("</ul>")[0]
    titles = ["春节走访困难职工", "召开会员代表大会", "组织教职工体检", "完善会员档案"]
    assert sorted(titles, key=panel.index) == titles
