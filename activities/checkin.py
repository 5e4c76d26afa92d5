"""QR-code check-in (签到) at an activity.

The organiser's screen shows a QR code holding an absolute URL with a token that changes every
WINDOW seconds: the number of the 30-second window since the epoch, signed with the site's secret
for this activity (HMAC). A token is accepted during its own window and the next one only, so a
photo of the code forwarded to someone at home stops working within a minute.

A member who scans it is recorded present with the time (Signup.attended, Signup.checked_in_at).
Members who did not sign up get a sign-up made at the door when the activity allows walk-ins
(Activity.walk_ins). The activity's participants figure (Activity.attendance, what the year-end
summary adds up for held activities) moves with every check-in and every removal.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from activities.models import Activity, Signup
from members import history
from members.models import Member

WINDOW = 30  # seconds a code is shown before the next one
MAC_LENGTH = 16


class CheckinRefused(Exception):
    pass


def window_of(now=None):
    return int((now or timezone.now()).timestamp()) // WINDOW


def token_for(activity, window):
    mac = salted_hmac(f"activities.checkin:{activity.pk}", str(window), algorithm="sha256").hexdigest()
    return f"{window}-{mac[:MAC_LENGTH]}"


def current_token(activity, now=None):
    return token_for(activity, window_of(now))


def seconds_left(now=None):
    """Until the code on the screen is replaced by the next one."""
    now = now or timezone.now()
    return WINDOW - int(now.timestamp()) % WINDOW


class Token:
    VALID, EXPIRED, INVALID = "valid", "expired", "invalid"


def read_token(activity, token, now=None):
    """Token.VALID for this window's or the last window's code, EXPIRED for an older (or a future)
    genuine one, INVALID for anything not signed for this activity."""
    window_text, _sep, mac = (token or "").partition("-")
    if not window_text.isascii() or not window_text.isdigit() or len(window_text) > 12:
        return Token.INVALID
    window = int(window_text)
    if not constant_time_compare(token_for(activity, window), f"{window}-{mac}"):
        return Token.INVALID
    return Token.VALID if window_of(now) - window in (0, 1) else Token.EXPIRED


@dataclass
class CheckedIn:
    signup: Signup
    already: bool  # checked in before: nothing changed
    walk_in: bool  # not signed up: a sign-up was made at the door


def check_in(activity, member, *, now=None, by=None):
    """Record `member` present at `activity` now, or raise CheckinRefused saying why not. `by` is the
    organiser's user for a check-in by hand (kept in the history); None for the member's own scan."""
    if member.union_id != activity.union_id:
        raise CheckinRefused(_("This activity belongs to another union."))
    if member.status == Member.Status.LEFT:
        raise CheckinRefused(_("Only members of the union can check in."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.status == Activity.Status.CANCELLED:
            raise CheckinRefused(_("This activity is cancelled."))
        signup = Signup.objects.filter(activity=locked, member=member).first()
        walk_in = signup is None
        if walk_in:
            if not locked.walk_ins and by is None:
                raise CheckinRefused(
                    _("You did not sign up for this activity, and it takes only those who signed up.")
                )
            if not locked.is_for(member) and by is None:
                raise CheckinRefused(_("This activity is not meant for you."))
            signup = Signup(union_id=locked.union_id, activity=locked, member=member)
        elif signup.attended and signup.checked_in_at:
            return CheckedIn(signup, already=True, walk_in=False)
        signup.attended = True
        signup.checked_in_at = now
        if by is not None:
            history.save_recorded(signup, by, note=_("Checked in by hand"))
        else:
            signup.save()
        _count(locked, +1)
    return CheckedIn(signup, already=False, walk_in=walk_in)


def undo_check_in(activity, signup, *, by):
    """The organiser takes a check-in back (scanned by mistake, or for a friend)."""
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if not signup.attended:
            return
        signup.attended = False
        signup.checked_in_at = None
        history.save_recorded(signup, by, note=_("Check-in taken back by hand"))
        _count(locked, -1)


def _count(activity, change):
    """Move the activity's participants figure with a check-in. Before the first, it is the
    attendance ticked so far; the organiser may have added people without a login to it, whom a
    check-in keeps."""
    if activity.attendance is None:
        attendance = activity.signups.filter(attended=True).count()
    else:
        attendance = max(activity.attendance + change, 0)
    Activity.objects.filter(pk=activity.pk).update(attendance=attendance)
    activity.attendance = attendance


def present(activity):
    """Who has checked in (or been ticked as come), in the order of names."""
    return activity.signups.filter(attended=True).by_name()
