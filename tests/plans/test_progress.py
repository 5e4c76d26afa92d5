"""Tracking the year: status and progress in place, overdue items marked, activities closing items."""

from datetime import date

import pytest

from members.models import HistoryEntry
from plans.models import PlanItem
from tests.plans.conftest import item

pytestmark = pytest.mark.django_db


def post_progress(client, target, follow=False, headers=None, **data):
    fields = {"version": target.version, "status": target.status, "progress_note": "", "outcome": ""} | data
    return client.post(f"/plans/2026/items/{target.pk}/progress/", fields, follow=follow, headers=headers)


def test_committee_marks_an_item_done_in_place(login, committee_user, approved_plan, mid_june):
    target = item(approved_plan, "完善会员档案")
    client = login(committee_user)
    response = post_progress(client, target, status="done", outcome="会员档案全部更新，新入会12人")
    assert response.status_code == 302 and response["Location"] == f"/plans/2026/#item-{target.pk}"
    target.refresh_from_db()
    assert target.status == "done" and target.done_on == mid_june and target.version == 2
    page = client.get("/plans/2026/").content.decode()
    assert "会员档案全部更新，新入会12人" in page and "进度已保存。" in page
    entry = HistoryEntry.objects.for_object(approved_plan).first()
    assert entry.note == "更新进度" and entry.actor == committee_user
    assert entry.changes["完善会员档案 · 状态"] == ["未开始", "已完成"]


def test_progress_through_htmx_returns_the_item_only(login, committee_user, approved_plan, mid_june):
    target = item(approved_plan, "组织教职工体检")
    response = post_progress(
        login(committee_user),
        target,
        status="in_progress",
        progress_note="已联系体检中心",
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and page.lstrip().startswith("<section")
    assert "已联系体检中心" in page and "进行中" in page and "进度已保存。" in page


def test_an_unknown_status_is_refused(login, committee_user, approved_plan):
    target = item(approved_plan, "完善会员档案")
    response = post_progress(login(committee_user), target, status="finished", follow=True)
    assert "选择一个有效的选项" in response.content.decode()
    target.refresh_from_db()
    assert target.status == "not_started"


def test_overdue_items_are_marked_on_the_plan(login, member_user, approved_plan, mid_june):
    page = login(member_user).get("/plans/2026/").content.decode()
    assert page.count('<span class="badge text-bg-danger">已逾期</span>') == 3  # Mar 31, May, Feb 10
    assert "3 项逾期" in page


def test_done_and_dropped_items_are_not_overdue(approved_plan, mid_june):
    item(approved_plan, "完善会员档案").__class__.objects.filter(title="完善会员档案").update(status="done")
    item(approved_plan, "春节走访困难职工").__class__.objects.filter(title="春节走访困难职工").update(status="dropped")
    overdue = PlanItem.objects.for_union(approved_plan.union).overdue(mid_june)
    assert [i.title for i in overdue] == ["召开会员代表大会"]


def test_schedule_items_are_due_by_the_end_of_their_month(approved_plan, mid_june):
    scheduled = PlanItem.objects.create(plan=approved_plan, position=99, level=3, title="端午节活动", month=6)
    assert scheduled.due_by == date(2026, 6, 30) and not scheduled.is_overdue(mid_june)
    assert scheduled.is_overdue(date(2026, 7, 1))


def test_a_closed_plans_items_are_never_overdue(approved_plan, chair_user, mid_june):
    approved_plan.close(chair_user)
    assert not PlanItem.objects.overdue(mid_june).exists()


def test_an_activity_marks_its_item_done(approved_plan, committee_user):
    class Activity:  # what the activities app passes: title, outcome, date
        title, outcome, date = "教职工体检", "参加体检86人", date(2026, 10, 12)

    target = item(approved_plan, "组织教职工体检")
    assert target.mark_done_by_activity(Activity(), by=committee_user)
    target.refresh_from_db()
    assert target.status == "done" and target.done_on == date(2026, 10, 12)
    assert target.outcome == "教职工体检：参加体检86人"
    assert "通过活动“教职工体检”完成" == HistoryEntry.objects.for_object(approved_plan).first().note
    assert not target.mark_done_by_activity(Activity())  # already done: nothing changes


def test_an_activity_leaves_a_dropped_item_alone(approved_plan):
    target = item(approved_plan, "组织教职工体检")
    target.status = "dropped"
    target.save()
    assert not target.mark_done_by_activity(type("A", (), {"title": "体检"})())
    target.refresh_from_db()
    assert target.status == "dropped"
