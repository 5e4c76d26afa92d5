"""What funds adds to other pages: an activity's budget against its spending, a care visit's
spending, a member's own dues, and the dashboard panel."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from members.models import CareVisit
from tests.factories import ActivityFactory, DuesFactory, ExpenseFactory, FundReviewFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(union, categories):
    activity = ActivityFactory(
        union=union, title="教职工气排球赛", start_date=date(2026, 4, 18), budget=Decimal("3000.00")
    )
    for amount in ("1800.00", "1350.50"):
        ExpenseFactory(
            union=union,
            category=categories["职工活动支出"],
            activity=activity,
            amount=Decimal(amount),
            date=date(2026, 4, 18),
        )
    return activity


def test_an_activity_shows_its_budget_against_its_spending(login, treasurer_user, activity):
    page = login(treasurer_user).get(f"/activities/{activity.pk}/").content.decode()
    assert "预算与支出" in page
    assert "¥3,000.00" in page and "¥3,150.50" in page and "-¥150.50" in page
    assert "支出已超出本活动的预算" in page
    assert f"/funds/expenses/add/?activity={activity.pk}" in page


def test_the_committee_sees_the_spending_but_cannot_record_it(login, committee_user, activity):
    page = login(committee_user).get(f"/activities/{activity.pk}/").content.decode()
    assert "3,150.50" in page and "/funds/expenses/add/" not in page


def test_members_see_no_money_on_an_activity(login, member_user, activity):
    page = login(member_user).get(f"/activities/{activity.pk}/").content.decode()
    assert "预算与支出" not in page and "3,150.50" not in page


def test_a_care_visit_offers_record_the_spending_and_lists_it(login, chair_user, union, categories):
    visit = CareVisit.objects.create(
        union=union,
        member=MemberFactory(union=union),
        date=date(2026, 1, 20),
        reason=CareVisit.Reason.WARMTH,
        amount=Decimal("500.00"),
    )
    ExpenseFactory(
        union=union,
        category=categories["维权支出"],
        care_visit=visit,
        amount=Decimal("500.00"),
        date=date(2026, 1, 20),
    )
    page = login(chair_user).get(f"/members/care/visits/{visit.pk}/").content.decode()
    assert f"/funds/expenses/add/?care_visit={visit.pk}" in page
    assert "维权支出" in page and "500.00" in page


def test_the_dashboard_panel(login, treasurer_user, union, categories):
    today = timezone.localdate()
    DuesFactory(member=MemberFactory(union=union), year=today.year, month=today.month, amount=Decimal("25.00"))
    review = FundReviewFactory(union=union, year=today.year, start=date(today.year, 1, 1), end=date(today.year, 6, 30))
    page = login(treasurer_user).get("/").content.decode()
    assert f"{today.month}月欠缴会费" in page and "1 人 · ¥25.00" in page
    assert review.title in page and "审查中" in page


def test_members_do_not_get_the_panel(login, member_user):
    assert login(member_user).get("/", follow=True).status_code == 200


def test_the_committee_gets_the_panel_without_links_to_rows(login, committee_user):
    page = login(committee_user).get("/").content.decode()
    assert "本年预算执行率" in page and f"/funds/{timezone.localdate().year}/dues/" not in page
