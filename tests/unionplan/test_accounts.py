import pytest


def test_pages_require_login(client, db):
    response = client.get("/plans/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/plans/")


def test_login_page_is_in_chinese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_committee_lands_on_the_dashboard_after_login(client, committee_user):
    response = client.post("/accounts/login/", {"username": committee_user.username, "password": "pw-for-tests-1"},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "第一中学工会" in response.content.decode()


def test_member_lands_on_the_calendar(client, member_user):
    response = client.post("/accounts/login/", {"username": member_user.username, "password": "pw-for-tests-1"},
                           follow=True)
    assert "/activities/" in response.redirect_chain[-1][0]


def test_wrong_password_is_refused_in_chinese(client, member_user):
    response = client.post("/accounts/login/", {"username": member_user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "用户名和密码不匹配" in response.content.decode()


def test_logout(login, member_user):
    client = login(member_user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_change_page_in_chinese(login, member_user):
    response = login(member_user).get("/accounts/password_change/")
    assert "修改密码" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("member_user", ["活动日历", "工作计划"], ["会员管理", "经费", "年终总结", "管理后台"]),
        ("committee_user", ["活动日历", "会员管理", "年终总结"], ["管理后台"]),
        ("treasurer_user", ["活动日历"], ["会员管理", "年终总结"]),
        ("chair_user", ["活动日历", "会员管理", "年终总结"], []),
    ],
)
def test_navigation_shows_only_what_the_role_may_open(request, login, role, visible, hidden):
    user = request.getfixturevalue(role)
    nav = login(user).get("/activities/2026/3/").content.decode().split("</nav>")[0]
    for label in visible:
        assert label in nav, label
    for label in hidden:
        assert label not in nav, label


def test_english_is_the_second_language(login, member_user):
    client = login(member_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Calendar" in client.get("/activities/2026/3/").content.decode()
