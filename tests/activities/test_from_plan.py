"""From the plan: the approved plan's month schedule becomes month-only activities, linked to their
items; done activities show on the plan."""

import pytest

from activities.from_plan import activities_from_plan
from activities.models import Activity, Audience
from plans.models import AnnualPlan, PlanItem
from tests.factories import AnnualPlanFactory, PlanItemFactory, SignupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(union):
    plan = AnnualPlanFactory(union=union, year=2026, status=AnnualPlan.Status.APPROVED)
    PlanItemFactory(plan=plan, level=PlanItem.Level.PART, title="三、具体安排")
    for month, title in [
        (2, "长沙市第二届“魅力教师”评选工作。"),
        (3, "庆祝“三八”妇女节。"),
        (3, "教职工乒乓球赛、象棋赛。"),
        (3, "工会委员、组长例会。"),
        (11, "女教职工的专项体检。"),
    ]:
        PlanItemFactory(plan=plan, title=title, month=month)
    PlanItemFactory(plan=plan, title="加强职工之家建设")  # not in the schedule
    return plan


def test_schedule_items_become_month_only_activities_linked_to_their_items(union, plan):
    created, found = activities_from_plan(union, 2026)
    assert found == plan and len(created) == 5
    march = Activity.objects.filter(union=union, month=3).order_by("id")
    assert [a.title for a in march] == [
        "庆祝“三八”妇女节。",
        "教职工乒乓球赛、象棋赛。",
        "工会委员、组长例会。",
    ]
    assert all(a.start_date is None and a.year == 2026 and a.plan_item_id for a in march)
    by_title = {a.title: a for a in created}
    assert by_title["庆祝“三八”妇女节。"].category.key == "women"
    assert by_title["庆祝“三八”妇女节。"].audience == Audience.WOMEN
    assert by_title["教职工乒乓球赛、象棋赛。"].category.key == "sports"
    assert by_title["长沙市第二届“魅力教师”评选工作。"].category.key == "competition"
    assert by_title["工会委员、组长例会。"].audience == Audience.COMMITTEE
    assert by_title["女教职工的专项体检。"].category.key == "health"


def test_running_it_again_creates_no_duplicates(union, plan):
    activities_from_plan(union, 2026)
    created, _plan = activities_from_plan(union, 2026)
    assert created == []
    assert Activity.objects.filter(union=union).count() == 5


def test_a_draft_plan_is_not_used(union, plan):
    plan.status = AnnualPlan.Status.DRAFT
    plan.save()
    assert activities_from_plan(union, 2026) == ([], None)


def test_the_button_on_the_year_page(login, committee_user, union, plan):
    response = login(committee_user).post("/activities/2026/from-plan/", follow=True)
    assert "已从工作计划的具体安排中添加5项活动" in response.content.decode()
    response = login(committee_user).post("/activities/2027/from-plan/", follow=True)
    assert "2027年还没有已批准的工作计划" in response.content.decode()


def test_marking_the_linked_activity_done_shows_on_the_plan_item(login, committee_user, union, plan):
    (activity, *_rest) = activities_from_plan(union, 2026)[0]
    signup = SignupFactory(activity=activity)
    response = login(committee_user).post(
        f"/activities/{activity.pk}/attendance/",
        {
            "attended": [str(signup.pk)],
            "participants": "40",
            "outcome": "评出魅力教师1名。",
            "mark_done": "on",
        },
    )
    assert response.status_code == 302
    item = activity.plan_item
    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE
    assert activity.title in item.outcome and "评出魅力教师1名。" in item.outcome


def test_marking_done_through_the_edit_form_also_reports_to_the_plan(login, committee_user, union, plan):
    activity = activities_from_plan(union, 2026)[0][1]
    login(committee_user).post(
        f"/activities/{activity.pk}/edit/",
        {
            "title": activity.title,
            "category": activity.category_id,
            "year": 2026,
            "month": 3,
            "start_date": "2026-03-06",
            "audience": "women",
            "status": "done",
            "version": activity.version,
        },
    )
    activity.plan_item.refresh_from_db()
    assert activity.plan_item.status == PlanItem.Status.DONE


def test_the_activity_page_links_to_its_plan_item(login, committee_user, union, plan):
    activity = activities_from_plan(union, 2026)[0][0]
    html = login(committee_user).get(f"/activities/{activity.pk}/").content.decode()
    assert f"/plans/2026/#item-{activity.plan_item_id}" in html
