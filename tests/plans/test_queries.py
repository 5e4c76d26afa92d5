"""Plan pages stay within a fixed query budget whatever the plan's size."""

from datetime import date

import pytest

from plans.models import AnnualPlan, PlanItem
from tests.factories import AnnualPlanFactory, MemberFactory

pytestmark = pytest.mark.django_db


def big_plan(union, year=2026, parts=10, per_part=29, status="approved"):
    """parts × (1 part + per_part items) rows: 300 with the defaults; owners on every item."""
    plan = AnnualPlanFactory(union=union, year=year, status=status, guiding_ideology="指导思想")
    owners = [MemberFactory(union=union, position="committee") for _ in range(5)]
    rows = []
    for p in range(parts):
        rows.append(PlanItem(plan=plan, union=union, level=1, title=f"第{p + 1}部分"))
        for i in range(per_part):
            rows.append(
                PlanItem(
                    plan=plan,
                    union=union,
                    level=3,
                    title=f"事项{p + 1}-{i + 1}",
                    owner=owners[i % 5],
                    status=["done", "in_progress", "not_started", "dropped"][i % 4],
                    due_date=date(year, 1 + i % 12, 10) if i % 3 else None,
                    due_month=6 if i % 3 == 0 else None,
                    progress_note="进展" if i % 2 else "",
                    outcome="成效" if i % 4 == 0 else "",
                )
            )
    for position, row in enumerate(rows):
        row.position = position
    PlanItem.objects.bulk_create(rows)
    return plan


def test_the_plan_page_at_300_items(login, committee_user, union, django_assert_max_num_queries):
    big_plan(union)
    client = login(committee_user)
    with django_assert_max_num_queries(10):
        response = client.get("/plans/2026/")
    assert response.status_code == 200 and response.content.decode().count('class="plan-row lvl-3') == 290


def test_the_print_view_at_300_items(login, member_user, union, django_assert_max_num_queries):
    big_plan(union)
    client = login(member_user)
    with django_assert_max_num_queries(10):
        assert client.get("/plans/2026/print/").status_code == 200


def test_the_list_of_plans_does_not_grow_with_plans_or_items(login, chair_user, union, django_assert_max_num_queries):
    for year in range(2018, 2027):
        big_plan(union, year=year, parts=3, per_part=20, status="closed")
    client = login(chair_user)
    with django_assert_max_num_queries(10):
        assert client.get("/plans/").status_code == 200


def test_the_editor_at_300_items(login, committee_user, union, django_assert_max_num_queries):
    big_plan(union, status="draft")
    client = login(committee_user)
    with django_assert_max_num_queries(12):
        assert client.get("/plans/2026/edit/").status_code == 200


def test_the_dashboard_panels(login, chair_user, union, django_assert_max_num_queries):
    from plans.dashboard import panels

    big_plan(union)
    client = login(chair_user)
    client.get("/plans/")  # warm the session
    request = type("R", (), {"user": chair_user, "union": union, "member": chair_user.member})()
    with django_assert_max_num_queries(6):  # 2 for the permissions, 2 overdue, 1 mine
        result = panels(request)
        assert result[0].context["overdue_count"] > 0


def test_history_page(login, committee_user, union, django_assert_max_num_queries):
    plan = big_plan(union, status="draft")
    for _ in range(30):
        plan.submit(committee_user)
        plan.return_to_draft(committee_user)
    client = login(committee_user)
    with django_assert_max_num_queries(10):
        assert client.get("/plans/2026/history/").status_code == 200
    assert AnnualPlan.objects.get().status == "draft"
