"""The higher-level union's roll-up: the figures of every union below it, at any depth, for a year.

Figures only — counts and sums grouped by union in SQL, never a person's row of a union below. The
query count is fixed whatever the size of the federation: one for the tree (every union's id and
parent: a deployment holds hundreds of unions, not millions, and SQLite and PostgreSQL alike walk it
in Python), then a grouped query or two per table read. The figures mean what each union's own year-end
summary says (members/summary.py, activities/summary.py, funds/summary.py), so that the two agree.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Lookup, Q, Sum
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from federation.models import StoredFigures, Submission
from funds.models import Allocation, DuesMonthTotal, Expense
from funds.official_accounts import ExpenseAccount
from members.models import HardshipRecord, Member, Union, Workforce, belonged_on
from members.money import yuan
from plans.models import AnnualPlan

ZERO = Decimal("0.00")
RETIRED = [Member.Status.RETIRED, Member.Status.EARLY_RETIRED]
# The areas of a union's data its figures are counted from (members/versions.py): Workforce and
# HardshipRecord are members', Activity activities', dues, allocations and expenses funds', plans plans'.
VERSIONS = ("members_version", "activities_version", "funds_version", "plans_version")
# Raised whenever what _count() counts changes, so that figures stored by the older code count again.
COUNTING = 2  # 2: figures stored as a list, amounts in fen
# A hand-up's status as the roll-up says it: "" is a union that has handed nothing up.
HANDUP_STATUSES = {"": _("Not handed up"), **dict(Submission.Status.choices)}
HELD = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)  # what the higher-level union has in hand
# The counts stored per union and year (StoredFigures.figures), in this order, then dues, allocation and
# spending in fen and the plan's status.
STORED = ("employees", "members", "in_service", "retired", "women", "migrant_workers", "joined", "hardship",
          "activities_held", "attendance")


@dataclass
class Figures:
    """The figures of one union, or the sum of several (a subtotal, the total)."""

    unions: int = 0
    new_unions: int = 0
    employees: int | None = None  # None: no union counted has entered its employees for the year
    members_with_employees: int = 0  # the members of the unions that have: the 入会率's numerator
    members: int = 0  # at the year's end, retirees included (MembersSummary.total)
    in_service: int = 0
    retired: int = 0
    women: int = 0
    migrant_workers: int = 0
    joined: int = 0  # new members in the year
    hardship: int = 0  # members on the hardship archive at some time in the year
    activities_held: int = 0
    attendance: int = 0
    dues: Decimal = ZERO  # dues of the year collected
    allocation: Decimal = ZERO  # 拨缴经费 of the year paid
    spending: dict = field(default_factory=dict)  # {ExpenseAccount value: amount}
    kinds: dict = field(default_factory=dict)  # {Union.Kind value: unions}
    # Unions whose latest copy of the year's plan / summary the higher-level union holds (handed up or
    # accepted; one sent back has to come up again).
    plans_handed_up: int = 0
    summaries_handed_up: int = 0

    @property
    def rate(self):
        """入会率 in percent, one decimal (None without employees)."""
        if not self.employees:
            return None
        return round(Decimal(self.members_with_employees * 100) / Decimal(self.employees), 1)

    @property
    def cells(self):
        """The table's figures as text, in its columns' order (the page writes 4,000 of them: formatted
        here once rather than localised one by one in the template)."""
        rate = "—" if self.rate is None else f"{self.rate}%"
        return [
            "—" if self.employees is None else str(self.employees), str(self.members), str(self.in_service),
            str(self.retired), str(self.women), str(self.migrant_workers), rate, str(self.joined),
            str(self.hardship), str(self.activities_held), str(self.attendance), yuan(self.dues),
            yuan(self.allocation), yuan(self.spending_total),
        ]

    @property
    def spending_total(self):
        return sum(self.spending.values(), ZERO)

    @property
    def spending_rows(self):
        """[(label, amount)] in the order of the official accounts, every account."""
        return [(label, self.spending.get(value, ZERO)) for value, label in ExpenseAccount.choices]

    def add(self, other):
        self.unions += other.unions
        self.new_unions += other.new_unions
        if other.employees is not None:
            self.employees = (self.employees or 0) + other.employees
        for name in (
            "members_with_employees", "members", "in_service", "retired", "women", "migrant_workers",
            "joined", "hardship", "activities_held", "attendance", "dues", "allocation", "plans_handed_up",
            "summaries_handed_up",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for account, amount in other.spending.items():
            self.spending[account] = self.spending.get(account, ZERO) + amount
        for kind, count in other.kinds.items():
            self.kinds[kind] = self.kinds.get(kind, 0) + count


@dataclass
class UnionRow(Figures):
    id: int = 0
    name: str = ""
    kind: str = ""
    kind_label: str = ""
    parent_id: int | None = None
    parent_name: str = ""
    depth: int = 1  # 1: directly below the federation
    founded_on: date | None = None
    plan_status: str = ""  # an AnnualPlan.Status value, "" without a plan for the year
    plan_status_label: str = ""
    # The status of the latest copy of the year's plan / summary handed up: a Submission.Status value,
    # "" when none was (未上报). Read afresh on every page, never stored (see handup_statuses).
    plan_handup: str = ""
    summary_handup: str = ""
    plan_handup_label: str = ""
    summary_handup_label: str = ""
    has_children: bool = False


@dataclass
class Tree:
    """Every union of the deployment as id → (name, kind, parent id, founding date), with its children."""

    unions: dict
    children: dict

    def below(self, root_id):
        """The ids of every union below `root_id`, at any depth, depth first (children by name)."""
        found, stack = [], list(reversed(self.children.get(root_id, [])))
        seen = {root_id}
        while stack:
            union_id = stack.pop()
            if union_id in seen:  # a loop in the parent links: counted once
                continue
            seen.add(union_id)
            found.append(union_id)
            stack.extend(reversed(self.children.get(union_id, [])))
        return found

    def is_below(self, union_id, root_id):
        seen = set()
        parent = self.unions.get(union_id, {}).get("parent_id")
        while parent is not None and parent not in seen:
            if parent == root_id:
                return True
            seen.add(parent)
            parent = self.unions.get(parent, {}).get("parent_id")
        return False


def load_tree():
    """One query: every union's id, name, kind, parent, founding date and the versions of its data."""
    unions = {
        row["id"]: row
        for row in Union.objects.order_by().values(
            "id", "name", "kind", "parent_id", "founded_on", "created_at", *VERSIONS
        )
    }
    children = {}
    # By name as the database sorts it: the pinyin of 200 names costs more than the rest of the page.
    for row in sorted(unions.values(), key=lambda r: (r["name"], r["id"])):
        if row["parent_id"] is not None:
            children.setdefault(row["parent_id"], []).append(row["id"])
    return Tree(unions, children)


def founding_date(row):
    """建会日期, or the day the union's row was created when nobody entered it."""
    return row["founded_on"] or (row["created_at"].date() if row["created_at"] else None)


def union_rows(tree, root_id, year, with_root=False):
    """A UnionRow of figures for every union below `root_id` (tree order; `with_root`: the root first),
    in a fixed number of grouped queries (_fill)."""
    ids = [root_id, *tree.below(root_id)] if with_root else tree.below(root_id)
    kinds = translated(Union.Kind.choices)
    rows = {}
    for union_id in ids:
        data = tree.unions[union_id]
        founded = founding_date(data)
        parent = tree.unions.get(data["parent_id"], {})
        rows[union_id] = UnionRow(
            unions=1,
            new_unions=int(founded is not None and founded.year == year),
            kinds={data["kind"]: 1},
            id=union_id,
            name=data["name"],
            kind=data["kind"],
            kind_label=kinds.get(data["kind"], data["kind"]),
            parent_id=data["parent_id"],
            parent_name=parent.get("name", ""),
            founded_on=founded,
            has_children=bool(tree.children.get(union_id)),
        )
    if not ids:
        return []
    depth = {root_id: 0}
    for union_id in ids:  # depth first: a parent comes before its children
        if union_id == root_id:
            continue
        depth[union_id] = depth.get(tree.unions[union_id]["parent_id"], 0) + 1
        rows[union_id].depth = depth[union_id]
    _fill(rows, tree, ids, year)
    for (union_id, kind), status in handup_statuses(ids, year).items():
        setattr(rows[union_id], f"{kind}_handup", status)
    # Each label translated once, not once a row: 200 unions' lazy labels cost ~4 ms.
    plan_statuses, handups = translated(AnnualPlan.Status.choices), translated(HANDUP_STATUSES.items())
    for row in rows.values():
        row.plan_status_label = plan_statuses.get(row.plan_status, row.plan_status)
        row.plan_handup_label, row.summary_handup_label = handups[row.plan_handup], handups[row.summary_handup]
        row.members_with_employees = row.members if row.employees is not None else 0
        row.plans_handed_up = int(row.plan_handup in HELD)
        row.summaries_handed_up = int(row.summary_handup in HELD)
    return [rows[union_id] for union_id in ids]


class Among(Lookup):
    """`union_id` among `ids`: on PostgreSQL `= ANY(%s)` with the ids as one array parameter, not one
    parameter each (psycopg binds them on the client, parsing the SQL for each: ~6 ms of CPU for nine
    queries of 200 ids); IN elsewhere. Used as `.filter(among(ids))`."""

    lookup_name = "among"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", [*params, *self.rhs]

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def among(ids):
    """A filter for the rows of the unions `ids` (not empty)."""
    return Among(F("union_id"), list(ids))


def handup_statuses(ids, year):
    """{(union id, Kind value): the status of its latest submission of `year`}, in one query. Not stored
    with the figures: handing up or reviewing moves none of the union's versions (StoredFigures is keyed
    by them), and the federation must see a hand-up at once. A few rows a union, on an index."""
    latest = {}
    for union_id, kind, status in (
        Submission.objects.filter(among(ids), year=year).order_by("-submitted_at", "-id")
        .values_list("union_id", "kind", "status")
    ):
        latest.setdefault((union_id, kind), status)
    return latest


def translated(choices):
    """{value: label} of (value, label) pairs, each label translated into the request's language."""
    return {value: str(label) for value, label in choices}


def versions_key(data):
    """What a union's stored figures were counted from: the versions of its data (and the code's)."""
    return ":".join(str(n) for n in (COUNTING, *(data[name] for name in VERSIONS)))


def _fill(rows, tree, ids, year):
    """The figures stored for the unions whose data has not changed since they were counted; the
    others counted (one query when nothing changed; when something did, the same dozen whatever the
    number of unions)."""
    keys = {union_id: versions_key(tree.unions[union_id]) for union_id in ids}
    stale = set(ids)
    for union_id, counted_from, figures in StoredFigures.objects.filter(among(ids), year=year).values_list(
        "union_id", "counted_from", "figures"
    ):
        if counted_from == keys[union_id]:
            _restore(rows[union_id], figures)
            stale.discard(union_id)
    if not stale:
        return
    _count(rows, [union_id for union_id in ids if union_id in stale], year)
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            # Figures that can be counted again: a crash may lose the last ones stored, so the reader does
            # not wait for the disk to flush them (several ms, more on a busy disk).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        StoredFigures.objects.bulk_create(
            [StoredFigures(union_id=union_id, year=year, counted_from=keys[union_id], figures=_stored(rows[union_id]))
             for union_id in ids if union_id in stale],
            update_conflicts=True, unique_fields=["union", "year"], update_fields=["counted_from", "figures"],
        )


def _stored(row):
    """A row's counted figures as JSON: a list, amounts in fen (exact). Compact, for what storing 200 of
    them costs: psycopg escapes each quote of a JSON text in the INSERT's array, a dict's keys included."""
    return [*(getattr(row, name) for name in STORED), _fen(row.dues), _fen(row.allocation),
            {account: _fen(amount) for account, amount in row.spending.items()}, row.plan_status]


def _restore(row, figures):
    *counts, dues, allocation, spending, row.plan_status = figures
    for name, value in zip(STORED, counts, strict=True):
        setattr(row, name, value)
    row.dues, row.allocation = _yuan(dues), _yuan(allocation)
    row.spending = {account: _yuan(amount) for account, amount in spending.items()}


def _fen(amount):
    return int(amount.scaleb(2))


def _yuan(fen):
    return Decimal(fen).scaleb(-2)


def _count(rows, ids, year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    # Belonging tested once a member, in WHERE, not in each count; counting a column the index holds
    # (union: never null), so that PostgreSQL reads member_summary_counts alone (an index-only scan of
    # 100,000 entries, not of the rows).
    for row in (
        Member.objects.filter(among(ids)).filter(belonged_on(end)).order_by().values("union_id").annotate(
            members=Count("union"),
            in_service=Count("union", filter=Q(status=Member.Status.ACTIVE)),
            retired=Count("union", filter=Q(status__in=RETIRED)),
            women=Count("union", filter=Q(gender=Member.Gender.FEMALE)),
            migrant_workers=Count("union", filter=Q(migrant_worker=True)),
        )
    ):
        target = rows[row.pop("union_id")]
        for name, value in row.items():
            setattr(target, name, value)
    # Joined in the year, belonging at its end or not: a few hundred entries a union on member_joined_order.
    for union_id, joined in (
        Member.objects.filter(among(ids), joined_on__gte=start, joined_on__lte=end).order_by()
        .values("union_id").annotate(n=Count("*")).values_list("union_id", "n")
    ):
        rows[union_id].joined = joined
    for union_id, employees in Workforce.objects.filter(among(ids), year=year).order_by().values_list(
        "union_id", "employees"
    ):
        rows[union_id].employees = employees
    hardship = (
        HardshipRecord.objects.filter(among(ids)).during(start, end).order_by().values("union_id")
        .annotate(n=Count("member", distinct=True))
    )
    for row in hardship:
        rows[row["union_id"]].hardship = row["n"]
    done = Q(status=Activity.Status.DONE)
    activities = (
        Activity.objects.filter(among(ids), year=year).order_by().values("union_id")
        .annotate(held=Count("id", filter=done), attendance=Sum("attendance", filter=done, default=0))
    )
    for row in activities:
        rows[row["union_id"]].activities_held = row["held"]
        rows[row["union_id"]].attendance = row["attendance"] or 0
    dues = (
        DuesMonthTotal.objects.filter(among(ids), year=year).order_by().values("union_id")
        .annotate(collected=Sum("collected"))
    )
    for row in dues:
        rows[row["union_id"]].dues = row["collected"] or ZERO
    allocation = (
        Allocation.objects.filter(among(ids), year=year).order_by().values("union_id")
        .annotate(paid=Sum("paid"))
    )
    for row in allocation:
        rows[row["union_id"]].allocation = row["paid"] or ZERO
    spending = (
        Expense.objects.filter(among(ids)).in_year(year).order_by().values("union_id", "category__account")
        .annotate(amount=Sum("amount"))
    )
    for row in spending:
        account = row["category__account"] or ExpenseAccount.OTHER
        target = rows[row["union_id"]].spending
        target[account] = target.get(account, ZERO) + (row["amount"] or ZERO)
    plans = AnnualPlan.objects.filter(among(ids), year=year).order_by()
    for union_id, status in plans.values_list("union_id", "status"):
        rows[union_id].plan_status = status


def total_of(rows):
    total = Figures()
    for row in rows:
        total.add(row)
    return total
