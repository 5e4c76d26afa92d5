"""QR-code check-in (activities/checkin.py, activities/checkin_views.py)."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import segno
import time_machine
from django.urls import reverse

from activities.checkin import Token, check_in, current_token, read_token, window_of
from activities.models import Activity, Signup
from activities.summary import year_summary
from members import history
from tests.factories import ActivityFactory, MemberFactory, SignupFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
AT_THE_DOOR = datetime(2026, 3, 10, 14, 0, 5, tzinfo=SHANGHAI)  # 5 s into a 30-second window


@pytest.fixture
def at_the_door():
    with time_machine.travel(AT_THE_DOOR, tick=False) as traveller:
        yield traveller


@pytest.fixture
def activity(union, categories):
    return ActivityFactory(union=union, category=categories["sports"], title="教职工趣味运动会",
                           start_date=date(2026, 3, 10), signup_open=True, location="操场")


def scan_path(activity, token=None):
    return reverse("activities:checkin-scan", args=[activity.pk, token or current_token(activity)])


# -- the token --------------------------------------------------------------------------------------


def test_a_code_is_good_for_its_window_and_the_next_only(activity, at_the_door):
    token = current_token(activity)
    assert read_token(activity, token) == Token.VALID
    at_the_door.shift(30)
    assert read_token(activity, token) == Token.VALID
    at_the_door.shift(30)
    assert read_token(activity, token) == Token.EXPIRED


def test_a_code_changes_every_30_seconds(activity, at_the_door):
    first = current_token(activity)
    at_the_door.shift(24)  # 29 s into the window
    assert current_token(activity) == first
    at_the_door.shift(1)
    assert current_token(activity) != first


@pytest.mark.parametrize("token", ["", "x", "123", "123-", "abc-def", "9" * 40 + "-00", "１２-ab",
                                   "0-0000000000000000"])
def test_a_made_up_code_is_invalid(activity, token):
    assert read_token(activity, token) == Token.INVALID


def test_a_code_of_one_activity_does_not_open_another(activity, union, categories, at_the_door):
    other = ActivityFactory(union=union, category=categories["sports"])
    assert read_token(other, current_token(activity)) == Token.INVALID


def test_a_code_from_the_future_is_not_taken(activity, at_the_door):
    later = current_token(activity, AT_THE_DOOR + timedelta(minutes=5))
    assert read_token(activity, later) == Token.EXPIRED


# -- the member's scan ------------------------------------------------------------------------------


def test_a_signed_up_member_is_checked_in_with_the_time(login, member_user, activity, at_the_door):
    signup = SignupFactory(activity=activity, member=member_user.member)
    response = login(member_user).get(scan_path(activity))
    assert response.status_code == 200
    text = response.content.decode()
    assert "签到成功" in text and "教职工趣味运动会" in text and "3月10日 14:00" in text
    signup.refresh_from_db()
    assert signup.attended and signup.checked_in_at == AT_THE_DOOR
    activity.refresh_from_db()
    assert activity.attendance == 1
    page = login(member_user).get(activity.get_absolute_url()).content.decode()
    assert "签到时间 3月10日 14:00" in page  # the member's own sign-up says so


def test_scanning_twice_changes_nothing(login, member_user, activity, at_the_door):
    SignupFactory(activity=activity, member=member_user.member)
    client = login(member_user)
    client.get(scan_path(activity))
    at_the_door.shift(10)
    response = client.get(scan_path(activity))
    assert "您已签到过" in response.content.decode()
    activity.refresh_from_db()
    assert activity.attendance == 1
    assert Signup.objects.get(activity=activity).checked_in_at == AT_THE_DOOR


def test_an_old_code_gets_a_clear_page_not_a_500(login, member_user, activity, at_the_door):
    SignupFactory(activity=activity, member=member_user.member)
    token = current_token(activity)
    at_the_door.shift(120)
    response = login(member_user).get(scan_path(activity, token))
    assert response.status_code == 410
    assert "二维码已过期，请扫描现场最新的二维码" in response.content.decode()
    assert not Signup.objects.get(activity=activity).attended


def test_a_made_up_code_gets_a_page_saying_so(login, member_user, activity):
    response = login(member_user).get(scan_path(activity, "12345-notacode"))
    assert response.status_code == 404
    assert "不是有效的签到二维码" in response.content.decode()


def test_without_a_sign_up_a_member_is_refused_unless_walk_ins_are_allowed(login, member_user, activity, at_the_door):
    client = login(member_user)
    response = client.get(scan_path(activity))
    assert response.status_code == 403
    assert "您没有报名这个活动" in response.content.decode()
    assert not Signup.objects.exists()
    Activity.objects.filter(pk=activity.pk).update(walk_ins=True)
    response = client.get(scan_path(activity))
    assert response.status_code == 200
    assert "未报名" in response.content.decode()
    signup = Signup.objects.get()
    assert signup.member == member_user.member and signup.attended and signup.checked_in_at == AT_THE_DOOR


def test_a_cancelled_activity_takes_no_check_in(login, member_user, activity, at_the_door):
    SignupFactory(activity=activity, member=member_user.member)
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.CANCELLED)
    response = login(member_user).get(scan_path(activity))
    assert response.status_code == 403
    assert "活动已取消" in response.content.decode()


def test_a_member_of_another_union_is_refused(login, chair_of_other_union, activity, at_the_door):
    Activity.objects.filter(pk=activity.pk).update(walk_ins=True)
    response = login(chair_of_other_union).get(scan_path(activity))
    assert response.status_code == 403
    assert "其他工会" in response.content.decode()
    assert not Signup.objects.exists()


def test_logging_in_first_leads_back_to_the_check_in_even_once_the_code_changed(client, member_user, activity,
                                                                                  at_the_door):
    SignupFactory(activity=activity, member=member_user.member)
    path = scan_path(activity)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    login_page = client.get(response["Location"])
    assert login_page.status_code == 200
    at_the_door.shift(180)  # typing the password took three minutes
    response = client.post(response["Location"], {"username": member_user.username, "password": "pw-for-tests-1"})
    assert response.status_code == 302 and response["Location"] == path
    response = client.get(path)
    assert response.status_code == 200 and "签到成功" in response.content.decode()


def test_a_forwarded_old_code_asks_no_login_and_says_it_expired(client, activity, at_the_door):
    token = current_token(activity)
    at_the_door.shift(90)
    response = client.get(scan_path(activity, token))
    assert response.status_code == 410
    assert "二维码已过期" in response.content.decode()


def test_the_confirmation_fits_a_phone(login, member_user, activity, at_the_door):
    SignupFactory(activity=activity, member=member_user.member)
    text = login(member_user).get(scan_path(activity)).content.decode()
    assert 'name="viewport" content="width=device-width' in text


# -- the organiser's screen ---------------------------------------------------------------------------


def test_the_screen_shows_a_code_of_its_own_url(login, committee_user, activity, at_the_door):
    response = login(committee_user).get(reverse("activities:checkin", args=[activity.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    url = re.search(r'data-checkin-url="([^"]+)"', text).group(1)
    assert url == "http://testserver" + scan_path(activity)
    assert "<svg" in text and 'hx-trigger="every 10s"' in text and 'hx-trigger="every 3s"' in text
    # The code drawn is the code of that URL (segno draws one URL one way; it cannot read a code back).
    drawn = re.search(r'(<svg viewBox="[^"]+" class="segno">.*?</svg>)', text).group(1)
    assert drawn == segno.make(url, error="m").svg_inline(omitsize=True, border=2, dark="#000", light="#fff")


def test_the_code_fragment_changes_with_the_window(login, committee_user, activity, at_the_door):
    client = login(committee_user)
    path = reverse("activities:checkin-code", args=[activity.pk])
    first = client.get(path).content
    at_the_door.shift(30)
    assert client.get(path).content != first


def test_the_list_of_who_is_present_rises(login, committee_user, activity, at_the_door):
    members = [MemberFactory(union=activity.union, name=name) for name in ("张三", "安娜")]
    for member in members:
        SignupFactory(activity=activity, member=member)
    client = login(committee_user)
    path = reverse("activities:checkin-present", args=[activity.pk])
    assert 'data-checkin-count>0<' in client.get(path).content.decode()
    for member in members:
        check_in(activity, member)
    text = client.get(path).content.decode()
    assert 'data-checkin-count>2<' in text
    assert text.index("安娜") < text.index("张三")  # pinyin order: An before Zhang


def test_a_member_cannot_open_the_screen(login, member_user, activity):
    client = login(member_user)
    for name in ("checkin", "checkin-code", "checkin-present", "checkin-sheet"):
        assert client.get(reverse(f"activities:{name}", args=[activity.pk])).status_code == 403


def test_another_unions_activity_is_a_404(login, chair_of_other_union, activity):
    client = login(chair_of_other_union)
    for name in ("checkin", "checkin-code", "checkin-present", "checkin-sheet"):
        assert client.get(reverse(f"activities:{name}", args=[activity.pk])).status_code == 404
    assert client.post(reverse("activities:checkin-add", args=[activity.pk])).status_code == 404


def test_checking_in_and_out_by_hand_is_kept_in_the_history(login, committee_user, activity, at_the_door):
    walk_in = MemberFactory(union=activity.union, name="周末")
    client = login(committee_user)
    response = client.post(reverse("activities:checkin-add", args=[activity.pk]), {"member": walk_in.pk})
    assert response.status_code == 302
    signup = Signup.objects.get(member=walk_in)
    assert signup.attended and signup.checked_in_at == AT_THE_DOOR
    activity.refresh_from_db()
    assert activity.attendance == 1
    response = client.post(reverse("activities:checkin-remove", args=[activity.pk, signup.pk]))
    assert response.status_code == 302
    signup.refresh_from_db()
    assert not signup.attended and signup.checked_in_at is None
    activity.refresh_from_db()
    assert activity.attendance == 0
    notes = [entry.note for entry in history.history_of(signup)]
    assert notes == ["手动撤销签到", "手动签到"]


def test_checking_in_by_hand_refuses_bad_input(login, committee_user, activity, other_union):
    stranger = MemberFactory(union=other_union)
    client = login(committee_user)
    for data in ({}, {"member": "abc"}, {"member": str(stranger.pk)}, {"member": "9" * 30}):
        response = client.post(reverse("activities:checkin-add", args=[activity.pk]), data, follow=True)
        assert response.status_code == 200
        assert "请选择要签到的会员" in response.content.decode()
    assert not Signup.objects.exists()


def test_removing_another_activitys_sign_up_is_a_404(login, committee_user, activity, union, categories):
    elsewhere = SignupFactory(activity=ActivityFactory(union=union, category=categories["sports"]), attended=True)
    response = login(committee_user).post(reverse("activities:checkin-remove", args=[activity.pk, elsewhere.pk]))
    assert response.status_code == 404


def test_the_sign_in_sheet_lists_everyone_in_pinyin_order_with_the_times(login, committee_user, activity,
                                                                         at_the_door):
    came = MemberFactory(union=activity.union, name="张三")
    SignupFactory(activity=activity, member=came)
    SignupFactory(activity=activity, member=MemberFactory(union=activity.union, name="安娜"))
    check_in(activity, came)
    text = login(committee_user).get(reverse("activities:checkin-sheet", args=[activity.pk])).content.decode()
    assert "教职工趣味运动会 签到表" in text
    assert text.index("安娜") < text.index("张三")
    assert "3月10日 14:00" in text and "2026年3月10日" in text


# -- into the year's figures ------------------------------------------------------------------------


def test_check_ins_flow_into_the_attendance_and_the_year_end_summary(login, committee_user, activity, at_the_door):
    members = [MemberFactory(union=activity.union) for _ in range(3)]
    for member in members:
        SignupFactory(activity=activity, member=member)
    for member in members[:2]:
        check_in(activity, member)
    activity.refresh_from_db()
    assert activity.attendance == 2
    # The attendance page starts from what the check-in recorded; saving it marks the activity held.
    client = login(committee_user)
    page = client.get(reverse("activities:attendance", args=[activity.pk])).content.decode()
    assert 'name="participants" value="2"' in page
    ticked = [str(s.pk) for s in Signup.objects.filter(attended=True)]
    client.post(reverse("activities:attendance", args=[activity.pk]),
                {"attended": ticked, "participants": "2", "outcome": "三个年级组参加", "mark_done": "on"})
    summary = year_summary(activity.union, 2026)
    assert summary.total.held == 1 and summary.total.participants == 2
    assert summary.total.signups == 3 and summary.total.attended == 2


def test_a_head_count_typed_before_is_kept_and_moved(activity, union):
    Activity.objects.filter(pk=activity.pk).update(attendance=10)  # ten people without a login
    member = MemberFactory(union=union)
    SignupFactory(activity=activity, member=member)
    check_in(activity, member)
    activity.refresh_from_db()
    assert activity.attendance == 11


def test_a_member_who_left_cannot_check_in(activity, union):
    from activities.checkin import CheckinRefused
    from members.models import Member

    gone = MemberFactory(union=union, status=Member.Status.LEFT)
    SignupFactory(activity=activity, member=gone)
    with pytest.raises(CheckinRefused):
        check_in(activity, gone)


# -- query budgets --------------------------------------------------------------------------------


def test_the_screen_and_its_fragments_cost_the_same_with_many_present(login, committee_user, activity,
                                                                        django_assert_max_num_queries):
    client = login(committee_user)
    for _ in range(30):
        SignupFactory(activity=activity, attended=True, member=MemberFactory(union=activity.union))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("activities:checkin", args=[activity.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("activities:checkin-present", args=[activity.pk])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("activities:checkin-code", args=[activity.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("activities:checkin-sheet", args=[activity.pk])).status_code == 200


def test_the_window_is_thirty_seconds_of_the_epoch():
    assert window_of(datetime(1970, 1, 1, 0, 1, tzinfo=ZoneInfo("UTC"))) == 2


def test_a_user_without_a_member_record_is_told_to_log_in_as_a_member(client, activity, at_the_door, union):
    user = UserFactory(role="member")
    client.force_login(user)
    response = client.get(scan_path(activity))
    assert response.status_code in (403, 200)
    assert not Signup.objects.exists()


def test_a_scan_costs_a_fixed_number_of_queries(login, member_user, activity, at_the_door,
                                                django_assert_max_num_queries):
    SignupFactory(activity=activity, member=member_user.member)
    for _ in range(20):
        SignupFactory(activity=activity, attended=True, member=MemberFactory(union=activity.union))
    client = login(member_user)
    with django_assert_max_num_queries(14):
        assert client.get(scan_path(activity)).status_code == 200
