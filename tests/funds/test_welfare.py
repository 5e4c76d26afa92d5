"""Welfare caps (慰问标准): presets per province and year, the union's own edits, care payments over
the cap with a kept reason, and `funds.welfare.exceptions` for the review and the final accounts."""

from datetime import date
from decimal import Decimal

import pytest

from funds.models import CareCapReason, Expense, WelfareStandard
from funds.welfare import PRESETS, apply_preset, exceptions
from members.models import CareVisit, HistoryEntry, Member
from tests.factories import CareEventFactory, CareVisitFactory, MemberFactory

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def anhui(union):
    return WelfareStandard.objects.create(**_preset_values(union, "anhui-2018"))


def _preset_values(union, key):
    standard = apply_preset(WelfareStandard(union=union, year=YEAR), key)
    return {f.name: getattr(standard, f.name) for f in WelfareStandard._meta.concrete_fields if f.name != "id"}


def test_presets_carry_their_source_and_year():
    anhui, hubei = PRESETS["anhui-2018"], PRESETS["hubei-2019"]
    assert (anhui.province, anhui.year, anhui.caps["festival_per_year"], anhui.caps["member_death"]) == (
        "安徽", 2018, Decimal("1500"), Decimal("2000"))
    assert anhui.caps["wedding"] == anhui.caps["childbirth"] == Decimal("600")
    assert (hubei.caps["wedding"], hubei.caps["childbirth"], hubei.caps["festival_per_year"]) == (
        Decimal("1000"), Decimal("500"), Decimal("1500"))
    assert "1200" in hubei.note and "1500" in hubei.note  # the range, and that its top is the cap
    assert all(p.source for p in PRESETS.values())


def test_treasurer_applies_a_preset_then_edits_an_amount(login, treasurer_user, union):
    client = login(treasurer_user)
    response = client.post(f"/funds/{YEAR}/welfare/", {"preset": "hubei-2019"})
    assert response.status_code == 302
    standard = WelfareStandard.objects.get(union=union, year=YEAR)
    assert standard.province == "湖北" and standard.childbirth == Decimal("500") and "1500" in standard.source
    data = {
        "seen_version": standard.version, "province": "湖北", "source": standard.source,
        "festival_per_year": "1400", "birthday": "300", "wedding": "1000", "childbirth": "500", "hospital": "1000",
        "member_death": "1000", "relative_death": "1000", "retirement": "1000", "local_festivals": "古尔邦节、火把节",
        "poverty_share_target": "30",
    }
    assert client.post(f"/funds/{YEAR}/welfare/", data).status_code == 302
    standard.refresh_from_db()
    assert standard.festival_per_year == Decimal("1400") and standard.local_festivals == ["古尔邦节", "火把节"]
    assert HistoryEntry.objects.for_object(standard).count() == 2  # created, changed
    page = client.get(f"/funds/{YEAR}/welfare/").content.decode()
    assert "古尔邦节" in page and "1,400.00" in page


def test_member_and_committee_cannot_edit_the_standard(login, member_user, committee_user, anhui):
    assert login(member_user).get(f"/funds/{YEAR}/welfare/").status_code == 403
    client = login(committee_user)
    assert client.get(f"/funds/{YEAR}/welfare/").status_code == 200
    assert client.post(f"/funds/{YEAR}/welfare/", {"preset": "hubei-2019"}).status_code == 404
    anhui.refresh_from_db()
    assert anhui.province == "安徽"


def test_care_payment_over_the_cap_is_an_exception_until_and_after_a_reason(union, anhui, login, treasurer_user):
    member = MemberFactory(union=union, name="周婷")
    visit = CareVisitFactory(union=union, member=member, reason=CareVisit.Reason.WEDDING, date=date(YEAR, 5, 1),
                             amount=Decimal("800"))
    CareVisitFactory(union=union, reason=CareVisit.Reason.BIRTHDAY, date=date(YEAR, 5, 2), amount=Decimal("300"))
    found = exceptions(union, date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert [(e.member, e.amount, e.cap, e.over_by, e.reason) for e in found] == [
        ("周婷", Decimal("800"), Decimal("600"), Decimal("200"), "")]
    client = login(treasurer_user)
    page = client.get(f"/funds/{YEAR}/welfare/").content.decode()
    assert "周婷" in page and "200.00" in page

    response = client.post(f"/funds/care-visits/{visit.pk}/cap-reason/", {"reason": "  "}, follow=True)
    assert "超出慰问标准" in response.content.decode()  # the reason is required, said in Chinese
    assert not CareCapReason.objects.exists()
    client.post(f"/funds/care-visits/{visit.pk}/cap-reason/", {"reason": "双职工，按两人标准"})
    reason = CareCapReason.objects.get(care_visit=visit)
    assert HistoryEntry.objects.for_object(reason).get().action == HistoryEntry.Action.CREATE
    (found,) = exceptions(union, date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert found.reason == "双职工，按两人标准" and found.kind == "visit" and found.object_id == visit.pk


def test_booked_expenses_are_the_payment_and_one_hospital_stay_shares_its_cap(union, anhui, categories):
    member = MemberFactory(union=union)
    stay = CareEventFactory(union=union, member=member, occurred_on=date(YEAR, 3, 1))
    first = CareVisitFactory(union=union, member=member, event=stay, date=date(YEAR, 3, 2), amount=Decimal("500"))
    CareVisitFactory(union=union, member=member, event=stay, date=date(YEAR, 3, 9), amount=Decimal("400"))
    assert exceptions(union, date(YEAR, 1, 1), date(YEAR, 12, 31)) == []  # 900 ≤ 1,000
    Expense.objects.create(union=union, date=date(YEAR, 3, 2), category=categories["职工活动支出"],
                           amount=Decimal("700"), payee=member.name, description="慰问", care_visit=first)
    (found,) = exceptions(union, date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert (found.amount, found.over_by) == (Decimal("1100"), Decimal("100"))


def test_bereavement_of_a_member_who_left_uses_the_members_cap(union, anhui):
    gone = MemberFactory(union=union, status=Member.Status.LEFT, left_on=date(YEAR, 4, 1))
    relative = MemberFactory(union=union)
    for m in (gone, relative):
        CareVisitFactory(union=union, member=m, reason=CareVisit.Reason.FUNERAL, date=date(YEAR, 4, 3),
                         amount=Decimal("1500"))
    found = exceptions(union, date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert [(e.member_id, e.cap) for e in found] == [(relative.pk, Decimal("1000"))]


def test_no_standard_no_exceptions_and_the_visit_page_says_so(union, login, committee_user):
    visit = CareVisitFactory(union=union, reason=CareVisit.Reason.WEDDING, date=date(YEAR, 5, 1),
                             amount=Decimal("5000"))
    assert exceptions(union, date(YEAR, 1, 1), date(YEAR, 12, 31)) == []
    page = login(committee_user).get(f"/members/care/visits/{visit.pk}/").content.decode()
    assert "没有慰问标准" in page


def test_visit_page_shows_the_cap_and_the_reason_field(union, anhui, login, committee_user):
    visit = CareVisitFactory(union=union, reason=CareVisit.Reason.ILLNESS, date=date(YEAR, 5, 1),
                             amount=Decimal("1200"))
    page = login(committee_user).get(visit.get_absolute_url()).content.decode()
    assert "超出限额" in page and "200.00" in page and 'name="reason"' in page


def test_other_union_cannot_give_a_reason(union, anhui, login, chair_of_other_union):
    visit = CareVisitFactory(union=union, reason=CareVisit.Reason.WEDDING, date=date(YEAR, 5, 1),
                             amount=Decimal("800"))
    response = login(chair_of_other_union).post(f"/funds/care-visits/{visit.pk}/cap-reason/", {"reason": "x"})
    assert response.status_code == 404


def test_welfare_page_queries_do_not_grow(union, anhui, login, treasurer_user, django_assert_max_num_queries):
    members = [MemberFactory(union=union) for _ in range(110)]
    for i, m in enumerate(members):
        CareVisitFactory(union=union, member=m, reason=CareVisit.Reason.BIRTHDAY, date=date(YEAR, 6, 1),
                         amount=Decimal("350") if i % 2 else Decimal("200"))
    client = login(treasurer_user)
    with django_assert_max_num_queries(20):
        response = client.get(f"/funds/{YEAR}/welfare/")
    assert response.content.decode().count("welfare-exceptions") == 1
    assert len(exceptions(union, date(YEAR, 1, 1), date(YEAR, 12, 31))) == 55
