"""会籍接转 within the federation: the old union proposes, a sister union accepts or declines, and the
member record moves with its own history while the old union keeps a trace (已转出)."""

from datetime import date

import pytest

from members import history, transfers
from members.models import HistoryEntry, Member, Transfer
from tests.factories import (
    DepartmentFactory,
    DuesFactory,
    HardshipRecordFactory,
    MemberFactory,
    UnionFactory,
    UnionGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROPOSAL = {"arrears": "12.50", "arrears_handling": "carried", "note": "调往二中任教"}


@pytest.fixture
def federation(union):
    top = UnionFactory(name="区教育工会")
    union.parent = top
    union.save()
    return top


@pytest.fixture
def sister(federation):
    return UnionFactory(name="第二中学工会", parent=federation)


@pytest.fixture
def sister_chair(sister):
    user = UserFactory(username="chair-2", role="chair")
    MemberFactory(union=sister, user=user, name="王主席", position="chair")
    return user


@pytest.fixture
def teacher(union, federation):
    return MemberFactory(
        union=union, name="周老师", gender="M", card_number="HY0012", employee_number="T07",
        department=DepartmentFactory(union=union, name="语文组"), group=UnionGroupFactory(union=union, name="一组"),
        position="committee", user=UserFactory(username="zhou", role="committee"),
    )


def _propose(client, teacher, sister):
    return client.post(f"/members/{teacher.pk}/transfer-within/", {**PROPOSAL, "to_union": sister.pk})


def test_the_whole_transfer(login, client, committee_user, chair_user, sister_chair, teacher, union, sister, clock):
    clock(date(2026, 12, 5))
    teacher.name = "周老师"
    history.save_recorded(teacher, committee_user, note="调岗")  # an entry of the member's own
    dues = DuesFactory(member=teacher)
    history.record(dues, committee_user, HistoryEntry.Action.CREATE)  # another record's entry: stays
    old = login(committee_user)
    assert "/transfer-within/" in old.get(f"/members/{teacher.pk}/").content.decode()
    form = old.get(f"/members/{teacher.pk}/transfer-within/").content.decode()
    assert "第二中学工会" in form and "另一家公司工会" not in form and "区教育工会" in form
    response = _propose(old, teacher, sister)
    assert response.status_code == 302 and response.url == "/members/transfers/"
    transfer = Transfer.objects.get()
    assert (transfer.union, transfer.to_union, transfer.status) == (union, sister, "proposed")

    new = login(sister_chair)
    listing = new.get("/members/transfers/").content.decode()
    assert "周老师" in listing and f"/members/transfers/{transfer.pk}/" in listing
    assert 'badge text-bg-warning">1<' in new.get("/members/").content.decode()
    response = new.post(f"/members/transfers/{transfer.pk}/", {"answer": "accept"})
    assert response.status_code == 302 and response.url == f"/members/{teacher.pk}/"

    teacher.refresh_from_db()
    assert teacher.union == sister and teacher.department is None and teacher.group is None
    assert (teacher.position, teacher.employee_number, teacher.card_number) == ("", "", "HY0012")
    assert list(teacher.user.groups.values_list("name", flat=True)) == ["member"]
    entries = HistoryEntry.objects.for_object(teacher)
    assert set(entries.values_list("union", flat=True)) == {sister.pk}
    notes = list(entries.values_list("note", flat=True))
    assert "调岗" in notes and any("第一中学工会" in note for note in notes)
    assert any("欠缴会费12.50元转入" in note for note in notes)  # carried: the new union's record says so
    assert HistoryEntry.objects.for_object(dues).get().union == union
    page = new.get(f"/members/{teacher.pk}/").content.decode()
    assert "调岗" in page

    client.logout()
    own = login(teacher.user).get(f"/members/{teacher.pk}/")
    assert own.status_code == 200 and own.wsgi_request.union == sister

    old = login(committee_user)
    assert old.get(f"/members/{teacher.pk}/").status_code == 404
    trace = old.get("/members/transfers/").content.decode()
    assert "周老师" in trace and "HY0012" in trace and "第二中学工会" in trace and "2026年12月5日" in trace
    assert f"/members/{teacher.pk}/" not in trace
    assert "12.50（转入新工会补缴）" in trace
    # Not the old union's member any more: neither on its roster nor found by a search.
    assert "周老师" not in old.get("/members/").content.decode()
    assert "周老师" not in old.get("/members/?q=周").content.decode()
    assert login(chair_user).get("/funds/2026/dues/?month=1").status_code == 200  # the old dues still list


def test_a_transfer_declined_with_a_reason(login, client, committee_user, sister_chair, teacher, union, sister, clock):
    clock(date(2026, 12, 5))
    _propose(login(committee_user), teacher, sister)
    transfer = Transfer.objects.get()
    new = login(sister_chair)
    blank = new.post(f"/members/transfers/{transfer.pk}/", {"answer": "decline", "reason": "  "})
    assert blank.status_code == 200 and "这个字段是必填项" in blank.content.decode()
    response = new.post(f"/members/transfers/{transfer.pk}/", {"answer": "decline", "reason": "本校无此岗位"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    teacher.refresh_from_db()
    assert (transfer.status, transfer.decline_reason, teacher.union) == ("declined", "本校无此岗位", union)
    assert "本校无此岗位" in login(committee_user).get("/members/transfers/").content.decode()


def test_a_union_outside_the_federation_is_refused(login, committee_user, teacher, union, other_union, federation):
    client = login(committee_user)
    response = _propose(client, teacher, other_union)
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not Transfer.objects.exists()


def test_another_unions_transfer_is_a_404(login, committee_user, sister_chair, teacher, sister, other_union, clock):
    clock(date(2026, 12, 5))
    _propose(login(committee_user), teacher, sister)
    transfer = Transfer.objects.get()
    stranger = UserFactory(username="chair-x", role="chair")
    MemberFactory(union=other_union, user=stranger, name="外主席", position="chair")
    client = login(stranger)
    assert client.get(f"/members/transfers/{transfer.pk}/").status_code == 404
    assert client.post(f"/members/transfers/{transfer.pk}/", {"answer": "accept"}).status_code == 404
    assert client.post(f"/members/transfers/{transfer.pk}/cancel/").status_code == 404
    assert login(committee_user).get(f"/members/transfers/{transfer.pk}/").status_code == 404  # not the sender's
    assert Transfer.objects.get().status == "proposed"


def test_a_card_number_held_in_the_new_union_is_cleared(login, committee_user, sister_chair, teacher, sister, clock):
    clock(date(2026, 12, 5))
    MemberFactory(union=sister, name="李老师", card_number="HY0012")
    _propose(login(committee_user), teacher, sister)
    login(sister_chair).post(f"/members/transfers/{Transfer.objects.get().pk}/", {"answer": "accept"})
    teacher.refresh_from_db()
    assert (teacher.union, teacher.card_number) == (sister, "")
    assert any("HY0012" in n for n in HistoryEntry.objects.for_object(teacher).values_list("note", flat=True))


def test_the_sender_withdraws(login, committee_user, teacher, sister, clock):
    clock(date(2026, 12, 5))
    client = login(committee_user)
    _propose(client, teacher, sister)
    transfer = Transfer.objects.get()
    assert client.post(f"/members/transfers/{transfer.pk}/cancel/").status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == "cancelled"
    assert _propose(client, teacher, sister).status_code == 302  # may be proposed again


def test_query_budgets(login, committee_user, sister_chair, union, sister, federation, clock,
                       django_assert_max_num_queries):
    clock(date(2026, 12, 5))
    client = login(committee_user)
    for i in range(5):
        member = MemberFactory(union=union, name=f"老师{i}")
        _propose(client, member, sister)
    with django_assert_max_num_queries(12):
        assert client.get("/members/transfers/").status_code == 200
    new = login(sister_chair)
    with django_assert_max_num_queries(12):
        assert new.get("/members/transfers/").status_code == 200
    with django_assert_max_num_queries(12):
        assert new.get(f"/members/transfers/{Transfer.objects.first().pk}/").status_code == 200
    assert Member.objects.for_union(sister).count() == 1


def test_after_the_move_the_new_union_reaches_none_of_the_old_rows(
    login, committee_user, chair_user, sister_chair, teacher, union, sister, clock
):
    from tests.factories import ActivityFactory, CareVisitFactory, HardshipRecordFactory, SignupFactory

    clock(date(2026, 12, 5))
    DuesFactory(member=teacher, year=2026, month=3, amount="37.00")
    signup = SignupFactory(activity=ActivityFactory(union=union, title="旧校羽毛球赛"), member=teacher)
    CareVisitFactory(union=union, member=teacher, gift="旧校慰问品")
    HardshipRecordFactory(union=union, member=teacher, reason="旧校困难情况")
    _propose(login(committee_user), teacher, sister)
    new = login(sister_chair)
    new.post(f"/members/transfers/{Transfer.objects.get().pk}/", {"answer": "accept"})
    page = new.get(f"/members/{teacher.pk}/").content.decode()
    assert "周老师" in page
    assert not [row for row in ("37.00", "旧校羽毛球赛", "旧校慰问品", "旧校困难情况") if row in page]
    assert new.get(f"/activities/{signup.activity_id}/").status_code == 404
    old = login(chair_user)
    activity = old.get(f"/activities/{signup.activity_id}/")
    assert activity.status_code == 200 and "周老师" in activity.content.decode()
    assert old.get("/funds/2026/dues/?month=3").status_code == 200
    visits, care = old.get("/members/care/visits/"), old.get("/members/care/")
    assert (visits.status_code, care.status_code) == (200, 200)
    assert "周老师" in visits.content.decode()  # the old union keeps its visit, with the name


def test_rights_given_in_the_old_union_stay_behind(login, committee_user, sister_chair, union, sister, clock):
    """A member who kept the old union's hardship archive (its rights given to her login on their own, and
    in a group of the site's) is a plain member of the new union: she does not read its archive."""
    from django.contrib.auth.models import Group, Permission

    clock(date(2026, 12, 5))
    archive = [Permission.objects.get(codename=c)
               for c in ("view_hardshiprecord", "view_carevisit", "view_sensitive_member")]
    keeper = UserFactory(username="archive-keeper", role="member")
    keeper.user_permissions.add(*archive)
    helpers = Group.objects.create(name="困难档案协管")
    helpers.permissions.add(*archive)
    keeper.groups.add(helpers)
    moving = MemberFactory(union=union, user=keeper, name="吴档案员")
    assert login(keeper).get("/members/care/").status_code == 200  # her work in the old union
    HardshipRecordFactory(union=sister, member=MemberFactory(union=sister, name="二中困难职工"))

    _propose(login(committee_user), moving, sister)
    assert login(sister_chair).post(f"/members/transfers/{Transfer.objects.get().pk}/",
                                    {"answer": "accept"}).status_code == 302
    assert Member.objects.get(pk=moving.pk).union == sister
    page = login(keeper).get("/members/care/")
    assert page.status_code == 403 and "二中困难职工" not in page.content.decode()
    keeper.refresh_from_db()
    assert list(keeper.groups.values_list("name", flat=True)) == ["member"] and not keeper.user_permissions.exists()


# -- two answers at the same time: the second one read the transfer before the first was saved ------


def _accepted_under(stale, client):
    """The receiving union accepts `stale`'s transfer while another request still holds `stale` as read."""
    assert client.post(f"/members/transfers/{stale.pk}/", {"answer": "accept"}).status_code == 302
    assert Transfer.objects.get(pk=stale.pk).status == "accepted"


def test_a_withdrawal_read_before_the_acceptance_is_refused(login, committee_user, sister_chair, teacher, sister,
                                                           clock):
    clock(date(2026, 12, 5))
    _propose(login(committee_user), teacher, sister)
    stale = Transfer.objects.get()  # the old union's withdraw request has read it
    _accepted_under(stale, login(sister_chair))
    with pytest.raises(transfers.TransferRefused):
        transfers.cancel(stale, committee_user, date(2026, 12, 5))
    transfer = Transfer.objects.get()
    assert transfer.status == "accepted" and Member.objects.get(pk=teacher.pk).union == sister


def test_a_decline_read_before_the_acceptance_is_refused(login, committee_user, sister_chair, teacher, sister, clock):
    clock(date(2026, 12, 5))
    _propose(login(committee_user), teacher, sister)
    stale = Transfer.objects.get()  # a colleague of the receiving union has the page open
    _accepted_under(stale, login(sister_chair))
    with pytest.raises(transfers.TransferRefused):
        transfers.decline(stale, sister_chair, "不认识", date(2026, 12, 5))
    transfer = Transfer.objects.get()
    assert (transfer.status, transfer.decline_reason) == ("accepted", "")


def test_a_login_made_an_admin_after_the_proposal_does_not_move(login, committee_user, sister_chair, teacher, sister,
                                                                 clock):
    """Proposing refuses a member with an admin login; so does accepting, if the admin access came since."""
    clock(date(2026, 12, 5))
    _propose(login(committee_user), teacher, sister)
    teacher.user.is_staff = True
    teacher.user.save()
    response = login(sister_chair).post(f"/members/transfers/{Transfer.objects.get().pk}/", {"answer": "accept"},
                                        follow=True)
    assert "周老师的账号是管理后台账号" in response.content.decode()  # said, not a server error
    teacher.refresh_from_db()
    assert teacher.union_id != sister.pk and Transfer.objects.get().status == Transfer.Status.PROPOSED
