"""The members' and care figures of a year, for the year-end summary: plain data, five queries."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from members.models import CareReason, CareVisit, HardshipRecord, Member


@dataclass
class DepartmentCount:
    label: str
    count: int


@dataclass
class ReasonFigures:
    reason: str
    label: str
    visits: int
    amount: Decimal


@dataclass
class MembersSummary:
    year: int
    total: int  # members at the end of the year
    joined: int
    left: int
    retired: int
    men: int
    women: int
    by_department: list = field(default_factory=list)  # [DepartmentCount], largest first
    birthdays_greeted: int = 0
    visits: int = 0
    visits_by_reason: list = field(default_factory=list)  # [ReasonFigures], every reason with a visit
    members_reached: int = 0
    care_amount: Decimal = Decimal("0")
    hardship_members: int = 0  # on the hardship archive at some time in the year
    hardship_members_supported: int = 0  # of those, visited in the year


def year_summary(union, year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    members = Member.objects.for_union(union)
    at_end = members.members_on(end)
    totals = members.aggregate(
        joined=Count("id", filter=Q(joined_on__gte=start, joined_on__lte=end)),
        left=Count("id", filter=Q(left_on__gte=start, left_on__lte=end)),
        retired=Count("id", filter=Q(retired_on__gte=start, retired_on__lte=end)),
    )
    genders = at_end.aggregate(
        total=Count("id"),
        men=Count("id", filter=Q(gender=Member.Gender.MALE)),
        women=Count("id", filter=Q(gender=Member.Gender.FEMALE)),
    )
    by_department = [
        DepartmentCount(row["department__name"] or "—", row["n"])
        for row in at_end.order_by()
        .values("department__name")
        .annotate(n=Count("id"))
        .order_by("-n", "department__name")
    ]
    visits = CareVisit.objects.for_union(union).filter(date__gte=start, date__lte=end)
    by_reason = {
        row["reason"]: row
        for row in visits.order_by().values("reason").annotate(n=Count("id"), amount=Sum("amount"))
    }
    care = visits.aggregate(
        n=Count("id"),
        reached=Count("member", distinct=True),
        amount=Sum("amount"),
        greeted=Count("id", filter=Q(reason=CareReason.BIRTHDAY)),
    )
    hardship = HardshipRecord.objects.for_union(union).during(start, end)
    supported = hardship.aggregate(
        members=Count("member", distinct=True),
        supported=Count(
            "member",
            distinct=True,
            filter=Q(member__care_visits__date__gte=start, member__care_visits__date__lte=end),
        ),
    )
    return MembersSummary(
        year=year,
        total=genders["total"],
        joined=totals["joined"],
        left=totals["left"],
        retired=totals["retired"],
        men=genders["men"],
        women=genders["women"],
        by_department=by_department,
        birthdays_greeted=care["greeted"],
        visits=care["n"],
        visits_by_reason=[
            ReasonFigures(
                value, str(label), by_reason[value]["n"], by_reason[value]["amount"] or Decimal("0")
            )
            for value, label in CareReason.choices
            if value in by_reason
        ],
        members_reached=care["reached"],
        care_amount=care["amount"] or Decimal("0"),
        hardship_members=supported["members"],
        hardship_members_supported=supported["supported"],
    )
