"""The plan page with the fragment cache on (members.versions): a saved progress shows at once, and the
progress forms carry each reader's own CSRF token."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import MemberFactory, SignupFactory, UserFactory
from tests.plans.conftest import item

pytestmark = pytest.mark.usefixtures("fragment_cache")


def test_progress_saved_by_one_committee_member_shows_at_once_to_the_members(
    login, committee_user, member_user, approved_plan, mid_june
):
    reader = Client()
    reader.force_login(member_user)
    assert "会员档案全部更新" not in reader.get("/plans/2026/").content.decode()  # now cached
    target = item(approved_plan, "完善会员档案")
    fields = {"version": target.version, "status": "done", "progress_note": "", "outcome": "会员档案全部更新"}
    assert login(committee_user).post(f"/plans/2026/items/{target.pk}/progress/", fields).status_code == 302
    assert "会员档案全部更新" in reader.get("/plans/2026/").content.decode()


def test_each_committee_member_posts_progress_from_the_cached_page_with_their_own_token(
    union, committee_user, approved_plan, mid_june
):
    first = Client(enforce_csrf_checks=True)
    first.force_login(committee_user)
    first.get("/plans/2026/")  # caches the document with its progress openers
    colleague = UserFactory(username="colleague", role="committee")
    MemberFactory(union=union, user=colleague, name="周委员", position="committee")
    second = Client(enforce_csrf_checks=True)
    second.force_login(colleague)
    page = second.get("/plans/2026/").content.decode()
    assert "<csrf-token>" not in page
    target = item(approved_plan, "召开会员代表大会")
    # The row's form is fetched when it is opened.
    assert f'href="/plans/2026/items/{target.pk}/progress/" data-progress-form' in page
    form = second.get(f"/plans/2026/items/{target.pk}/progress/", headers={"HX-Request": "true"}).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {
        "csrfmiddlewaretoken": token,
        "version": target.version,
        "status": "in_progress",
        "progress_note": "已发通知",
        "outcome": "",
    }
    assert second.post(f"/plans/2026/items/{target.pk}/progress/", fields).status_code == 302
    target.refresh_from_db()
    assert target.status == "in_progress" and target.progress_note == "已发通知"


def test_the_browser_keeps_the_plan_until_it_changes_and_a_message_shown_once_does_not_come_back(
    login, committee_user, member_user, approved_plan, mid_june
):
    reader = Client()
    reader.force_login(member_user)
    first = reader.get("/plans/2026/")
    assert first["Cache-Control"] == "private, no-cache" and first["ETag"]
    again = reader.get("/plans/2026/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    committee = login(committee_user)
    target = item(approved_plan, "完善会员档案")
    fields = {"version": target.version, "status": "done", "progress_note": "", "outcome": "会员档案全部更新"}
    saved = committee.post(f"/plans/2026/items/{target.pk}/progress/", fields, follow=True)
    assert saved.status_code == 200 and saved.context["messages"]
    changed = reader.get("/plans/2026/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and "会员档案全部更新" in changed.content.decode()
    # The committee member's page showed "saved": their next visit is a fresh page without it.
    after = committee.get("/plans/2026/", headers={"if-none-match": saved["ETag"]})
    assert after.status_code == 200


def test_a_page_kept_by_the_browser_is_only_revalidated_for_its_own_reader(member_user, union, approved_plan, mid_june):
    reader = Client()
    reader.force_login(member_user)
    etag = reader.get("/plans/2026/")["ETag"]
    neighbour = UserFactory(username="neighbour", role="member")
    MemberFactory(union=union, user=neighbour, name="邻座会员")
    other = Client()
    other.force_login(neighbour)
    assert other.get("/plans/2026/", headers={"if-none-match": etag}).status_code == 200


def test_a_members_plan_page_is_read_from_the_cache_and_a_sign_up_does_not_retire_it(
    member_user, union, approved_plan, mid_june
):
    reader = Client()
    reader.force_login(member_user)
    with CaptureQueriesContext(connection) as cold:
        reader.get("/plans/2026/")
    SignupFactory(activity__union=union, member=member_user.member)  # the activities area
    with CaptureQueriesContext(connection) as cached:
        assert "完善会员档案" in reader.get("/plans/2026/").content.decode()
    assert len(cached) < len(cold)  # the outline is not read
