"""Final accounts (决算): income and expenditure by official account and sub-item, budget against actual
with explanations, the welfare caps' exceptions, the surplus carried forward; Excel and PDF."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from funds.final_accounts import final_accounts
from funds.models import ExpenseCategory, FinalAccountsNote, FundSettings
from funds.official_accounts import mapping_for_name
from members.history import history_of
from tests.factories import BudgetLineFactory, DuesFactory, ExpenseFactory, IncomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(union, categories):
    settings = FundSettings.for_union(union)
    settings.opening_balance = D("5000.00")
    settings.save()
    sports = ExpenseCategory.objects.create(union=union, name="文体活动", account="activities",
                                            sub_item="sports_culture")
    warmth = ExpenseCategory.objects.create(union=union, name="春节送温暖", account="rights", sub_item="warmth")
    BudgetLineFactory(union=union, category=sports, amount=D("10000"))
    BudgetLineFactory(union=union, category=warmth, amount=D("8000"))
    BudgetLineFactory(union=union, category=categories["业务支出"], amount=D("3000"))
    ExpenseFactory(union=union, category=sports, amount=D("10500"), date=date(2026, 5, 1))  # +5%
    ExpenseFactory(union=union, category=warmth, amount=D("9600"), date=date(2026, 1, 20))  # +20%
    ExpenseFactory(union=union, category=categories["业务支出"], amount=D("1000"), date=date(2026, 3, 1))
    ExpenseFactory(union=union, category=categories["其他支出"], amount=D("700"), date=date(2025, 6, 1))  # last year
    IncomeFactory(union=union, amount=D("20000"), date=date(2026, 4, 1))
    IncomeFactory(union=union, source="subsidy", amount=D("3000"), date=date(2026, 6, 1))
    IncomeFactory(union=union, amount=D("4000"), date=date(2025, 4, 1))  # last year
    DuesFactory(union=union, year=2026, month=1, amount=D("25"), paid_on=date(2026, 1, 31), method="payroll")
    return {"sports": sports, "warmth": warmth}


def test_income_by_official_account(union, books):
    accounts = final_accounts(union, 2026)
    got = {row.label: row.amount for row in accounts.income}
    assert got["拨缴经费收入"] == D("20000.00")
    assert got["上级补助收入"] == D("3000.00")
    assert got["会费收入"] == D("25.00")
    assert set(got) >= {"行政补助收入", "事业收入", "投资收益", "其他收入"}
    assert accounts.income_total == D("23025.00")


def test_expenditure_by_account_and_sub_item(union, books):
    accounts = final_accounts(union, 2026)
    blocks = {b.line.label: b for b in accounts.expense}
    assert list(blocks)[:6] == ["职工活动支出", "维权支出", "业务支出", "资本性支出", "事业支出", "其他支出"]
    activities = blocks["职工活动支出"]
    assert (activities.line.budget, activities.line.actual) == (D("10000.00"), D("10500.00"))
    assert [i.label for i in activities.items] == ["职工活动支出", "文体活动"]
    rights = blocks["维权支出"]
    assert [i.label for i in rights.items] == ["维权支出", "送温暖（春节送温暖）"]
    assert accounts.expense_total == D("21100.00")


def test_variances_over_ten_percent_need_an_explanation(union, books):
    accounts = final_accounts(union, 2026)
    flagged = {line.key for line in accounts.unexplained}
    assert f"category:{books['warmth'].pk}" in flagged  # +20%
    assert f"category:{books['sports'].pk}" not in flagged  # +5%
    assert "account:operations" in flagged  # −66.7%


def test_surplus_brought_and_carried_forward(union, books):
    accounts = final_accounts(union, 2026)
    assert accounts.carried_in == D("5000.00") + D("4000.00") - D("700.00")
    assert accounts.surplus == D("23025.00") - D("21100.00")
    assert accounts.carried_out == D("8300.00") + D("1925.00")


def test_treasurer_explains_a_line_with_history(client, login, union, treasurer_user, books):
    client = login(treasurer_user)
    key = f"category:{books['warmth'].pk}"
    url = f"/funds/2026/final-accounts/explain/{key}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"explanation": "   "}).status_code == 200
    assert client.post(url, {"explanation": "春节慰问困难职工增加5户"}).status_code == 302
    note = FinalAccountsNote.objects.get(union=union, year=2026, line=key)
    assert client.post(url, {"explanation": "春节慰问困难职工增加6户", "seen_version": note.version}).status_code == 302
    note.refresh_from_db()
    assert note.explanation == "春节慰问困难职工增加6户" and len(history_of(note)) == 2
    page = client.get("/funds/2026/final-accounts/").content.decode()
    assert "春节慰问困难职工增加6户" in page
    assert client.get("/funds/2026/final-accounts/explain/category:999999/").status_code == 404


def test_reviewer_reads_but_cannot_explain(client, login, reviewer_user, books):
    client = login(reviewer_user)
    assert client.get("/funds/2026/final-accounts/").status_code == 200
    assert client.post("/funds/2026/final-accounts/explain/account:operations/",
                       {"explanation": "x"}).status_code == 403


@pytest.mark.parametrize("who, status", [("member_user", 403), ("committee_user", 403), ("treasurer_user", 200),
                                         ("chair_user", 200)])
def test_who_reads_the_final_accounts(client, login, request, who, status, books):
    client = login(request.getfixturevalue(who))
    for suffix in ("/", ".xlsx", ".pdf"):
        assert client.get(f"/funds/2026/final-accounts{suffix}").status_code == status


def test_other_union_sees_its_own(client, login, chair_of_other_union, books):
    page = login(chair_of_other_union).get("/funds/2026/final-accounts/").content.decode()
    assert "春节送温暖" not in page


def test_excel_is_the_table_the_higher_level_union_asks_for(client, login, union, chair_user, books):
    response = login(chair_user).get("/funds/2026/final-accounts.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "第一中学工会2026年度经费收支决算表"
    assert sheet["F2"].value == "单位：元"
    assert sheet.print_title_rows == "$3:$3"
    assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A4)
    labels = [row[0].value.strip("　") for row in sheet.iter_rows(min_row=4) if row[0].value]
    assert "送温暖（春节送温暖）" in labels and "拨缴经费收入" in labels
    row = next(r for r in sheet.iter_rows(min_row=4) if r[0].value and r[0].value.strip("　") == "维权支出")
    assert row[2].number_format == "#,##0.00" and row[2].value == D("9600.00")
    assert "Content-Disposition" in response and ".xlsx" in response["Content-Disposition"]
    last = sheet.cell(row=sheet.max_row, column=1).value  # under the table, those answerable sign
    assert last.startswith("单位负责人：") and "财务负责人：" in last and "制表人：" in last


def test_pdf(client, login, chair_user, books):
    response = login(chair_user).get("/funds/2026/final-accounts.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "单位负责人：" in text and "制表人：" in text


@pytest.mark.parametrize("size", [5, 60])
def test_page_queries_do_not_grow(client, login, union, chair_user, categories, size, django_assert_max_num_queries):
    for n in range(size):
        category = ExpenseCategory.objects.create(union=union, name=f"科目{n}", account="activities",
                                                  sub_item="sports_culture")
        BudgetLineFactory(union=union, category=category, amount=D("100"))
        ExpenseFactory(union=union, category=category, amount=D("150"), date=date(2026, 3, 1))
        IncomeFactory(union=union, amount=D("10"), date=date(2026, 3, 1))
    client = login(chair_user)
    with django_assert_max_num_queries(25):
        assert client.get("/funds/2026/final-accounts/").status_code == 200


def test_categories_are_mapped_by_clear_names():
    assert mapping_for_name("职工活动支出") == ("activities", "")
    assert mapping_for_name("困难职工帮扶") == ("rights", "hardship_aid")
    assert mapping_for_name("维权支出-送温暖") == ("rights", "warmth")
    assert mapping_for_name("职工活动支出-送温暖") == ("", "")
    assert mapping_for_name("慰问") == ("", "")


def test_new_unions_get_the_official_accounts(union, categories):
    got = {c.name: (c.account, c.active) for c in ExpenseCategory.objects.for_union(union)}
    assert got["维权支出"] == ("rights", True)
    assert got["事业支出"] == ("business", False)
    assert len(got) == 6


def test_sub_item_must_belong_to_its_account(union):
    from django.core.exceptions import ValidationError

    category = ExpenseCategory(union=union, name="x", account="activities", sub_item="warmth")
    with pytest.raises(ValidationError):
        category.full_clean()
