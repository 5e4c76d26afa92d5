"""The members' and care figures of a year, for the year-end summary: plain data, two queries."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Sum, Value

from members.care import default_retirement_rule
from members.models import CareReason, CareVisit, Department, HardshipRecord, Member, belonged_on
from members.retirement import retired_in


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


COUNTED = ("joined", "left", "retired", "total")


def member_counts(union_id, year):
    """The union's members grouped by department and gender, each group's members counted: those who
    joined, left and retired in the year and who belonged at its end."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counted = {
        "joined": Q(joined_on__gte=start, joined_on__lte=end),
        "left": Q(left_on__gte=start, left_on__lte=end),
        # On the date recorded, or for retirees without one by the statutory age (members/retirement.py).
        "retired": retired_in(year, default_retirement_rule(union_id)),
        "total": belonged_on(end),
    }
    # Grouped by plain columns of the members' rows, read from the index member_summary_counts alone
    # (an index-only scan: it holds every column counted); the departments' names come from their own
    # small table (joined to each of 20,000 members, or looked up for each, they cost more than the count).
    return (
        Member.objects.filter(union_id=union_id)
        .values("department_id", "gender")
        # COUNT(1), not COUNT(id): the id is not in the index (without it the index is half the size,
        # and PostgreSQL prefers it to the union's index and the rows).
        .annotate(**{name: Count(Value(1), filter=q) for name, q in counted.items()})
        .order_by()
    )


def year_summary(union, year):
    """Two queries: the union's members counted by department and gender (`member_counts`: the year's
    totals, men and women are the groups' sums; the departments are the groups with members at the
    year's end), then the care figures and the departments' names (`care_and_departments`)."""
    groups = list(member_counts(union.pk, year))
    figures = {name: sum(group[name] for group in groups) for name in COUNTED}
    figures["men"] = sum(group["total"] for group in groups if group["gender"] == Member.Gender.MALE)
    figures["women"] = sum(group["total"] for group in groups if group["gender"] == Member.Gender.FEMALE)
    figures |= {"reached": 0, "hardship_members": 0, "supported": 0}
    by_reason, names = {}, {}
    for row in care_and_departments(union.pk, year):
        if row["kind"] == "reason":
            by_reason[row["key"]] = row
        elif row["kind"] == "department":
            names[row["n"]] = row["key"]
        elif row["kind"] == "reached":
            figures["reached"] = row["n"]
        else:
            figures["hardship_members"], figures["supported"] = row["n"], row["m"]
    departments = {}
    for group in groups:
        name = names.get(group["department_id"])
        departments[name] = departments.get(name, 0) + group["total"]
    by_department = [
        DepartmentCount(name or "—", count)
        # Largest first, then by name (no department, NULL, last among equals, as PostgreSQL sorts).
        for name, count in sorted(departments.items(), key=lambda d: (-d[1], d[0] is None, d[0] or ""))
        if count
    ]
    return MembersSummary(
        year=year,
        total=figures["total"],
        joined=figures["joined"],
        left=figures["left"],
        retired=figures["retired"],
        men=figures["men"],
        women=figures["women"],
        by_department=by_department,
        birthdays_greeted=by_reason.get(CareReason.BIRTHDAY, {}).get("n", 0),
        visits=sum(row["n"] for row in by_reason.values()),
        visits_by_reason=[
            ReasonFigures(
                value, str(label), by_reason[value]["n"], by_reason[value]["amount"] or Decimal("0")
            )
            for value, label in CareReason.choices
            if value in by_reason
        ],
        members_reached=figures["reached"],
        # The sum of the reasons' amounts is the year's amount: no query of its own.
        care_amount=sum((row["amount"] or Decimal("0") for row in by_reason.values()), Decimal("0")),
        hardship_members=figures["hardship_members"],
        hardship_members_supported=figures["supported"],
    )


def care_and_departments(union_id, year):
    """The care figures of the year and the union's departments, in one query
    of four plain SELECTs stacked by UNION ALL, rows of (kind, key, n, m, amount):

    - ("reason", reason, visits, 0, amount) for each reason of the visits;
    - ("reached", "", members visited, 0, None);
    - ("hardship", "", members on the hardship archive then, of them visited, None);
    - ("department", name, id, 0, None) for each department: the names of the members' departments.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    visits = CareVisit.objects.filter(union_id=union_id, date__gte=start, date__lte=end).order_by()
    hardship = HardshipRecord.objects.filter(union_id=union_id).during(start, end).order_by()
    visited = Q(member__care_visits__date__gte=start, member__care_visits__date__lte=end)
    zero, no_amount = Value(0), Value(None, output_field=CareVisit._meta.get_field("amount"))
    reasons = (
        visits.annotate(kind=Value("reason"))
        .values("kind", key=F("reason"))
        .annotate(n=Count("id"), m=zero, amount=Sum("amount"))
    )
    reached = (
        visits.annotate(kind=Value("reached"), key=Value(""))
        .values("kind", "key")
        .annotate(n=Count("member", distinct=True), m=zero, amount=no_amount)
    )
    in_hardship = (
        hardship.annotate(kind=Value("hardship"), key=Value(""))
        .values("kind", "key")
        .annotate(
            n=Count("member", distinct=True), m=Count("member", distinct=True, filter=visited), amount=no_amount
        )
    )
    departments = (
        Department.objects.filter(union_id=union_id)
        .annotate(kind=Value("department"), m=zero, amount=no_amount)
        .values_list("kind", "name", "id", "m", "amount")
        .order_by()
    )
    return reasons.union(reached, in_hardship, departments, all=True)
