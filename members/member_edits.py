"""What saving a member's record brings with it, beyond the record: the dates of a retirement or a
departure, the login role a committee position grants, and a word to the old e-mail address. The form
(members.views.edit) and the roster import (members.roster_import) both go through here."""

from django.db import transaction

from members.accounts import record_role_change, tell_old_address
from members.history import save_recorded
from members.models import Member
from members.roles import apply_position_role


def note_status_dates(member, was, today):
    """A member who retires or leaves gets the day recorded, unless one was given (the year-end summary
    counts them by it)."""
    if member.status == was:
        return
    if member.status in (Member.Status.RETIRED, Member.Status.EARLY_RETIRED) and not member.retired_on:
        member.retired_on = today
    if member.status == Member.Status.LEFT and not member.left_on:
        member.left_on = today


def save_member(member, by, seen_version, *, before, update_fields=None):
    """Save an edited member as `by` (members.history.save_recorded: versioned, with its history) and,
    in the same transaction, give their login the role of a changed position; `before` is the member as
    the editor opened it. The old e-mail address hears of a change once it is saved."""
    with transaction.atomic():
        save_recorded(member, by, seen_version, fields=Member.history_fields(), update_fields=update_fields)
        if member.position != before.position:
            record_role_change(member, by, apply_position_role(member))
    tell_old_address(member, before.email)
    return member
