"""What money was spent for: the activity or care visit an expense is booked for, and its deletion.

An expense's link to its activity or care visit is a SET_NULL foreign key, so deleting the activity
or the visit changes the expense. A fund reviewer reads an expense together with what it was spent
for ("登山大巴 for 三八节登山"); once a signed review has locked the expense's period, that is
part of what the reviewers signed. So the design is:

- an expense in a locked period keeps its link: deleting the activity or the visit is refused, with
  a message naming the locked expenses, until the chair reopens the period giving a reason (the one
  way to change locked money). Keeping the link and deleting the target at once is impossible, and
  silently emptying the link is exactly what the lock forbids;
- in an open period the deletion goes ahead as before, and each expense keeps a history entry that it
  lost its link (its version moves on too, so an editor who had it open cannot put the link back).

The rule is a `pre_delete` receiver (connected in FundsConfig.ready), so it holds on every path —
the activity and care pages, the admin, a recurring series, the shell — without `activities` or
`members` importing funds. Whoever deletes names the user for the history in the instance's
`deleted_by` attribute (the activity page and the admin do); pages call `refusal(instance)` first to
say no before trying.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from activities.models import Activity
from funds.models import Expense, FundReview
from members.history import save_recorded
from members.models import CareVisit, Union
from members.money import yuan

# The models an expense can be spent for, and the expense's field that points at each.
LINKS = {Activity: "activity", CareVisit: "care_visit"}


class SpentInLockedPeriod(ValidationError):
    """Deleting `instance` would change expenses that a signed fund review has locked."""

    def __init__(self, instance, locked):
        self.instance, self.locked = instance, locked
        expenses = "；".join(
            gettext("%(date)s %(description)s %(amount)s (%(review)s)")
            % {
                "date": f"{expense.date:%Y-%m-%d}",
                "description": expense.description,
                "amount": yuan(expense.amount),
                "review": review.title,
            }
            for expense, review in locked
        )
        super().__init__(
            gettext(
                "“%(name)s” cannot be deleted: money was spent for it in a period that a signed fund "
                "review has locked, and deleting it would change these expenses: %(expenses)s. The "
                "chair can reopen the period, giving a reason."
            )
            % {"name": instance, "expenses": expenses},
            code="spent_in_locked_period",
        )


def _expenses(instance):
    return list(Expense.objects.filter(**{LINKS[type(instance)]: instance}).order_by("date", "id"))


def _locked(instance, expenses):
    """[(expense, review)] for the expenses that a signed review of the union covers (one query)."""
    if not expenses:
        return []
    reviews = list(FundReview.objects.filter(union_id=instance.union_id).locking().order_by("start"))
    locked = []
    for expense in expenses:
        review = next((r for r in reviews if r.start <= expense.date <= r.end), None)
        if review is not None:
            locked.append((expense, review))
    return locked


def refusal(instance):
    """The reason `instance` (an activity or a care visit) cannot be deleted now, or None."""
    locked = _locked(instance, _expenses(instance))
    return SpentInLockedPeriod(instance, locked) if locked else None


def unlink_expenses(sender, instance, origin=None, **kwargs):
    """pre_delete of an activity or a care visit: refuse if a locked expense was spent for it, else
    clear each expense's link through `save_recorded` (versioned, with a history entry)."""
    if isinstance(origin, Union) or getattr(origin, "model", None) is Union:
        return  # the whole union goes, its money with it: nothing is left to change
    expenses = _expenses(instance)
    locked = _locked(instance, expenses)
    if locked:
        raise SpentInLockedPeriod(instance, locked)
    by = getattr(instance, "deleted_by", None) or getattr(origin, "deleted_by", None)
    field = LINKS[type(instance)]
    note = gettext("“%(name)s” was deleted; the expense stays, no longer linked to it.") % {"name": instance}
    for expense in expenses:
        setattr(expense, field, None)
        save_recorded(expense, by, note=note)
