"""The login page tells a member who cannot log in what their username is (工号 or 手机号, as the union
chose when it created the logins) and whom to ask for a password — and nothing else about the union."""

import pytest
from django.test import Client

from members.models import Union, UsernameSource
from tests.factories import DepartmentFactory, MemberFactory, UnionFactory

pytestmark = pytest.mark.django_db

OFFICE = "校工会办公室（行政楼203，电话 8888 1234）"


@pytest.fixture
def without_email(settings):
    settings.EMAIL_ENABLED = False


@pytest.fixture
def with_email(settings):
    settings.EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def login_page():
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    return response.content.decode()


def set_help(union, source=UsernameSource.EMPLOYEE_NUMBER, contact=OFFICE):
    Union.objects.filter(pk=union.pk).update(username_source=source, login_contact=contact)


def test_one_union_says_the_username_is_the_employee_number_and_whom_to_ask(union, without_email):
    set_help(union)
    page = login_page()
    assert "用户名是您的工号。" in page
    assert f"忘记密码请联系：{OFFICE}" in page
    assert "/accounts/password_reset/" not in page  # no mail: no reset link


def test_a_union_of_phone_numbers_says_so(union, without_email):
    set_help(union, source=UsernameSource.PHONE)
    page = login_page()
    assert "用户名是您的手机号。" in page and "工号" not in page


def test_without_a_contact_the_page_points_to_the_union_committee(union, without_email):
    set_help(union, contact="")
    page = login_page()
    assert "用户名是您的工号。" in page
    assert "忘记密码请联系本单位工会委员会。" in page


def test_several_unions_get_a_general_sentence_and_nobodys_contact(union, other_union, without_email):
    set_help(union)
    set_help(other_union, source=UsernameSource.PHONE, contact="公司工会 王老师 13900000000")
    page = login_page()
    assert "用户名是您的工号或手机号，以您所在工会的设定为准。" in page
    assert "忘记密码请联系本单位工会委员会。" in page
    assert OFFICE not in page and "王老师" not in page


def test_with_email_the_reset_link_stays_and_the_contact_is_offered_beside_it(union, with_email):
    set_help(union)
    page = login_page()
    assert "忘记密码？" in page and "/accounts/password_reset/" in page
    assert f"也可以联系：{OFFICE}" in page
    assert "用户名是您的工号。" in page


def test_the_anonymous_page_shows_no_union_name_and_no_people(union, committee_user, without_email):
    set_help(union)
    MemberFactory(union=union, name="赵一", employee_number="T0001",
                  department=DepartmentFactory(union=union, name="语文组"))
    page = login_page()
    for secret in [union.name, "赵一", "T0001", "语文组", committee_user.member.name]:
        assert secret not in page


def test_the_help_costs_one_small_query(union, other_union, without_email, django_assert_num_queries):
    with django_assert_num_queries(1):
        Client().get("/accounts/login/")


def test_a_failed_login_shows_the_help_too(union, without_email):
    set_help(union)
    response = Client().post("/accounts/login/", {"username": "T0001", "password": "wrong-password"})
    page = response.content.decode()
    assert "用户名和密码不匹配，请重试。" in page
    assert f"忘记密码请联系：{OFFICE}" in page


# -- the committee sets it ------------------------------------------------------------------------------


def test_creating_logins_by_phone_number_tells_the_login_page(login, committee_user, union, without_email):
    MemberFactory(union=union, name="赵一", employee_number="T0001", phone="13800000001")
    client = login(committee_user)
    assert client.post("/members/accounts/new/", {"scope": "everyone", "source": "phone"}).status_code == 302
    assert Union.objects.get(pk=union.pk).username_source == UsernameSource.PHONE
    assert "用户名是您的手机号。" in login_page()
    # The next time, the form offers what the union chose.
    assert '<option value="phone" selected>' in client.get("/members/accounts/").content.decode()


def test_creating_nothing_changes_nothing(login, committee_user, union, without_email):
    MemberFactory(union=union, name="无手机", employee_number="T0002", phone="")
    client = login(committee_user)
    client.post("/members/accounts/new/", {"scope": "everyone", "source": "phone"})
    assert Union.objects.get(pk=union.pk).username_source == UsernameSource.EMPLOYEE_NUMBER


def test_the_committee_words_the_help_on_the_logins_page(login, committee_user, union, without_email):
    client = login(committee_user)
    page = client.get("/members/accounts/").content.decode()
    assert "登录页上的帮助" in page and 'name="login_contact"' in page
    response = client.post("/members/accounts/login-help/", {"username_source": "phone", "login_contact": OFFICE})
    assert response.status_code == 302 and response["Location"] == "/members/accounts/"
    assert "登录页上的帮助已保存。" in client.get("/members/accounts/").content.decode()
    page = login_page()
    assert "用户名是您的手机号。" in page and f"忘记密码请联系：{OFFICE}" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"username_source": "phone", "login_contact": "办" * 201}, "最多 200 个字"),
        ({"username_source": "qq", "login_contact": OFFICE}, "qq"),
        ({"login_contact": OFFICE}, "这个字段是必填项"),
    ],
)
def test_bad_input_is_answered_beside_the_field(login, committee_user, union, data, error):
    set_help(union, contact="工会办公室")
    response = login(committee_user).post("/members/accounts/login-help/", data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Union.objects.get(pk=union.pk).login_contact == "工会办公室"


@pytest.mark.parametrize("role", ["member_user", "treasurer_user", "reviewer_user"])
def test_only_who_manages_logins_may_word_it(request, login, role, union):
    set_help(union, contact="工会办公室")
    client = login(request.getfixturevalue(role))
    response = client.post("/members/accounts/login-help/", {"username_source": "phone", "login_contact": "x"})
    assert response.status_code == 403
    assert Union.objects.get(pk=union.pk).login_contact == "工会办公室"


def test_a_committee_words_only_its_own_unions_help(login, chair_of_other_union, union, other_union):
    set_help(union, contact="工会办公室")
    login(chair_of_other_union).post("/members/accounts/login-help/", {"username_source": "phone",
                                                                       "login_contact": "公司工会"})
    assert Union.objects.get(pk=union.pk).login_contact == "工会办公室"
    assert Union.objects.get(pk=other_union.pk).login_contact == "公司工会"


def test_a_second_union_in_the_deployment_turns_the_page_general(union, without_email):
    set_help(union)
    assert OFFICE in login_page()
    UnionFactory(name="第二家工会")
    assert OFFICE not in login_page()


def test_the_demo_union_says_whom_to_ask(seed_demo, without_email):
    seed_demo()
    page = login_page()
    assert "用户名是您的工号。" in page  # the school and the unions of its federation all chose so
    # Six unions: the page does not know whose member is reading, so it names no one office.
    assert "校工会办公室" not in page and "忘记密码请联系本单位工会委员会。" in page
