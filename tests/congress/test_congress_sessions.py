"""Congress sessions, delegations and representatives: kept by the committee, read by everyone."""

from datetime import date

import pytest
from django.urls import reverse

from congress.models import Congress, Delegation, Representative
from congress.proposals import my_representatives
from members.models import HistoryEntry
from tests.congress.proposal_cast import build_cast, submitted
from tests.factories import CongressFactory, DelegationFactory, MemberFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(union):
    return build_cast(union)


def text(response):
    return response.content.decode()


CONGRESS = {
    "kind": "teachers", "term": "9", "session": "6", "starts_on": "2026-03-20", "ends_on": "2026-03-21",
    "place": "学术报告厅", "status": "preparing", "cosigners_required": "3", "proposals_until": "2026-03-10",
}


def test_committee_creates_and_edits_a_congress(login, committee_user, member_user):
    client = login(committee_user)
    response = client.post(reverse("congress:congress-create"),
                           {**CONGRESS, "proposal_committee": [member_user.member.pk]})
    congress = Congress.objects.get()
    assert response.status_code == 302
    assert str(congress) == "第九届第六次教代会"
    assert list(congress.proposal_committee.all()) == [member_user.member]
    response = client.post(reverse("congress:congress-edit", args=[congress.pk]),
                           {**CONGRESS, "status": "in_session", "version": congress.version})
    congress.refresh_from_db()
    assert congress.status == Congress.Status.IN_SESSION and not congress.proposal_committee.exists()
    assert HistoryEntry.objects.for_object(congress).count() == 2
    page = text(client.get(reverse("congress:congress-list")))
    assert "第九届第六次教代会" in page and "2026年3月20日" in page


def test_a_member_cannot_create_a_congress(login, member_user):
    client = login(member_user)
    assert client.get(reverse("congress:congress-create")).status_code == 403
    assert client.post(reverse("congress:congress-create"), CONGRESS).status_code == 403
    assert not Congress.objects.exists()


def test_bad_congress_input_is_a_chinese_error_and_nothing_saved(login, committee_user):
    client = login(committee_user)
    response = client.post(reverse("congress:congress-create"),
                           {**CONGRESS, "term": "0", "ends_on": "2026-03-01", "starts_on": "2026-03-20"})
    assert response.status_code == 400
    page = text(response)
    assert "请输入 1 到 99 之间的数字" in page and "结束日期不能早于开始日期" in page
    assert not Congress.objects.exists()


def test_the_same_session_twice_is_refused(login, committee_user, union):
    CongressFactory(union=union, term=9, session=6, kind="teachers")
    response = login(committee_user).post(reverse("congress:congress-create"), CONGRESS)
    assert response.status_code == 400 and "本工会已有这一届次的代表大会" in text(response)
    assert Congress.objects.count() == 1


def test_a_stale_congress_edit_is_refused(login, committee_user, union):
    congress = CongressFactory(union=union)
    client = login(committee_user)
    client.post(reverse("congress:congress-edit", args=[congress.pk]), {**CONGRESS, "version": congress.version})
    response = client.post(reverse("congress:congress-edit", args=[congress.pk]),
                           {**CONGRESS, "place": "会议室", "version": congress.version})
    assert "已有其他人保存了这条记录" in text(response)
    congress.refresh_from_db()
    assert congress.place == "学术报告厅"


def test_delegations_name_the_departments_they_represent(cast, login, committee_user):
    client = login(committee_user)
    response = client.post(reverse("congress:delegation-create", args=[cast.congress.pk]),
                           {"name": "数学代表团", "order": "2", "departments": [cast.department.pk]})
    assert response.status_code == 302
    delegation = Delegation.objects.get(name="数学代表团")
    assert list(delegation.departments.all()) == [cast.department]
    response = client.post(reverse("congress:delegation-create", args=[cast.congress.pk]),
                           {"name": "数学代表团", "order": "3"})
    assert response.status_code == 400 and "同名的代表团" in text(response)


def test_committee_adds_and_removes_representatives_with_the_picker(cast, login, committee_user):
    client = login(committee_user)
    page = text(client.get(reverse("congress:representative-add", args=[cast.congress.pk])))
    assert "member_picker.js" in page  # the roster's search, not a menu of the whole union
    newcomer = MemberFactory(union=cast.union, name="陈新")
    response = client.post(reverse("congress:representative-add", args=[cast.congress.pk]), {
        "member": newcomer.pk, "delegation": "", "term_starts_on": "2026-01-01"})
    assert response.status_code == 302
    rep = Representative.objects.get(member=newcomer)
    response = client.post(reverse("congress:representative-add", args=[cast.congress.pk]), {
        "member": newcomer.pk, "term_starts_on": "2026-01-01"})
    assert response.status_code == 400 and "已是本次大会的代表" in text(response)
    client.post(reverse("congress:representative-remove", args=[rep.pk]))
    assert not Representative.objects.filter(pk=rep.pk).exists()
    assert HistoryEntry.objects.for_object(rep).filter(action="delete").exists()


def test_a_proposer_cannot_be_removed(cast, login, committee_user):
    submitted(cast)
    response = login(committee_user).post(
        reverse("congress:representative-remove", args=[cast.reps["proposer"].pk]), follow=True)
    assert "不能移除" in text(response)
    assert Representative.objects.filter(pk=cast.reps["proposer"].pk).exists()


def test_another_unions_member_cannot_be_picked(cast, login, committee_user, other_union):
    stranger = MemberFactory(union=other_union, name="外人")
    response = login(committee_user).post(reverse("congress:representative-add", args=[cast.congress.pk]), {
        "member": stranger.pk, "term_starts_on": "2026-01-01"})
    assert response.status_code == 400
    assert not Representative.objects.filter(member=stranger).exists()


def test_session_page_groups_representatives_by_delegation_in_pinyin_order(cast, login, member_user):
    page = text(login(member_user).get(reverse("congress:congress-detail", args=[cast.congress.pk])))
    group = page[page.index("语文代表团"):]
    # the leader first (李明), then by pinyin: 王芳 (wang) before 张伟 (zhang)
    assert group.index("李明") < group.index("王芳") < group.index("张伟")
    assert "团长" in group and "语文组" in group
    assert "赵审核" in page  # the proposal committee


def test_every_member_sees_who_represents_them(cast, login):
    client = cast.client("member")
    page = text(client.get(reverse("congress:representative-list")))
    mine = page[page.index("我的代表"):page.index("<h2")]
    assert "王芳" in mine and "李明" in mine
    assert [r.member.name for r in my_representatives(cast.users["member"].member)] == ["李明", "王芳", "张伟"]


def test_a_member_of_no_delegation_is_told_so(cast, login, member_user):
    page = text(login(member_user).get(reverse("congress:representative-list")))
    assert "您所在部门还没有代表" in page


def test_another_unions_congress_is_404(cast, login, chair_of_other_union):
    client = login(chair_of_other_union)
    for name in ("congress:congress-detail", "congress:congress-edit", "congress:delegation-create",
                 "congress:representative-add"):
        key = "congress_pk" if "-create" in name or "-add" in name else "pk"
        assert client.get(reverse(name, kwargs={key: cast.congress.pk})).status_code == 404
    rep = cast.reps["signer2"]
    assert client.post(reverse("congress:representative-remove", args=[rep.pk])).status_code == 404
    assert Representative.objects.filter(pk=rep.pk).exists()
    assert "王芳" not in text(client.get(reverse("congress:representative-list")))


def _fill(union, congress, n):
    delegation = DelegationFactory(congress=congress)
    for i in range(n):
        RepresentativeFactory(congress=congress, member=MemberFactory(union=union, name=f"代表{i}"),
                              delegation=delegation if i % 2 else None)


@pytest.mark.parametrize("n", [3, 30])
def test_session_page_queries_do_not_grow(cast, login, committee_user, n, django_assert_max_num_queries):
    _fill(cast.union, cast.congress, n)
    client = login(committee_user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("congress:congress-detail", args=[cast.congress.pk])).status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_representative_list_queries_do_not_grow(cast, n, django_assert_max_num_queries):
    _fill(cast.union, cast.congress, n)
    _fill(cast.union, CongressFactory(union=cast.union, term=10, session=1), n)
    client = cast.client("member")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("congress:representative-list")).status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_congress_list_queries_do_not_grow(union, login, member_user, n, django_assert_max_num_queries):
    for i in range(n):
        CongressFactory(union=union, term=1 + i // 5, session=1 + i % 5, starts_on=date(2026, 1, 1))
    client = login(member_user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("congress:congress-list")).status_code == 200
