"""Start next year's plan from this one: outline copied, statuses reset, dates a year later."""

from datetime import date

import pytest

from members.models import Member
from plans.models import AnnualPlan, PlanItem
from plans.rollover import next_year_date, roll_over
from tests.plans.conftest import item

pytestmark = pytest.mark.django_db


def test_rollover_copies_the_outline_as_a_draft(login, committee_user, approved_plan):
    done = item(approved_plan, "完善会员档案")
    done.status, done.outcome, done.progress_note = PlanItem.Status.DONE, "已完成", "进展顺利"
    done.save()
    response = login(committee_user).post("/plans/2026/rollover/")
    assert response.status_code == 302 and response["Location"] == "/plans/2027/edit/"

    new = AnnualPlan.objects.get(year=2027)
    assert new.status == AnnualPlan.Status.DRAFT and new.title == "第一中学工会2027年工作计划"
    assert new.guiding_ideology == approved_plan.guiding_ideology and new.approved_by is None
    old_rows = [(i.level, i.title, i.owner_id, i.due_month) for i in approved_plan.items.order_by("position")]
    new_rows = [(i.level, i.title, i.owner_id, i.due_month) for i in new.items.order_by("position")]
    assert new_rows == old_rows
    assert set(new.items.values_list("status", flat=True)) == {"not_started"}
    copied = item(new, "完善会员档案")
    assert copied.due_date == date(2027, 3, 31) and copied.outcome == "" and copied.progress_note == ""
    assert item(approved_plan, "完善会员档案").status == "done"  # last year's plan untouched


def test_rollover_refuses_when_next_year_already_has_a_plan(login, committee_user, approved_plan):
    AnnualPlan.objects.create(union=approved_plan.union, year=2027, title="已有")
    response = login(committee_user).post("/plans/2026/rollover/", follow=True)
    assert "2027年已有工作计划。" in response.content.decode()
    assert AnnualPlan.objects.get(year=2027).title == "已有"


def test_rollover_is_all_or_nothing(committee_user, approved_plan, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PlanItem.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        roll_over(approved_plan, committee_user)
    assert not AnnualPlan.objects.filter(year=2027).exists()


def test_owners_who_left_the_union_are_not_carried_over(committee_user, approved_plan):
    member = committee_user.member
    member.status = Member.Status.LEFT
    member.save()
    new = roll_over(approved_plan, committee_user)
    assert item(new, "完善会员档案").owner is None


def test_29_february_becomes_28_february():
    assert next_year_date(date(2028, 2, 29)) == date(2029, 2, 28)
    assert next_year_date(date(2026, 12, 31)) == date(2027, 12, 31)
    assert next_year_date(None) is None


def test_years_the_plan_speaks_of_move_on_and_history_stays():
    from plans.rollover import next_year_text

    assert next_year_text("2026年教师节庆祝活动", 2026) == "2027年教师节庆祝活动"
    assert next_year_text("编制2027年学校工会经费预算", 2026) == "编制2028年学校工会经费预算"
    assert next_year_text("学习2024年新颁发的《工会会计制度》", 2026) == "学习2024年新颁发的《工会会计制度》"
    assert next_year_text("组织120260人次", 2026) == "组织120260人次"
