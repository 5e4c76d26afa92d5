"""Suggestions and the union mailbox (合理化建议 / 工会信箱): submitting one, named or anonymously,
reading the reply with a receipt code, answering it, and rewarding an adopted proposal.

An anonymous suggestion stores nobody: no author, no history entry (its time would point at the
sender's requests), a day instead of a time, and only the sha256 of its receipt code.
"""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from congress.models import Suggestion
from funds.models import Expense, ExpenseCategory, FundSettings
from members import attempts
from members.history import save_recorded

# No 0/O, 1/I/L: a code read aloud or copied from paper comes out the same. 31 letters, 12 of them:
# about 59 bits, far beyond guessing even without the rate limit.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 12
RECEIPT_GROUP = 4

# Wrong receipt codes a user may enter before the page stops looking for a while.
RECEIPT_TRIES = 10
RECEIPT_COOLOFF = 15 * 60  # seconds

# Rewards for rationalisation proposals are members' activity spending (职工活动支出) by default.
REWARD_CATEGORY = "职工活动支出"

# The fields the history of a suggestion shows: what the committee decided, never the receipt's hash.
ANSWER_FIELDS = ["status", "reply", "replied_on"]
REWARD_FIELDS = ["reward", "reward_expense"]


def new_receipt_code():
    """A random code, grouped for reading aloud: "7KQM-3XWD-H9PA"."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i:i + RECEIPT_GROUP] for i in range(0, RECEIPT_LENGTH, RECEIPT_GROUP))


def normalised(code):
    """The code as entered, without spaces or dashes, in capitals (a phone's keyboard may add them)."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def receipt_hash(code):
    return hashlib.sha256(normalised(code).encode()).hexdigest()


def submit(suggestion, member, by, *, anonymous):
    """Save a new suggestion from `member`; returns the receipt code of an anonymous one (else None).

    Named: the author is kept and the submission is in the history under `by`. Anonymous: nothing
    that names the sender is kept, so there is no history entry at all."""
    suggestion.submitted_on = timezone.localdate()
    suggestion.status = Suggestion.Status.RECEIVED
    if not anonymous:
        suggestion.author, suggestion.anonymous = member, False
        save_recorded(suggestion, by, fields=["kind", "title", "text", "author"])
        return None
    code = new_receipt_code()
    suggestion.author, suggestion.anonymous = None, True
    suggestion.receipt_hash = receipt_hash(code)
    suggestion.save(force_insert=True)
    return code


def _tries_of(user):
    return f"congress-receipt-wrong:{user.pk}"


def receipt_tries_left(user):
    return max(RECEIPT_TRIES - attempts.made(_tries_of(user)), 0)


def find_by_receipt(union, user, code):
    """The anonymous suggestion of `union` the code opens, or None (and one try fewer for `user`).

    Only wrong codes are counted, under the user's id and for a quarter of an hour: the count says
    that someone mistyped, never which suggestion anyone opened."""
    found = None
    if len(normalised(code)) == RECEIPT_LENGTH:
        found = Suggestion.objects.for_union(union).filter(anonymous=True, receipt_hash=receipt_hash(code)).first()
    if found is None:
        attempts.record(_tries_of(user), RECEIPT_COOLOFF)
    return found


def answer(suggestion, by, seen_version, *, status, reply, today=None):
    """The committee's reply and outcome; raises StaleEdit when someone answered in between."""
    if status not in allowed_outcomes(suggestion):
        raise ValidationError(gettext("Choose an outcome that fits this kind of message."), code="bad_outcome")
    suggestion.status, suggestion.reply = status, reply
    suggestion.replied_on = today or timezone.localdate()
    return save_recorded(suggestion, by, seen_version, fields=ANSWER_FIELDS)


def allowed_outcomes(suggestion):
    """A rationalisation proposal is adopted, studied or not adopted; a letter is answered."""
    if suggestion.kind == Suggestion.Kind.LETTER:
        return [Suggestion.Status.ANSWERED]
    return [Suggestion.Status.STUDYING, Suggestion.Status.ADOPTED, Suggestion.Status.NOT_ADOPTED]


def reward_refusal(suggestion):
    """Why `suggestion` cannot be rewarded now, or "" when it can."""
    if suggestion.kind != Suggestion.Kind.SUGGESTION or suggestion.status != Suggestion.Status.ADOPTED:
        return gettext("Only an adopted rationalisation proposal can be rewarded.")
    if suggestion.author_id is None:
        return gettext(
            "This proposal was sent anonymously: the union does not know whom to pay, so no reward can be "
            "recorded. Announce the adoption instead; the sender may come forward in person."
        )
    if suggestion.reward_expense_id is not None:
        return gettext("This proposal has already been rewarded.")
    return ""


def default_reward_category(union):
    FundSettings.for_union(union)  # the default categories, on first use
    return ExpenseCategory.objects.for_union(union).filter(name=REWARD_CATEGORY, active=True).first()


@transaction.atomic
def reward(suggestion, by, seen_version, *, amount, date, category):
    """Pay the author of an adopted proposal: an expense (refused in a locked period: PeriodLocked)
    and the suggestion pointing at it, both in the history, or neither."""
    refusal = reward_refusal(suggestion)
    if refusal:
        raise ValidationError(refusal, code="no_reward")
    expense = Expense(
        union=suggestion.union,
        date=date,
        category=category,
        amount=amount,
        payee=suggestion.author.name,
        description=(gettext("Reward for rationalisation proposal: %(title)s") % {"title": suggestion.title})[:200],
    )
    save_recorded(expense, by)
    suggestion.reward, suggestion.reward_expense = amount, expense
    return save_recorded(suggestion, by, seen_version, fields=REWARD_FIELDS)


def mine(member, limit=5):
    """The member's own named suggestions, newest first (for the /congress/ index)."""
    if member is None:
        return Suggestion.objects.none()
    return Suggestion.objects.for_union(member.union_id).filter(author=member).order_by("-submitted_on", "-id")[:limit]
