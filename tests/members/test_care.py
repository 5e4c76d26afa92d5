"""Hardship archive, care visits, standards and the worklist of who is due a visit."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from members.care import season_for, worklist, worklist_counts
from members.models import (
    CareEvent,
    CareReason,
    CareSettings,
    CareStandard,
    CareVisit,
    HardshipRecord,
    HistoryEntry,
)
from tests.factories import CareEventFactory, CareVisitFactory, HardshipRecordFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_seasons_follow_the_spring_festival_and_the_summer():
    winter = season_for(date(2026, 1, 10))
    assert (winter.reason, winter.start, winter.end) == (
        CareReason.WARMTH,
        date(2025, 11, 1),
        date(2026, 3, 3),
    )
    summer = season_for(date(2026, 4, 1))
    assert (summer.reason, summer.start, summer.end) == (
        CareReason.COOLING,
        date(2026, 6, 1),
        date(2026, 8, 31),
    )
    assert season_for(date(2026, 10, 1)).end == date(2027, 2, 20)  # 2027 元宵


@pytest.fixture
def retiring_2026(union):
    """Members around the 2026 retirements by the 2025 rules (the official tables' months)."""
    MemberFactory(union=union, name="男教师", gender="M", birth_date=date(1966, 7, 15))  # 60岁5个月 → 2026-12
    MemberFactory(union=union, name="去年退", gender="M", birth_date=date(1965, 8, 1))  # 60岁2个月 → 2025-10
    MemberFactory(union=union, name="女干部", gender="F", birth_date=date(1971, 1, 10))  # 55岁4个月 → 2026-05
    MemberFactory(
        union=union, name="女工人", gender="F", retirement_rule="worker", birth_date=date(1976, 3, 5)
    )  # 50岁8个月 → 2026-11
    MemberFactory(
        union=union, name="明年退", gender="F", retirement_rule="worker", birth_date=date(1976, 6, 5)
    )  # 50岁9个月 → 2027-03
    MemberFactory(union=union, name="默认规则", gender="F", birth_date=date(1976, 1, 20))  # 50岁7个月 as a worker
    MemberFactory(union=union, name="已退休", gender="M", birth_date=date(1966, 4, 1), status="retired")  # 2026-08
    MemberFactory(
        union=union, name="提前退", gender="F", birth_date=date(1975, 6, 1), status="retired",
        retired_on=date(2026, 2, 1),
    )
    MemberFactory(
        union=union, name="已离会", gender="M", birth_date=date(1966, 1, 1), status="left", left_on=date(2025, 1, 1)
    )
    MemberFactory(union=union, name="年轻人", gender="M", birth_date=date(1990, 8, 1))
    return union


def test_worklist_lists_members_retiring_this_year_by_their_rule_until_visited(retiring_2026):
    union = retiring_2026
    work = worklist(union, date(2026, 4, 1))
    assert [(m.name, m.retires_on) for m in work.retirements] == [
        ("提前退", date(2026, 2, 1)),  # retired early in the year, on the date recorded
        ("女干部", date(2026, 5, 1)),
        ("已退休", date(2026, 8, 1)),  # marked retired without a date: by the statutory age
        ("女工人", date(2026, 11, 1)),
        ("男教师", date(2026, 12, 1)),
    ]
    CareVisitFactory(
        union=union, member=work.retirements[-1], reason=CareReason.RETIREMENT, date=date(2026, 3, 20)
    )
    assert "男教师" not in [m.name for m in worklist(union, date(2026, 4, 1)).retirements]


def test_the_unions_rule_for_women_applies_to_women_without_their_own(retiring_2026):
    union = retiring_2026
    CareSettings.objects.create(union=union, female_retirement_rule="worker")
    names = [m.name for m in worklist(union, date(2026, 4, 1)).retirements]
    assert "默认规则" in names  # 1976-01 as a worker: 50岁7个月 → 2026-08
    assert "女干部" not in names  # 1971-01 as a worker retired in 2021


def test_the_dashboard_counts_the_same_retirements(retiring_2026):
    union = retiring_2026
    for rule in ("cadre", "worker"):
        CareSettings.objects.update_or_create(union=union, defaults={"female_retirement_rule": rule})
        assert worklist_counts(union, date(2026, 4, 1)).retirements == len(
            worklist(union, date(2026, 4, 1)).retirements
        )
    assert worklist_counts(union, date(2026, 4, 1)).retirements == 5


def test_the_care_page_names_the_retirement_month(login, committee_user, retiring_2026):
    with time_machine.travel(date(2026, 4, 1), tick=False):
        text = login(committee_user).get("/members/care/").content.decode()
    assert "2026 年退休" in text or "2026年退休" in text
    assert "2026-11 退休" in text and "2026-02-01 已退休" in text
    assert "明年退" not in text and "去年退" not in text


def test_worklist_lists_current_hardship_members_not_visited_this_season(union):
    visited = HardshipRecordFactory(union=union, member__name="已送温暖", since=date(2025, 1, 1))
    waiting = HardshipRecordFactory(
        union=union, member__name="待走访", since=date(2025, 1, 1), level=HardshipRecord.Level.SPECIAL
    )
    HardshipRecordFactory(union=union, member__name="已脱困", since=date(2024, 1, 1), until=date(2025, 6, 30))
    HardshipRecordFactory(union=union, member__name="新纳入", since=date(2026, 5, 1))
    CareVisitFactory(union=union, member=visited.member, reason=CareReason.WARMTH, date=date(2026, 1, 20))
    CareVisitFactory(union=union, member=waiting.member, reason=CareReason.WARMTH, date=date(2025, 1, 20))
    assert [r.member.name for r in worklist(union, date(2026, 2, 1)).hardship] == ["待走访", "已送温暖"][:1]
    # In summer everyone current is due a 送清凉 visit again.
    assert sorted(r.member.name for r in worklist(union, date(2026, 7, 1)).hardship) == [
        "已送温暖",
        "待走访",
        "新纳入",
    ]


def test_worklist_lists_hospitalisations_and_births_without_a_visit(login, committee_user, union):
    ill = CareEventFactory(
        union=union, member__name="住院者", reason=CareReason.ILLNESS, occurred_on=date(2026, 3, 2)
    )
    CareEventFactory(
        union=union, member__name="产妇", reason=CareReason.CHILDBIRTH, occurred_on=date(2026, 3, 9)
    )
    assert [e.member.name for e in worklist(union, date(2026, 3, 10)).events] == ["住院者", "产妇"]
    client = login(committee_user)
    form = client.get(f"/members/care/visits/new/?event={ill.pk}").context["form"]
    assert form.initial["member"] == ill.member_id and form.initial["reason"] == "illness"
    response = client.post(
        f"/members/care/visits/new/?event={ill.pk}",
        {
            "member": ill.member_id,
            "date": "2026-03-05",
            "reason": "illness",
            "visitors": [committee_user.member.pk],
            "gift": "水果",
            "amount": "300",
        },
    )
    assert response.status_code == 302
    assert CareVisit.objects.get(member=ill.member).event == ill
    assert [e.member.name for e in worklist(union, date(2026, 3, 10)).events] == ["产妇"]


def test_a_visit_recorded_directly_answers_the_open_occasion(login, committee_user, union):
    event = CareEventFactory(union=union, reason=CareReason.CHILDBIRTH, occurred_on=date(2026, 3, 2))
    login(committee_user).post(
        "/members/care/visits/new/", {"member": event.member_id, "date": "2026-03-06", "reason": "childbirth"}
    )
    assert not CareEvent.objects.filter(visits__isnull=True).exists()


def test_the_care_page_shows_the_worklist_and_hardship_members_with_their_last_visit(
    login, committee_user, union
):
    record = HardshipRecordFactory(union=union, member__name="困难户", since=date(2025, 1, 1), reason="重病")
    CareVisitFactory(union=union, member=record.member, date=date(2025, 12, 20), reason=CareReason.HARDSHIP)
    CareEventFactory(union=union, member__name="住院者")
    page = login(committee_user).get("/members/care/")
    text = page.content.decode()
    assert "困难户" in text and "2025-12-20" in text and "住院者" in text
    assert page.context["work"].count >= 1


def test_a_seasonal_visit_is_recorded_for_every_selected_member_once(login, committee_user, union):
    records = [HardshipRecordFactory(union=union, since=date(2025, 1, 1)) for _ in range(3)]
    client = login(committee_user)
    data = {
        "members": [r.member_id for r in records],
        "reason": "warmth",
        "date": timezone.localdate().isoformat(),
        "gift": "米、油",
        "amount": "800",
    }
    response = client.post("/members/care/seasonal/", data)
    assert response.status_code == 302
    visits = CareVisit.objects.filter(reason=CareReason.WARMTH)
    assert visits.count() == 3 and {v.amount for v in visits} == {Decimal("800")}
    assert all(list(v.visitors.all()) == [committee_user.member] for v in visits)
    assert HistoryEntry.objects.filter(content_type__model="carevisit").count() == 3
    client.post("/members/care/seasonal/", data)  # a second click records nothing new
    assert visits.count() == 3


def test_a_seasonal_visit_needs_members_and_a_valid_amount(login, committee_user, union):
    record = HardshipRecordFactory(union=union)
    client = login(committee_user)
    client.post("/members/care/seasonal/", {"members": [], "reason": "warmth", "date": "2026-01-10"})
    client.post(
        "/members/care/seasonal/",
        {"members": [record.member_id], "reason": "warmth", "date": "2026-01-10", "amount": "-5"},
    )
    assert not CareVisit.objects.exists()


def test_standard_amounts_are_set_per_union_and_prefill_the_visit_form(
    login, committee_user, union, other_union
):
    client = login(committee_user)
    page = client.get("/members/care/settings/")
    assert page.status_code == 200
    standards = list(CareStandard.objects.for_union(union).order_by("id"))
    assert len(standards) == len(CareReason.values)
    data = {
        "ages-female_retirement_rule": "worker",
        "std-TOTAL_FORMS": len(standards),
        "std-INITIAL_FORMS": len(standards),
    }
    for i, standard in enumerate(standards):
        data[f"std-{i}-id"] = standard.pk
        data[f"std-{i}-amount"] = "500" if standard.reason == "illness" else ""
        data[f"std-{i}-gift"] = "水果篮" if standard.reason == "illness" else ""
    assert client.post("/members/care/settings/", data).status_code == 302
    assert CareSettings.of(union).female_retirement_rule == "worker"
    assert not CareStandard.objects.for_union(other_union).exists()
    member = MemberFactory(union=union)
    form = client.get(f"/members/care/visits/new/?member={member.pk}&reason=illness").context["form"]
    assert form.initial["amount"] == Decimal("500") and form.initial["gift"] == "水果篮"


def test_standard_amounts_must_be_positive(login, committee_user, union):
    client = login(committee_user)
    client.get("/members/care/settings/")
    standard = CareStandard.objects.for_union(union).order_by("id").first()
    total = CareStandard.objects.for_union(union).count()
    data = {
        "ages-female_retirement_rule": "nurse",
        "std-TOTAL_FORMS": 1,
        "std-INITIAL_FORMS": total,
        "std-0-id": standard.pk,
        "std-0-amount": "-1",
    }
    response = client.post("/members/care/settings/", data)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode() and "大于零" in response.content.decode()


def test_hardship_records_are_created_and_edited_with_history(login, committee_user, union):
    member = MemberFactory(union=union, name="困难会员")
    client = login(committee_user)
    response = client.post(
        "/members/care/hardship/new/",
        {
            "member": member.pk,
            "level": "special",
            "reason": "重病",
            "family_situation": "配偶无业",
            "since": "2026-01-01",
        },
    )
    assert response.status_code == 302
    record = HardshipRecord.objects.get(member=member)
    response = client.post(
        f"/members/care/hardship/{record.pk}/edit/",
        {
            "member": member.pk,
            "level": "general",
            "reason": "重病",
            "since": "2026-01-01",
            "until": "2025-01-01",
            "version": 1,
        },
    )
    assert "结束日期早于起始日期" in response.content.decode()
    client.post(
        f"/members/care/hardship/{record.pk}/edit/",
        {"member": member.pk, "level": "general", "reason": "重病", "since": "2026-01-01", "version": 1},
    )
    record.refresh_from_db()
    assert record.level == "general" and record.version == 2
    stale = client.post(
        f"/members/care/hardship/{record.pk}/edit/",
        {"member": member.pk, "level": "special", "reason": "重病", "since": "2026-01-01", "version": 1},
    )
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    actions = list(HistoryEntry.objects.for_object(record).values_list("action", flat=True))
    assert actions == ["change", "create"]


def test_a_visit_form_rejects_future_dates_and_non_positive_amounts(login, committee_user, union):
    member = MemberFactory(union=union)
    response = login(committee_user).post(
        "/members/care/visits/new/",
        {"member": member.pk, "date": "2099-01-01", "reason": "illness", "amount": "0"},
    )
    errors = response.context["form"].errors
    assert "date" in errors and "amount" in errors
    assert not CareVisit.objects.exists()


def test_editing_a_visit_keeps_the_history(login, committee_user, union):
    visit = CareVisitFactory(union=union, amount=Decimal("200"))
    client = login(committee_user)
    client.post(
        f"/members/care/visits/{visit.pk}/edit/",
        {
            "member": visit.member_id,
            "date": "2026-03-05",
            "reason": "illness",
            "amount": "300",
            "gift": "水果",
        },
    )
    visit.refresh_from_db()
    assert visit.amount == Decimal("300")
    entry = HistoryEntry.objects.for_object(visit).get()
    assert entry.changes["金额"] == ["200.00", "300"] or entry.changes["金额"][1] in ("300", "300.00")
    page = client.get(f"/members/care/visits/{visit.pk}/").content.decode()
    assert "修改" in page


def test_the_visit_page_leaves_a_spot_for_the_funds_link(login, committee_user, union, settings, tmp_path):
    (tmp_path / "funds").mkdir()
    (tmp_path / "funds" / "_care_visit_actions.html").write_text(
        '<a href="/funds/x">记录支出 {{ visit.pk }}</a>'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    visit = CareVisitFactory(union=union)
    assert (
        f"记录支出 {visit.pk}"
        in login(committee_user).get(f"/members/care/visits/{visit.pk}/").content.decode()
    )


def test_the_visits_page_charts_the_year_by_reason(
    login, committee_user, union, django_assert_max_num_queries
):
    for i in range(30):
        CareVisitFactory(
            union=union,
            reason=[CareReason.ILLNESS, CareReason.BIRTHDAY][i % 2],
            date=date(2026, 1 + i % 12, 5),
            amount=Decimal("100"),
        )
    client = login(committee_user)
    with django_assert_max_num_queries(11):
        response = client.get("/members/care/visits/", {"year": 2026})
    assert response.context["totals"]["n"] == 30
    text = response.content.decode()
    assert "<svg" in text and "生病住院" in text
    only_birthdays = client.get("/members/care/visits/", {"year": 2026, "reason": "birthday"})
    assert only_birthdays.context["page"].paginator.count == 15


def test_the_care_page_keeps_its_query_budget(login, committee_user, union, django_assert_max_num_queries):
    for _ in range(40):
        record = HardshipRecordFactory(union=union, since=date(2025, 1, 1))
        CareVisitFactory(union=union, member=record.member)
        CareEventFactory(union=union)
    client = login(committee_user)
    with django_assert_max_num_queries(12):
        response = client.get("/members/care/")
    assert response.status_code == 200


def test_the_dashboard_shows_the_care_worklist_count(login, committee_user, union):
    CareEventFactory(union=union)
    page = login(committee_user).get("/").content.decode()
    assert "名会员待走访" in page


def test_who_went_on_a_visit_is_kept_in_its_history(login, committee_user, chair_user, union):
    visit = CareVisitFactory(union=union, reason=CareReason.ILLNESS, date=date(2026, 3, 5))
    visit.visitors.set([committee_user.member])
    client = login(committee_user)
    response = client.post(f"/members/care/visits/{visit.pk}/edit/", {
        "member": visit.member_id, "date": "2026-03-05", "reason": "illness",
        "visitors": [committee_user.member.pk, chair_user.member.pk], "gift": "", "amount": "",
    })
    assert response.status_code == 302
    entry = HistoryEntry.objects.for_object(visit).first()
    assert entry.changes["走访人"] == ["李委员", "李委员、王主席"]
    assert "李委员、王主席" in client.get(f"/members/care/visits/{visit.pk}/").content.decode()


def test_the_chair_deletes_a_visit_recorded_by_mistake_and_its_history_keeps_it(login, chair_user, union):
    visit = CareVisitFactory(union=union, reason=CareReason.ILLNESS, gift="水果", amount=Decimal("300"))
    client = login(chair_user)
    page = client.get(f"/members/care/visits/{visit.pk}/").content.decode()
    assert f'action="/members/care/visits/{visit.pk}/delete/"' in page
    response = client.post(f"/members/care/visits/{visit.pk}/delete/", follow=True)
    assert "走访记录已删除" in response.content.decode()
    assert not CareVisit.objects.filter(pk=visit.pk).exists()
    entry = HistoryEntry.objects.for_object(visit).first()
    assert entry.action == HistoryEntry.Action.DELETE and entry.actor == chair_user
    assert entry.changes["慰问品"] == "水果" and entry.changes["金额"] == "300.00"


def test_the_committee_cannot_delete_a_visit(login, committee_user, union):
    visit = CareVisitFactory(union=union)
    client = login(committee_user)
    assert "/delete/" not in client.get(f"/members/care/visits/{visit.pk}/").content.decode()
    assert client.post(f"/members/care/visits/{visit.pk}/delete/").status_code == 403
    assert CareVisit.objects.filter(pk=visit.pk).exists()


def test_a_visit_with_an_expense_booked_for_it_is_kept(login, chair_user, union):
    from tests.factories import ExpenseFactory

    visit = CareVisitFactory(union=union, amount=Decimal("300"))
    expense = ExpenseFactory(union=union, care_visit=visit, amount=Decimal("300"))
    response = login(chair_user).post(f"/members/care/visits/{visit.pk}/delete/", follow=True)
    assert "其他记录引用了这条记录" in response.content.decode()
    assert CareVisit.objects.filter(pk=visit.pk).exists()
    expense.refresh_from_db()
    assert expense.care_visit_id == visit.pk
    assert not HistoryEntry.objects.for_object(visit).filter(action=HistoryEntry.Action.DELETE).exists()


def test_the_chair_deletes_a_hardship_record_entered_by_mistake(login, chair_user, union):
    record = HardshipRecordFactory(union=union)
    client = login(chair_user)
    assert f"/members/care/hardship/{record.pk}/delete/" in client.get(
        f"/members/care/hardship/{record.pk}/edit/").content.decode()
    response = client.post(f"/members/care/hardship/{record.pk}/delete/", follow=True)
    assert "困难档案已删除" in response.content.decode()
    assert not HardshipRecord.objects.filter(pk=record.pk).exists()
    assert HistoryEntry.objects.for_object(record).filter(action=HistoryEntry.Action.DELETE).exists()
