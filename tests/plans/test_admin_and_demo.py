"""The admin shows plans with their outline inline; seed_demo builds this year's and last year's plans."""

from datetime import date

import pytest
from django.core.management import call_command

from plans.models import AnnualPlan, PlanItem, PlanSnapshot
from plans.summary import year_summary
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_chair(chair_user):
    chair_user.is_staff = True
    chair_user.save()
    return chair_user


def test_admin_lists_plans_and_shows_the_outline_inline(login, staff_chair, plan, other_union):
    from tests.factories import AnnualPlanFactory

    AnnualPlanFactory(union=other_union, year=2026, title="外单位计划")
    client = login(staff_chair)
    listing = client.get("/admin/plans/annualplan/").content.decode()
    assert "第一中学工会2026年工作计划" in listing and "外单位计划" not in listing
    page = client.get(f"/admin/plans/annualplan/{plan.pk}/change/").content.decode()
    assert "完善会员档案" in page and "计划条目" in page
    assert client.get("/admin/plans/planitem/?q=体检").status_code == 200
    assert client.get("/admin/plans/plansnapshot/").status_code == 200


@pytest.fixture
def demo(settings):
    """The demo school's plans (its federation's other schools hand up plans of their own)."""
    settings.DEBUG = True
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    return AnnualPlan.objects.filter(union__member__user__username="chair").distinct()


def test_demo_has_an_approved_plan_from_reference_plan_7_and_last_years_closed_plan(demo):
    plan = demo.get(year=2026)
    assert plan.status == AnnualPlan.Status.APPROVED and plan.approved_by.name == "王建国"
    assert plan.guiding_ideology.startswith("根据市教育工会2026年工作要点")
    assert plan.snapshots.count() == 2 and PlanSnapshot.objects.get(plan=plan, number=2).revision_reason
    assert demo.get(year=2025).status == AnnualPlan.Status.CLOSED
    work = PlanItem.objects.filter(plan=plan, level=3)
    assert work.filter(owner__isnull=True).count() == 0
    assert work.filter(due_month__isnull=False).exists()
    schedule = list(plan.items.scheduled())
    months = [item.month for item in schedule]
    assert months == sorted(months) and months[0] == 1  # 一月份 first, then the year in order
    assert {item.due_by for item in schedule if item.month == 1} == {date(2026, 1, 31)}
    assert plan.items.scheduled().filter(month=2).count() == 4


def test_demo_statuses_are_a_realistic_mix(demo):
    summary = year_summary(demo.get(year=2026).union, 2026)
    assert [part.title for part in summary.parts] == ["主要工作", "具体安排"]
    assert summary.done > summary.planned / 3
    assert summary.dropped >= 1 and summary.in_progress >= 1
    assert all(item.reason for part in summary.parts for item in part.items if item.status == "dropped")


def test_demo_runs_twice_without_duplicates(demo):
    counts = (AnnualPlan.objects.count(), PlanItem.objects.count(), PlanSnapshot.objects.count())
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    assert (AnnualPlan.objects.count(), PlanItem.objects.count(), PlanSnapshot.objects.count()) == counts


def test_a_change_in_the_admin_is_in_the_plans_history(login, staff_chair, plan):
    from members.models import HistoryEntry

    client = login(staff_chair)
    page = client.get(f"/admin/plans/annualplan/{plan.pk}/change/")
    assert page.status_code == 200
    data = {
        "year": 2026,
        "title": "改过的标题",
        "foreword": "",
        "guiding_ideology": plan.guiding_ideology,
        "goals": "",
        "status": "draft",
        "approval_body": "",
        "revision_reason": "",
        "approved_by": "",
        "items-TOTAL_FORMS": 0,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    response = client.post(f"/admin/plans/annualplan/{plan.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert HistoryEntry.objects.for_object(plan).first().note == "在管理后台修改"
