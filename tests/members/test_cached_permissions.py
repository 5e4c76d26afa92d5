"""Permissions are cached under the union's stamp (members.backends): whoever changes a role, and
wherever, the next page knows it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from members.models import Union

pytestmark = pytest.mark.django_db


def reader(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_role_given_in_the_admin_or_shell_counts_on_the_next_page(member_user):
    client = reader(member_user)
    assert client.get("/members/").status_code == 403  # the member's permissions are now cached
    member_user.groups.add(Group.objects.get(name="committee"))
    assert client.get("/members/").status_code == 200


def test_a_role_taken_away_counts_on_the_next_page(committee_user):
    client = reader(committee_user)
    assert client.get("/members/").status_code == 200
    committee_user.groups.clear()
    assert client.get("/members/").status_code == 403


def test_a_permission_taken_from_a_role_counts_for_everyone_at_once(committee_user, chair_of_other_union):
    client = reader(committee_user)
    assert client.get("/members/").status_code == 200
    other = Union.objects.get(pk=chair_of_other_union.member.union_id).stamp
    Group.objects.get(name="committee").permissions.remove(Permission.objects.get(codename="view_member"))
    assert client.get("/members/").status_code == 403
    assert Union.objects.get(pk=chair_of_other_union.member.union_id).stamp > other


def test_a_committee_member_made_chair_in_the_app_is_chair_on_the_next_page(login, chair_user, committee_user):
    from tests.members.test_accounts_lifecycle import edit_data

    client = reader(committee_user)
    assert 'role-badge">委员<' in client.get("/").content.decode()
    member = committee_user.member
    assert login(chair_user).post(f"/members/{member.pk}/edit/", edit_data(member, position="chair")).status_code == 302
    assert 'role-badge">主席<' in client.get("/").content.decode()


def test_the_cached_navigation_logs_out_each_reader_with_their_own_token(union, member_user):
    import re

    from tests.factories import MemberFactory, UserFactory

    first = Client(enforce_csrf_checks=True)
    first.force_login(member_user)
    first.get("/activities/2026/3/")  # the navigation of members of this union is cached now
    neighbour = UserFactory(username="neighbour", role="member")
    MemberFactory(union=union, user=neighbour, name="邻座会员")
    second = Client(enforce_csrf_checks=True)
    second.force_login(neighbour)
    page = second.get("/activities/2026/3/").content.decode()
    assert "邻座会员" in page and "刘会员" not in page
    token = re.search(r'action="/accounts/logout/".*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S).group(1)
    assert second.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert second.get("/activities/2026/3/").status_code == 302  # logged out: to the login page
