"""Who sees what: member, group leader, committee, chair, other roles, another union."""

from datetime import date

import pytest

from tests.factories import (
    CareVisitFactory,
    HardshipRecordFactory,
    MemberFactory,
    UnionGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


@pytest.fixture
def colleague(union):
    return MemberFactory(union=union, name="隔壁老师", phone=PHONE, birth_date=date(1977, 4, 5))


@pytest.fixture
def leader_user(union, colleague):
    """A plain member who leads the union group the colleague belongs to."""
    user = UserFactory(username="leader", role="member")
    leader = MemberFactory(union=union, user=user, name="组长")
    group = UnionGroupFactory(union=union, name="文科小组", leader=leader)
    colleague.group = group
    colleague.save()
    return user


@pytest.fixture
def care(union, colleague):
    HardshipRecordFactory(union=union, member=colleague, reason="配偶重病住院")
    CareVisitFactory(union=union, member=colleague, notes="带去水果", date=date(2026, 3, 5))


PRIVATE_PAGES = [
    "/members/",
    "/members/birthdays/",
    "/members/care/",
    "/members/care/visits/",
    "/members/export.xlsx",
    "/members/import/",
]


@pytest.mark.parametrize("role", ["member_user", "treasurer_user", "reviewer_user"])
@pytest.mark.parametrize("url", PRIVATE_PAGES)
def test_roles_outside_the_committee_cannot_open_member_records(request, login, role, url):
    assert login(request.getfixturevalue(role)).get(url).status_code == 403


@pytest.mark.parametrize("role", ["chair_user", "committee_user"])
@pytest.mark.parametrize("url", PRIVATE_PAGES)
def test_chair_and_committee_open_every_member_page(request, login, role, url):
    assert login(request.getfixturevalue(role)).get(url).status_code == 200


@pytest.mark.parametrize("role", ["chair_user", "committee_user"])
def test_committee_sees_phone_hardship_and_visits_on_the_member_page(request, login, role, colleague, care):
    page = login(request.getfixturevalue(role)).get(f"/members/{colleague.pk}/").content.decode()
    assert PHONE in page and "1977-04-05" in page
    assert "配偶重病住院" in page and "2026-03-05" in page


def test_a_member_sees_only_their_own_record(login, member_user, colleague, care):
    client = login(member_user)
    own = client.get(f"/members/{member_user.member.pk}/")
    assert own.status_code == 200 and "刘会员" in own.content.decode()
    assert client.get(f"/members/{colleague.pk}/").status_code == 403
    assert client.get(f"/members/{colleague.pk}/edit/").status_code == 403


def test_a_members_own_page_shows_no_care_records_or_history(login, member_user, union):
    me = member_user.member
    HardshipRecordFactory(union=union, member=me, reason="家里有事")
    page = login(member_user).get(f"/members/{me.pk}/").content.decode()
    assert "家里有事" not in page


def test_a_group_leader_sees_the_groups_names_but_no_contact_data(login, leader_user, colleague, care):
    client = login(leader_user)
    assert client.get("/members/").status_code == 302
    page = client.get("/members/group/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "隔壁老师" in text
    assert PHONE not in text and "1977" not in text and "配偶重病" not in text
    assert client.get(f"/members/{colleague.pk}/").status_code == 403
    assert client.get("/members/care/").status_code == 403


def test_a_member_who_leads_no_group_has_no_group_page(login, member_user):
    assert login(member_user).get("/members/group/").status_code == 403


def test_another_unions_chair_gets_404_for_our_records(login, chair_of_other_union, colleague, care, union):
    client = login(chair_of_other_union)
    visit = colleague.care_visits.get()
    hardship = colleague.hardship_records.get()
    assert client.get(f"/members/{colleague.pk}/").status_code == 404
    assert client.get(f"/members/{colleague.pk}/edit/").status_code == 404
    assert client.get(f"/members/care/visits/{visit.pk}/").status_code == 404
    assert client.get(f"/members/care/visits/{visit.pk}/edit/").status_code == 404
    assert client.get(f"/members/care/hardship/{hardship.pk}/edit/").status_code == 404
    assert client.post(f"/members/birthdays/{colleague.pk}/greet/").status_code == 404
    assert "隔壁老师" not in client.get("/members/").content.decode()
    assert "隔壁老师" not in client.get("/members/care/").content.decode()


def test_another_unions_members_cannot_be_chosen_in_our_forms(login, committee_user, other_union):
    stranger = MemberFactory(union=other_union, name="外人")
    client = login(committee_user)
    response = client.post(
        "/members/care/visits/new/", {"member": stranger.pk, "date": "2026-03-01", "reason": "illness"}
    )
    assert response.status_code == 200 and "member" in response.context["form"].errors
    assert client.get(f"/members/care/visits/new/?member={stranger.pk}").status_code == 404
