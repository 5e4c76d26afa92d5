"""The fund review over HTTP: reviewers record and sign it, signing locks the period, pages say why
a change is refused, and the chair reopens the period with a recorded reason."""

from datetime import date
from decimal import Decimal

import pytest

from funds.models import Expense, FundReview, Income
from members.models import HistoryEntry
from tests.factories import DuesFactory, ExpenseFactory, FundReviewFactory, IncomeFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def expense(union, categories):
    return ExpenseFactory(union=union, category=categories["职工活动支出"], date=date(2026, 3, 8))


@pytest.fixture
def signed(clock, login, union, reviewer_user, expense):
    """The reviewer records the first half's review and signs it through the pages (in July: a review
    is signed once its period has ended)."""
    clock(date(2026, 7, 10))
    client = login(reviewer_user)
    response = client.post(
        "/funds/reviews/add/",
        {
            "year": "2026",
            "kind": "first_half",
            "reviewed_on": "2026-07-10",
            "reviewers": [reviewer_user.member.pk],
            "findings": "账目清楚，单据齐全。",
            "conclusion": "passed",
        },
    )
    review = FundReview.objects.get()
    assert response["Location"] == f"/funds/reviews/{review.pk}/"
    assert (review.start, review.end) == (date(2026, 1, 1), date(2026, 6, 30))
    response = client.post(f"/funds/reviews/{review.pk}/sign/", follow=True)
    assert "全体审查人均已签字" in response.content.decode()
    review.refresh_from_db()
    assert review.status == FundReview.Status.SIGNED
    return review


def expense_data(expense, **overrides):
    return {
        "date": expense.date.isoformat(),
        "category": expense.category_id,
        "amount": "200.00",
        "payee": expense.payee,
        "description": expense.description,
        "seen_version": expense.version,
        **overrides,
    }


def test_a_date_range_review_keeps_its_dates(login, reviewer_user):
    login(reviewer_user).post(
        "/funds/reviews/add/",
        {
            "year": "2026",
            "kind": "range",
            "start": "2026-03-01",
            "end": "2026-04-15",
            "reviewed_on": "2026-05-01",
            "reviewers": [reviewer_user.member.pk],
            "findings": "专项审查",
            "conclusion": "remarks",
        },
    )
    review = FundReview.objects.get()
    assert (review.start, review.end) == (date(2026, 3, 1), date(2026, 4, 15))
    assert review.title == "2026年3月1日至4月15日经费审查"


def test_a_date_range_needs_both_dates_in_order(login, reviewer_user):
    response = login(reviewer_user).post(
        "/funds/reviews/add/",
        {
            "year": "2026",
            "kind": "range",
            "start": "2026-05-01",
            "end": "2026-04-15",
            "reviewed_on": "2026-05-01",
            "reviewers": [reviewer_user.member.pk],
            "conclusion": "passed",
        },
    )
    assert "截止日期不能早于起始日期" in response.content.decode()
    assert not FundReview.objects.exists()


def test_the_treasurer_cannot_sign(login, treasurer_user, union, reviewer_user):
    review = FundReviewFactory(union=union)
    review.reviewers.set([reviewer_user.member])
    assert login(treasurer_user).post(f"/funds/reviews/{review.pk}/sign/").status_code == 403


def test_a_reviewer_not_named_cannot_sign(login, union, reviewer_user):
    review = FundReviewFactory(union=union)
    review.reviewers.set([MemberFactory(union=union)])
    response = login(reviewer_user).post(f"/funds/reviews/{review.pk}/sign/", follow=True)
    assert "只有本次审查列明的审查人才能签字" in response.content.decode()
    review.refresh_from_db()
    assert review.status == FundReview.Status.DRAFT


def test_adding_an_expense_in_the_locked_period_is_refused_with_the_reason(login, treasurer_user, signed, expense):
    response = login(treasurer_user).post("/funds/expenses/add/", expense_data(expense, seen_version=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2026年1月1日至6月30日已经经费审查（2026年上半年经费审查）签字锁定" in page
    assert Expense.objects.count() == 1


def test_editing_a_locked_expense_is_refused_and_the_form_is_gone(login, treasurer_user, signed, expense):
    client = login(treasurer_user)
    page = client.get(f"/funds/expenses/{expense.pk}/").content.decode()
    assert "已锁定" in page and 'name="amount"' not in page and f"expenses/{expense.pk}/delete/" not in page
    client.post(f"/funds/expenses/{expense.pk}/", expense_data(expense))
    expense.refresh_from_db()
    assert expense.amount == Decimal("100.00")


def test_deleting_a_locked_expense_is_refused(login, treasurer_user, signed, expense):
    response = login(treasurer_user).post(f"/funds/expenses/{expense.pk}/delete/", follow=True)
    assert "签字锁定" in response.content.decode()
    assert Expense.objects.filter(pk=expense.pk).exists()


def test_income_and_dues_in_the_locked_period_are_refused_too(login, treasurer_user, union, signed):
    income = IncomeFactory.build(union=union, date=date(2026, 4, 20))
    client = login(treasurer_user)
    response = client.post("/funds/income/add/", {"date": "2026-04-20", "source": "allocated", "amount": "100"})
    assert "签字锁定" in response.content.decode() and not Income.objects.exists()
    response = client.post("/funds/2026/dues/generate/", {"month": "3"}, follow=True)
    assert "签字锁定" in response.content.decode()
    dues = DuesFactory(member=MemberFactory(union=union), month=8)
    response = client.post(
        "/funds/2026/dues/pay/", {"dues": [dues.pk], "paid_on": "2026-06-30", "method": "cash"}, follow=True
    )
    assert "签字锁定" in response.content.decode()
    assert income.pk is None


def test_the_chair_reopens_with_a_reason_then_changes_are_allowed(login, chair_user, treasurer_user, signed, expense):
    chair = login(chair_user)
    response = chair.post(f"/funds/reviews/{signed.pk}/reopen/", {"reason": ""}, follow=True)
    assert "请说明解除锁定的理由" in response.content.decode()
    response = chair.post(
        f"/funds/reviews/{signed.pk}/reopen/", {"reason": "三月一笔支出科目记错，需更正"}, follow=True
    )
    page = response.content.decode()
    assert "已解除锁定" in page and "三月一笔支出科目记错，需更正" in page
    entry = HistoryEntry.objects.for_object(signed).filter(actor=chair_user).first()
    assert "三月一笔支出科目记错，需更正" in str(entry.changes)
    client = login(treasurer_user)
    client.post(f"/funds/expenses/{expense.pk}/", expense_data(expense))
    expense.refresh_from_db()
    assert expense.amount == Decimal("200.00")


def test_only_the_chair_reopens(login, reviewer_user, treasurer_user, signed):
    for user in (reviewer_user, treasurer_user):
        assert login(user).post(f"/funds/reviews/{signed.pk}/reopen/", {"reason": "想改"}).status_code == 403


def test_a_signed_review_cannot_be_edited(login, reviewer_user, signed):
    client = login(reviewer_user)
    response = client.get(f"/funds/reviews/{signed.pk}/edit/", follow=True)
    assert "已签字的审查不能修改" in response.content.decode()


def test_reviewers_read_every_record_and_its_history(login, treasurer_user, reviewer_user, union, categories):
    expense = ExpenseFactory(union=union, category=categories["业务支出"], date=date(2026, 8, 1))
    login(treasurer_user).post(f"/funds/expenses/{expense.pk}/", expense_data(expense, amount="123.45"))
    page = login(reviewer_user).get(f"/funds/expenses/{expense.pk}/").content.decode()
    assert "<del>100.00</del> → 123.45" in page and "张会计" in page


def test_the_review_form_offers_each_committee_member_as_a_reviewer(login, reviewer_user, committee_user):
    page = login(reviewer_user).get("/funds/reviews/add/").content.decode()
    assert page.count('type="checkbox" name="reviewers"') == 2
    assert "陈经审" in page and "李委员" in page
