"""The year-end summary (年终总结): each app's `year_summary` composed, plus the chair's own words.

`build(union, year)` asks every app for its figures (a fixed number of queries each, see the apps'
summary.py) and the union's saved `YearSummary`. The page and the three exports render the result;
none of them reaches into another app's models.

Until the chair saves the text, `Summary.text` is a draft written from the figures (`draft`), so
even an unsaved year exports as a complete document.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

import activities.summary
import funds.summary
import members.summary
import plans.summary
from funds.periods import month_name
from members import history
from members.escaping import Escaped
from members.money import yuan_number
from members.versioning import StaleEdit
from unionplan import year_figures
from unionplan.models import YearSummary

FIRST_YEAR = 2000
OPEN_ITEMS_NAMED = 5  # a draft names at most this many unfinished plan items, then 等N项
HIGHLIGHTS_NAMED = 3
LOW_ATTENDANCE = 0.8  # below this share of sign-ups turning up, the draft calls it a problem


def year_in_range(year, today=None):
    """A summary exists for years from 2000 to next year (a plan for next year may be written)."""
    today = today or timezone.localdate()
    return FIRST_YEAR <= year <= today.year + 1


@dataclass(frozen=True)
class Percent:
    """A share as the summary writes it: 0.575 → "58%", rounded half up on its decimal digits (not on
    the float's 57.4999…), "—" when there is nothing to divide by."""

    fraction: float | None  # 0.5 is 50%
    digits: int = 0

    def __str__(self):
        if self.fraction is None:
            return "—"
        step = Decimal(1).scaleb(-self.digits)
        value = (Decimal(repr(self.fraction)) * 100).quantize(step, rounding=ROUND_HALF_UP)
        return f"{value}%"


@dataclass
class Summary:
    union: object
    year: int
    plan: plans.summary.PlanSummary
    activities: activities.summary.ActivitySummary
    members: members.summary.MembersSummary
    funds: funds.summary.FundsSummary
    saved: YearSummary | None = None  # the chair's saved text, or None before the first save

    @cached_property
    def text(self):
        """The chair's text: the saved one, or an unsaved draft written from the figures."""
        if self.saved is not None:
            return self.saved
        return YearSummary(union=self.union, year=self.year, **draft(self))

    @property
    def is_closed(self):
        """A year before this one: told in the past tense and dated at its end."""
        return year_figures.is_closed(self.year)

    @property
    def dated(self):
        """The document's date: the chair's, else the year's last day for a closed year, else today."""
        if self.text.dated:
            return self.text.dated
        return date(self.year, 12, 31) if self.is_closed else timezone.localdate()

    @cached_property
    def changes(self):
        """The key figures that moved since the chair saved the text (see changes_since_saved)."""
        return changes_since_saved(self)

    @property
    def title(self):
        return _("%(union)s work summary for %(year)d") % {"union": self.union.name, "year": self.year}

    @property
    def is_empty(self):
        """Nothing of the year's work was recorded (the roster alone does not make a year)."""
        return not (
            self.plan.exists
            or self.activities.total.planned
            or self.activities.total.cancelled
            or self.members.visits
            or not self.funds.is_empty
        )

    @property
    def spent_categories(self):
        """Money categories with a budget or spending, for the tables and the chart."""
        return [c for c in self.funds.categories if c.budget or c.spent]

    @property
    def plan_parts(self):
        """The plan's parts for the page, their items as dicts: a template reads a key of a dict faster
        than an attribute of a dataclass, and the page lists the plan's ~300 work items. An item shows
        one note at most, its outcome, why it was dropped or else its progress note: said here with its
        label, so that the template writes one line a note, not three. The words items repeat (status,
        its label, owner, the note's look) come escaped once a page (members.escaping.Escaped): escaping
        is most of what printing a word costs, ~1 ms over the items."""
        outcome_label, reason_label = _("Outcome:"), _("Dropped because:")
        escaped = Escaped()
        return [
            {
                "number": part.number,
                "title": part.title,
                "done": part.done,
                "planned": part.planned,
                "completion": part.completion,
                "items": [
                    {
                        "number": i.number,
                        "text": i.text,
                        "status": escaped[i.status],
                        "status_label": escaped[i.status_label],
                        "owner": escaped[i.owner],
                        **_item_note(i, outcome_label, reason_label, escaped),
                    }
                    for i in part.items
                ],
            }
            for part in self.plan.parts
        ]

    @property
    def highlight_rows(self):
        """The highlights for the page as dicts, their day (or month) and participants said here: a date
        filter and a plural translation cost the template ~50 µs a highlight."""
        day_format = pgettext("date format of a highlight", "M j")
        return [
            {
                "title": h.title,
                "when": date_format(h.date, day_format) if h.date else month_name(h.month),
                "category": h.category,
                "participants": (
                    ngettext("%(n)s participant", "%(n)s participants", h.participants) % {"n": h.participants}
                    if h.participants
                    else ""
                ),
                "outcome": h.outcome,
            }
            for h in self.activities.highlights
        ]

    @property
    def department_rows(self):
        """The departments for the page as dicts, each with its share of the members said here once (a
        template filter for each of 40 departments and more cost the page half a millisecond)."""
        total = self.members.total
        return [
            {"label": d.label, "count": d.count, "share": str(Percent(d.count / total if total else None))}
            for d in self.members.by_department
        ]

    @property
    def care_reached_share(self):
        """Members visited as a share of the members at the year's end (0..1), or None."""
        return self.members.members_reached / self.members.total if self.members.total else None


def _item_note(item, outcome_label, reason_label, escaped):
    """{"note": the one line under a plan item on the page, "note_class": its look (escaped once)}."""
    if item.outcome:
        return {"note": f"{outcome_label} {item.outcome}", "note_class": escaped["small"]}
    if item.reason:
        return {"note": f"{reason_label} {item.reason}", "note_class": escaped["small text-danger-emphasis"]}
    return {"note": item.progress_note, "note_class": escaped["small text-body-secondary"]}


def build(union, year):
    """The year's figures (as kept, see unionplan.year_figures) and the chair's text."""
    return Summary(
        union=union,
        year=year,
        **year_figures.year_parts(union, year),
        saved=saved_text(union, year),
    )


def saved_text(union, year):
    """The chair's saved text of the year, or None; with the names of who saved it last, as the page says
    it (saved_by_name, saved_by_username), not the user and member rows (select_related reads their ~60
    columns and builds two instances)."""
    return (
        YearSummary.objects.for_union(union)
        .filter(year=year)
        .annotate(saved_by_name=F("updated_by__member__name"), saved_by_username=F("updated_by__username"))
        .first()
    )


# -- the draft ----------------------------------------------------------------------------------------


def listing(words):
    """Chinese enumeration: 甲、乙、丙."""
    return pgettext("enumeration separator", ", ").join(str(w) for w in words)


def short(text, limit=24):
    """An item's text as a draft names it: its first sentence without the closing punctuation, or
    its first clause when the sentence is long. Never cut inside a word: a clause longer than
    `limit` is kept whole."""
    text = re.split(r"[。；;！!？?\n]", text.strip(), maxsplit=1)[0].strip(" ，,、：:")
    if len(text) > limit:
        clause = re.split(r"[，,：:]", text, maxsplit=1)[0].strip()
        if 4 <= len(clause):
            text = clause
    return text


def named_items(items):
    """The unfinished items by name: all of them, or the first few and 等N项 with the count of all.
    By name only: the plan's own numbers (二、（一）3、) would read as the summary's headings."""
    names = [short(i.text) for i in items[:OPEN_ITEMS_NAMED]]
    if len(items) <= OPEN_ITEMS_NAMED:
        return listing(names)
    return _("%(items)s and others, %(count)d in all") % {"items": listing(names), "count": len(items)}


PLACEHOLDERS = {
    "achievements": gettext_noop("(Write the year's main achievements here.)"),
    "problems": gettext_noop("(Write what did not go well this year here.)"),
}


def draft_paragraphs(summary):
    """The draft's paragraphs per text field, each with a key naming what it was written from:
    {"achievements": [("plan", "按照年度工作计划…"), …], …}."""
    closed = summary.is_closed
    return {
        "achievements": list(_achievements(summary, closed)),
        "problems": list(_problems(summary, closed)),
        "next_year": list(_next_year(summary, closed)),
    }


def draft(summary, paragraphs=None):
    """The chair's three texts, written from the figures; a starting point the chair rewrites."""
    paragraphs = paragraphs or draft_paragraphs(summary)
    texts = {name: "\n".join(text for _key, text in lines) for name, lines in paragraphs.items()}
    for name, placeholder in PLACEHOLDERS.items():
        texts[name] = texts[name] or _(placeholder)
    return texts


def _achievements(s, closed):
    plan, acts, people, money = s.plan, s.activities, s.members, s.funds
    if plan.exists and plan.planned:
        values = {
            "planned": plan.planned,
            "done": plan.done,
            "rate": plan.completion.explained,
            "in_progress": plan.in_progress,
            "not_started": plan.not_started,
            "dropped": plan.dropped,
        }
        if closed:
            yield (
                "plan",
                _(
                    "Following the annual work plan, %(planned)d work items were planned for the year; by the "
                    "year's end %(done)d were done, %(rate)s; %(in_progress)d were still in progress, "
                    "%(not_started)d had not started and %(dropped)d were dropped."
                )
                % values,
            )
        else:
            yield (
                "plan",
                _(
                    "Following the annual work plan, %(planned)d work items are planned for the year; so far "
                    "%(done)d are done, %(rate)s; %(in_progress)d are in progress, %(not_started)d have not "
                    "started and %(dropped)d were dropped."
                )
                % values,
            )
    if acts.total.held:
        kinds = [
            _("%(category)s %(count)d times") % {"category": c.name, "count": c.held} for c in acts.categories if c.held
        ]
        yield (
            "activities",
            _("The union held %(held)d activities with %(participants)d participations in all, among them %(kinds)s.")
            % {"held": acts.total.held, "participants": acts.total.participants, "kinds": listing(kinds)},
        )
        if acts.highlights:
            titles = [h.title for h in acts.highlights[:HIGHLIGHTS_NAMED]]
            yield "highlights", _("Highlights of the year: %(titles)s.") % {"titles": listing(titles)}
    counts = {"total": people.total, "joined": people.joined, "retired": people.retired, "left": people.left}
    if people.joined or people.retired or people.left:
        if closed:
            text = _(
                "At the end of the year the union had %(total)d members; %(joined)d joined, %(retired)d retired "
                "and %(left)d left during the year."
            )
        else:
            text = _(
                "The union now has %(total)d members; so far this year %(joined)d joined, %(retired)d retired "
                "and %(left)d left."
            )
        yield "members", text % counts
    elif people.total:
        if closed:
            text = _("At the end of the year the union had %(total)d members.")
        else:
            text = _("The union now has %(total)d members.")
        yield "members", text % counts
    if people.visits:
        yield (
            "care",
            _(
                "The committee made %(visits)d care visits to %(reached)d members and gave %(amount)s yuan in "
                "care money; %(greeted)d members received birthday greetings and %(supported)d members in "
                "hardship were supported."
            )
            % {
                "visits": people.visits,
                "reached": people.members_reached,
                "amount": yuan_number(people.care_amount or 0),
                "greeted": people.birthdays_greeted,
                "supported": people.hardship_members_supported,
            },
        )
    if not money.is_empty:
        yield (
            "funds",
            _(
                "Dues of %(collected)s yuan were collected; the union's income was %(income)s yuan and its "
                "expense %(expense)s yuan."
            )
            % {
                "collected": yuan_number(money.dues_collected or 0),
                "income": yuan_number(money.income_total or 0),
                "expense": yuan_number(money.expense_total or 0),
            },
        )
    review = money.review
    if review is not None and review.conclusion:
        yield (
            "review",
            _("The fund review (%(period)s) concluded: %(conclusion)s.")
            % {
                "period": review.period,
                "conclusion": review.conclusion,
            },
        )


def _open_items(plan):
    return [i for part in plan.parts for i in part.items if i.status in ("not_started", "in_progress")]


def _problems(s, closed):
    plan, acts, money = s.plan, s.activities, s.funds
    open_items = _open_items(plan)
    if open_items:
        values = {"count": len(open_items), "items": named_items(open_items)}
        if closed:
            yield (
                "open_items",
                _("%(count)d work items of the plan were not finished within the year: %(items)s.") % values,
            )
        else:
            yield "open_items", _("%(count)d work items of the plan are not finished: %(items)s.") % values
    if plan.dropped:
        yield "dropped", _("%(count)d work items were dropped during the year.") % {"count": plan.dropped}
    rate = acts.total.attendance_rate
    if rate is not None and rate < LOW_ATTENDANCE:
        yield (
            "attendance",
            _("Only %(rate)s of those who signed up for activities took part; members' participation needs to improve.")
            % {"rate": Percent(rate)},
        )
    if money.dues_arrears > 0:
        yield (
            "arrears",
            _("Dues of %(arrears)s yuan are in arrears, owed by %(members)d members.")
            % {
                "arrears": yuan_number(money.dues_arrears or 0),
                "members": money.members_in_arrears,
            },
        )
    over = [c.name for c in money.categories if c.over_budget]
    if over:
        yield "over_budget", _("Spending went over the budget in: %(categories)s.") % {"categories": listing(over)}


def _next_year(s, closed):
    open_items = _open_items(s.plan)
    if open_items:
        items = named_items(open_items)
        if closed:
            yield (
                "carry_on",
                _("Carry on with the work of %(year)d that was not finished: %(items)s.")
                % {
                    "year": s.year,
                    "items": items,
                },
            )
        else:
            yield "carry_on", _("Carry on with the work not finished this year: %(items)s.") % {"items": items}
    yield (
        "next_plan",
        _("Draw up the %(next)d work plan in good time and put it to the workers' congress.") % {"next": s.year + 1},
    )
    yield "care", _("Keep up the care for members and the support for members in hardship.")
    yield "funds", _("Keep the union's funds in good order and collect the dues on time.")


# -- the figures the text was written from ------------------------------------------------------------


def key_figures(s):
    """The figures a chair's text states, as the summary writes them: [(key, label, "50%")]."""
    plan, acts, people, money = s.plan, s.activities, s.members, s.funds
    rows = []
    if plan.exists:
        rows += [
            ("plan_planned", pgettext("key figure", "Plan items"), plan.planned),
            ("plan_done", pgettext("key figure", "Plan items done"), plan.done),
            ("plan_in_progress", pgettext("key figure", "Plan items in progress"), plan.in_progress),
            ("plan_dropped", pgettext("key figure", "Plan items dropped"), plan.dropped),
            ("plan_rate", pgettext("key figure", "Completion rate"), str(plan.completion)),
        ]
    rows += [
        ("activities_held", pgettext("key figure", "Activities held"), acts.total.held),
        ("participants", pgettext("key figure", "Participations"), acts.total.participants),
        ("members", pgettext("key figure", "Members at the end of the year"), people.total),
        ("joined", pgettext("key figure", "Joined during the year"), people.joined),
        ("left", pgettext("key figure", "Left during the year"), people.left),
        ("retired", pgettext("key figure", "Retired during the year"), people.retired),
        ("visits", pgettext("key figure", "Care visits"), people.visits),
        ("care_amount", pgettext("key figure", "Care money"), yuan_number(people.care_amount or 0)),
        ("dues_collected", pgettext("key figure", "Dues collected"), yuan_number(money.dues_collected or 0)),
        ("dues_arrears", pgettext("key figure", "Dues in arrears"), yuan_number(money.dues_arrears or 0)),
        ("income", pgettext("key figure", "Income in all"), yuan_number(money.income_total or 0)),
        ("expense", pgettext("key figure", "Expense in all"), yuan_number(money.expense_total or 0)),
    ]
    return [(key, label, str(value)) for key, label, value in rows]


@dataclass
class Change:
    label: str
    before: str
    now: str


def changes_since_saved(s):
    """The key figures that moved since the chair's text was saved; [] for an unsaved draft, or a
    text saved before the figures were kept with it."""
    if s.saved is None or not s.saved.figures:
        return []
    kept = s.saved.figures
    return [
        Change(label, kept[key], value) for key, label, value in key_figures(s) if key in kept and kept[key] != value
    ]


def refreshed(s):
    """The saved text with its generated paragraphs written again from today's figures.

    A paragraph is generated when it reads exactly as the draft wrote it at the last save (the
    draft kept with the text): it is replaced by today's paragraph of the same key, or goes when
    the figures no longer give one. Every other line is the chair's own and stays where it is. A
    paragraph the draft did not write then (a new problem) goes after its neighbour in the draft.
    """
    text, now = s.text, draft_paragraphs(s)
    kept = (s.saved.draft if s.saved is not None else None) or {}
    texts = {}
    for name, lines in now.items():
        old = kept.get(name, {})
        generated = {paragraph: key for key, paragraph in old.items()}
        new = dict(lines)
        result, placed = [], {}
        for line in getattr(text, name).splitlines():
            key = generated.get(line.strip())
            if key is None:
                result.append(line)
            elif key in new:
                placed[key] = len(result)
                result.append(new[key])
        order = list(new)
        for i, key in enumerate(order):
            if key in placed or key in old or not old:
                continue
            before = next((placed[k] for k in reversed(order[:i]) if k in placed), None)
            at = before + 1 if before is not None else min(placed.values(), default=len(result))
            result.insert(at, new[key])
            placed = {k: (p + 1 if p >= at else p) for k, p in placed.items()}
            placed[key] = at
        texts[name] = "\n".join(result)
    return texts


# -- saving the chair's text -----------------------------------------------------------------------------


def save_text(text, seen_version, user, summary):
    """Save the chair's text (a YearSummary the form filled in) and record it (members.history),
    refusing an edit based on an old version. The summary's key figures and draft paragraphs are
    kept with it: what the text was written from.

    `seen_version` is 0 when the editor started from the unsaved draft: if someone saved the text
    meanwhile, that save wins and this one is refused, like any other stale edit.
    """
    text.updated_by = user if getattr(user, "is_authenticated", False) else None
    text.figures = {key: value for key, _label, value in key_figures(summary)}
    text.draft = {name: dict(lines) for name, lines in draft_paragraphs(summary).items()}
    try:
        return history.save_recorded(text, user, seen_version, fields=YearSummary.FORM_FIELDS)
    except IntegrityError as clash:  # the first text, created by someone else since the page was opened
        raise StaleEdit(str(StaleEdit.message)) from clash
