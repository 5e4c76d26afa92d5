"""A committee member on a phone changes an activity's organiser: types the pinyin initials, taps the
right one of two namesakes (told apart by number and department), and saves; Enter in the search box
chooses the first match instead of sending the form."""

import pytest

from activities.models import Activity
from members.models import Member
from tests.factories import ActivityFactory, DepartmentFactory, MemberFactory, bulk_create_members

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [375, 1280])
def test_committee_picks_an_organiser_by_typing_and_saves(
    live_server, page, committee_user, union, width, screenshot_dir
):
    chinese, maths = DepartmentFactory(union=union, name="语文组"), DepartmentFactory(union=union, name="数学组")
    bulk_create_members(Member(union=union, name=f"吴{i}", gender="F", employee_number=f"B{i}") for i in range(300))
    MemberFactory(union=union, name="王芳", employee_number="T0312", department=chinese)
    wang = MemberFactory(union=union, name="王芳", employee_number="T0400", department=maths)
    zhang = MemberFactory(union=union, name="张伟", employee_number="T0500")
    activity = ActivityFactory(union=union, title="教职工乒乓球赛", organiser=zhang)

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, committee_user)
    page.goto(f"{live_server.url}/activities/{activity.pk}/edit/")
    chips = page.locator("[data-picker-chosen] [data-chip-label]")
    assert chips.all_inner_texts() == ["张伟"]  # the organiser saved, shown as chosen

    search = page.get_by_label("负责人")  # the field's label names the search box
    search.fill("wf")
    matches = page.locator("#id_organiser_matches [data-pick]")
    matches.first.wait_for()
    assert matches.all_inner_texts() == ["王芳（T0312，语文组）", "王芳（T0400，数学组）"]
    matches.last.scroll_into_view_if_needed()  # the picker open, on the screen
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/organiser-picker-{width}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing sticks out on a phone

    page.get_by_role("button", name="王芳（T0400，数学组）").click()
    assert chips.all_inner_texts() == ["王芳（T0400，数学组）"]
    assert matches.count() == 0 and search.input_value() == ""
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/activities/{activity.pk}/")
    assert Activity.objects.get(pk=activity.pk).organiser == wang

    # Enter chooses the first match, and the form is not sent half-filled.
    page.goto(f"{live_server.url}/activities/{activity.pk}/edit/")
    search.fill("T0500")
    matches.first.wait_for()
    search.press("Enter")
    assert chips.all_inner_texts() == ["张伟"] and page.url.endswith("/edit/")
    page.get_by_role("button", name="移除").click()  # and a chip can be taken back
    assert chips.count() == 0


def test_committee_records_a_visit_with_two_visitors_picked_as_chips(
    live_server, page, committee_user, union, screenshot_dir
):
    bulk_create_members(Member(union=union, name=f"吴{i}", gender="F", employee_number=f"B{i}") for i in range(300))
    ill = MemberFactory(union=union, name="赵病号", employee_number="T0700")
    chair = MemberFactory(union=union, name="王主任", position=Member.Position.CHAIR)
    treasurer = MemberFactory(union=union, name="王会计", position=Member.Position.TREASURER)

    page.set_viewport_size({"width": 375, "height": 900})
    log_in(page, live_server, committee_user)
    page.goto(f"{live_server.url}/members/care/visits/new/")
    page.fill("#id_member", "赵")
    page.get_by_role("button", name="赵病号").click()
    page.fill("#id_date", "2026-03-02")
    page.select_option("#id_reason", "illness")

    visitors = page.locator("#id_visitors")
    visitors.fill("wang")  # not initials: nobody's name holds "wang"; then initials
    page.locator("#id_visitors_matches").get_by_text("没有找到会员").wait_for()
    visitors.fill("w")
    page.get_by_role("button", name="王主任").click()
    visitors.fill("王")
    page.get_by_role("button", name="王会计").click()
    visitors.fill("王主")
    page.get_by_role("button", name="王主任").click()  # chosen already: nothing more
    chips = page.locator("#id_visitors").locator("xpath=..").locator("[data-picker-chosen] [data-chip-label]")
    assert chips.all_inner_texts() == ["李委员", "王主任", "王会计"]  # whoever records the visit went too
    if screenshot_dir:
        visitors.fill("w")
        page.get_by_role("button", name="王会计").wait_for()
        page.screenshot(path=f"{screenshot_dir}/visitors-picker-375.png")
        visitors.fill("")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/members/care/visits/*/")
    visit = ill.care_visits.get()
    assert set(visit.visitors.all()) == {committee_user.member, chair, treasurer}
