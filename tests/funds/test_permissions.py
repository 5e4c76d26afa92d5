"""Who may do what with the money: treasurer edits, reviewer reads all and reviews, chair everything,
committee reads totals, members only their own dues; another union's rows are 404."""

from datetime import date

import pytest
from django.utils import timezone

from tests.factories import (
    BudgetLineFactory,
    DuesFactory,
    ExpenseFactory,
    FundReviewFactory,
    IncomeFactory,
    MemberFactory,
    WageBaseFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["chair_user", "treasurer_user", "reviewer_user", "committee_user", "member_user"]


@pytest.fixture
def records(union, categories):
    member = MemberFactory(union=union)
    return {
        "dues": DuesFactory(member=member),
        "wage": WageBaseFactory(member=member),
        "income": IncomeFactory(union=union),
        "expense": ExpenseFactory(union=union, category=categories["职工活动支出"]),
        "budget": BudgetLineFactory(union=union, category=categories["维权支出"]),
        "review": FundReviewFactory(union=union),
    }


def _pages(r):
    return {
        "execution": "/funds/2026/",
        "execution.xlsx": "/funds/2026/execution.xlsx",
        "dues": "/funds/2026/dues/",
        "dues record": f"/funds/dues/{r['dues'].pk}/",
        "arrears": "/funds/2026/arrears/",
        "wages": "/funds/2026/wages/",
        "wage import": "/funds/2026/wages/import/",
        "income": "/funds/2026/income/",
        "income record": f"/funds/income/{r['income'].pk}/",
        "income add": "/funds/income/add/",
        "expenses": "/funds/2026/expenses/",
        "expense record": f"/funds/expenses/{r['expense'].pk}/",
        "expense add": "/funds/expenses/add/",
        "budget": "/funds/2026/budget/",
        "budget add": "/funds/2026/budget/add/",
        "reviews": "/funds/reviews/",
        "review": f"/funds/reviews/{r['review'].pk}/",
        "review add": "/funds/reviews/add/",
        "settings": "/funds/settings/",
    }


# 200 or 403 per role, in ROLES order: chair, treasurer, reviewer, committee, member.
MATRIX = {
    "execution": "22220",
    "execution.xlsx": "22220",
    "dues": "22200",
    "dues record": "22200",
    "arrears": "22200",
    "wages": "22200",
    "wage import": "22000",
    "income": "22200",
    "income record": "22200",
    "income add": "22000",
    "expenses": "22200",
    "expense record": "22200",
    "expense add": "22000",
    "budget": "22200",
    "budget add": "22000",
    "reviews": "22200",
    "review": "22200",
    "review add": "20200",
    "settings": "22200",
}


@pytest.mark.parametrize("page", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, client, records, page, role):
    client.force_login(request.getfixturevalue(role))
    expected = {"2": 200, "0": 403}[MATRIX[page][ROLES.index(role)]]
    assert client.get(_pages(records)[page]).status_code == expected


@pytest.mark.parametrize("page", ["dues record", "income record", "expense record", "review"])
def test_another_unions_records_are_404(client, records, chair_of_other_union, page):
    client.force_login(chair_of_other_union)
    assert client.get(_pages(records)[page]).status_code == 404


def test_another_union_sees_none_of_our_money(client, records, chair_of_other_union):
    client.force_login(chair_of_other_union)
    page = client.get("/funds/2026/").content.decode()
    assert "100.00" not in page and "10,000.00" not in page


def test_another_union_cannot_pay_our_dues(client, records, chair_of_other_union):
    client.force_login(chair_of_other_union)
    client.post("/funds/2026/dues/pay/", {"dues": [records["dues"].pk], "paid_on": "2026-01-20", "method": "cash"})
    records["dues"].refresh_from_db()
    assert records["dues"].paid_on is None


def test_another_union_cannot_delete_our_expense(client, records, chair_of_other_union):
    client.force_login(chair_of_other_union)
    assert client.post(f"/funds/expenses/{records['expense'].pk}/delete/").status_code == 404


@pytest.mark.parametrize(
    ("role", "allowed"), [("treasurer_user", True), ("reviewer_user", False), ("committee_user", False)]
)
def test_only_money_keepers_change_an_expense(request, client, records, role, allowed):
    client.force_login(request.getfixturevalue(role))
    expense = records["expense"]
    client.post(
        f"/funds/expenses/{expense.pk}/",
        {
            "date": "2026-03-08",
            "category": expense.category_id,
            "amount": "150.00",
            "payee": "超市",
            "description": "三八节慰问品",
            "seen_version": expense.version,
        },
    )
    expense.refresh_from_db()
    assert (str(expense.amount) == "150.00") is allowed


def test_reviewer_reads_records_without_a_form(client, records, reviewer_user):
    client.force_login(reviewer_user)
    page = client.get(f"/funds/expenses/{records['expense'].pk}/").content.decode()
    assert "三八节慰问品" in page and '<form method="post" novalidate>' not in page
    assert "修改记录" in page


@pytest.mark.parametrize(
    ("role", "perm", "allowed"),
    [
        ("treasurer_user", "funds.change_expense", True),
        ("treasurer_user", "funds.sign_fundreview", False),
        ("treasurer_user", "funds.reopen_fundreview", False),
        ("treasurer_user", "funds.approve_budgetline", False),
        ("reviewer_user", "funds.view_expense", True),
        ("reviewer_user", "funds.sign_fundreview", True),
        ("reviewer_user", "funds.change_expense", False),
        ("reviewer_user", "funds.reopen_fundreview", False),
        ("chair_user", "funds.reopen_fundreview", True),
        ("chair_user", "funds.approve_budgetline", True),
        ("committee_user", "funds.view_totals", True),
        ("committee_user", "funds.view_dues", False),
        ("member_user", "funds.view_totals", False),
    ],
)
def test_role_permissions(request, role, perm, allowed):
    assert request.getfixturevalue(role).has_perm(perm) is allowed


def test_only_the_chair_approves_the_budget(client, records, treasurer_user, chair_user):
    client.force_login(treasurer_user)
    assert client.post("/funds/2026/budget/approve/").status_code == 403
    client.force_login(chair_user)
    client.post("/funds/2026/budget/approve/")
    records["budget"].refresh_from_db()
    assert records["budget"].approved_by == chair_user


def test_a_member_sees_their_own_dues_on_their_page(client, union, member_user):
    year = timezone.localdate().year  # the member page shows this year's dues
    DuesFactory(
        member=member_user.member,
        year=year,
        month=1,
        amount="24.40",
        paid_on=date(year, 1, 15),
        method="payroll",
    )
    DuesFactory(member=member_user.member, year=year, month=2, amount="24.40")
    DuesFactory(member=MemberFactory(union=union), year=year, month=1, amount="99.90")
    client.force_login(member_user)
    page = client.get(f"/members/{member_user.member.pk}/").content.decode()
    assert f"{year}年会费" in page and "24.40" in page and "99.90" not in page
    assert "已缴" in page and "未缴" in page
