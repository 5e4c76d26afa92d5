"""Headers, lock-out, session expiry and the Content-Security-Policy's promise of no inline code."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_pages_send_the_security_headers(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if path.name == "500.html":  # rendered without context, stands alone
            continue
        text = re.sub(r"{#.*?#}", "", path.read_text(encoding="utf-8"))
        if re.search(r"<script(?![^>]*\bsrc=)", text) or re.search(r"\sstyle=", text) or "<style" in text:
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []


def test_sessions_expire(db):
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY


def test_password_validators_apply(login, member_user):
    response = login(member_user).post(
        "/accounts/password_change/",
        {"old_password": "pw-for-tests-1", "new_password1": "12345678", "new_password2": "12345678"},
    )
    page = response.content.decode()
    assert "这个密码太常见了" in page or "密码只包含数字" in page
    member_user.refresh_from_db()
    assert member_user.check_password("pw-for-tests-1")


def _fail_logins(client, username, times):
    for _ in range(times):
        response = client.post("/accounts/login/", {"username": username, "password": "wrong"})
    return response


def test_repeated_failed_logins_lock_the_account(client, member_user):
    response = _fail_logins(client, member_user.username, settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    # Even the right password is refused while locked.
    locked = client.post("/accounts/login/", {"username": member_user.username, "password": "pw-for-tests-1"})
    assert locked.status_code == 429


def test_the_unlock_command_lets_the_member_in_again(client, member_user):
    _fail_logins(client, member_user.username, settings.AXES_FAILURE_LIMIT)
    call_command("axes_reset_username", member_user.username)
    response = client.post("/accounts/login/", {"username": member_user.username, "password": "pw-for-tests-1"})
    assert response.status_code == 302


def test_one_members_lockout_does_not_lock_out_a_colleague(client, member_user, committee_user):
    _fail_logins(client, member_user.username, settings.AXES_FAILURE_LIMIT)
    response = client.post("/accounts/login/", {"username": committee_user.username, "password": "pw-for-tests-1"})
    assert response.status_code == 302


@pytest.mark.parametrize("path", ["/activities/2026/13/", "/activities/1800/1/", "/plans/1800/", "/funds/99999/",
                                  "/members/999999/", "/activities/999999/", "/activities/feed/nope.ics",
                                  "/summary/1800/"])
def test_bad_urls_give_404(login, chair_user, path):
    assert login(chair_user).get(path).status_code == 404
