"""Members' logins: created from the roster in one step, reset and disabled by the committee.

Plain functions under transaction.atomic; the views in members/account_views.py only call them.
Initial passwords are returned once (as `Credential`s) and never stored in plain text: the view keeps
them in the session for the one sheet the committee prints, then drops them.
"""

import secrets
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from members import history
from members.models import HistoryEntry, Member, Union, UsernameSource, name_order
from members.roles import ROLE_LABELS, ROLE_ORDER, can_grant, may_manage_login, role_for_position
from members.spreadsheets import xlsx_bytes

# Letters and digits nobody misreads on a printed sheet: no 0/O, 1/l/I.
PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz"
PASSWORD_DIGITS = "23456789"
PASSWORD_LENGTH = 10

# A random 10-character initial password (~49 bits) needs no million-round hash: guessing one offline
# still costs ~10^18 SHA-256 rounds, it is replaced at the first login, and Django re-hashes it at full
# strength on that login anyway. The full 1,000,000 rounds take 0.6 s per member here, over an hour
# for a union of 8,000; 5,000 rounds take about 1 ms.
INITIAL_PASSWORD_ITERATIONS = 5_000


# Django 5.2 changed the msgid of this password validator message and its zh_Hans catalogue has not
# caught up; naming it here brings it into our catalogue, so the first-login form says it in Chinese.
PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    8,
)


@dataclass
class Credential:
    """One line of the credentials sheet (姓名, 部门, 用户名, 初始密码)."""

    name: str
    department: str
    username: str
    password: str

    def as_row(self):
        return [self.name, self.department, self.username, self.password]


@dataclass
class Skipped:
    name: str
    reason: str


@dataclass
class LoginBatch:
    created: list  # Credentials
    skipped: list  # Skipped
    members: list = field(default_factory=list)  # the members who got a login (not kept in the session)

    def as_session(self):
        return {"created": [asdict(c) for c in self.created], "skipped": [asdict(s) for s in self.skipped]}

    @classmethod
    def from_session(cls, data):
        return cls(
            created=[Credential(**c) for c in data.get("created", [])],
            skipped=[Skipped(**s) for s in data.get("skipped", [])],
        )


class LoginRefused(Exception):
    """The committee member may not do this to this login; the message says why (in Chinese)."""


def credentials_workbook(union, credentials):
    """The credentials sheet as .xlsx bytes: 姓名, 部门, 用户名, 初始密码 (headers are data, like the
    roster import's)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "初始密码"
    sheet.append(["姓名", "部门", "用户名", "初始密码"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for credential in credentials:
        sheet.append(credential.as_row())
    for letter, width in zip("ABCD", (12, 16, 16, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "@"  # employee numbers like 00123 stay text
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    return xlsx_bytes(workbook)


def initial_password():
    """A readable random password with at least one letter and one digit."""
    alphabet = PASSWORD_LETTERS + PASSWORD_DIGITS
    while True:
        password = "".join(secrets.choice(alphabet) for _i in range(PASSWORD_LENGTH))
        if any(c in PASSWORD_DIGITS for c in password) and any(c in PASSWORD_LETTERS for c in password):
            return password


def initial_password_hash(password):
    hasher = get_hasher("default")
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=INITIAL_PASSWORD_ITERATIONS)
    return make_password(password)


@dataclass
class LoginHelp:
    """What the login page tells someone who cannot log in. `source` is the union's kind of username
    (a UsernameSource), empty where the deployment holds several unions (or none)."""

    source: str = ""
    contact: str = ""
    unions: int = 0


def login_help():
    """The login page's help, in one query: the kind of username where every union chose the same (a
    federation's unions mostly keep the default), the whom-to-ask only where there is one union (the
    page does not know whose member is reading; it then speaks in general)."""
    figures = Union.objects.order_by().aggregate(
        unions=Count("pk"), sources=Count("username_source", distinct=True), source=Max("username_source"),
        contact=Max("login_contact"),
    )
    return LoginHelp(
        source=figures["source"] if figures["sources"] == 1 else "",
        contact=(figures["contact"] or "").strip() if figures["unions"] == 1 else "",
        unions=min(figures["unions"], 2),
    )


def without_login(union):
    """The members who could get a login: still in the union (retirees too), none yet."""
    return Member.objects.for_union(union).current().filter(user__isnull=True)


def username_for(member, source):
    value = member.phone if source == UsernameSource.PHONE else member.employee_number
    return (value or "").strip()


def _department_name(member):
    return member.department.name if member.department_id else ""


def _grantable_roles(actor):
    return {role: can_grant(actor, role) for role in ROLE_ORDER}


def _history_entries(union, actor, members, note):
    """History rows for many members at once (bulk_create: a union of 8,000 in a few queries)."""
    content_type = ContentType.objects.get_for_model(Member)
    return [
        HistoryEntry(
            union=union,
            content_type=content_type,
            object_id=str(member.pk),
            object_repr=str(member)[:200],
            action=HistoryEntry.Action.OTHER,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            note=(note % {"username": member.user.username})[:500],
        )
        for member in members
    ]


def create_logins(union, members, *, source, actor):
    """Create a login for each of `members` (a queryset) that has none: username from `source`, a
    random initial password, the role of the member's position. Members who already have a login are
    left alone, so running it twice creates nothing new. Returns a LoginBatch (created and skipped)."""
    try:
        with transaction.atomic():
            return _create_logins(union, members, source=source, actor=actor)
    except IntegrityError as error:
        # Someone else created some of these logins at the same moment; nothing of this run is kept.
        raise LoginRefused(
            _("Someone else created logins at the same time. Please try again.")
        ) from error


def _create_logins(union, members, *, source, actor):
    User = get_user_model()
    chosen = list(
        without_login(union)
        .filter(pk__in=members.values("pk"))
        .with_namesakes()
        .select_for_update(of=("self",))
        .order_by("department__order", *name_order())
    )
    grantable = _grantable_roles(actor)
    validate = UnicodeUsernameValidator()
    wanted = {}
    skipped = []
    for member in chosen:
        username = username_for(member, source)
        if not username:
            reason = (
                _("no mobile phone number") if source == UsernameSource.PHONE else _("no employee number")
            )
        elif not grantable[role_for_position(member.position)]:
            reason = _("only someone with the rights of a %(role)s can create this login") % {
                "role": ROLE_LABELS[role_for_position(member.position)]
            }
        elif username in wanted:
            reason = _("the same username as %(name)s") % {"name": wanted[username].name}
        else:
            try:
                validate(username)
            except ValidationError:
                reason = _("%(username)s cannot be a username") % {"username": username}
            else:
                wanted[username] = member
                continue
        skipped.append(Skipped(member.label, reason))
    taken = set(User.objects.filter(username__in=list(wanted)).values_list("username", flat=True))
    for username in sorted(taken):
        skipped.append(Skipped(wanted.pop(username).label, _("the username %(username)s is already in use")
                               % {"username": username}))

    passwords = {username: initial_password() for username in wanted}
    users = User.objects.bulk_create(
        [
            User(
                username=username,
                password=initial_password_hash(passwords[username]),
                first_name=member.name[:150],
                email=member.email,
            )
            for username, member in wanted.items()
        ],
        batch_size=1000,
    )
    if any(user.pk is None for user in users):  # a database that cannot return ids from bulk inserts
        users = list(User.objects.filter(username__in=list(wanted)))
    groups = {g.name: g.pk for g in Group.objects.filter(name__in=ROLE_ORDER)}
    Membership = User.groups.through
    created = []
    for user in users:
        member = wanted[user.username]
        member.user, member.must_change_password = user, True
        created.append(member)
    Membership.objects.bulk_create(
        [Membership(user_id=m.user.pk, group_id=groups[role_for_position(m.position)]) for m in created],
        batch_size=1000,
    )
    # Not a versioned edit: someone editing the record meanwhile keeps their form.
    Member.objects.bulk_update(created, ["user"], batch_size=1000)
    Member.objects.filter(pk__in=[m.pk for m in created]).update(must_change_password=True)
    HistoryEntry.objects.bulk_create(
        _history_entries(union, actor, created, _("Login created, username %(username)s")), batch_size=1000
    )
    if created and union.username_source != source:
        # What the login page tells members their username is (login_help).
        union.username_source = source
        union.save(update_fields=["username_source"])
    # The sheet by department, then in the order of names (as `chosen`); namesakes told apart.
    created.sort(key=lambda m: (m.department.order if m.department_id else -1, m.name_pinyin, m.employee_number, m.pk))
    return LoginBatch(
        created=[
            Credential(m.label, _department_name(m), m.user.username, passwords[m.user.username])
            for m in created
        ],
        skipped=skipped,
        members=created,
    )


def check_may_manage(actor, member):
    """Refuse to touch a login more powerful than the actor's own, or the actor's own login."""
    user = member.user
    if user is None:
        raise LoginRefused(_("%(name)s has no login yet.") % {"name": member.name})
    if user.pk == actor.pk:
        raise LoginRefused(_("Use “Change password” for your own login."))
    if not may_manage_login(actor, user):
        raise LoginRefused(
            _("The login of %(name)s has rights you do not have; ask the chair.") % {"name": member.name}
        )


def email_change_refusal(actor, member, may_manage=None):
    """Why `actor` may not change the member's e-mail address (a message), or "": a password reset
    goes to that address, so whoever may not manage the login may not move it. `may_manage`: whether
    they may manage it, when the caller knows already (the import asks for many logins at once)."""
    if member.user_id is None:
        return ""
    if may_manage is None:
        may_manage = may_manage_login(actor, member.user)
    if may_manage:
        return ""
    return _(
        "The login of %(name)s has rights you do not have: only someone who may manage it can change "
        "the e-mail address its password resets go to. Ask the chair."
    ) % {"name": member.name}


def admin_login_refusal(member):
    """Why the member may not leave or move away (a message), or "": an admin (staff) or superuser login
    is the site's, not the union's to let go."""
    user = member.user
    if user is not None and user.is_active and (user.is_staff or user.is_superuser):
        return _(
            "%(name)s has an admin login, which leaving the union does not switch off. The site "
            "administrator first takes away its admin access."
        ) % {"name": member.name}
    return ""


def leaving_refusal(actor, member, may_manage=None):
    """Why `actor` may not mark the member 离会 (a message), or "": leaving switches the login off,
    and nobody switches off a login they may not manage, nor any admin (staff) or superuser login."""
    user = member.user
    if user is None or not user.is_active:
        return ""
    if refusal := admin_login_refusal(member):
        return refusal
    if not (may_manage_login(actor, user) if may_manage is None else may_manage):
        return _(
            "The login of %(name)s has rights you do not have: only someone who may manage it can mark "
            "the member as left. Ask the chair."
        ) % {"name": member.name}
    return ""


@transaction.atomic
def reset_password(member, actor):
    """A new initial password for the member's login (to be changed at the next login)."""
    check_may_manage(actor, member)
    user = member.user
    password = initial_password()
    user.password = initial_password_hash(password)
    user.save(update_fields=["password"])  # also ends the member's open sessions
    member.must_change_password = True
    member.save(update_fields=["must_change_password"])
    history.record(member, actor, HistoryEntry.Action.OTHER, note=_("Password reset by the committee"))
    return Credential(member.name, _department_name(member), user.username, password)


@transaction.atomic
def disable_login(member, actor):
    check_may_manage(actor, member)
    if member.user.is_active:
        member.user.is_active = False
        member.user.save(update_fields=["is_active"])
        history.record(member, actor, HistoryEntry.Action.OTHER, note=_("Login disabled"))


@transaction.atomic
def enable_login(member, actor):
    check_may_manage(actor, member)
    if member.status == Member.Status.LEFT:
        raise LoginRefused(
            _("%(name)s has left the union; change the status first.") % {"name": member.name}
        )
    if not member.user.is_active:
        member.user.is_active = True
        member.user.save(update_fields=["is_active"])
        history.record(member, actor, HistoryEntry.Action.OTHER, note=_("Login enabled"))


def end_login_of_leaver(sender, instance, **kwargs):
    """post_save of Member: whoever marks a member 离会 (form, import, admin) ends their login.

    One UPDATE, and only for a member who left and still has a login; their records stay.
    Never an admin (staff) or superuser login; nor one whose editor may not manage it: the form and
    the import refuse that (`leaving_refusal`), the admin saves the member with `keep_login` set.
    """
    member = instance
    if member.status != Member.Status.LEFT or member.user_id is None or getattr(member, "keep_login", False):
        return
    User = get_user_model()
    ending = User.objects.filter(pk=member.user_id, is_active=True, is_staff=False, is_superuser=False)
    if ending.update(is_active=False):
        history.record(
            member, None, HistoryEntry.Action.OTHER, note=_("Login disabled: the member left the union")
        )


def record_role_change(member, actor, change):
    """History for apply_position_role's (old, new) result, when the role really changed."""
    if change is None or change[0] == change[1]:
        return
    old, new = change
    history.record(
        member,
        actor,
        HistoryEntry.Action.CHANGE,
        {str(_("login role")): [str(ROLE_LABELS.get(old, "")), str(ROLE_LABELS[new])]},
    )


def password_changed(member):
    """The member chose their own password: no more redirects to the password form."""
    if member is not None and member.must_change_password:
        member.must_change_password = False
        member.save(update_fields=["must_change_password"])


# -- email (only where settings.EMAIL_ENABLED) ------------------------------------------------------


def set_password_link(user, base_url):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])


def send_welcome(union, members, base_url):
    """Welcome each member that has an email address: their username and a link to set a password.

    The initial password is not mailed: the sheet is the only place it appears. Returns the count sent.
    """
    if not settings.EMAIL_ENABLED:
        return 0
    messages = []
    for member in members:
        if not member.email:
            continue
        context = {
            "member": member,
            "union": union,
            "username": member.user.username,
            "login_url": base_url.rstrip("/") + reverse("login"),
            "set_password_url": set_password_link(member.user, base_url),
        }
        messages.append(
            EmailMessage(
                subject=render_to_string("members/accounts_welcome_subject.txt", context).strip(),
                body=render_to_string("members/accounts_welcome_email.txt", context),
                to=[member.email],
            )
        )
    if not messages:
        return 0
    return get_connection(fail_silently=True).send_messages(messages) or 0



def tell_old_address(member, old_email):
    """The e-mail address in a member's record changed: once the change is saved, tell the old
    address, so that the member hears of it if it was not their wish (password resets go to the new
    one from now on). Nothing without email or without an old address."""
    new_email = member.email or ""
    if not settings.EMAIL_ENABLED or not old_email or old_email.lower() == new_email.lower():
        return
    context = {"member": member, "union": member.union, "contact": member.union.login_contact.strip()}
    message = EmailMessage(
        subject=render_to_string("members/email_changed_subject.txt", context).strip(),
        body=render_to_string("members/email_changed_email.txt", context),
        to=[old_email],
    )
    transaction.on_commit(lambda: get_connection(fail_silently=True).send_messages([message]))
