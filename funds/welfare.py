"""Welfare caps (慰问标准): the provinces' presets, the festivals the rules allow, and the check of every
care payment and festival distribution against the union's standard for the year.

The national rules (《基层工会经费收支管理办法》, 总工办发〔2017〕32号) let a grassroots union greet its
members on the statutory festivals (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆) and on locally approved
(e.g. minority) festivals, with goods — never cash, shopping cards or vouchers — and leave the amounts
to the provinces. A union's `WelfareStandard` for a year starts from a preset below and is its own to
edit.

What the fund review and the final accounts read is `exceptions(union, start, end)`: one plain row
per payment over its cap in the period, with the reason the treasurer gave (or an empty one).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from funds.models import CareCapReason, DistributionRecipient, FestivalDistribution, WelfareStandard, fen
from members.models import CareVisit, Member

NATIONAL_FESTIVALS = ["元旦", "春节", "清明", "劳动节", "端午", "中秋", "国庆"]

CAP_FIELDS = [
    "festival_per_year", "birthday", "wedding", "childbirth", "hospital", "member_death", "relative_death",
    "retirement",
]


@dataclass(frozen=True)
class Preset:
    key: str
    province: str
    year: int
    source: str
    caps: dict
    poverty_share_target: Decimal | None = None
    note: str = ""


# The figures as issue 17 gives them, with the province's document beside them. Check a union's own
# province document before relying on them: the union edits its standard after picking a preset.
PRESETS = {
    p.key: p
    for p in [
        Preset(
            key="anhui-2018",
            province="安徽",
            year=2018,
            source="安徽省总工会：安徽省基层工会经费收支管理实施办法（2018年）",
            caps={
                "festival_per_year": Decimal("1500"),
                "birthday": Decimal("300"),
                "wedding": Decimal("600"),
                "childbirth": Decimal("600"),
                "hospital": Decimal("1000"),
                "member_death": Decimal("2000"),
                "relative_death": Decimal("1000"),
                "retirement": Decimal("1000"),
            },
        ),
        Preset(
            key="hubei-2019",
            province="湖北",
            year=2019,
            source="湖北省总工会：湖北省基层工会经费收支管理实施细则（2019年）",
            caps={
                # The province allows 1,200–1,500 a year for festivals; the upper end is the cap.
                "festival_per_year": Decimal("1500"),
                "birthday": Decimal("300"),
                "wedding": Decimal("1000"),
                "childbirth": Decimal("500"),
                "hospital": Decimal("1000"),
                "member_death": Decimal("1000"),
                "relative_death": Decimal("1000"),
                "retirement": Decimal("1000"),
            },
            note="节日慰问标准为每人每年1200～1500元，本系统以上限1500元为限额。",
        ),
    ]
}


def preset_choices():
    return [(p.key, f"{p.province} {p.year}") for p in PRESETS.values()]


def apply_preset(standard, key):
    """Fill `standard` (unsaved) with the preset's figures and source."""
    preset = PRESETS[key]
    standard.preset, standard.province = preset.key, preset.province
    standard.source = preset.source + (f"；{preset.note}" if preset.note else "")
    for name in CAP_FIELDS:
        setattr(standard, name, preset.caps.get(name))
    standard.poverty_share_target = preset.poverty_share_target
    return standard


def standard_for(union, year):
    return WelfareStandard.objects.for_union(union).filter(year=year).first()


def allowed_festivals(standard):
    extra = [f for f in (standard.local_festivals if standard else []) if f and f not in NATIONAL_FESTIVALS]
    return NATIONAL_FESTIVALS + extra


# --- care visits: which cap a reason falls under ---------------------------------------------------

OCCASION_LABELS = {
    "festival_per_year": _("Festival greetings (per year)"),
    "birthday": _("Birthday"),
    "wedding": _("Wedding"),
    "childbirth": _("Childbirth"),
    "hospital": _("Hospital stay"),
    "member_death": _("Death of a member"),
    "relative_death": _("Death of a close relative"),
    "retirement": _("Retirement"),
}

# 送温暖, 送清凉 and hardship help are 帮扶, not welfare greetings: no per-occasion cap applies.
REASON_CAPS = {
    CareVisit.Reason.BIRTHDAY: "birthday",
    CareVisit.Reason.WEDDING: "wedding",
    CareVisit.Reason.CHILDBIRTH: "childbirth",
    CareVisit.Reason.ILLNESS: "hospital",
    CareVisit.Reason.RETIREMENT: "retirement",
}


def cap_name(visit_reason, member_status):
    """The standard's field that caps a visit for `visit_reason`, or None (festival visits count
    toward the yearly festival total instead). A bereavement is the member's own death when the
    member has left the union (a deceased member's record is closed), else a close relative's."""
    if visit_reason == CareVisit.Reason.FUNERAL:
        return "member_death" if member_status == Member.Status.LEFT else "relative_death"
    return REASON_CAPS.get(visit_reason)


@dataclass
class Payment:
    """One care payment: a visit (or the visits of one occasion) and what it cost."""

    visits: list
    amount: Decimal

    @property
    def visit(self):
        return self.visits[0]


def _visits_with_payment(union, start, end):
    """Care visits in the period with their payment: the expenses booked for the visit, or the
    visit's own amount where none is booked (one query)."""
    rows = (
        CareVisit.objects.for_union(union)
        .between(start, end)
        .select_related("member", "member__department", "cap_reason")
        .annotate(spent=Sum("expenses__amount"))
        .order_by("date", "id")
    )
    for visit in rows:
        visit.payment = fen(visit.spent) if visit.spent else (visit.amount or Decimal("0.00"))
        yield visit


@dataclass
class WelfareException:
    """A payment over its cap: plain data for the review, the final accounts and the pages."""

    date: date
    member_id: int
    member: str
    department: str
    occasion: str
    amount: Decimal
    cap: Decimal
    over_by: Decimal
    reason: str
    kind: str  # "visit" or "festival"
    object_id: int  # the visit's or the distribution's id




def visit_check(visit, standard):
    """(cap name, cap, over by) for one visit whose `payment` is set; over by is 0 within the cap."""
    name = cap_name(visit.reason, visit.member.status)
    cap = getattr(standard, name) if (standard and name) else None
    payment = getattr(visit, "payment", None) or visit.amount or Decimal("0.00")
    if cap is None:
        return name, None, Decimal("0.00")
    return name, cap, max(Decimal("0.00"), payment - cap)


def _visit_exceptions(union, start, end, standards):
    occasions = defaultdict(list)  # visits of one occasion (one hospital stay) share the cap
    for visit in _visits_with_payment(union, start, end):
        if cap_name(visit.reason, visit.member.status) is None or not visit.payment:
            continue
        occasions[("event", visit.event_id) if visit.event_id else ("visit", visit.pk)].append(visit)
    found = []
    for visits in occasions.values():
        last = visits[-1]
        standard = standards.get(last.date.year)
        name, cap, _over = visit_check(last, standard)
        total = sum((v.payment for v in visits), Decimal("0.00"))
        if cap is None or total <= cap:
            continue
        reason = next((v.cap_reason.reason for v in reversed(visits) if _reason_of(v)), "")
        found.append(
            WelfareException(
                date=last.date, member_id=last.member_id, member=last.member.name,
                department=str(last.member.department or ""), occasion=str(OCCASION_LABELS[name]), amount=total,
                cap=cap, over_by=total - cap, reason=reason, kind="visit", object_id=last.pk,
            )
        )
    return found


def _reason_of(visit):
    try:
        return visit.cap_reason.reason
    except CareCapReason.DoesNotExist:
        return ""


def festival_gifts(union, years, member_ids=None, exclude_distribution=None):
    """{(member id, year): [(date, amount, reason, kind, object id)]} of every festival gift: the
    distributions' rows and the care visits for festivals (two queries)."""
    gifts = defaultdict(list)
    recipients = DistributionRecipient.objects.filter(union=union, distribution__year__in=years)
    visits = CareVisit.objects.for_union(union).filter(date__year__in=years, reason=CareVisit.Reason.FESTIVAL)
    if member_ids is not None:
        recipients, visits = recipients.filter(member_id__in=member_ids), visits.filter(member_id__in=member_ids)
    if exclude_distribution is not None:
        recipients = recipients.exclude(distribution_id=exclude_distribution)
    for member_id, day, amount, reason, pk in recipients.values_list(
        "member_id", "distribution__date", "amount", "distribution__over_cap_reason", "distribution_id"
    ):
        gifts[(member_id, day.year)].append((day, amount, reason, "festival", pk))
    for member_id, day, amount, spent, reason, pk in visits.annotate(spent=Sum("expenses__amount")).values_list(
        "member_id", "date", "amount", "spent", "cap_reason__reason", "pk"
    ):
        paid = fen(spent) if spent else amount
        if paid:
            gifts[(member_id, day.year)].append((day, paid, reason or "", "visit", pk))
    for rows in gifts.values():
        rows.sort(key=lambda row: (row[0], row[4]))
    return gifts


def _festival_exceptions(union, start, end, standards):
    years = list(range(start.year, end.year + 1))
    gifts = festival_gifts(union, years)
    found = []
    over = []
    for (member_id, year), rows in gifts.items():
        cap = standards[year].festival_per_year if year in standards else None
        if cap is None:
            continue
        total = Decimal("0.00")
        for day, amount, reason, kind, pk in rows:
            total += amount
            if total > cap:  # the gift that took the member over the cap, and the year's total
                year_total = sum((r[1] for r in rows), Decimal("0.00"))
                if start <= day <= end:
                    over.append((member_id, day, year_total, cap, reason, kind, pk))
                break
    members = Member.objects.filter(pk__in={row[0] for row in over}).select_related("department")
    members = {m.pk: m for m in members}
    for member_id, day, total, cap, reason, kind, pk in over:
        member = members[member_id]
        found.append(
            WelfareException(
                date=day, member_id=member_id, member=member.name, department=str(member.department or ""),
                occasion=str(OCCASION_LABELS["festival_per_year"]), amount=total, cap=cap, over_by=total - cap,
                reason=reason, kind=kind, object_id=pk,
            )
        )
    return found


def exceptions(union, start, end):
    """Every care payment and festival gift between `start` and `end` that goes over the union's
    welfare standard of its year, oldest first: [WelfareException(date, member, department, occasion,
    amount, cap, over_by, reason, kind, object_id)]. `reason` is "" where none was given yet.
    Five queries whatever the number of members."""
    standards = {s.year: s for s in WelfareStandard.objects.for_union(union).filter(
        year__gte=start.year, year__lte=end.year)}
    if not standards:
        return []
    found = _visit_exceptions(union, start, end, standards) + _festival_exceptions(union, start, end, standards)
    return sorted(found, key=lambda e: (e.date, e.member, e.kind, e.object_id))


def over_cap_message(over_by):
    return gettext("Over the welfare standard by %(amount)s yuan: give the reason.") % {"amount": over_by}


def poverty_share(union, year):
    """(bought from 帮扶 suppliers, total of festival distributions) in yuan for the year (one query)."""
    from django.db.models import F, Q

    rows = FestivalDistribution.objects.for_union(union).filter(year=year).aggregate(
        poverty=Sum(F("recipients__amount"), filter=Q(poverty_supplier=True)),
        total=Sum("recipients__amount"),
    )
    return fen(rows["poverty"]), fen(rows["total"])
