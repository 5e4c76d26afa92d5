"""The fund-review lock holds on every path (issue 14, part 2).

A signed review's period, kind and dates stay as the reviewers signed them — in the app's review
form, the admin's change form and its inline, and code that calls save() — until the chair reopens
it with a reason, which clears the signatures. Deleting an activity or a care visit never changes an
expense in a locked period (the deletion is refused, naming the expense); in an open period the
expense loses its link and its history says so. Deleting locked income or expenses in the admin is
refused with the reason, never a 500.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from activities.models import Activity
from activities.series import generate, sync_occurrences
from funds.models import Expense, FundReview, Income, ReviewSignature
from members.models import CareVisit, HistoryEntry
from tests.factories import (
    ActivityFactory,
    ActivitySeriesFactory,
    CareVisitFactory,
    ExpenseFactory,
    FundReviewFactory,
    IncomeFactory,
)

pytestmark = pytest.mark.django_db

FIRST_HALF = (date(2026, 1, 1), date(2026, 6, 30))


@pytest.fixture
def sign(reviewer_user):
    def _sign(review):
        review.reviewers.set([reviewer_user.member])
        review.sign(reviewer_user.member, by=reviewer_user, today=review.signable_from)
        review.refresh_from_db()
        assert review.status == FundReview.Status.SIGNED
        return review

    return _sign


@pytest.fixture
def signed(union, sign):
    """The first half of 2026, signed: its money is locked."""
    return sign(FundReviewFactory(union=union))


@pytest.fixture
def staff_chair(login, chair_user):
    chair_user.is_staff = True
    chair_user.save()
    return login(chair_user)


def page_of(response):
    assert response.status_code == 200
    return response.content.decode()


# --- the signed review itself ------------------------------------------------------------------


def review_admin_data(review, **overrides):
    return {
        "year": review.year,
        "kind": review.kind,
        "start": review.start.isoformat(),
        "end": review.end.isoformat(),
        "reviewed_on": review.reviewed_on.isoformat(),
        "reviewers": [m.pk for m in review.reviewers.all()],
        "findings": review.findings,
        "conclusion": review.conclusion,
        "signatures-TOTAL_FORMS": review.signatures.count(),
        "signatures-INITIAL_FORMS": review.signatures.count(),
        "signatures-MIN_NUM_FORMS": 0,
        "signatures-MAX_NUM_FORMS": 1000,
        **{f"signatures-{i}-id": s.pk for i, s in enumerate(review.signatures.all())},
        **{f"signatures-{i}-review": review.pk for i in range(review.signatures.count())},
        "_save": "保存",
        **overrides,
    }


def test_code_cannot_change_a_signed_reviews_period_kind_or_dates(signed):
    for field, value in [("kind", FundReview.Kind.YEAR), ("year", 2025), ("end", date(2026, 5, 31))]:
        review = FundReview.objects.get(pk=signed.pk)
        if field == "end":
            review.kind = FundReview.Kind.RANGE
        setattr(review, field, value)
        with pytest.raises(ValidationError) as refused:
            review.save()
        assert "主席" in str(refused.value)
    with pytest.raises(ValidationError):
        FundReview.objects.filter(pk=signed.pk).update(end=date(2026, 3, 31))
    review = FundReview.objects.get(pk=signed.pk)
    review.status = FundReview.Status.DRAFT  # unlocking by hand, without a reason
    with pytest.raises(ValidationError):
        review.save()
    signed.refresh_from_db()
    assert (signed.kind, signed.start, signed.end) == (FundReview.Kind.FIRST_HALF, *FIRST_HALF)
    assert signed.status == FundReview.Status.SIGNED and signed.signatures.count() == 1


def test_a_signed_review_cannot_be_deleted_in_code(signed):
    with pytest.raises(ValidationError):
        FundReview.objects.get(pk=signed.pk).delete()
    with pytest.raises(ValidationError):
        FundReview.objects.filter(pk=signed.pk).delete()
    assert FundReview.objects.filter(pk=signed.pk, status=FundReview.Status.SIGNED).exists()


def test_the_app_review_form_refuses_a_signed_review(login, reviewer_user, signed):
    client = login(reviewer_user)
    response = client.post(
        f"/funds/reviews/{signed.pk}/edit/",
        {
            "year": "2026",
            "kind": "year",
            "reviewed_on": "2026-07-10",
            "reviewers": [reviewer_user.member.pk],
            "findings": "改过",
            "conclusion": "passed",
            "seen_version": signed.version,
        },
        follow=True,
    )
    assert "已签字的审查不能修改" in page_of(response)
    signed.refresh_from_db()
    assert (signed.kind, signed.start, signed.end, signed.findings) == (
        FundReview.Kind.FIRST_HALF,
        *FIRST_HALF,
        "账目清楚，单据齐全。",
    )


def test_the_admin_shows_a_signed_review_read_only_and_points_to_reopening(staff_chair, signed):
    page = page_of(staff_chair.get(f"/admin/funds/fundreview/{signed.pk}/change/"))
    assert 'name="kind"' not in page and 'name="start"' not in page and 'name="end"' not in page
    assert 'name="signatures-0-DELETE"' not in page
    assert f'href="/funds/reviews/{signed.pk}/"' in page and "解除锁定" in page


def test_the_admin_change_form_cannot_change_a_signed_reviews_period(staff_chair, signed):
    response = staff_chair.post(
        f"/admin/funds/fundreview/{signed.pk}/change/",
        review_admin_data(signed, kind="range", start="2026-01-01", end="2026-03-31", year="2025"),
        follow=True,
    )
    assert "已签字的审查不能修改" in page_of(response)
    signed.refresh_from_db()
    assert (signed.year, signed.kind, signed.start, signed.end) == (2026, FundReview.Kind.FIRST_HALF, *FIRST_HALF)
    assert signed.status == FundReview.Status.SIGNED


def test_the_admin_inline_cannot_take_a_signature_off_a_signed_review(staff_chair, signed):
    signature = signed.signatures.get()
    staff_chair.post(
        f"/admin/funds/fundreview/{signed.pk}/change/",
        review_admin_data(signed, **{"signatures-0-DELETE": "on"}),
    )
    assert ReviewSignature.objects.filter(pk=signature.pk).exists()
    response = staff_chair.post(
        "/admin/funds/reviewsignature/",
        {"action": "delete_selected", "_selected_action": [signature.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert ReviewSignature.objects.filter(pk=signature.pk).exists()


def test_the_admin_refuses_to_delete_a_signed_review(staff_chair, signed):
    response = staff_chair.post(f"/admin/funds/fundreview/{signed.pk}/delete/", {"post": "yes"}, follow=True)
    assert "已签字的审查不能删除" in page_of(response)
    response = staff_chair.post(
        "/admin/funds/fundreview/",
        {"action": "delete_selected", "_selected_action": [signed.pk], "post": "yes"},
        follow=True,
    )
    assert "已签字的审查不能删除" in page_of(response)
    assert FundReview.objects.filter(pk=signed.pk, status=FundReview.Status.SIGNED).exists()


def test_once_the_chair_reopens_it_the_period_can_be_changed_in_the_admin(staff_chair, chair_user, signed):
    response = staff_chair.post(f"/funds/reviews/{signed.pk}/reopen/", {"reason": "上半年应延至七月底"}, follow=True)
    assert "已解除锁定" in page_of(response)
    signed.refresh_from_db()
    assert signed.status == FundReview.Status.REOPENED and signed.signatures.count() == 0
    response = staff_chair.post(
        f"/admin/funds/fundreview/{signed.pk}/change/",
        review_admin_data(signed, kind="range", start="2026-01-01", end="2026-07-31"),
    )
    assert response.status_code == 302
    signed.refresh_from_db()
    assert (signed.kind, signed.end) == (FundReview.Kind.RANGE, date(2026, 7, 31))
    reasons = [str(e.changes) for e in HistoryEntry.objects.for_object(signed)]
    assert any("上半年应延至七月底" in r for r in reasons)


# --- deleting what money was spent for ---------------------------------------------------------


@pytest.fixture
def activity(union):
    return ActivityFactory(union=union, title="三八节登山", start_date=date(2026, 3, 8))


@pytest.fixture
def visit(union):
    return CareVisitFactory(union=union, member__name="孙老师", date=date(2026, 3, 5))


@pytest.fixture
def spent_on_activity(union, categories, activity):
    return ExpenseFactory(
        union=union,
        category=categories["职工活动支出"],
        date=date(2026, 3, 8),
        activity=activity,
        description="登山大巴",
        amount=Decimal("1200.00"),
    )


@pytest.fixture
def spent_on_visit(union, categories, visit):
    return ExpenseFactory(
        union=union,
        category=categories["职工活动支出"],
        date=date(2026, 3, 5),
        care_visit=visit,
        description="慰问水果",
        amount=Decimal("300.00"),
    )


def assert_untouched(expense, activity=None, visit=None):
    stored = Expense.objects.get(pk=expense.pk)
    assert (stored.activity_id, stored.care_visit_id, stored.version) == (
        activity.pk if activity else None,
        visit.pk if visit else None,
        expense.version,
    )


def names_the_expense(page, description, amount):
    return description in page and amount in page and "锁定" in page


def test_deleting_an_activity_with_a_locked_expense_is_refused_in_the_app(
    login, committee_user, activity, spent_on_activity, signed
):
    response = login(committee_user).post(f"/activities/{activity.pk}/delete/", follow=True)
    page = page_of(response)
    assert names_the_expense(page, "登山大巴", "¥1,200.00")
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert_untouched(spent_on_activity, activity=activity)


def test_deleting_a_care_visit_with_a_locked_expense_is_refused_in_the_app(
    login, chair_user, visit, spent_on_visit, signed
):
    response = login(chair_user).post(f"/members/care/visits/{visit.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert CareVisit.objects.filter(pk=visit.pk).exists()
    assert_untouched(spent_on_visit, visit=visit)


@pytest.mark.parametrize("model", ["activity", "visit"])
def test_the_admin_refuses_to_delete_what_a_locked_expense_was_spent_for(
    staff_chair, model, activity, visit, spent_on_activity, spent_on_visit, signed
):
    obj, expense = (activity, spent_on_activity) if model == "activity" else (visit, spent_on_visit)
    url = "/admin/activities/activity/" if model == "activity" else "/admin/members/carevisit/"
    description, amount = ("登山大巴", "¥1,200.00") if model == "activity" else ("慰问水果", "¥300.00")
    # The single delete: refused before the confirmation page, and on the confirmation's POST.
    assert names_the_expense(page_of(staff_chair.get(f"{url}{obj.pk}/delete/", follow=True)), description, amount)
    page = page_of(staff_chair.post(f"{url}{obj.pk}/delete/", {"post": "yes"}, follow=True))
    assert names_the_expense(page, description, amount)
    # "Delete selected": refused as a whole, nothing deleted.
    for data in ({}, {"post": "yes"}):
        page = page_of(
            staff_chair.post(url, {"action": "delete_selected", "_selected_action": [obj.pk], **data}, follow=True)
        )
        assert names_the_expense(page, description, amount) and "成功删除" not in page
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert_untouched(spent_on_activity, activity=activity)
    assert_untouched(spent_on_visit, visit=visit)


def test_code_cannot_delete_an_activity_whose_expense_is_locked(activity, spent_on_activity, signed):
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        Activity.objects.get(pk=activity.pk).delete()
    assert "登山大巴" in str(refused.value)
    with pytest.raises(ValidationError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).delete()
    assert_untouched(spent_on_activity, activity=activity)


def test_in_an_open_period_deleting_an_activity_unlinks_its_expense_with_history(
    login, committee_user, treasurer_user, activity, spent_on_activity
):
    response = login(committee_user).post(f"/activities/{activity.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert not Activity.objects.filter(pk=activity.pk).exists()
    expense = Expense.objects.get(pk=spent_on_activity.pk)
    assert expense.activity_id is None and expense.amount == Decimal("1200.00")
    entry = HistoryEntry.objects.for_object(expense).filter(action="change").get()
    assert entry.changes["活动"] == ["三八节登山", ""] and entry.actor == committee_user
    page = page_of(login(treasurer_user).get(f"/funds/expenses/{expense.pk}/"))
    assert "三八节登山" in page  # the history shows what it was spent for


@pytest.mark.parametrize("how", ["single", "selected"])
def test_in_an_open_period_the_admin_deletes_a_visit_and_the_expense_history_says_so(
    staff_chair, chair_user, how, visit, spent_on_visit
):
    if how == "single":
        response = staff_chair.post(f"/admin/members/carevisit/{visit.pk}/delete/", {"post": "yes"})
    else:
        response = staff_chair.post(
            "/admin/members/carevisit/", {"action": "delete_selected", "_selected_action": [visit.pk], "post": "yes"}
        )
    assert response.status_code == 302
    assert not CareVisit.objects.filter(pk=visit.pk).exists()
    expense = Expense.objects.get(pk=spent_on_visit.pk)
    assert expense.care_visit_id is None
    entry = HistoryEntry.objects.for_object(expense).filter(action="change").get()
    assert "孙老师" in entry.changes["走访慰问"][0] and entry.actor == chair_user


# --- locked money in the admin -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["income", "expense"])
def test_the_admin_refuses_to_delete_locked_money_without_a_500(staff_chair, union, categories, sign, kind):
    if kind == "income":
        row = IncomeFactory(union=union, date=date(2026, 2, 1), payer="区总工会")
    else:
        row = ExpenseFactory(union=union, category=categories["其他支出"], date=date(2026, 2, 1))
    sign(FundReviewFactory(union=union))
    model = type(row)
    url = f"/admin/funds/{kind}/"
    page = page_of(staff_chair.get(f"{url}{row.pk}/delete/", follow=True))
    assert "签字锁定" in page
    page = page_of(staff_chair.post(f"{url}{row.pk}/delete/", {"post": "yes"}, follow=True))
    assert "签字锁定" in page
    for data in ({}, {"post": "yes"}):
        page = page_of(
            staff_chair.post(url, {"action": "delete_selected", "_selected_action": [row.pk], **data}, follow=True)
        )
        assert "签字锁定" in page and "成功删除" not in page
    assert model.objects.filter(pk=row.pk).exists()


def test_the_admin_still_deletes_open_money(staff_chair, union, signed):
    income = IncomeFactory(union=union, date=date(2026, 8, 1))
    response = staff_chair.post(f"/admin/funds/income/{income.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Income.objects.filter(pk=income.pk).exists()


def test_a_series_edit_cancels_an_occurrence_a_locked_expense_was_spent_for(union, categories, sign):
    series = ActivitySeriesFactory(union=union, title="教工羽毛球", rule="FREQ=MONTHLY;BYDAY=1MO")
    generate(series)
    june = series.occurrences.get(start_date=date(2026, 6, 1))
    deposit = ExpenseFactory(
        union=union, category=categories["职工活动支出"], date=date(2026, 5, 20), activity=june, description="场地定金"
    )
    sign(FundReviewFactory(union=union))
    series.rule = "FREQ=MONTHLY;BYDAY=1TU"
    series.save()
    sync_occurrences(series, today=date(2026, 5, 25))
    june.refresh_from_db()
    assert june.status == Activity.Status.CANCELLED  # kept, as the reviewed deposit says what it was for
    assert_untouched(deposit, activity=june)
    assert not series.occurrences.filter(start_date=date(2026, 7, 6)).exists()  # no money: deleted


# --- the admin keeps the review's rules too ---------------------------------------------------------


def test_the_admin_refuses_the_treasurer_as_a_reviewer_and_records_the_reviewers_it_saves(
    staff_chair, union, treasurer_user, reviewer_user, committee_user
):
    review = FundReviewFactory(union=union)
    review.reviewers.set([reviewer_user.member])
    url = f"/admin/funds/fundreview/{review.pk}/change/"

    page = page_of(staff_chair.post(url, review_admin_data(review, reviewers=[treasurer_user.member.pk])))
    assert "主席和经费管理人员不能担任经审人员：张会计（财务委员）" in page
    assert list(review.reviewers.all()) == [reviewer_user.member]

    both = [reviewer_user.member.pk, committee_user.member.pk]
    assert staff_chair.post(url, review_admin_data(review, reviewers=both)).status_code == 302
    assert {m.name for m in review.reviewers.all()} == {"陈经审", "李委员"}
    entry = HistoryEntry.objects.for_object(review).first()
    assert "李委员" in str(entry.changes) or "李委员" in (entry.note or "")
