"""The 2% allocation (拨缴经费): the year's register of months or quarters — due, paid, kept, passed
up — and what is missing (a period without a record, or paid short), in two queries.

A record is saved through `members.history.save_recorded` (versioned, with history); the rate and the
kept share come from the union's FundSettings when the record is made and stay with it afterwards.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from funds.models import Allocation, FundSettings, Income, fen

ZERO = Decimal("0.00")


@dataclass
class AllocationPeriod:
    year: int
    period: str
    number: int
    start: object
    end: object
    record: Allocation | None = None

    @property
    def label(self):
        return Allocation(year=self.year, period=self.period, number=self.number).period_label

    @property
    def is_missing(self):
        return self.record is None

    @property
    def is_short(self):
        return self.record is not None and self.record.paid < self.record.due


@dataclass
class AllocationYear:
    year: int
    frequency: str
    periods: list = field(default_factory=list)
    ledger_income: Decimal = ZERO  # 拨缴经费收入 recorded in the income ledger this year
    today: object = None

    def _sum(self, name):
        return sum((getattr(p.record, name) for p in self.periods if p.record), ZERO)

    @property
    def due(self):
        return self._sum("due")

    @property
    def paid(self):
        return self._sum("paid")

    @property
    def kept(self):
        return self._sum("kept")

    @property
    def passed_up(self):
        return self._sum("passed_up")

    @property
    def unpaid(self):
        return self._sum("unpaid")

    @property
    def missing(self):
        """Periods that have ended without a record."""
        return [p for p in self.periods if p.is_missing and p.end < self.today]

    @property
    def short(self):
        return [p for p in self.periods if p.is_short]

    @property
    def ledger_difference(self):
        """The kept part of what was paid less the 拨缴经费收入 in the income ledger."""
        return self.kept - self.ledger_income


def allocation_year(union, year, today=None):
    """The year's periods, each with its record if there is one (two queries and the settings)."""
    today = today or timezone.localdate()
    rows = list(Allocation.objects.for_union(union).in_year(year).order_by("start", "id"))
    settings = FundSettings.for_union(union)
    frequency = rows[0].period if rows else settings.allocation_frequency
    count = 4 if frequency == Allocation.Period.QUARTER else 12
    by_number = {(r.period, r.number): r for r in rows}
    periods = []
    for number in range(1, count + 1):
        start, end = Allocation.span(year, frequency, number)
        periods.append(AllocationPeriod(year, frequency, number, start, end, by_number.pop((frequency, number), None)))
    for r in by_number.values():  # a record of the other kind (the union changed its frequency mid-year)
        periods.append(AllocationPeriod(year, r.period, r.number, r.start, r.end, r))
    periods.sort(key=lambda p: (p.start, p.end))
    income = (
        Income.objects.for_union(union)
        .in_year(year)
        .filter(source=Income.Source.ALLOCATED)
        .aggregate(total=Sum("amount"))["total"]
    )
    return AllocationYear(year, frequency, periods, fen(income), today)


def new_allocation(union, year, period=None, number=None):
    """An unsaved record with the union's current rate and kept share."""
    settings = FundSettings.for_union(union)
    return Allocation(
        union=union,
        year=year,
        period=period or settings.allocation_frequency,
        number=number,
        rate=settings.allocation_rate,
        kept_share=settings.allocation_kept_share,
    )
