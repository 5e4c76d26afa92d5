"""Signing up, cancelling and the sign-in afterwards.

Capacity is checked with the activity row locked (SELECT … FOR UPDATE), so concurrent sign-ups
cannot overfill it; the unique constraint on (activity, member) makes a double sign-up impossible
even when both requests pass every check at once.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from activities.models import Activity, Signup


class SignupRefused(Exception):
    pass


def sign_up(activity, member):
    """Sign `member` up for `activity`, or raise SignupRefused saying why not."""
    if not activity.is_for(member):
        raise SignupRefused(_("This activity is not meant for you."))
    try:
        with transaction.atomic():
            locked = Activity.objects.select_for_update().get(pk=activity.pk)
            problem = locked.signup_problem()
            if problem:
                raise SignupRefused(problem)
            if Signup.objects.filter(activity=locked, member=member).exists():
                raise SignupRefused(_("You have already signed up."))
            if locked.capacity is not None and locked.signups.count() >= locked.capacity:
                raise SignupRefused(_("Sorry, all places are taken."))
            return Signup.objects.create(union_id=locked.union_id, activity=locked, member=member)
    except IntegrityError as error:
        # A concurrent request of the same member got there first.
        raise SignupRefused(_("You have already signed up.")) from error


def cancel_signup(activity, member):
    """Withdraw `member`'s sign-up while sign-up is still open."""
    problem = activity.signup_problem()
    if problem:
        raise SignupRefused(problem)
    deleted, _detail = Signup.objects.filter(activity=activity, member=member).delete()
    if not deleted:
        raise SignupRefused(_("You had not signed up."))


@transaction.atomic
def record_attendance(activity, attended_ids, participants, outcome, mark_done=True):
    """The sign-in after the activity: who came, how many took part in all, and what came of it."""
    signups = Signup.objects.filter(activity=activity)
    signups.filter(pk__in=attended_ids).update(attended=True)
    signups.exclude(pk__in=attended_ids).update(attended=False)
    activity.attendance = participants
    activity.outcome = outcome
    fields = ["attendance", "outcome", "updated_at"]
    if mark_done:
        activity.status = Activity.Status.DONE
        fields.append("status")
    activity.save(update_fields=fields)
    return activity
