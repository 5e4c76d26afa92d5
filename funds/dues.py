"""Dues (会费) across many members: generate a month or a year, mark paid in bulk, find arrears.

Single-record changes go through `members.history.save_recorded`; these functions work on many rows at once, with
bulk queries, and keep one history entry per row they touch.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from funds.models import Dues, DuesMonthTotal, FundSettings, WageBase, ensure_open, fen
from funds.periods import month_span
from members.history import changes_between, snapshot
from members.models import HistoryEntry, Member, name_order
from members.money import yuan


def _history(rows, actor, action, changes_of, note=""):
    """One history entry per row, in one bulk insert."""
    content_type = ContentType.objects.get_for_model(Dues)
    HistoryEntry.objects.bulk_create(
        [
            HistoryEntry(
                union_id=row.union_id,
                content_type=content_type,
                object_id=str(row.pk),
                object_repr=str(row)[:200],
                action=action,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                changes=changes_of(row),
                note=note,
            )
            for row in rows
        ],
        batch_size=1000,
    )


# --- wage bases --------------------------------------------------------------------------------


def wage_bases(union, year):
    """{member id: [(from month, amount), ...]} for the year, months ascending."""
    bases = defaultdict(list)
    for member_id, from_month, amount in (
        WageBase.objects.for_union(union)
        .in_year(year)
        .order_by("member_id", "from_month")
        .values_list("member_id", "from_month", "amount")
    ):
        bases[member_id].append((from_month, amount))
    return bases


def base_in_month(bases, month):
    """The wage base that applies in `month`: the latest one starting on or before it."""
    applicable = [amount for from_month, amount in bases if from_month <= month]
    return applicable[-1] if applicable else None


# --- generating dues ---------------------------------------------------------------------------


@dataclass
class Generation:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    exempt: int = 0
    without_wage_base: list = field(default_factory=list)

    @property
    def message(self):
        text = _(
            "%(created)d dues rows created, %(updated)d unpaid rows recalculated, %(unchanged)d already there."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.without_wage_base:
            names = "、".join(m.name for m in self.without_wage_base[:10])
            more = "…" if len(self.without_wage_base) > 10 else ""
            text += " " + _(
                "No wage base for %(count)d members (%(names)s): enter or import their wage bases, then generate again."
            ) % {"count": len(self.without_wage_base), "names": names + more}
        return text


def paying_members(union, settings, year, month):
    """Members who owe dues for the month: current, not exempt, joined by the month's end."""
    end = month_span(year, month)[1]
    members = Member.objects.for_union(union).current().exclude(
        status__in=[*settings.exempt_statuses, Member.Status.RETAINED]  # 保留会籍 pays no dues
    )
    return members.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end)).only("id", "name", "union_id", "status")


@transaction.atomic
def generate_dues(union, year, months, by):
    """Create each paying member's dues for `months` of `year`. Safe to run again: existing rows are
    kept (unpaid ones recalculated if the wage base or rate changed), never duplicated.
    Refuses (PeriodLocked) a month that a signed fund review covers."""
    settings = FundSettings.for_union(union)
    months = sorted(set(months))
    ensure_open(union.pk, [month_span(year, m) for m in months])
    bases = wage_bases(union, year)
    existing = {
        (row.member_id, row.month): row
        for row in Dues.objects.for_union(union).filter(year=year, month__in=months).select_related("member")
    }
    result = Generation()
    missing = {}
    to_create, to_update = [], []
    for month in months:
        for member in paying_members(union, settings, year, month):
            base = base_in_month(bases.get(member.pk, []), month)
            if base is None:
                missing[member.pk] = member
                continue
            amount = settings.dues_for(base)
            row = existing.get((member.pk, month))
            if row is None:
                if amount > 0:
                    to_create.append(
                        Dues(
                            union=union,
                            member=member,
                            year=year,
                            month=month,
                            wage_base=base,
                            rate=settings.dues_rate,
                            amount=amount,
                        )
                    )
            elif row.paid_on is None and (row.amount, row.wage_base, row.rate) != (
                amount,
                base,
                settings.dues_rate,
            ):
                row.before = snapshot(row, ["wage_base", "rate", "amount"])
                row.wage_base, row.rate, row.amount = base, settings.dues_rate, amount
                to_update.append(row)
            else:
                result.unchanged += 1
    created = Dues.objects.bulk_create(to_create, batch_size=1000)
    _history(created, by, HistoryEntry.Action.CREATE, lambda row: changes_between({}, snapshot(row)))
    now = timezone.now()
    for row in to_update:
        row.version += 1
        row.updated_at = now
    Dues.objects.bulk_update(to_update, ["wage_base", "rate", "amount", "version", "updated_at"], batch_size=1000)
    _history(
        to_update,
        by,
        HistoryEntry.Action.CHANGE,
        lambda row: changes_between(row.before, snapshot(row, ["wage_base", "rate", "amount"])),
    )
    result.created, result.updated = len(created), len(to_update)
    result.without_wage_base = sorted(missing.values(), key=lambda m: (m.name_pinyin, m.employee_number, m.pk))
    return result


# --- payments ----------------------------------------------------------------------------------


@transaction.atomic
def mark_paid(union, dues_ids, paid_on, method, by):
    """Mark the union's unpaid dues among `dues_ids` (ids or a queryset of them) paid on `paid_on`
    by `method`; returns how many.

    Rows already paid are left alone (someone else marked them first). Refuses (PeriodLocked)
    a payment date inside a locked period.
    """
    ensure_open(union.pk, [(paid_on, paid_on)])
    rows = list(Dues.objects.for_union(union).unpaid().filter(pk__in=dues_ids).select_related("member"))
    if not rows:
        return 0
    # The rows read, by id: not `dues_ids` again, which may be a subquery that update() would run in each of
    # its own queries (the period lock's, the month totals') on rows PostgreSQL may have no statistics for yet.
    Dues.objects.for_union(union).unpaid().filter(pk__in=[row.pk for row in rows]).update(
        paid_on=paid_on, method=method, version=F("version") + 1, updated_at=timezone.now()
    )
    method_label = str(Dues.Method(method).label)
    paid_label, method_field = (
        str(Dues._meta.get_field("paid_on").verbose_name),
        str(Dues._meta.get_field("method").verbose_name),
    )
    _history(
        rows,
        by,
        HistoryEntry.Action.CHANGE,
        lambda row: {paid_label: ["", paid_on.isoformat()], method_field: ["", method_label]},
    )
    return len(rows)


# --- arrears -----------------------------------------------------------------------------------


@dataclass
class ArrearsCell:
    count: int = 0
    amount: Decimal = Decimal("0.00")


@dataclass
class ArrearsRow:
    group: str
    cells: list  # one ArrearsCell per month 1..12
    count: int = 0
    amount: Decimal = Decimal("0.00")
    group_id: int | None = None

    @property
    def shown_cells(self):
        """(count, amount as "¥1,234.00") a month, as funds/arrears.html shows them: plain values, since a
        large union's grid has thousands of cells."""
        return [(cell.count, yuan(cell.amount) if cell.count else "") for cell in self.cells]


def arrears_grid(union, year, up_to_month=12):
    """Unpaid dues per union group and month, plus totals: one grouped query."""
    grouped = (
        Dues.objects.for_union(union)
        .in_year(year)
        .unpaid()
        .filter(month__lte=up_to_month)
        .values("member__group_id", "member__group__name", "month")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by()
    )
    rows = {}
    for item in grouped:
        name = item["member__group__name"] or _("No union group")
        row = rows.setdefault(
            name,
            ArrearsRow(group=name, cells=[ArrearsCell() for _m in range(12)], group_id=item["member__group_id"]),
        )
        row.cells[item["month"] - 1] = ArrearsCell(item["count"], fen(item["amount"]))
        row.count += item["count"]
        row.amount += fen(item["amount"])
    ordered = sorted(rows.values(), key=lambda r: r.group)
    total = ArrearsRow(group=_("Total"), cells=[ArrearsCell() for _m in range(12)])
    for row in ordered:
        for i, cell in enumerate(row.cells):
            total.cells[i].count += cell.count
            total.cells[i].amount += cell.amount
        total.count += row.count
        total.amount += row.amount
    return ordered, total


def members_in_arrears(union, year, group_id=None, month=None):
    """One row per member who owes dues in the year: name, group, months owed, amount owed."""
    unpaid = Dues.objects.for_union(union).in_year(year).unpaid()
    if group_id:
        unpaid = unpaid.filter(member__group_id=group_id)
    if month:
        unpaid = unpaid.filter(month=month)
    return (
        unpaid.values("member_id", "member__name", "member__employee_number", "member__group__name")
        .annotate(months=Count("id"), amount=Sum("amount"), first_month=Min("month"))
        .order_by("member__group__name", *name_order("member__"))
    )


@dataclass
class MemberArrears:
    member: Member
    months: list = field(default_factory=list)
    amount: Decimal = Decimal("0.00")


def members_owing(union, year, group_id=None, month=None):
    """The union's members who owe dues of the year (a queryset of Member, for keyset pages)."""
    unpaid = Dues.objects.filter(member=OuterRef("pk"), year=year, paid_on__isnull=True)
    if month:
        unpaid = unpaid.filter(month=month)
    members = Member.objects.for_union(union).filter(Exists(unpaid)).select_related("group")
    return members.filter(group_id=group_id) if group_id else members


def arrears_of(union, year, members):
    """[MemberArrears] for `members` (one page of them), with the months and amount each owes."""
    owed = {m.pk: MemberArrears(m) for m in members}
    for member_id, month, amount in (
        Dues.objects.for_union(union)
        .in_year(year)
        .unpaid()
        .filter(member_id__in=list(owed))
        .order_by("month")
        .values_list("member_id", "month", "amount")
    ):
        owed[member_id].months.append(month)
        owed[member_id].amount += amount
    return list(owed.values())


def months_owed(union, year, member_ids):
    """{member id: [month, ...]} of unpaid dues, for the members on one page (None: everyone)."""
    owed = defaultdict(list)
    rows = Dues.objects.for_union(union).in_year(year).unpaid()
    if member_ids is not None:
        rows = rows.filter(member_id__in=member_ids)
    for member_id, month in rows.order_by("month").values_list("member_id", "month"):
        owed[member_id].append(month)
    return owed


def month_totals(union, year):
    """Per month 1..12: rows, unpaid rows, expected, collected, in arrears (from the month totals)."""
    totals = {t.month: t for t in DuesMonthTotal.objects.for_union(union).filter(year=year)}
    return [totals.get(m) or DuesMonthTotal(union=union, year=year, month=m) for m in range(1, 13)]
