"""A union's backup (unionplan/backup.py) after a member moved to a sister union (会籍接转): the old
union's file keeps its trace and its own rows of the member (dues) and restores on its own into an
empty database; the new union's file holds the member with the history that moved."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from funds.models import Dues
from members import history, transfers
from members.models import HistoryEntry, Member, Transfer, Union
from tests.factories import DuesFactory, MemberFactory, UnionFactory, UserFactory
from unionplan.backup import dump_union, load_union

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = date(2026, 12, 5)


@pytest.fixture
def moved():
    """周老师 moved from 第一中学工会 to 第二中学工会 (both under 区教育工会), with a month of dues in the old one."""
    top = UnionFactory(name="区教育工会")
    old = UnionFactory(name="第一中学工会", parent=top)
    new = UnionFactory(name="第二中学工会", parent=top)
    old_chair = UserFactory(username="chair-1", role="chair")
    MemberFactory(union=old, user=old_chair, name="李主席", position="chair")
    new_chair = UserFactory(username="chair-2", role="chair")
    MemberFactory(union=new, user=new_chair, name="王主席", position="chair")
    teacher = MemberFactory(union=old, name="周老师", card_number="HY0012", user=UserFactory(username="zhou"))
    history.save_recorded(teacher, old_chair, note="调岗")
    DuesFactory(member=teacher)
    transfer = transfers.propose(teacher, old_chair, to_union=new, arrears=0, arrears_handling="settled",
                                 note="", today=TODAY)
    transfers.accept(transfer, new_chair, TODAY)
    return old, new, teacher


def restore_alone(text, name):
    call_command("flush", "--noinput")
    load_union(text)
    return Union.objects.get(name=name)


def members_in(text):
    return {o["fields"]["name"]: o["fields"] for o in json.loads(text)["objects"] if o["model"] == "members.member"}


def test_the_old_union_restores_with_its_trace_and_its_dues(moved):
    old, new, teacher = moved
    text = dump_union(old)
    # The member is the old union's no more: a stub that left on the day of the move, without a login,
    # for the dues and the trace that point at it; the receiving union a stub with its name.
    stub = members_in(text)["周老师"]
    assert (stub["union"], stub["status"], stub["left_on"], stub["user"]) == (old.pk, "left", TODAY.isoformat(), None)
    restored = restore_alone(text, "第一中学工会")
    assert restored.parent is None
    trace = Transfer.objects.get()
    assert (trace.member_name, trace.card_number, trace.status, trace.to_union.name) == (
        "周老师", "HY0012", "accepted", "第二中学工会")
    assert trace.decided_by is None  # the other union's chair is not in the file
    assert Dues.objects.for_union(restored).get().member.status == "left"
    assert not Member.objects.for_union(restored).filter(status="active", name="周老师").exists()
    assert not Member.objects.for_union(Union.objects.get(name="第二中学工会")).exists()


def test_the_new_union_restores_with_the_member_and_the_history_that_moved(moved):
    _old, new, teacher = moved
    text = dump_union(new)
    assert set(members_in(text)) == {"王主席", "周老师"}
    restored = restore_alone(text, "第二中学工会")
    member = Member.objects.for_union(restored).get(name="周老师")
    assert member.card_number == "HY0012" and member.user.username == "zhou"
    notes = set(HistoryEntry.objects.for_object(member).values_list("note", flat=True))
    assert "调岗" in notes and any("第一中学工会" in note for note in notes)
    assert not Transfer.objects.exists() and not Dues.objects.exists()  # the old union's rows stay there
