"""QR-code check-in in the browser: the organiser opens the code on a big screen; a member's phone
opens the URL the code holds, logs in, is sent back and checked in; the organiser's count rises
without a reload; the code of two minutes ago is refused; the sign-in sheet lists the time."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.checkin import current_token
from activities.models import Activity, ActivityCategory, Signup
from tests.factories import ActivityFactory, MemberFactory, SignupFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 3, 10)
ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/126.0.0.0 Mobile Safari/537.36")
WECHAT = ("Mozilla/5.0 (Linux; Android 14; V2309A Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 "
          "MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64")
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= innerWidth"


def log_in(page, live_server, user, next_url=None):
    if next_url is None:
        page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shot(page, screenshot_dir, name):
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/checkin-{name}.png", full_page=True)


@pytest.fixture
def sports_day(union):
    categories = ActivityCategory.ensure_defaults(union)
    return ActivityFactory(union=union, category=categories["sports"], title="教职工趣味运动会", start_date=DAY,
                           start_time=time(14, 0), location="学校操场", signup_open=True)


@pytest.mark.parametrize("user_agent", [ANDROID, WECHAT], ids=["android", "wechat"])
def test_a_member_scans_logs_in_and_the_organiser_sees_the_count_rise(
    live_server, browser, union, committee_user, member_user, sports_day, clock, user_agent, screenshot_dir
):
    clock(DAY, time(13, 55))
    SignupFactory(activity=sports_day, member=member_user.member)
    for name in ("安娜", "张伟", "欧阳修"):  # checked in before, to see the names in order
        SignupFactory(activity=sports_day, member=MemberFactory(union=union, name=name),
                      attended=name != "欧阳修")

    organiser = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                    viewport={"width": 1280, "height": 800})
    screen = organiser.new_page()
    log_in(screen, live_server, committee_user)
    screen.goto(f"{live_server.url}/activities/{sports_day.pk}/")
    screen.get_by_role("link", name="扫码签到").click()
    screen.wait_for_url(f"**/activities/{sports_day.pk}/checkin/")
    assert screen.locator(".checkin-qr svg").is_visible()
    assert screen.locator("[data-checkin-count]").inner_text() == "2"
    url = screen.locator("[data-checkin-url]").get_attribute("data-checkin-url")
    assert url.startswith(f"{live_server.url}/activities/{sports_day.pk}/checkin/")
    shot(screen, screenshot_dir, "screen-1280")

    phone = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", user_agent=user_agent,
                                viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    member = phone.new_page()
    member.goto(url)
    assert "/accounts/login/?next=" in member.url
    log_in(member, live_server, member_user, next_url=url)
    member.wait_for_url(url)
    assert member.locator("h1").inner_text() == "签到成功"
    assert "教职工趣味运动会" in member.locator(".checkin-result").inner_text()
    assert member.evaluate(NO_SIDEWAYS_SCROLL)
    shot(member, screenshot_dir, "done-375")
    signup = Signup.objects.get(activity=sports_day, member=member_user.member)
    assert signup.attended and signup.checked_in_at is not None

    # The organiser's screen catches up by itself (htmx polls every 3 seconds).
    screen.wait_for_function("() => document.querySelector('[data-checkin-count]').innerText === '3'", timeout=10000)
    names = screen.locator(".checkin-names li > span").all_inner_texts()
    assert [n.split()[0] for n in names] == ["安娜", "刘会员", "张伟"]

    # The code read two minutes ago no longer works, for someone at home with a photo of it.
    clock(DAY, time(13, 58))
    latecomer = UserFactory(username="latecomer", role="member")
    MemberFactory(union=union, user=latecomer, name="周末")
    Activity.objects.filter(pk=sports_day.pk).update(walk_ins=True)
    other_phone = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", user_agent=user_agent,
                                      viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    at_home = other_phone.new_page()
    log_in(at_home, live_server, latecomer)
    response = at_home.goto(url)
    assert response.status == 410
    assert at_home.locator("h1").inner_text() == "二维码已过期，请扫描现场最新的二维码"
    assert at_home.evaluate(NO_SIDEWAYS_SCROLL)
    shot(at_home, screenshot_dir, "expired-375")
    assert not Signup.objects.filter(member__name="周末").exists()

    # The code on the screen has moved on meanwhile, and the new one works (a walk-in).
    screen.wait_for_function(f"() => document.querySelector('[data-checkin-url]').dataset.checkinUrl !== '{url}'",
                             timeout=15000)
    new_url = screen.locator("[data-checkin-url]").get_attribute("data-checkin-url")
    at_home.goto(new_url)
    assert at_home.locator("h1").inner_text() == "签到成功"

    screen.goto(f"{live_server.url}/activities/{sports_day.pk}/checkin/sheet/")
    table = screen.locator(".signin-table tbody").inner_text()
    order = [table.index(name) for name in ("安娜", "刘会员", "欧阳修", "张伟", "周末")]  # pinyin order
    assert order == sorted(order)
    assert "3月10日 13:5" in table
    shot(screen, screenshot_dir, "sheet-1280")
    organiser.close(), phone.close(), other_phone.close()


def test_the_screens_at_phone_and_desktop_width(live_server, page, union, committee_user, sports_day, clock,
                                                screenshot_dir):
    clock(DAY, time(13, 55))
    for n in range(12):
        member = MemberFactory(union=union, name=f"{'赵钱孙李周吴'[n % 6]}老师{n}")
        signup = SignupFactory(activity=sports_day, member=member, attended=n % 3 != 0)
        if signup.attended:
            Signup.objects.filter(pk=signup.pk).update(checked_in_at=timezone.now())
    SignupFactory(activity=sports_day, member=committee_user.member)
    expired = current_token(sports_day, timezone.now() - timedelta(minutes=2))
    log_in(page, live_server, committee_user)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        pages = [("checkin/", "screen"), ("checkin/sheet/", "sheet"), (f"checkin/{expired}/", "expired"),
                 (f"checkin/{current_token(sports_day)}/", "done")]
        for path, name in pages:
            page.goto(f"{live_server.url}/activities/{sports_day.pk}/{path}")
            assert page.evaluate(NO_SIDEWAYS_SCROLL), (path, width)
            shot(page, screenshot_dir, f"{name}-{width}")
    # On paper: A4 portrait, the navigation and buttons left off.
    page.goto(f"{live_server.url}/activities/{sports_day.pk}/checkin/sheet/")
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible() and not page.locator("[data-print]").is_visible()
    if screenshot_dir:
        page.pdf(path=f"{screenshot_dir}/checkin-sheet.pdf", format="A4")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/activities/{sports_day.pk}/checkin/")
    box = page.locator(".checkin-qr svg").bounding_box()
    assert box["width"] >= 300  # big enough to scan from a few steps away


def test_the_organiser_checks_someone_in_by_hand(live_server, page, union, committee_user, sports_day, clock):
    clock(DAY, time(13, 55))
    MemberFactory(union=union, name="欧阳修")
    log_in(page, live_server, committee_user)
    page.goto(f"{live_server.url}/activities/{sports_day.pk}/checkin/")
    page.locator(".member-picker input[type=search]").fill("欧阳")
    page.get_by_role("button", name="欧阳修").click()
    page.get_by_role("button", name="签到", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator(".alert")).to_contain_text("欧阳修 已签到")
    expect(page.locator("[data-checkin-count]")).to_have_text("1")
    page.get_by_role("button", name="撤销 欧阳修 的签到").click()
    page.wait_for_load_state()
    expect(page.locator("[data-checkin-count]")).to_have_text("0")


def test_when_the_organisers_session_ends_the_screen_goes_to_the_login_page(live_server, page, committee_user,
                                                                            sports_day):
    log_in(page, live_server, committee_user)
    page.goto(f"{live_server.url}/activities/{sports_day.pk}/checkin/")
    page.context.clear_cookies()  # the session ended (8 hours, or a logout elsewhere)
    page.wait_for_url(lambda url: "/accounts/login/?next=" in url and "checkin" in url, timeout=10000)
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator(".checkin-qr")).to_have_count(0)
