"""The plan's part of the year-end summary (年终总结): what was planned, done, in progress, dropped.

`year_summary(union, year)` returns plain dataclasses in one query, whatever the plan's size.
"""

from dataclasses import dataclass, field

from django.db.models.functions import Left, TruncDate

from plans import outline
from plans.completion import Completion
from plans.models import AnnualPlan, PlanItem


@dataclass
class ItemSummary:
    number: str  # the full reference, 二、（一）3、
    text: str
    status: str  # a PlanItem.Status value
    status_label: str
    owner: str
    outcome: str  # what came of a done (or running) item
    reason: str  # why a dropped item was dropped
    progress_note: str


@dataclass
class Counts:
    planned: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    dropped: int = 0

    @property
    def completion(self):
        """The completion rate (plans.completion): done ÷ (planned − dropped)."""
        return Completion(done=self.done, total=self.planned, dropped=self.dropped)

    @property
    def percent_done(self):
        """The completion rate in whole percent (0 when nothing is owed)."""
        return self.completion.percent or 0

    def count(self, status):
        self.planned += 1
        field_name = {"done": "done", "in_progress": "in_progress", "dropped": "dropped"}.get(status, "not_started")
        setattr(self, field_name, getattr(self, field_name) + 1)


@dataclass
class PartSummary(Counts):
    number: str = ""
    title: str = ""
    items: list[ItemSummary] = field(default_factory=list)


@dataclass
class PlanSummary(Counts):
    year: int = 0
    exists: bool = False
    title: str = ""
    status: str = ""
    status_label: str = ""
    approved_on: object = None  # a date, or None
    parts: list[PartSummary] = field(default_factory=list)


class _Row:
    """A plan item as the outline reads it (plans.outline.build): plain values from one query, not a
    PlanItem and its owner for each of a plan's ~300 rows."""

    __slots__ = ("level", "title", "body", "status", "owner", "outcome", "progress_note")
    Status = PlanItem.Status  # read by outline.Progress

    def __init__(self, level, title, body, status, owner, outcome, progress_note):
        self.level, self.title, self.body, self.status = level, title, body, status
        self.owner, self.outcome, self.progress_note = owner or "", outcome, progress_note

    @property
    def text(self):
        return self.title or self.body


ROW_FIELDS = ("level", "title", "body", "status", "owner__name", "outcome", "progress_note")
PLAN_FIELDS = ("title", "status", "approved_on", "ideology_start", "goals_start")


def plan_rows_query(union_id, year):
    """The plan's row LEFT JOINed to its items: (*PLAN_FIELDS, *ROW_FIELDS) a row."""
    return (
        AnnualPlan.objects.filter(union_id=union_id, year=year)
        .annotate(
            ideology_start=Left("guiding_ideology", 1),
            goals_start=Left("goals", 1),
            # The approval's day as the database says it: a date is cheap to read, a time with its zone
            # costs the driver ~2 µs, and the plan's columns come with each of its ~300 items. The day
            # where the union is (TIME_ZONE), as the plan page shows the approval.
            approved_on=TruncDate("approved_at"),
        )
        .values_list(*PLAN_FIELDS, *(f"items__{name}" for name in ROW_FIELDS))
        .order_by("items__position")
    )


def year_summary(union, year):
    """The union's plan for `year` summarised per top-level part; `exists` is False without a plan."""
    # One query: the plan's row LEFT JOINed to its items (a plan without items is one row of NULL item
    # values). Of the fixed parts' texts only the first character comes with each row: enough for
    # outline.fixed_parts to tell the parts the plan has.
    rows = list(plan_rows_query(union.pk, year))
    if not rows:
        return PlanSummary(year=year)
    title, status, approved_on, ideology_start, goals_start = rows[0][: len(PLAN_FIELDS)]
    plan = AnnualPlan(title=title, status=status, guiding_ideology=ideology_start, goals=goals_start)
    rows = [_Row(*values[len(PLAN_FIELDS):]) for values in rows if values[len(PLAN_FIELDS)] is not None]
    # Numbered after the plan's fixed parts (指导思想, 工作目标), as outline.for_plan does.
    tree = outline.build(rows, first_part=len(outline.fixed_parts(plan)) + 1)
    labels = {value: str(label) for value, label in PlanItem.Status.choices}
    summary = PlanSummary(
        year=year,
        exists=True,
        title=plan.title,
        status=plan.status,
        status_label=str(plan.get_status_display()),
        approved_on=approved_on,
    )
    dropped_status = PlanItem.Status.DROPPED
    for root in tree.roots:
        part = PartSummary(number=root.number, title=root.item.text)
        for entry in _work_items(root):
            item = entry.item
            dropped = item.status == dropped_status
            part.items.append(
                ItemSummary(
                    number=entry.path,
                    text=item.text,
                    status=item.status,
                    status_label=labels.get(item.status, item.status),
                    owner=item.owner,
                    outcome="" if dropped else item.outcome,
                    reason=item.outcome if dropped else "",
                    progress_note=item.progress_note,
                )
            )
            part.count(item.status)
            summary.count(item.status)
        if part.items:
            summary.parts.append(part)
    return summary


def _work_items(entry):
    if entry.is_work:
        yield entry
    for child in entry.children:
        yield from _work_items(child)
