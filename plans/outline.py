"""The plan's outline as people read it: numbers, parents, progress — derived from the flat rows.

`PlanItem` rows are stored in document order with a level (1 一、, 2 （一）, 3 1、). Reading them
top to bottom, a row's parent is the nearest row above with a smaller level, and its number counts
the rows before it with the same parent and level. Nothing here touches the database, and nothing
imports a model: plans.models builds its outlines with it (`PlanItemQuerySet.progress_by_plan`).
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from members.escaping import Escaped
from plans.completion import completion_percent
from plans.numbering import PART, outline_number
from plans.paste import month_of_heading


@dataclass
class Progress:
    total: int = 0
    done: int = 0
    in_progress: int = 0
    dropped: int = 0
    overdue: int = 0

    @property
    def not_started(self):
        return self.total - self.done - self.in_progress - self.dropped

    @property
    def counted(self):
        """Items that still count: a dropped item is neither done nor owed."""
        return self.total - self.dropped

    @property
    def percent(self):
        """The completion rate as plans.completion defines it (0 when nothing is owed)."""
        return completion_percent(self.done, self.counted) or 0

    @property
    def bar(self):
        """The stacked bar's words and widths out of 100 (plans/_progress_bar.html), rounded as
        {% widthratio %} rounds: a page shows up to 17 bars, and its tags cost a bar 25 µs."""
        done, doing, dropped = (
            round(n / self.total * 100) if self.total else 0 for n in (self.done, self.in_progress, self.dropped)
        )
        # Strings: a template prints an int through number formatting, five times slower.
        return {
            "label": gettext("%(percent)s%% done") % {"percent": self.percent},
            "done": str(done),
            "doing": str(doing),
            "dropped": str(dropped),
            "dropped_x": str(done + doing),
        }

    @property
    def overdue_label(self):
        """3 项逾期, as the page says it for the plan and each part ({% blocktranslate count %}: 30 µs)."""
        return ngettext("%(n)s overdue", "%(n)s overdue", self.overdue) % {"n": self.overdue}

    def add(self, item, today, overdue=None):
        """Count `item`; `overdue` when the caller already knows (else it is worked out from `today`)."""
        self.total += 1
        if item.status == item.Status.DONE:
            self.done += 1
        elif item.status == item.Status.IN_PROGRESS:
            self.in_progress += 1
        elif item.status == item.Status.DROPPED:
            self.dropped += 1
        if overdue if overdue is not None else (today and item.is_overdue(today)):
            self.overdue += 1

    def include(self, other):
        """Count what `other` counted (a heading's progress in the heading above it)."""
        self.total += other.total
        self.done += other.done
        self.in_progress += other.in_progress
        self.dropped += other.dropped
        self.overdue += other.overdue


@dataclass(eq=False)
class Entry:
    item: object
    number: str = ""
    parent: "Entry | None" = None
    children: list = field(default_factory=list)
    heading_month: int | None = None  # set on a month heading of the schedule (二月份)
    overdue: bool = False
    progress: Progress | None = None  # on rows with rows below them

    @property
    def level(self):
        return self.item.level

    @property
    def is_work(self):
        """A work item: a row with nothing below it that is not an empty month heading."""
        return not self.children and not self.heading_month

    @property
    def path(self):
        """The full reference, 三、（二）4、 — how a committee names an item in a meeting."""
        numbers = []
        entry = self
        while entry is not None:
            numbers.append(entry.number or entry.item.title)
            entry = entry.parent
        return "".join(reversed(numbers))

    @property
    def schedule_month(self):
        entry = self.parent
        while entry is not None:
            if entry.heading_month:
                return entry.heading_month
            entry = entry.parent
        return None

    @property
    def row(self):
        """What the plan document shows of the entry (plans/_rows.html), in plain values: a template
        reads a dict several times faster than an entry and its item, and a plan has 300 rows."""
        return self.row_with(row_texts(self.item))

    def row_with(self, texts):
        """`row`, with the words of `row_texts` (translated once for the whole outline: a
        get_status_display() and a {% blocktranslate %} a row were a fifth of the plan page).
        What a row shows is worked out here once, so that the template only prints it: its CSS
        classes, its owner and deadline as written, which label its outcome has (each {% if %} and
        lookup costs a microsecond or two, 300 times). The words rows repeat come escaped
        (`Escaped`); a row's own texts (title, body, notes) the template escapes."""
        item = self.item
        words = texts["escaped"]
        is_work = self.is_work
        classes = f"lvl-{item.level}"
        if is_work:
            classes += f" plan-work status-{item.status}"
        if self.overdue:
            classes += " is-overdue"
        if item.due_date:  # as the printed plan writes it: 时限：5月20日
            due = f"{texts['due']}：{item.due_date.month}月{item.due_date.day}日"
        else:
            due = texts["due_month"] % {"month": item.due_month} if item.due_month else ""
        owner = item.owner.name if item.owner_id else ""
        return {
            "pk": item.pk,
            "anchor": mark_safe(f"item-{item.pk}"),  # noqa: S308 — digits: a template prints an int 2 µs slower
            "classes": words[classes],
            "number": words[self.number],
            "title": item.title,
            "body": item.body,
            "is_work": is_work,
            "is_part": self.parent is None,
            "progress": self.progress,
            "overdue": self.overdue,
            "status": words[item.status],
            "status_label": words[texts["status"].get(item.status, item.status)],
            "owner": words[f"{texts['owner']}：{owner}"] if owner else "",  # 负责人：张三
            "due": words[due],
            "notes": bool(item.progress_note or item.outcome),
            "progress_note": item.progress_note,
            "outcome": item.outcome,
            "outcome_label": words[texts["dropped" if item.status == item.Status.DROPPED else "came"]],
            "version": item.version,
        }


@dataclass
class Outline:
    entries: list
    roots: list
    progress: Progress

    @property
    def parts(self):
        return self.roots

    def work_items(self):
        return [entry for entry in self.entries if entry.is_work]

    @property
    def rows(self):
        texts = row_texts(self.entries[0].item) if self.entries else {}
        return [entry.row_with(texts) for entry in self.entries]


def row_texts(item):
    """The words a row may show, in the active language: its status, its deadline, its outcome's label,
    its owner's; and the page's words escaped so far (`Escaped`)."""
    return {
        "status": {value: str(label) for value, label in item.Status.choices},
        "due": gettext("Due"),
        "due_month": gettext("Due by the end of month %(month)s"),
        "dropped": gettext("Why it was dropped"),
        "came": gettext("What came of it"),
        "owner": gettext("Owner"),
        "escaped": Escaped(),
    }


def fixed_parts(plan):
    """The parts a plan opens with when it has them, numbered before the outline: (number, label, text)."""
    texts = [(_("Guiding ideology"), plan.guiding_ideology), (_("Goals"), plan.goals)]
    return [
        (outline_number(PART, n), label, text)
        for n, (label, text) in enumerate(((label, text) for label, text in texts if text), start=1)
    ]


def build(items, first_part=1, today=None):
    """The Outline of `items` (PlanItems in document order); parts are numbered from `first_part`."""
    entries, roots, stack, counters = [], [], [], {}
    for item in items:
        while stack and stack[-1].level >= item.level:
            stack.pop()
        parent = stack[-1] if stack else None
        entry = Entry(item=item, parent=parent, heading_month=_heading_month(item))
        if not (entry.heading_month and item.level > PART):  # 二月份 under a part shows no number
            key = (id(parent), item.level)
            start = first_part if parent is None and item.level == PART else 1
            counters[key] = counters.get(key, start - 1) + 1
            entry.number = outline_number(item.level, counters[key])
        (parent.children if parent else roots).append(entry)
        entries.append(entry)
        stack.append(entry)
    total = Progress()
    for entry in entries:
        if entry.children:
            entry.progress = Progress()
    for entry in entries:
        if not entry.is_work:
            continue
        entry.overdue = bool(today and entry.item.is_overdue(today))
        (entry.parent.progress if entry.parent else total).add(entry.item, today, entry.overdue)
    # Each heading's count goes into the heading above it, read bottom up (a heading's rows follow it):
    # an item counted once, not once for each heading above it.
    for entry in reversed(entries):
        if entry.progress is not None:
            (entry.parent.progress if entry.parent else total).include(entry.progress)
    return Outline(entries=entries, roots=roots, progress=total)


OWNER_DEFERRED = ["employee_number", "birth_date", "lunar_birthday", "phone", "email", "joined_on", "retired_on",
                  "left_on", "lunar_birth_month", "lunar_birth_day", "must_change_password", "created_at",
                  "updated_at", "department", "group", "user", "version", "gender", "status", "position"]


class Line:
    """A plan item as the plan page reads it: the values of its row (`LINE_FIELDS`) and its owner's
    name, not a model instance — 300 PlanItems and their owners cost the page 7 ms of its 36 (see
    plans.views.plan_content). `model` is PlanItem: a line keeps the model's own rules (statuses,
    due_by, is_overdue), as this module imports no models."""

    def __init__(self, model, plan, values):
        self.__dict__.update(values)
        self.pk = values["id"]
        self.owner = SimpleNamespace(name=values["owner_name"])
        self.plan, self.model, self.Status, self.OPEN = plan, model, model.Status, model.OPEN

    is_open = property(lambda self: self.model.is_open.fget(self))
    due_by = property(lambda self: self.model.due_by.fget(self))

    def is_overdue(self, today=None):
        return self.model.is_overdue(self, today)


LINE_FIELDS = ["id", "level", "title", "body", "month", "owner_id", "due_date", "due_month", "status",
               "progress_note", "outcome", "version"]


def for_plan(plan, items=None, today=None):
    """The plan's outline, numbered after its fixed parts (指导思想, 工作目标)."""
    if items is None:
        # The owner's name is all a plan shows of them: not 25 columns of member for every row.
        items = plan.items.order_by("position").select_related("owner").defer(*(f"owner__{f}" for f in OWNER_DEFERRED))
    return build(items, first_part=len(fixed_parts(plan)) + 1, today=today)


def _heading_month(item):
    if item.body or not item.title:
        return None
    return month_of_heading(item.title)
