"""The year-end summary (年终总结): each app's `year_summary` composed, plus the chair's own words.

`build(union, year)` asks every app for its figures (a fixed number of queries each, see the apps'
summary.py) and the union's saved `YearSummary`. The page and the three exports render the result;
none of them reaches into another app's models.

Until the chair saves the text, `Summary.text` is a draft written from the figures (`draft`), so
even an unsaved year exports as a complete document.
"""

import re
from dataclasses import dataclass

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

import activities.summary
import funds.summary
import members.summary
import plans.summary
from members import history
from members.money import yuan_number
from members.versioning import StaleEdit
from unionplan import year_figures
from unionplan.models import YearSummary

FIRST_YEAR = 2000
OPEN_ITEMS_NAMED = 5  # a draft names at most this many unfinished plan items
HIGHLIGHTS_NAMED = 3
LOW_ATTENDANCE = 0.8  # below this share of sign-ups turning up, the draft calls it a problem


def year_in_range(year, today=None):
    """A summary exists for years from 2000 to next year (a plan for next year may be written)."""
    today = today or timezone.localdate()
    return FIRST_YEAR <= year <= today.year + 1


@dataclass
class Summary:
    union: object
    year: int
    plan: plans.summary.PlanSummary
    activities: activities.summary.ActivitySummary
    members: members.summary.MembersSummary
    funds: funds.summary.FundsSummary
    saved: YearSummary | None = None  # the chair's saved text, or None before the first save

    @property
    def text(self):
        """The chair's text: the saved one, or an unsaved draft written from the figures."""
        if self.saved is not None:
            return self.saved
        return YearSummary(union=self.union, year=self.year, **draft(self))

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
        than an attribute of a dataclass, and the page lists the plan's ~300 work items."""
        return [
            {
                "number": part.number,
                "title": part.title,
                "done": part.done,
                "planned": part.planned,
                "items": [
                    {
                        "number": i.number,
                        "text": i.text,
                        "status": i.status,
                        "status_label": i.status_label,
                        "owner": i.owner,
                        "outcome": i.outcome,
                        "reason": i.reason,
                        # Shown only for an item with neither an outcome nor a reason.
                        "progress_note": "" if i.outcome or i.reason else i.progress_note,
                    }
                    for i in part.items
                ],
            }
            for part in self.plan.parts
        ]

    @property
    def care_reached_share(self):
        """Members visited as a share of the members at the year's end (0..1), or None."""
        return self.members.members_reached / self.members.total if self.members.total else None


def build(union, year):
    """The year's figures (a closed year's as kept, see unionplan.year_figures) and the chair's text."""
    return Summary(
        union=union,
        year=year,
        **year_figures.year_parts(union, year),
        saved=YearSummary.objects.for_union(union)
        .filter(year=year)
        .select_related("updated_by__member")
        .first(),
    )


# -- the draft ----------------------------------------------------------------------------------------


def listing(words):
    """Chinese enumeration: 甲、乙、丙."""
    return pgettext("enumeration separator", ", ").join(str(w) for w in words)


def clauses(phrases):
    """Longer items, each with its own number: 一、1、甲；一、2、乙."""
    return pgettext("enumeration of clauses", "; ").join(str(p) for p in phrases)


def short(text, limit=24):
    """An item's text as a draft names it: its first clause, without the closing punctuation."""
    text = re.split(r"[。；;！!？?\n]", text.strip(), maxsplit=1)[0].strip(" ，,、：:")
    if len(text) > limit:
        clause = re.split(r"[，,：:]", text, maxsplit=1)[0]
        text = clause if 4 <= len(clause) <= limit else text[:limit] + "…"
    return text


def draft(summary):
    """The chair's three texts, written from the figures; a starting point the chair rewrites."""
    return {
        "achievements": "\n".join(_achievements(summary)) or _("(Write the year's main achievements here.)"),
        "problems": "\n".join(_problems(summary)) or _("(Write what did not go well this year here.)"),
        "next_year": "\n".join(_next_year(summary)),
    }


def _achievements(s):
    plan, acts, people, money = s.plan, s.activities, s.members, s.funds
    if plan.exists and plan.planned:
        yield _(
            "Following the annual work plan, %(planned)d work items were planned for the year: "
            "%(done)d are done (%(percent)d%%), %(in_progress)d are in progress and %(dropped)d were dropped."
        ) % {
            "planned": plan.planned,
            "done": plan.done,
            "percent": plan.percent_done,
            "in_progress": plan.in_progress,
            "dropped": plan.dropped,
        }
    if acts.total.held:
        kinds = [
            _("%(category)s %(count)d times") % {"category": c.name, "count": c.held}
            for c in acts.categories
            if c.held
        ]
        yield _(
            "The union held %(held)d activities with %(participants)d participations in all, "
            "among them %(kinds)s."
        ) % {"held": acts.total.held, "participants": acts.total.participants, "kinds": listing(kinds)}
        if acts.highlights:
            titles = [h.title for h in acts.highlights[:HIGHLIGHTS_NAMED]]
            yield _("Highlights of the year: %(titles)s.") % {"titles": listing(titles)}
    if people.joined or people.retired or people.left:
        yield _(
            "At the end of the year the union has %(total)d members; %(joined)d joined, %(retired)d retired "
            "and %(left)d left during the year."
        ) % {"total": people.total, "joined": people.joined, "retired": people.retired, "left": people.left}
    elif people.total:
        yield _("At the end of the year the union has %(total)d members.") % {"total": people.total}
    if people.visits:
        yield _(
            "The committee made %(visits)d care visits to %(reached)d members and gave %(amount)s yuan in "
            "care money; %(greeted)d members received birthday greetings and %(supported)d members in "
            "hardship were supported."
        ) % {
            "visits": people.visits,
            "reached": people.members_reached,
            "amount": yuan_number(people.care_amount or 0),
            "greeted": people.birthdays_greeted,
            "supported": people.hardship_members_supported,
        }
    if not money.is_empty:
        yield _(
            "Dues of %(collected)s yuan were collected; the union's income was %(income)s yuan and its "
            "expense %(expense)s yuan."
        ) % {
            "collected": yuan_number(money.dues_collected or 0),
            "income": yuan_number(money.income_total or 0),
            "expense": yuan_number(money.expense_total or 0),
        }
    review = money.review
    if review is not None and review.conclusion:
        yield _("The fund review (%(period)s) concluded: %(conclusion)s.") % {
            "period": review.period,
            "conclusion": review.conclusion,
        }


def _open_items(plan):
    return [i for part in plan.parts for i in part.items if i.status in ("not_started", "in_progress")]


def _problems(s):
    plan, acts, money = s.plan, s.activities, s.funds
    open_items = _open_items(plan)
    if open_items:
        named = [f"{i.number}{short(i.text)}" for i in open_items[:OPEN_ITEMS_NAMED]]
        yield _("%(count)d work items of the plan are not finished: %(items)s.") % {
            "count": len(open_items),
            "items": clauses(named),
        }
    if plan.dropped:
        yield _("%(count)d work items were dropped during the year.") % {"count": plan.dropped}
    rate = acts.total.attendance_rate
    if rate is not None and rate < LOW_ATTENDANCE:
        yield _(
            "Only %(rate)d%% of those who signed up for activities took part; members' participation "
            "needs to improve."
        ) % {"rate": round(rate * 100)}
    if money.dues_arrears > 0:
        yield _("Dues of %(arrears)s yuan are in arrears, owed by %(members)d members.") % {
            "arrears": yuan_number(money.dues_arrears or 0),
            "members": money.members_in_arrears,
        }
    over = [c.name for c in money.categories if c.over_budget]
    if over:
        yield _("Spending went over the budget in: %(categories)s.") % {"categories": listing(over)}


def _next_year(s):
    open_items = _open_items(s.plan)
    if open_items:
        named = [short(i.text) for i in open_items[:OPEN_ITEMS_NAMED]]
        yield _("Carry on with the work not finished this year: %(items)s.") % {"items": listing(named)}
    yield _("Draw up the %(next)d work plan in good time and put it to the workers' congress.") % {
        "next": s.year + 1
    }
    yield _("Keep up the care for members and the support for members in hardship.")
    yield _("Keep the union's funds in good order and collect the dues on time.")


# -- saving the chair's text -----------------------------------------------------------------------------


def save_text(text, seen_version, user):
    """Save the chair's text (a YearSummary the form filled in) and record it (members.history),
    refusing an edit based on an old version.

    `seen_version` is 0 when the editor started from the unsaved draft: if someone saved the text
    meanwhile, that save wins and this one is refused, like any other stale edit.
    """
    text.updated_by = user if getattr(user, "is_authenticated", False) else None
    try:
        return history.save_recorded(text, user, seen_version, fields=YearSummary.TEXT_FIELDS)
    except IntegrityError as clash:  # the first text, created by someone else since the page was opened
        raise StaleEdit(str(StaleEdit.message)) from clash
