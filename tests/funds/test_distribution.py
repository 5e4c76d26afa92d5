"""Festival distributions (节日慰问): members by filters, the preview of who would go over the cap, one
expense, the sign-for list in pinyin order as Excel and PDF, ticking who signed."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from funds.distributions import sign_sheet_pdf
from funds.models import DistributionRecipient, Expense, FestivalDistribution, WelfareStandard
from funds.welfare import apply_preset, exceptions
from members.models import CareVisit, HistoryEntry, Member
from tests.factories import CareVisitFactory, DepartmentFactory, MemberFactory

pytestmark = pytest.mark.django_db

YEAR = 2026
URL = f"/funds/{YEAR}/distributions/add/"


@pytest.fixture
def standard(union):
    standard = apply_preset(WelfareStandard(union=union, year=YEAR), "anhui-2018")
    standard.local_festivals = ["古尔邦节"]
    standard.save()
    return standard


@pytest.fixture
def staff(union):
    dept = DepartmentFactory(union=union, name="语文组")
    return {
        "王芳": MemberFactory(union=union, name="王芳", department=dept),
        "安然": MemberFactory(union=union, name="安然", department=dept),
        "曾强": MemberFactory(union=union, name="曾强"),
        "李退": MemberFactory(union=union, name="李退", status=Member.Status.RETIRED),
        "赵离": MemberFactory(union=union, name="赵离", status=Member.Status.LEFT),
    }


def form(**changes):
    data = {
        "festival": "中秋", "date": f"{YEAR}-09-20", "statuses": ["active"], "gift_type": "goods",
        "item": "月饼礼盒", "amount_per_person": "300", "supplier": "大别山农产品合作社", "poverty_supplier": "on",
        "invoice_number": "FP0920", "save": "1",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_treasurer_creates_a_distribution_with_its_expense(login, treasurer_user, union, standard, staff, categories):
    client = login(treasurer_user)
    response = client.post(URL, form(category=categories["职工活动支出"].pk))
    distribution = FestivalDistribution.objects.get()
    assert response.status_code == 302 and response.url == f"/funds/distributions/{distribution.pk}/"
    names = list(distribution.recipients.values_list("member__name", flat=True))
    # Active members only: no retiree, nobody who left.
    assert set(names) == {"王芳", "安然", "曾强", treasurer_user.member.name}
    expense = distribution.expense
    assert (expense.amount, expense.category.name, expense.receipt_number, expense.payee) == (
        Decimal("1200.00"), "职工活动支出", "FP0920", "大别山农产品合作社")
    assert HistoryEntry.objects.for_object(expense).filter(action="create").exists()
    assert HistoryEntry.objects.for_object(distribution).filter(action="create").exists()


def test_filters_department_and_retirees(login, treasurer_user, union, standard, staff):
    client = login(treasurer_user)
    client.post(URL, form(department=staff["王芳"].department_id))
    assert set(FestivalDistribution.objects.get().recipients.values_list("member__name", flat=True)) == {"王芳", "安然"}
    client.post(URL, form(statuses=[], include_retirees="on", festival="国庆", date=f"{YEAR}-09-28"))
    assert set(FestivalDistribution.objects.get(festival="国庆").recipients.values_list(
        "member__name", flat=True)) == {"李退"}


def test_a_festival_not_allowed_is_refused(login, treasurer_user, standard, staff):
    response = login(treasurer_user).post(URL, form(festival="圣诞节"))
    assert response.status_code == 200 and not FestivalDistribution.objects.exists()
    assert "不是规定允许慰问的节日" in response.content.decode()
    assert login(treasurer_user).post(URL, form(festival="古尔邦节")).status_code == 302  # locally approved


def test_cash_and_cards_are_not_a_choice(login, treasurer_user, standard, staff):
    response = login(treasurer_user).post(URL, form(gift_type="cash"))
    assert response.status_code == 200 and not FestivalDistribution.objects.exists()
    assert "不得发放现金、购物卡" in response.content.decode()


def test_preview_shows_who_would_go_over_and_the_reason_becomes_required(login, treasurer_user, union, standard,
                                                                        staff):
    CareVisitFactory(union=union, member=staff["王芳"], reason=CareVisit.Reason.FESTIVAL, date=date(YEAR, 2, 10),
                     amount=Decimal("1300"))
    client = login(treasurer_user)
    preview = client.post(URL, form(preview="1", save=None)).content.decode()
    assert re.search(r"<th[^>]*>王芳</th><td[^>]*>¥1,300.00</td><td[^>]*>¥1,600.00</td><td[^>]*>¥100.00</td>", preview)
    assert not FestivalDistribution.objects.exists()
    refused = client.post(URL, form()).content.decode()
    assert "超出慰问标准" in refused and not FestivalDistribution.objects.exists()
    assert client.post(URL, form(over_cap_reason="教代会决议增发")).status_code == 302
    (over,) = [e for e in exceptions(union, date(YEAR, 1, 1), date(YEAR, 12, 31)) if e.kind == "festival"]
    assert (over.member, over.amount, over.over_by, over.reason) == (
        "王芳", Decimal("1600.00"), Decimal("100.00"), "教代会决议增发")


def test_no_standard_sends_to_the_standard_page(login, treasurer_user, staff):
    response = login(treasurer_user).get(URL)
    assert response.status_code == 302 and response.url == f"/funds/{YEAR}/welfare/"


def _distribution(client, **changes):
    client.post(URL, form(**changes))
    return FestivalDistribution.objects.latest("id")


def test_sign_for_list_in_pinyin_order_as_excel_and_pdf(login, treasurer_user, standard, staff):
    client = login(treasurer_user)
    distribution = _distribution(client)
    response = client.get(f"/funds/distributions/{distribution.pk}/sign-for-list.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[3]] == ["序号", "姓名", "部门", "物品", "金额", "签字", "日期"]
    names = [sheet.cell(row=r, column=2).value for r in range(4, 8)]
    assert names == ["安然", "王芳", "曾强", "张会计"]  # pinyin: an, wang, zeng, zhang
    assert sheet.print_title_rows.replace("$", "") == "3:3"
    pdf = client.get(f"/funds/distributions/{distribution.pk}/sign-for-list.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert sign_sheet_pdf(distribution).startswith(b"%PDF")


def test_ticking_one_row_with_htmx(login, treasurer_user, committee_user, standard, staff):
    distribution = _distribution(login(treasurer_user))
    row = distribution.recipients.get(member=staff["安然"])
    client = login(committee_user)  # the committee hands the goods out and ticks
    response = client.post(f"/funds/distributions/{distribution.pk}/sign/{row.pk}/", {"signed": "1", "n": "1"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content.decode().lstrip().startswith("{#") is False
    assert f'id="recipient-{row.pk}"' in response.content.decode() and "<html" not in response.content.decode()
    row.refresh_from_db()
    assert row.signed_at is not None
    assert HistoryEntry.objects.for_object(distribution).filter(note__contains="安然").exists()
    client.post(f"/funds/distributions/{distribution.pk}/sign/{row.pk}/", {"signed": "0"})
    row.refresh_from_db()
    assert row.signed_at is None


def test_members_see_nothing_and_other_union_gets_404(login, treasurer_user, member_user, chair_of_other_union,
                                                     standard, staff):
    distribution = _distribution(login(treasurer_user))
    row = distribution.recipients.first()
    for url in (f"/funds/{YEAR}/distributions/", f"/funds/distributions/{distribution.pk}/",
                f"/funds/distributions/{distribution.pk}/sign-for-list.pdf"):
        assert login(member_user).get(url).status_code == 403
    other = login(chair_of_other_union)
    assert other.get(f"/funds/distributions/{distribution.pk}/").status_code == 404
    assert other.get(f"/funds/distributions/{distribution.pk}/sign-for-list.xlsx").status_code == 404
    assert other.post(f"/funds/distributions/{distribution.pk}/sign/{row.pk}/", {"signed": "1"}).status_code == 404
    assert "王芳" not in other.get(f"/funds/{YEAR}/distributions/").content.decode()


def test_distribution_pages_queries_do_not_grow(login, treasurer_user, union, standard,
                                                django_assert_max_num_queries):
    for i in range(120):
        MemberFactory(union=union, name=f"教师{i:03d}")
    client = login(treasurer_user)
    with django_assert_max_num_queries(25):
        assert client.post(URL, form(preview="1", save=None)).status_code == 200
    with django_assert_max_num_queries(45):  # the same for 5 members (the first use creates the categories)
        assert client.post(URL, form()).status_code == 302
    distribution = FestivalDistribution.objects.get()
    assert distribution.recipients.count() == 121
    for url in (f"/funds/distributions/{distribution.pk}/", f"/funds/{YEAR}/distributions/",
                f"/funds/distributions/{distribution.pk}/sign-for-list.xlsx",
                f"/funds/distributions/{distribution.pk}/sign-for-list.pdf", f"/funds/{YEAR}/welfare/"):
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
    assert Expense.objects.count() == 1 and DistributionRecipient.objects.count() == 121
