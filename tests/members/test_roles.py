import pytest

from members.roles import ROLE_PERMISSIONS


def test_member_cannot_open_the_roster(login, member_user):
    assert login(member_user).get("/members/").status_code == 403


def test_member_cannot_open_the_dashboard_and_lands_on_the_calendar(login, member_user):
    response = login(member_user).get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/activities/")


@pytest.mark.parametrize("role", ["chair_user", "committee_user", "treasurer_user", "reviewer_user"])
def test_committee_roles_open_the_dashboard(request, login, role):
    assert login(request.getfixturevalue(role)).get("/").status_code == 200


@pytest.mark.parametrize(
    ("role", "perm", "allowed"),
    [
        ("chair_user", "members.view_sensitive_member", True),
        ("committee_user", "members.view_sensitive_member", True),
        ("treasurer_user", "members.view_sensitive_member", False),
        ("reviewer_user", "members.change_member", False),
        ("member_user", "members.view_member", False),
        ("member_user", "members.view_dashboard", False),
        ("treasurer_user", "members.view_dashboard", True),
    ],
)
def test_role_permissions(request, role, perm, allowed):
    assert request.getfixturevalue(role).has_perm(perm) is allowed


def test_every_role_pattern_matches_a_permission(db):
    """A typo in ROLE_PERMISSIONS would silently grant nothing."""
    from fnmatch import fnmatch

    from django.contrib.auth.models import Permission

    names = [f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")]
    for role, patterns in ROLE_PERMISSIONS.items():
        for pattern in patterns:
            if pattern.split(".")[0] in {"plans", "activities", "funds", "unionplan"} and not any(
                n.startswith(pattern.split(".")[0] + ".") for n in names
            ):
                continue  # that app has no models yet
            assert any(fnmatch(n, pattern) for n in names), f"{role}: {pattern}"
