"""The treasurer runs a whole 中秋 distribution in the browser: the year's welfare standard from a
province's preset, the distribution for the active members with a preview of who would go over the
festival cap and by how much, the reason, the sign-for list as Excel, and two members ticked as signed
(htmx: only their rows change, the page does not reload). At 375 px nothing scrolls sideways."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from funds.distributions import create_distribution
from funds.models import DistributionRecipient, FestivalDistribution, FundSettings, WelfareStandard
from funds.welfare import apply_preset
from tests.factories import DepartmentFactory, MemberFactory, UnionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school():
    """A union with five active members, one retiree, and a 春节 gift of 1,400 yuan to two of them this
    year (made under a standard that is deleted again, so the treasurer starts with none)."""
    union = UnionFactory(name="第七中学工会")
    FundSettings.for_union(union)
    chinese, maths = DepartmentFactory(union=union, name="语文组"), DepartmentFactory(union=union, name="数学组")
    user = UserFactory(username="zhangli", role="treasurer")
    treasurer = MemberFactory(union=union, user=user, name="张丽", department=maths, position="treasurer")
    staff = {
        "王芳": MemberFactory(union=union, name="王芳", department=chinese),
        "安然": MemberFactory(union=union, name="安然", department=chinese),
        "曾强": MemberFactory(union=union, name="曾强", department=maths),
        "李明": MemberFactory(union=union, name="李明", department=maths),
        "张丽": treasurer,
    }
    MemberFactory(union=union, name="退休老周", status="retired")
    year = timezone.localdate().year
    earlier = apply_preset(WelfareStandard(union=union, year=year), "anhui-2018")
    earlier.save()
    spring = FestivalDistribution(union=union, festival="春节", date=timezone.localdate(), gift_type="goods",
                                  item="年货礼包", amount_per_person=Decimal("1400"), supplier="湘农合作社")
    create_distribution(spring, [staff["王芳"], staff["曾强"]], user)
    earlier.delete()
    return union, staff


def log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "zhangli")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("width", [375, 1280])
def test_treasurer_runs_a_mid_autumn_distribution(live_server, page, school, width, screenshot_dir, csp_guard):
    union, staff = school
    year = timezone.localdate().year
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)

    # 1. The year's standard from the 安徽 2018 preset.
    page.goto(f"{live_server.url}/funds/{year}/welfare/")
    expect(page.locator("body")).to_contain_text("本年度尚未设定慰问标准")
    page.select_option("#id_preset", "anhui-2018")
    page.get_by_role("button", name="套用").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("已套用预设标准")
    caps = page.locator("#standard-title").locator("xpath=..").inner_text()
    assert "¥1,500.00" in caps and "安徽" in caps
    no_sideways_scroll(page)
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/welfare-{width}.png", full_page=True)

    # 2. A 中秋 distribution for the active members: the preview shows who would go over, by how much.
    page.goto(f"{live_server.url}/funds/{year}/distributions/")
    page.get_by_role("link", name="新建节日慰问").click()
    page.wait_for_url("**/distributions/add/")
    assert "现金" in page.content()  # cash, cards and vouchers: not offered, and the page says why
    assert not page.locator("#id_gift_type option", has_text="购物卡").count()
    page.select_option("#id_festival", "中秋")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_item", "月饼礼盒")
    page.fill("#id_amount_per_person", "300")
    page.fill("#id_supplier", "大别山农产品合作社")
    page.fill("#id_invoice_number", "FP0920")
    page.get_by_role("button", name="预览发放名单").click()
    page.wait_for_load_state()
    preview = page.locator(".distribution-preview")
    assert "共5名会员" in preview.inner_text()
    over = preview.locator("table.over-cap tbody tr")
    assert over.count() == 2
    for name in ("王芳", "曾强"):
        row = over.filter(has_text=name).inner_text()
        assert "¥1,400.00" in row and "¥1,700.00" in row and "¥200.00" in row  # so far, with this, over by
    assert "退休老周" not in preview.inner_text()
    no_sideways_scroll(page)
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/distribution-preview-{width}.png", full_page=True)

    # Saving without a reason is refused; with one it goes through.
    page.get_by_role("button", name="保存节日慰问").click()
    page.wait_for_load_state()
    expect(page.locator("#id_over_cap_reason.is-invalid")).to_have_count(1)
    assert not FestivalDistribution.objects.filter(festival="中秋").exists()
    page.fill("#id_over_cap_reason", "经工会委员会研究，中秋与国庆合并发放。")
    page.get_by_role("button", name="保存节日慰问").click()
    page.wait_for_url("**/funds/distributions/*/")
    distribution = FestivalDistribution.objects.get(festival="中秋")
    assert distribution.expense.amount == Decimal("1500.00")
    expect(page.locator("h2").first).to_contain_text("中秋慰问")

    # 3. The sign-for list as Excel: 序号, 姓名, 部门, 物品, 金额, 签字, 日期, one row per member, a total.
    with page.expect_download() as download:
        page.locator(f"a[href$='/distributions/{distribution.pk}/sign-for-list.xlsx']").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]
    assert "中秋" in rows[0][0] and "签收表" in rows[0][0]
    assert rows[2] == ("序号", "姓名", "部门", "物品", "金额", "签字", "日期")
    people = rows[3:-1]
    assert [r[0] for r in people] == [1, 2, 3, 4, 5]
    assert {r[1] for r in people} == set(staff)
    assert all(r[3] == "月饼礼盒" and r[4] == 300 and not r[5] for r in people)
    assert ("王芳", "语文组") in {(r[1], r[2]) for r in people}
    assert rows[-1][0] == "合计" and rows[-1][4] == 1500
    assert sheet.print_title_rows == "$3:$3"  # the header row repeats on every printed page

    # 4. Two members tick as signed: htmx swaps their rows, the page does not reload.
    page.evaluate("window.__notReloaded = true")
    for name in ("安然", "曾强"):
        row = page.locator("tr", has=page.get_by_role("rowheader", name=name))
        row.get_by_role("button", name="登记签收").click()
        page.wait_for_function(
            "name => [...document.querySelectorAll('tr.table-success th')].some(th => th.textContent.trim() === name)",
            arg=name,
        )
        assert "✓" in row.inner_text()
    assert page.evaluate("window.__notReloaded") is True
    assert page.locator("#signed-count").inner_text() == "已签收 2 / 5"  # the heading's count follows the ticks
    signed = DistributionRecipient.objects.filter(distribution=distribution, signed_at__isnull=False)
    assert {r.member.name for r in signed} == {"安然", "曾强"}
    table = page.locator("table.sign-for-list")
    assert table.get_by_role("columnheader", name="姓名").is_visible()
    assert table.get_by_role("columnheader", name="金额").is_visible()
    no_sideways_scroll(page)
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/distribution-{width}.png", full_page=True)

    # The exceptions on the welfare page: both members, over by 200, with the reason.
    page.goto(f"{live_server.url}/funds/{year}/welfare/")
    exceptions = page.locator("table.welfare-exceptions tbody tr")
    assert exceptions.count() == 2
    assert "¥200.00" in exceptions.first.inner_text() and "合并发放" in exceptions.first.inner_text()
    no_sideways_scroll(page)
    csp_guard.check()  # no Content-Security-Policy breach on any page, nor after the htmx swaps
