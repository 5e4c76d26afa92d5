"""Every members model is in the admin, searchable and filterable, scoped to the staff user's union."""

import pytest

from tests.factories import CareEventFactory, CareVisitFactory, HardshipRecordFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = ["member", "department", "uniongroup", "hardshiprecord", "careevent", "carevisit", "carestandard",
          "caresettings", "historyentry"]


@pytest.mark.parametrize("model", MODELS)
def test_the_admin_lists_and_searches_every_model(login, union, model):
    HardshipRecordFactory(union=union)
    CareVisitFactory(union=union)
    CareEventFactory(union=union)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = login(admin)
    assert client.get(f"/admin/members/{model}/").status_code == 200
    assert client.get(f"/admin/members/{model}/?q=会员").status_code == 200


def test_staff_see_only_their_unions_visits_in_the_admin(login, committee_user, union, other_union):
    committee_user.is_staff = True
    committee_user.save()
    CareVisitFactory(union=union, member__name="本会会员")
    CareVisitFactory(union=other_union, member__name="外会会员")
    page = login(committee_user).get("/admin/members/carevisit/").content.decode()
    assert "本会会员" in page and "外会会员" not in page
