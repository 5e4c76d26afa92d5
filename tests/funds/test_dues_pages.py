"""The treasurer's dues pages: generate, mark paid one by one and in bulk, undo, arrears and export."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from funds.models import Dues
from members.models import HistoryEntry
from tests.factories import MemberFactory, UnionGroupFactory, WageBaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(union, fund_settings):
    group = UnionGroupFactory(union=union, name="数学组")
    members = [MemberFactory(union=union, name=name, group=group) for name in ["赵老师", "钱老师", "孙老师"]]
    for member, wage in zip(members, ["4321", "5000", "6789.5"], strict=True):
        WageBaseFactory(member=member, amount=Decimal(wage))
    return members


@pytest.fixture
def treasurer(login, treasurer_user):
    return login(treasurer_user)


def test_the_treasurer_generates_a_month_and_sees_it(treasurer, staff):
    response = treasurer.post("/funds/2026/dues/generate/", {"month": "3"}, follow=True)
    page = response.content.decode()
    assert "新生成会费 3 条" in page
    assert "21.60" in page and "25.00" in page and "33.90" in page  # rounded to the jiao
    assert Dues.objects.filter(month=3).count() == 3


def test_generating_the_year_twice_is_harmless(treasurer, staff):
    treasurer.post("/funds/2026/dues/generate/", {"month": "0"})
    response = treasurer.post("/funds/2026/dues/generate/", {"month": "0"}, follow=True)
    assert "新生成会费 0 条" in response.content.decode()
    assert Dues.objects.count() == 36


def test_a_bad_month_is_a_message_not_an_error(treasurer, staff):
    response = treasurer.post("/funds/2026/dues/generate/", {"month": "13"}, follow=True)
    assert response.status_code == 200 and "请选择月份或全年" in response.content.decode()


def test_the_committee_cannot_generate(login, committee_user, staff):
    assert login(committee_user).post("/funds/2026/dues/generate/", {"month": "3"}).status_code == 403


def test_bulk_payment_of_ticked_rows(treasurer, staff, treasurer_user):
    treasurer.post("/funds/2026/dues/generate/", {"month": "3"})
    ids = list(Dues.objects.order_by("member__name").values_list("pk", flat=True))
    response = treasurer.post(
        "/funds/2026/dues/pay/",
        {"dues": ids[:2], "paid_on": "2026-03-15", "method": "payroll", "next": "/funds/2026/dues/?month=3"},
        follow=True,
    )
    assert "已将 2 笔会费标记为已缴" in response.content.decode()
    assert Dues.objects.filter(paid_on=date(2026, 3, 15), method="payroll").count() == 2
    assert HistoryEntry.objects.filter(actor=treasurer_user, action="change").count() == 2


def test_bulk_payment_of_everything_matching_the_filter(treasurer, staff):
    treasurer.post("/funds/2026/dues/generate/", {"month": "0"})
    treasurer.post(
        "/funds/2026/dues/pay/",
        {"scope": "filter", "month": "4", "group": "", "q": "", "paid_on": "2026-04-15", "method": "payroll"},
    )
    assert Dues.objects.filter(month=4, paid_on__isnull=False).count() == 3
    assert Dues.objects.filter(paid_on__isnull=False).count() == 3  # other months untouched


def test_a_payment_in_the_future_is_refused(treasurer, staff):
    treasurer.post("/funds/2026/dues/generate/", {"month": "3"})
    ids = list(Dues.objects.values_list("pk", flat=True))
    response = treasurer.post(
        "/funds/2026/dues/pay/", {"dues": ids, "paid_on": "2999-01-01", "method": "cash"}, follow=True
    )
    assert "缴费日期不能晚于今天" in response.content.decode()
    assert not Dues.objects.filter(paid_on__isnull=False).exists()


def test_paying_nothing_says_so(treasurer, staff):
    response = treasurer.post("/funds/2026/dues/pay/", {"paid_on": "2026-03-15", "method": "cash"}, follow=True)
    assert "请先勾选未缴的会费" in response.content.decode()


def test_pay_one_then_undo_it(treasurer, staff):
    treasurer.post("/funds/2026/dues/generate/", {"month": "3"})
    dues = Dues.objects.first()
    response = treasurer.post(f"/funds/dues/{dues.pk}/", {"paid_on": "2026-03-20", "method": "cash"}, follow=True)
    assert "已标记为已缴" in response.content.decode()
    dues.refresh_from_db()
    assert dues.paid_on == date(2026, 3, 20) and dues.method == "cash"
    response = treasurer.post(f"/funds/dues/{dues.pk}/unpay/", follow=True)
    dues.refresh_from_db()
    assert dues.paid_on is None and dues.method == ""
    page = response.content.decode()
    assert "撤销缴费" in page and "现金" in page  # the history keeps what was undone


def test_the_month_page_lists_and_filters(treasurer, staff):
    treasurer.post("/funds/2026/dues/generate/", {"month": "3"})
    page = treasurer.get("/funds/2026/dues/?month=3&q=钱").content.decode()
    assert "钱老师" in page and "赵老师" not in page
    page = treasurer.get("/funds/2026/dues/?month=3&status=paid").content.decode()
    assert "钱老师" not in page


def test_arrears_page_and_excel_export(treasurer, staff):
    treasurer.post("/funds/2026/dues/generate/", {"month": "0"})
    paid = Dues.objects.exclude(member__name="孙老师").values_list("pk", flat=True)
    treasurer.post("/funds/2026/dues/pay/", {"dues": list(paid), "paid_on": "2026-03-15", "method": "payroll"})
    page = treasurer.get("/funds/2026/arrears/").content.decode()
    assert "孙老师" in page and "赵老师" not in page
    assert "406.80" in page  # 6,789.50 × 0.5% = 33.9475 → 33.90 (to the jiao), × 12
    response = treasurer.get("/funds/2026/arrears.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    detail = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert detail[0][2] == "孙老师" and "12月" in detail[0][3]


def test_the_month_list_pages_by_name_forwards_and_back(treasurer, union, fund_settings):
    members = [MemberFactory(union=union, name=f"会员{i:03d}") for i in range(120)]
    for member in members:
        WageBaseFactory(member=member)
    treasurer.post("/funds/2026/dues/generate/", {"month": "5"})
    first = treasurer.get("/funds/2026/dues/?month=5")
    page = first.content.decode()
    assert "会员000" in page and "会员050" not in page and "共 120 条" in page
    after = first.context["page"].next_cursor
    second = treasurer.get("/funds/2026/dues/", {"month": "5", "after": after})
    names = [row.member.name for row in second.context["page"]]
    assert names[0] == "会员050" and len(names) == 50
    back = treasurer.get("/funds/2026/dues/", {"month": "5", "before": second.context["page"].previous_cursor})
    assert [row.member.name for row in back.context["page"]][0] == "会员000"
    third = treasurer.get("/funds/2026/dues/", {"month": "5", "after": second.context["page"].next_cursor})
    assert len(third.context["page"]) == 20 and not third.context["page"].next_cursor


def test_a_broken_cursor_shows_the_first_page(treasurer, staff):
    treasurer.post("/funds/2026/dues/generate/", {"month": "3"})
    assert treasurer.get("/funds/2026/dues/?month=3&after=nonsense").status_code == 200


def test_the_arrears_grid_escapes_group_names(treasurer, union, fund_settings):
    group = UnionGroupFactory(union=union, name="<b>第一组</b>")
    WageBaseFactory(member=MemberFactory(union=union, group=group))
    treasurer.post("/funds/2026/dues/generate/", {"month": "2"})
    page = treasurer.get("/funds/2026/arrears/").content.decode()
    assert "&lt;b&gt;第一组&lt;/b&gt;" in page and "<b>第一组</b>" not in page
