"""保留会籍 (retained membership): kept on the roster, without dues."""

import pytest

from funds.models import FundSettings
from members.models import HistoryEntry, Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_retain_and_restore(login, committee_user, union):
    member = MemberFactory(union=union, name="孙师傅")
    client = login(committee_user)
    assert client.post(f"/members/{member.pk}/retain/").status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.RETAINED
    assert Member.objects.for_union(union).current().filter(pk=member.pk).exists()
    assert not FundSettings(union=union).pays_dues(member)
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert f"members/{member.pk}/restore/" in page
    assert client.post(f"/members/{member.pk}/restore/").status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE
    notes = set(HistoryEntry.objects.for_object(member).values_list("note", flat=True))
    assert {"保留会籍", "结束保留会籍"} <= notes


def test_get_is_refused_and_a_leaver_cannot_be_retained(login, committee_user, union):
    gone = MemberFactory(union=union, status=Member.Status.LEFT)
    client = login(committee_user)
    assert client.get(f"/members/{gone.pk}/retain/").status_code == 405
    client.post(f"/members/{gone.pk}/retain/")
    client.post(f"/members/{gone.pk}/restore/")
    gone.refresh_from_db()
    assert gone.status == Member.Status.LEFT


def test_permissions_and_tenancy(login, member_user, chair_of_other_union, union):
    member = MemberFactory(union=union)
    assert login(member_user).post(f"/members/{member.pk}/retain/").status_code == 403
    assert login(chair_of_other_union).post(f"/members/{member.pk}/retain/").status_code == 404
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE


# --- the statute's automatic leave (funds/inactive.py) -------------------------------------------------

from datetime import date  # noqa: E402

from members.models import InactivityReview  # noqa: E402
from tests.factories import ActivityFactory, DuesFactory, SignupFactory  # noqa: E402

TODAY = date(2026, 12, 5)


@pytest.fixture
def people(union):
    old = date(2020, 1, 1)
    return {
        "idle": MemberFactory(union=union, name="闲置", joined_on=old),
        "paid": MemberFactory(union=union, name="交费", joined_on=old),
        "joined": MemberFactory(union=union, name="参加", joined_on=old),
        "retained": MemberFactory(union=union, name="保留", joined_on=old, status=Member.Status.RETAINED),
        "new": MemberFactory(union=union, name="新人", joined_on=date(2026, 9, 1)),
        "gone": MemberFactory(union=union, name="离会", joined_on=old, status=Member.Status.LEFT),
        "old_dues": MemberFactory(union=union, name="旧费", joined_on=old),
    }


@pytest.fixture
def records(people):
    DuesFactory(member=people["paid"], year=2026, month=10, paid_on=date(2026, 10, 15), method="cash")
    DuesFactory(member=people["old_dues"], year=2026, month=3, paid_on=date(2026, 3, 15), method="cash")
    activity = ActivityFactory(union=people["joined"].union, start_date=date(2026, 11, 1))
    SignupFactory(activity=activity, member=people["joined"])
    return people


def test_the_list_names_only_the_inactive(login, committee_user, records, clock, django_assert_max_num_queries):
    clock(TODAY)
    client = login(committee_user)
    with django_assert_max_num_queries(12):
        page = client.get("/funds/inactive/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "闲置" in text and "旧费" in text
    listed = text.split("inactive-members")[1].split("</main>")[0]
    for key in ("paid", "joined", "retained", "new", "gone"):
        assert f'href="/members/{records[key].pk}/"' not in listed, key
    for key in ("idle", "old_dues"):
        assert f'href="/members/{records[key].pk}/"' in listed, key


def test_confirm_and_dismiss(login, committee_user, records, clock):
    clock(TODAY)
    client = login(committee_user)
    idle, kept = records["idle"], records["old_dues"]
    assert client.post(f"/funds/inactive/{idle.pk}/leave/").status_code == 302
    idle.refresh_from_db()
    assert (idle.status, idle.left_on) == (Member.Status.LEFT, TODAY)
    assert client.post(f"/funds/inactive/{kept.pk}/dismiss/").status_code == 302
    review = InactivityReview.objects.get(member=kept)
    assert review.until == date(2027, 6, 5)
    assert "旧费" not in client.get("/funds/inactive/").content.decode().split("<h1")[1]
    # a member who is not (or no longer) listed cannot be made to leave through this page
    assert client.post(f"/funds/inactive/{kept.pk}/leave/").status_code == 404
    assert client.post(f"/funds/inactive/{records['paid'].pk}/leave/").status_code == 404
    kept.refresh_from_db()
    assert kept.status == Member.Status.ACTIVE
    clock(date(2027, 6, 6))
    assert "旧费" in login(committee_user).get("/funds/inactive/").content.decode()


def test_inactive_refusals(login, member_user, treasurer_user, chair_of_other_union, records, clock):
    clock(TODAY)
    idle = records["idle"]
    for user in (member_user, treasurer_user):
        client = login(user)
        assert client.get("/funds/inactive/").status_code == 403
        assert client.post(f"/funds/inactive/{idle.pk}/leave/").status_code == 403
    client = login(chair_of_other_union)
    assert "闲置" not in client.get("/funds/inactive/").content.decode()
    assert client.post(f"/funds/inactive/{idle.pk}/leave/").status_code == 404
    assert client.post(f"/funds/inactive/{idle.pk}/dismiss/").status_code == 404
    assert login(chair_of_other_union).get(f"/funds/inactive/{idle.pk}/leave/").status_code == 405
    idle.refresh_from_db()
    assert idle.status == Member.Status.ACTIVE and not InactivityReview.objects.exists()




def test_a_roster_file_says_retained_membership():
    from members.roster_values import read_status

    assert read_status("保留会籍") == Member.Status.RETAINED
