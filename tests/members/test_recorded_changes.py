"""One way to save a recorded change (members.history.save_recorded): the save and its history entry
together or not at all, whichever app's record it is."""

from datetime import date

import pytest

from members import history
from members.models import HardshipRecord, HistoryEntry, Member
from members.versioning import StaleEdit
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def entries(instance):
    return list(history.history_of(instance).order_by("pk").values_list("action", "changes"))


def test_a_new_record_is_saved_with_a_creation_entry(union, committee_user):
    member = MemberFactory.build(union=union, name="张三", employee_number="A001", gender="M")
    history.save_recorded(member, committee_user, fields=["name", "employee_number"])
    assert Member.objects.get(pk=member.pk).name == "张三"
    assert entries(member) == [("create", {"姓名": ["", "张三"], "工号": ["", "A001"]})]


def test_a_change_records_only_what_changed_and_nothing_when_nothing_did(union, committee_user):
    member = MemberFactory(union=union, name="张三", phone="13800000000")
    member.phone = "13900000000"
    history.save_recorded(member, committee_user, member.version)
    history.save_recorded(member, committee_user, member.version)  # the same values again
    assert entries(member) == [("change", {"手机": ["13800000000", "13900000000"]})]


def test_a_stale_edit_saves_nothing_and_records_nothing(union, committee_user):
    member = MemberFactory(union=union, phone="13800000000")
    opened = member.version
    Member.objects.filter(pk=member.pk).update(version=opened + 1)  # someone saved meanwhile
    member.phone = "13900000000"
    with pytest.raises(StaleEdit):
        history.save_recorded(member, committee_user, opened)
    assert Member.objects.get(pk=member.pk).phone == "13800000000" and entries(member) == []


def test_the_save_is_undone_when_its_history_cannot_be_kept(union, committee_user, monkeypatch):
    member = MemberFactory(union=union, phone="13800000000")

    def broken(*args, **kwargs):
        raise RuntimeError("the history table is unavailable")

    monkeypatch.setattr(history, "record", broken)
    member.phone = "13900000000"
    with pytest.raises(RuntimeError):
        history.save_recorded(member, committee_user, member.version)
    assert Member.objects.get(pk=member.pk).phone == "13800000000"


def test_the_member_form_saves_the_record_its_history_and_the_day_of_retirement(login, chair_user, union):
    member = MemberFactory(union=union, name="赵六", status=Member.Status.ACTIVE)
    client = login(chair_user)
    form = client.get(f"/members/{member.pk}/edit/").context["form"]
    data = {field.html_name: field.value() for field in form if field.value() not in (None, False)}
    data.update({"status": Member.Status.RETIRED, "version": member.version})
    response = client.post(f"/members/{member.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert member.status == Member.Status.RETIRED and member.retired_on is not None  # the day is noted
    assert HistoryEntry.objects.filter(object_id=str(member.pk), action="change").count() == 1


def test_a_hardship_record_goes_the_same_way(union, committee_user):
    record = HardshipRecord(union=union, member=MemberFactory(union=union), reason="因病", since=date(2026, 3, 1))
    history.save_recorded(record, committee_user)
    assert [action for action, _changes in entries(record)] == ["create"]
