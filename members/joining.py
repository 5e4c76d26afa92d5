"""Joining online (入会申请): the union's join link, a worker's application, the committee's decision.

A union's public join page is /join/<token>/ (Union.join_token); it is off (no token) until the
committee turns it on, and a new token kills the old link. The page asks for no login, so it guards
itself without a captcha: a honeypot field, a signed time stamp (a form sent within seconds of opening
it, or a day later, is refused) and a limit of applications per client address. The applicant gets a
receipt code once; only its sha256 is kept, and the code shows the application's status.

Approval creates the member through members.history (with a 会员证号 from the union's numbering) and,
if the committee ticks it, the login through members.accounts.create_logins — the one way logins are made.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import attempts, history
from members.models import HistoryEntry, JoinApplication, Member, Union
from members.proxies import client_ip
from members.roster_values import id_number_text, read_id_number

# Applications a client address may send in an hour.
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60  # seconds
# A form filled in faster than this is a robot's; one older than a day was opened long ago (or replayed).
FASTEST = 3  # seconds
OLDEST = 24 * 60 * 60  # seconds
STAMP_SALT = "members.joining.form-opened"

# Receipt codes as the suggestions' (congress): no 0/O, 1/I/L; 12 characters, about 59 bits.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 12


# --- the ID number (居民身份证号码) -----------------------------------------------------------------


def normalised_id(text):
    """The number as typed: without spaces, in ASCII digits, with a capital X (roster_values.id_number_text)."""
    return id_number_text(text or "")


def id_number_valid(number):
    """Whether an 18-character ID number's check character and birth date are right (GB 11643), by the
    roster import's own rule."""
    try:
        read_id_number(number)
    except ValueError:
        return False
    return True


def gender_from_id(number):
    """"M" or "F" from the 17th digit (odd: male), "" without a valid number."""
    try:
        return read_id_number(number).gender
    except ValueError:
        return ""


def masked(number):
    """4301**********123X: the region's first four and the last four, never the birth date."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def id_digest(number):
    """A keyed digest of the ID number, to find the same number again without decrypting every row."""
    if not number:
        return ""
    key = hashlib.sha256(f"members.joining.id:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, number.encode(), hashlib.sha256).hexdigest()


# --- the join link ----------------------------------------------------------------------------------


def new_join_token():
    return secrets.token_urlsafe(16)[:22]


def turn_on_link(union, by):
    """Give the union a new join token (killing any old link); returns the token."""
    union.join_token = new_join_token()
    union.save(update_fields=["join_token"])
    history.record(union, by, HistoryEntry.Action.OTHER, note=_("Join link renewed"), union=union)
    return union.join_token


def turn_off_link(union, by):
    union.join_token = ""
    union.save(update_fields=["join_token"])
    history.record(union, by, HistoryEntry.Action.OTHER, note=_("Join link turned off"), union=union)


def union_for_token(token):
    """The union whose join page this is, or None (an empty token never opens one)."""
    if not token or len(token) > 32:
        return None
    return Union.objects.filter(join_token=token).first()


# --- the spam guard ---------------------------------------------------------------------------------


def form_stamp():
    """The signed moment the form was opened, for its hidden field."""
    return signing.dumps(timezone.now().timestamp(), salt=STAMP_SALT)


def stamp_fresh(stamp):
    """Whether the form was opened between FASTEST seconds and OLDEST seconds ago."""
    try:
        opened = float(signing.loads(stamp or "", salt=STAMP_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    age = timezone.now().timestamp() - opened
    return FASTEST <= age <= OLDEST


def rate_limited(address):
    """Whether this client address has sent RATE_LIMIT applications within the hour."""
    return attempts.made(f"join:{address}") >= RATE_LIMIT


def count_attempt(address):
    attempts.record(f"join:{address}", RATE_WINDOW)


def client_address(request):
    # The client's own address behind the reverse proxy (members.proxies), as the login lock-out counts
    # it: REMOTE_ADDR alone is nginx's for every request, and one spammer would use up the limit of
    # every worker of every union on the deployment.
    return client_ip(request) or "unknown"


# --- receipt codes ----------------------------------------------------------------------------------


def new_receipt_code():
    """A random code, grouped for reading aloud: "7KQM-3XWD-H9PA"."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def receipt_hash(code):
    plain = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return hashlib.sha256(plain.encode()).hexdigest()


def find_by_receipt(union, code):
    if not code or len(code) > 40:
        return None
    return JoinApplication.objects.for_union(union).filter(receipt_hash=receipt_hash(code)).first()


# --- applying and deciding --------------------------------------------------------------------------


def submit(application):
    """Save a new application (filled in by the form); returns its receipt code, shown once."""
    code = new_receipt_code()
    application.id_number = normalised_id(application.id_number)
    application.id_digest = id_digest(application.id_number)
    application.receipt_hash = receipt_hash(code)
    application.status = JoinApplication.Status.PENDING
    application.submitted_at = timezone.now()
    application.save(force_insert=True)
    return code


def next_card_number(union):
    """The union's next 会员证号 as it numbers them: prefix + zero-padded number."""
    return f"{union.card_prefix}{union.card_next:0{union.card_digits}d}"


class Refused(Exception):
    """The decision cannot be made; the message says why (in Chinese)."""


@dataclass
class Approval:
    member: Member
    credentials: list  # members.accounts.Credential, at most one


def approve(application, by, *, card_number="", create_login=False, today=None):
    """Make the applicant a member (with a 会员证号 and, if asked, a login). Raises Refused."""
    from members.accounts import LoginRefused, create_logins

    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            union = Union.objects.select_for_update().get(pk=application.union_id)
            application = JoinApplication.objects.select_for_update().get(pk=application.pk)
            if application.status != JoinApplication.Status.PENDING:
                raise Refused(_("This application has already been decided."))
            numbered = not card_number
            card_number = card_number or next_card_number(union)
            if Member.objects.for_union(union).filter(card_number=card_number).exists():
                raise Refused(_("The membership card number %(number)s is already in use.") % {"number": card_number})
            member = Member(
                union=union, name=application.name, gender=application.gender, phone=application.phone,
                department=application.department, joined_on=today, card_number=card_number,
            )
            history.save_recorded(member, by, note=_("Joined online (application of %(day)s)")
                                  % {"day": timezone.localtime(application.submitted_at).date().isoformat()})
            if numbered:
                union.card_next += 1
                union.save(update_fields=["card_next"])
            application.status = JoinApplication.Status.APPROVED
            application.decided_at, application.decided_by, application.member = timezone.now(), by, member
            history.save_recorded(application, by, update_fields=["status", "decided_at", "decided_by", "member"],
                                  fields=["status", "member"])
            credentials = []
            if create_login:
                # The union's own kind of username: an applicant has no employee number, so a union that
                # logs in by employee number gives the login later, from the roster.
                batch = create_logins(union, Member.objects.filter(pk=member.pk), source=union.username_source,
                                      actor=by)
                if batch.skipped:
                    raise Refused(_("No login could be created: %(reason)s") % {"reason": batch.skipped[0].reason})
                credentials = batch.created
                member.refresh_from_db()
            return Approval(member, credentials)
    except LoginRefused as error:
        raise Refused(str(error)) from error
    except IntegrityError as error:
        raise Refused(_("Someone else changed the members at the same time. Please try again.")) from error


@transaction.atomic
def decline(application, by, reason):
    # Read again under the row's lock, as approve() does: the copy the view read may have been approved
    # meanwhile, and saving it would tell a new member their application was declined.
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != JoinApplication.Status.PENDING:
        raise Refused(_("This application has already been decided."))
    application.status, application.reason = JoinApplication.Status.DECLINED, reason
    application.decided_at, application.decided_by = timezone.now(), by
    history.save_recorded(application, by, update_fields=["status", "reason", "decided_at", "decided_by"],
                          fields=["status", "reason"])
