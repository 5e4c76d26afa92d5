"""Income, expenses and budget lines: Decimal to the fen, positive, history of every change,
no silent overwrite, and "Record the spending" prefilled from an activity or a care visit."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from funds.models import BudgetLine, Dues, Expense, Income
from members.models import CareVisit, HistoryEntry
from tests.factories import ActivityFactory, ExpenseFactory, IncomeFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer(login, treasurer_user):
    return login(treasurer_user)


def expense_data(categories, **overrides):
    return {
        "date": "2026-03-08",
        "category": categories["职工活动支出"].pk,
        "amount": "1234.56",
        "payee": "步步高超市",
        "description": "三八节慰问品",
        "receipt_number": "FP0001",
        **overrides,
    }


def test_recording_an_expense_keeps_the_fen_and_its_history(treasurer, categories, treasurer_user):
    response = treasurer.post("/funds/expenses/add/", expense_data(categories))
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.amount == Decimal("1234.56")
    entry = HistoryEntry.objects.for_object(expense).get()
    assert entry.action == "create" and entry.actor == treasurer_user
    assert entry.changes["金额"] == ["", "1234.56"]


@pytest.mark.parametrize("amount", ["0", "0.00", "-5", "-0.01"])
def test_zero_and_negative_amounts_get_a_chinese_error(treasurer, categories, amount):
    response = treasurer.post("/funds/expenses/add/", expense_data(categories, amount=amount))
    assert response.status_code == 200
    assert "金额必须大于零" in response.content.decode() or "0.01" in response.content.decode()
    assert not Expense.objects.exists()


@pytest.mark.parametrize("amount", ["12.345", "abc", "1.2.3", "10000000000.00"])
def test_malformed_amounts_are_form_errors(treasurer, categories, amount):
    response = treasurer.post("/funds/expenses/add/", expense_data(categories, amount=amount))
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not Expense.objects.exists()


@pytest.mark.parametrize("model", [Expense, Income, Dues, BudgetLine])
def test_the_database_refuses_a_zero_amount(union, categories, model):
    member = MemberFactory(union=union)
    fields = {
        Expense: dict(date=date(2026, 1, 1), category=categories["其他支出"], payee="某", description="某"),
        Income: dict(date=date(2026, 1, 1), source="other"),
        Dues: dict(member=member, year=2026, month=1, wage_base=Decimal("1"), rate=Decimal("0.5")),
        BudgetLine: dict(year=2026, category=categories["其他支出"]),
    }[model]
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.bulk_create([model(union=union, amount=Decimal("0.00"), **fields)])  # past the form


def test_an_edit_records_old_and_new_values(treasurer, categories, treasurer_user):
    expense = ExpenseFactory(union=treasurer_user.member.union, category=categories["职工活动支出"])
    treasurer.post(
        f"/funds/expenses/{expense.pk}/",
        expense_data(categories, amount="150.00", category=categories["业务支出"].pk, seen_version=expense.version),
    )
    entry = HistoryEntry.objects.for_object(expense).get(action="change")
    assert entry.changes["金额"] == ["100.00", "150.00"]
    assert entry.changes["科目"] == ["职工活动支出", "业务支出"]
    page = treasurer.get(f"/funds/expenses/{expense.pk}/").content.decode()
    assert "<del>100.00</del> → 150.00" in page


def test_a_second_editor_does_not_overwrite_the_first(treasurer, categories, union):
    expense = ExpenseFactory(union=union, category=categories["职工活动支出"])
    opened = expense.version
    treasurer.post(f"/funds/expenses/{expense.pk}/", expense_data(categories, amount="150.00", seen_version=opened))
    response = treasurer.post(
        f"/funds/expenses/{expense.pk}/", expense_data(categories, amount="999.00", seen_version=opened)
    )
    assert "有人" in response.content.decode() or "其他人" in response.content.decode()
    expense.refresh_from_db()
    assert expense.amount == Decimal("150.00")


def test_deleting_keeps_the_last_values_in_the_history(treasurer, union, categories):
    expense = ExpenseFactory(union=union, category=categories["职工活动支出"], amount=Decimal("88.80"))
    pk = expense.pk
    treasurer.post(f"/funds/expenses/{pk}/delete/")
    assert not Expense.objects.filter(pk=pk).exists()
    entry = HistoryEntry.objects.get(object_id=str(pk), action="delete", content_type__model="expense")
    assert entry.changes["金额"] == ["88.80", ""]


def test_record_the_spending_from_an_activity_prefills_the_form(treasurer, union, categories):
    activity = ActivityFactory(union=union, title="教职工趣味运动会", start_date=date(2026, 5, 20))
    page = treasurer.get(f"/funds/expenses/add/?activity={activity.pk}").content.decode()
    assert 'value="教职工趣味运动会"' in page and 'value="2026-05-20"' in page
    assert f'<option value="{activity.pk}" selected>' in page
    assert f'<option value="{categories["职工活动支出"].pk}" selected>' in page


def test_record_the_spending_from_a_care_visit_prefills_the_form(treasurer, union, categories):
    member = MemberFactory(union=union, name="周老师")
    visit = CareVisit.objects.create(
        union=union,
        member=member,
        date=date(2026, 1, 20),
        reason=CareVisit.Reason.WARMTH,
        amount=Decimal("500.00"),
    )
    page = treasurer.get(f"/funds/expenses/add/?care_visit={visit.pk}").content.decode()
    assert 'value="500.00"' in page and 'value="周老师"' in page and "走访慰问：周老师" in page
    assert f'<option value="{categories["维权支出"].pk}" selected>' in page


def test_another_unions_activity_cannot_be_linked(treasurer, other_union, categories):
    theirs = ActivityFactory(union=other_union)
    assert treasurer.get(f"/funds/expenses/add/?activity={theirs.pk}").status_code == 404
    response = treasurer.post("/funds/expenses/add/", expense_data(categories, activity=theirs.pk))
    assert response.status_code == 200 and not Expense.objects.exists()


def test_an_expense_from_an_activity_page_returns_there(treasurer, union, categories):
    activity = ActivityFactory(union=union, start_date=date(2026, 5, 20))
    response = treasurer.post(
        "/funds/expenses/add/",
        expense_data(categories, activity=activity.pk, next=f"/activities/{activity.pk}/"),
    )
    assert response["Location"] == f"/activities/{activity.pk}/"
    assert Expense.objects.get().activity == activity


def test_income_by_source_sums_paid_dues(treasurer, union):
    IncomeFactory(union=union, date=date(2026, 4, 20), amount=Decimal("33600.00"))
    Dues.objects.create(
        union=union,
        member=MemberFactory(union=union),
        year=2026,
        month=1,
        wage_base=Decimal("5000"),
        rate=Decimal("0.50"),
        amount=Decimal("25.00"),
        paid_on=date(2026, 1, 15),
        method="payroll",
    )
    page = treasurer.get("/funds/2026/income/").content.decode()
    assert "33,600.00" in page and "会费收入" in page and "25.00" in page


def test_recording_income(treasurer):
    response = treasurer.post(
        "/funds/income/add/",
        {"date": "2026-04-20", "source": "allocated", "amount": "33600", "payer": "学校财务处"},
    )
    assert response.status_code == 302
    assert Income.objects.get().amount == Decimal("33600.00")


def test_a_budget_line_per_category_and_year(treasurer, categories):
    category = categories["维权支出"].pk
    assert treasurer.post("/funds/2026/budget/add/", {"category": category, "amount": "25000"}).status_code == 302
    response = treasurer.post("/funds/2026/budget/add/", {"category": category, "amount": "1000"})
    assert "该科目本年度已有预算" in response.content.decode()
    assert BudgetLine.objects.count() == 1


def test_changing_an_approved_budget_line_needs_the_chair_again(login, chair_user, treasurer_user, categories):
    chair, treasurer = login(chair_user), None
    line = BudgetLine.objects.create(
        union=chair_user.member.union, year=2026, category=categories["业务支出"], amount=Decimal("1000")
    )
    chair.post("/funds/2026/budget/approve/")
    line.refresh_from_db()
    assert line.is_approved
    treasurer = login(treasurer_user)
    treasurer.post(
        f"/funds/budget/{line.pk}/",
        {"category": line.category_id, "amount": "1200", "seen_version": line.version},
    )
    line.refresh_from_db()
    assert line.amount == Decimal("1200.00") and not line.is_approved
