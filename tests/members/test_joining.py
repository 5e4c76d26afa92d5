"""Joining online (issue 20, point 4): the public join page, the status page by receipt code, the
committee's join link and decisions."""

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from members import joining
from members.models import Attempt, HistoryEntry, JoinApplication, Member, UsernameSource
from tests.factories import DepartmentFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

ID_NUMBER = "43010219900307123" + "4"
WECHAT = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN")


@pytest.fixture
def open_union(union):
    union.join_token = joining.new_join_token()
    union.card_prefix = "JY2026-"
    union.save()
    return union


def application_data(client, union, **changes):
    """The form as the page gave it, filled in as a worker would."""
    page = client.get(reverse("join", args=[union.join_token]))
    form = page.context["form"]
    data = {
        "name": "周新", "gender": "F", "phone": "13912345678", "department_text": "初二年级组",
        "employer": "第一中学", "id_number": "", "statute": "on", "website": "", "opened": form.initial["opened"],
    }
    data.update(changes)
    return data


def apply(client, union, clock_from=None, **changes):
    with time_machine.travel(clock_from or "2026-03-02 09:00 +0800", tick=False) as traveller:
        data = application_data(client, union, **changes)
        traveller.shift(timedelta(seconds=30))
        return client.post(reverse("join", args=[union.join_token]), data, HTTP_USER_AGENT=WECHAT)


def pending(union):
    return JoinApplication.objects.for_union(union).get()


# --- the public pages -------------------------------------------------------------------------------


def test_the_join_page_is_off_until_turned_on(client, union):
    assert union.join_token == ""
    assert client.get("/join/x/").status_code == 404


def test_unknown_token_is_a_404(client, open_union):
    assert client.get("/join/not-a-token/").status_code == 404
    assert client.get("/join/not-a-token/status/").status_code == 404


def test_a_worker_applies_without_login_and_gets_a_receipt_code(client, open_union):
    page = apply(client, open_union)
    assert page.status_code == 200
    code = page.context["code"]
    application = pending(open_union)
    assert application.name == "周新" and application.status == JoinApplication.Status.PENDING
    assert application.receipt_hash == joining.receipt_hash(code) and code not in application.receipt_hash


def test_the_page_opens_in_wechat_on_a_phone(client, open_union):
    page = client.get(f"/join/{open_union.join_token}/", HTTP_USER_AGENT=WECHAT)
    assert page.status_code == 200
    assert "承认中国工会章程" in page.content.decode()


def test_id_number_is_stored_encrypted_and_shown_masked(client, open_union):
    apply(client, open_union, gender="M", id_number="43010219900307123" + "4")
    application = pending(open_union)
    assert application.id_number == ID_NUMBER
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM members_joinapplication WHERE id = %s", [application.pk])
        [raw] = cursor.fetchone()
    assert ID_NUMBER not in raw and raw.startswith("fernet:")
    assert application.masked_id_number == "4301**********1234"


def test_a_wrong_check_digit_is_refused(client, open_union):
    page = apply(client, open_union, id_number="430102199003071235")
    assert page.status_code == 200 and "id_number" in page.context["form"].errors
    assert not JoinApplication.objects.exists()


@pytest.mark.parametrize("changes", [
    {"phone": "1234"}, {"phone": ""}, {"statute": ""}, {"name": ""}, {"department_text": ""},
])
def test_bad_input_is_a_form_error(client, open_union, changes):
    page = apply(client, open_union, **changes)
    assert page.status_code == 200 and page.context["form"].errors
    assert not JoinApplication.objects.exists()


def test_the_honeypot_refuses_quietly(client, open_union):
    page = apply(client, open_union, website="http://spam.example")
    assert "重新打开" in page.content.decode() or page.context["form"].non_field_errors()
    assert not JoinApplication.objects.exists()


def test_a_form_sent_within_seconds_is_refused(client, open_union):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        data = application_data(client, open_union)
        traveller.shift(timedelta(seconds=1))
        page = client.post(f"/join/{open_union.join_token}/", data)
    assert page.context["form"].non_field_errors()
    assert not JoinApplication.objects.exists()


def test_a_form_opened_more_than_a_day_ago_is_refused(client, open_union):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        data = application_data(client, open_union)
        traveller.shift(timedelta(days=1, minutes=1))
        page = client.post(f"/join/{open_union.join_token}/", data)
    assert page.context["form"].non_field_errors()
    assert not JoinApplication.objects.exists()


def test_a_forged_stamp_is_refused(client, open_union):
    page = apply(client, open_union, opened="1700000000")
    assert page.context["form"].non_field_errors()
    assert not JoinApplication.objects.exists()


def test_five_applications_an_hour_per_address(client, open_union):
    for n in range(joining.RATE_LIMIT):
        assert apply(client, open_union, phone=f"1391234567{n}").status_code == 200
    assert JoinApplication.objects.count() == joining.RATE_LIMIT
    assert apply(client, open_union, phone="13900000000").status_code == 429
    assert JoinApplication.objects.count() == joining.RATE_LIMIT


def test_an_hour_later_the_address_may_apply_again(client, open_union):
    for n in range(joining.RATE_LIMIT):
        apply(client, open_union, phone=f"1391234567{n}")
    assert apply(client, open_union, phone="13900000000").status_code == 429
    page = apply(client, open_union, clock_from="2026-03-02 10:01 +0800", phone="13900000000")
    assert page.status_code == 200 and page.context["code"]


def test_the_limit_keeps_no_address(client, open_union):
    """The attempts are counted under a keyed hash: the database holds no applicant's address."""
    apply(client, open_union, website="spam")
    assert Attempt.objects.count() == 1
    assert "127.0.0.1" not in Attempt.objects.get().key


def test_the_department_is_chosen_from_the_unions(client, open_union):
    department = DepartmentFactory(union=open_union, name="语文组")
    apply(client, open_union, department_choice=str(department.pk), department_text="")
    assert pending(open_union).department == department


def test_another_unions_department_is_refused(client, open_union, other_union):
    foreign = DepartmentFactory(union=other_union, name="外单位")
    page = apply(client, open_union, department_choice=str(foreign.pk), department_text="")
    assert page.context["form"].errors
    assert not JoinApplication.objects.exists()


def test_status_page_by_receipt_code(client, open_union, committee_user):
    code = apply(client, open_union).context["code"]
    status = f"/join/{open_union.join_token}/status/"
    page = client.post(status, {"code": code.lower().replace("-", " ")})
    assert page.context["application"] == pending(open_union)
    assert "待审核" in page.content.decode() or "Pending" in page.content.decode()
    joining.decline(pending(open_union), committee_user, "不是本单位职工")
    page = client.post(status, {"code": code})
    assert "不是本单位职工" in page.content.decode()
    assert client.post(status, {"code": "XXXX-XXXX-XXXX"}).context["application"] is None


def test_a_receipt_code_of_another_union_finds_nothing(client, open_union, other_union):
    code = apply(client, open_union).context["code"]
    other_union.join_token = joining.new_join_token()
    other_union.save()
    assert client.post(f"/join/{other_union.join_token}/status/", {"code": code}).context["application"] is None


# --- the committee's link ---------------------------------------------------------------------------


def test_renewing_kills_the_old_link(login, open_union, chair_user):
    old = open_union.join_token
    client = login(chair_user)
    assert client.post(reverse("members:join-renew")).status_code == 302
    open_union.refresh_from_db()
    assert open_union.join_token != old
    assert client.get(f"/join/{old}/").status_code == 404
    assert client.get(f"/join/{open_union.join_token}/").status_code == 200


def test_turning_off(login, open_union, chair_user):
    old = open_union.join_token
    login(chair_user).post(reverse("members:join-off"))
    open_union.refresh_from_db()
    assert open_union.join_token == "" and login(chair_user).get(f"/join/{old}/").status_code == 404


def test_link_page_shows_the_qr_code_and_the_poster(login, open_union, committee_user):
    client = login(committee_user)
    page = client.get(reverse("members:join-link")).content.decode()
    assert "<svg" in page and f"/join/{open_union.join_token}/" in page
    poster = client.get(reverse("members:join-poster")).content.decode()
    assert "<svg" in poster and open_union.name in poster


def test_members_cannot_see_the_link_or_the_applications(login, open_union, member_user):
    client = login(member_user)
    assert client.get(reverse("members:join-link")).status_code == 403
    assert client.get(reverse("members:join-applications")).status_code == 403


def test_card_numbering_is_saved(login, open_union, chair_user):
    login(chair_user).post(reverse("members:join-numbering"),
                           {"card_prefix": "GH-", "card_next": "17", "card_digits": "5"})
    open_union.refresh_from_db()
    assert joining.next_card_number(open_union) == "GH-00017"


# --- deciding ---------------------------------------------------------------------------------------


def test_approval_creates_the_member_with_the_next_card_number(client, login, open_union, committee_user):
    apply(client, open_union)
    application = pending(open_union)
    client = login(committee_user)
    with time_machine.travel("2026-03-05 10:00 +0800", tick=False):
        response = client.post(reverse("members:join-approve", args=[application.pk]), {"card_number": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    member = application.member
    assert application.status == JoinApplication.Status.APPROVED
    assert (member.name, member.phone, member.gender, member.card_number, member.joined_on) == (
        "周新", "13912345678", "F", "JY2026-0001", date(2026, 3, 5))
    assert member.user is None
    assert HistoryEntry.objects.for_object(member).filter(action=HistoryEntry.Action.CREATE).exists()
    open_union.refresh_from_db()
    assert open_union.card_next == 2


def test_approval_with_a_card_number_and_a_login(client, login, open_union, committee_user):
    open_union.username_source = UsernameSource.PHONE
    open_union.save()
    apply(client, open_union)
    application = pending(open_union)
    response = login(committee_user).post(reverse("members:join-approve", args=[application.pk]),
                                          {"card_number": "特-001", "create_login": "on"}, follow=True)
    member = Member.objects.get(pk=JoinApplication.objects.get().member_id)
    assert member.card_number == "特-001" and member.user.username == "13912345678"
    assert member.must_change_password
    assert "13912345678" in response.content.decode()  # the initial password shown once, with the username
    open_union.refresh_from_db()
    assert open_union.card_next == 1  # the union's numbering was not used


def test_approving_creates_no_login_for_someone_who_may_not_manage_logins(client, login, open_union):
    """Adding members is not creating logins: someone who may add a member but not manage logins (a
    member's role and members.add_member, given in the admin) approves, and no login is made nor shown."""
    from django.contrib.auth.models import Permission

    recorder = UserFactory(username="recorder", role="member")
    recorder.user_permissions.add(Permission.objects.get(codename="add_member"))
    MemberFactory(union=open_union, user=recorder, name="小组长")
    open_union.username_source = UsernameSource.PHONE
    open_union.save()
    apply(client, open_union)
    application = pending(open_union)
    client = login(recorder)
    assert "create_login" not in client.get(reverse("members:join-application", args=[application.pk])).content.decode()
    response = client.post(reverse("members:join-approve", args=[application.pk]),
                           {"card_number": "", "create_login": "on"}, follow=True)
    application.refresh_from_db()
    assert application.status == JoinApplication.Status.APPROVED
    assert application.member.user is None
    assert not User.objects.filter(username="13912345678").exists()
    assert "13912345678" not in "".join(str(m) for m in response.context["messages"])


def test_a_card_number_in_use_is_refused(client, login, open_union, committee_user):
    MemberFactory(union=open_union, card_number="JY2026-0001")
    apply(client, open_union)
    application = pending(open_union)
    login(committee_user).post(reverse("members:join-approve", args=[application.pk]), {"card_number": ""})
    application.refresh_from_db()
    assert application.status == JoinApplication.Status.PENDING
    assert not Member.objects.filter(name="周新").exists()


def test_decline_needs_a_reason(client, login, open_union, committee_user):
    apply(client, open_union)
    application = pending(open_union)
    client = login(committee_user)
    page = client.post(reverse("members:join-decline", args=[application.pk]), {"reason": "  "})
    assert page.context["decline"].errors
    client.post(reverse("members:join-decline", args=[application.pk]), {"reason": "已是会员"})
    application.refresh_from_db()
    assert (application.status, application.reason) == (JoinApplication.Status.DECLINED, "已是会员")
    assert not Member.objects.filter(name="周新").exists()


def test_a_decided_application_cannot_be_decided_again(client, login, open_union, committee_user):
    apply(client, open_union)
    application = pending(open_union)
    client = login(committee_user)
    client.post(reverse("members:join-decline", args=[application.pk]), {"reason": "重复"})
    client.post(reverse("members:join-approve", args=[application.pk]), {})
    assert not Member.objects.filter(name="周新").exists()


def test_a_decline_read_before_the_approval_is_refused(client, login, open_union, committee_user, chair_user):
    """Two committee members decide at the same time: the decline's copy was read before the approval."""
    code = apply(client, open_union).context["code"]
    stale = pending(open_union)  # the decline request has read it
    assert login(chair_user).post(reverse("members:join-approve", args=[stale.pk]), {}).status_code == 302
    with pytest.raises(joining.Refused):
        joining.decline(stale, committee_user, "重复")
    application = pending(open_union)
    assert (application.status, application.reason) == (JoinApplication.Status.APPROVED, "")
    page = client.post(f"/join/{open_union.join_token}/status/", {"code": code})
    assert page.context["application"].status == JoinApplication.Status.APPROVED


def test_a_duplicate_phone_is_flagged(client, login, open_union, committee_user):
    MemberFactory(union=open_union, phone="13912345678")
    apply(client, open_union)
    page = login(committee_user).get(reverse("members:join-applications"))
    assert page.context["applications"][0].duplicate_phone


def test_another_unions_application_is_a_404(client, login, open_union, chair_of_other_union):
    apply(client, open_union)
    application = pending(open_union)
    other = login(chair_of_other_union)
    assert other.get(reverse("members:join-application", args=[application.pk])).status_code == 404
    assert other.post(reverse("members:join-approve", args=[application.pk]), {}).status_code == 404
    assert other.post(reverse("members:join-decline", args=[application.pk]), {"reason": "x"}).status_code == 404
    assert other.get(reverse("members:join-applications")).context["applications"].__len__() == 0


def test_applications_list_pending_first(open_union, committee_user, login):
    for n, state in enumerate(["approved", "pending", "declined", "pending"]):
        JoinApplication.objects.create(union=open_union, name=f"申请人{n}", gender="M", phone=f"1380000000{n}",
                                       employer="某单位", status=state, receipt_hash=str(n))
    rows = login(committee_user).get(reverse("members:join-applications")).context["applications"]
    assert [a.status for a in rows][:2] == ["pending", "pending"]


def test_query_budgets(client, login, open_union, committee_user, django_assert_max_num_queries):
    for n in range(30):
        JoinApplication.objects.create(union=open_union, name=f"申请人{n}", gender="M", phone=f"138000000{n:02d}",
                                       employer="某单位", receipt_hash=str(n))
    with django_assert_max_num_queries(4):
        assert client.get(f"/join/{open_union.join_token}/").status_code == 200
    committee = login(committee_user)
    committee.get(reverse("members:join-applications"))
    with django_assert_max_num_queries(12):
        assert committee.get(reverse("members:join-applications")).status_code == 200
    application = JoinApplication.objects.first()
    with django_assert_max_num_queries(12):
        assert committee.get(reverse("members:join-application", args=[application.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert committee.get(reverse("members:join-link")).status_code == 200


def test_typos_do_not_use_up_the_rate_limit(client, open_union):
    for _n in range(joining.RATE_LIMIT + 2):
        assert apply(client, open_union, phone="12").context["form"].errors
    assert apply(client, open_union).status_code == 200
    assert JoinApplication.objects.count() == 1


def test_spam_refusals_count_towards_the_rate_limit(client, open_union):
    for _n in range(joining.RATE_LIMIT):
        apply(client, open_union, website="spam")
    assert apply(client, open_union).status_code == 429
    assert not JoinApplication.objects.exists()


def test_wrong_receipt_codes_are_limited(client, open_union):
    status = f"/join/{open_union.join_token}/status/"
    for _n in range(joining.RATE_LIMIT):
        client.post(status, {"code": "WRONG-CODE"})
    page = client.post(status, {"code": "WRONG-CODE"})
    assert page.context["form"].non_field_errors() and page.context["application"] is None


def behind_the_proxy(forwarded_for):
    """A phone whose requests reach the app through nginx at 127.0.0.1 (README, "Deployment")."""
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)


def test_behind_the_proxy_one_client_does_not_use_up_everyones_limit(settings, open_union):
    settings.PROXY_COUNT = 1
    spammer, worker = behind_the_proxy("203.0.113.5"), behind_the_proxy("198.51.100.7")
    for n in range(joining.RATE_LIMIT):
        apply(spammer, open_union, phone=f"1391234567{n}")
    assert apply(spammer, open_union, phone="13900000000").status_code == 429
    # A made-up entry in front of the proxy's own does not make the spammer someone else.
    assert apply(behind_the_proxy("10.9.9.9, 203.0.113.5"), open_union, phone="13900000001").status_code == 429
    page = apply(worker, open_union, phone="13800000000")
    assert page.status_code == 200 and page.context["code"]
    assert JoinApplication.objects.filter(phone="13800000000").exists()


def test_behind_the_proxy_wrong_receipt_codes_lock_out_only_their_sender(settings, open_union):
    settings.PROXY_COUNT = 1
    code = apply(behind_the_proxy("198.51.100.7"), open_union).context["code"]
    status = f"/join/{open_union.join_token}/status/"
    guesser = behind_the_proxy("203.0.113.5")
    for _n in range(joining.RATE_LIMIT + 1):
        page = guesser.post(status, {"code": "WRONG-CODE"})
    assert page.context["form"].non_field_errors()
    page = behind_the_proxy("198.51.100.7").post(status, {"code": code})
    assert page.context["application"] == pending(open_union)


def test_a_long_or_strange_token_is_a_404(client, open_union):
    assert client.get("/join/" + "a" * 40 + "/").status_code == 404
    assert client.get("/join/%E4%B8%AD/").status_code == 404


def test_a_login_needs_the_unions_kind_of_username(client, login, open_union, committee_user):
    assert open_union.username_source == UsernameSource.EMPLOYEE_NUMBER
    apply(client, open_union)
    application = pending(open_union)
    response = login(committee_user).post(reverse("members:join-approve", args=[application.pk]),
                                          {"create_login": "on"}, follow=True)
    assert "工号" in response.content.decode() or "employee number" in response.content.decode()
    application.refresh_from_db()
    assert application.status == JoinApplication.Status.PENDING
    assert not Member.objects.filter(name="周新").exists()


def test_approval_is_in_the_history(client, login, open_union, committee_user):
    apply(client, open_union)
    application = pending(open_union)
    login(committee_user).post(reverse("members:join-approve", args=[application.pk]), {})
    application.refresh_from_db()
    entries = HistoryEntry.objects.for_object(application)
    assert entries.filter(action=HistoryEntry.Action.CHANGE, actor=committee_user).exists()
    created = HistoryEntry.objects.for_object(application.member).get(action=HistoryEntry.Action.CREATE)
    assert created.actor == committee_user and "网上入会" in created.note or "Joined online" in created.note


def test_status_page_query_budget(client, open_union, django_assert_max_num_queries):
    code = apply(client, open_union).context["code"]
    with django_assert_max_num_queries(4):
        assert client.post(f"/join/{open_union.join_token}/status/", {"code": code}).status_code == 200


def test_the_gender_comes_from_the_id_number_when_not_chosen(client, open_union):
    apply(client, open_union, gender="", id_number="430102199003071234")
    assert pending(open_union).gender == "M"


def test_no_gender_and_no_id_number_is_a_form_error(client, open_union):
    page = apply(client, open_union, gender="")
    assert "gender" in page.context["form"].errors
    assert not JoinApplication.objects.exists()


def test_a_gender_against_the_id_number_is_a_form_error(client, open_union):
    page = apply(client, open_union, gender="F", id_number="430102199003071234")
    assert "gender" in page.context["form"].errors
