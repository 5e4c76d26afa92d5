"""会籍接转: a member moving to another union, and 保留会籍 (retained membership).

To a union outside the federation the union issues a transfer letter (会员组织关系接转介绍信,
`issue_letter`): the member leaves (离会, dated the letter's day, through members.history, so the
login ends like any leaver's: members.accounts.end_login_of_leaver) and the TransferLetter keeps
where they went, for the roster's 已转出 and to print the letter again (`letter_document`).

Retained membership (`retain`, `restore`) is a status: the member stays on the roster, pays no dues
(funds.models.FundSettings.pays_dues) and is never flagged for the automatic leave (funds/inactive.py).

Within the federation (`propose`, `accept`, `decline`, `cancel`): the old union proposes a Transfer to
a sister union (`sister_unions`: the same top union), the receiving union accepts and the member record
moves with its own history; the Transfer stays with the old union as its trace (已转出).
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from members import history, official, versions
from members.accounts import admin_login_refusal, leaving_refusal, record_role_change
from members.models import HistoryEntry, Member, Transfer, TransferLetter, Union
from members.roles import ROLE_ORDER, apply_position_role


class TransferRefused(Exception):
    """Why a transfer or a status change cannot be made, as a message for the committee."""


def _check_may_leave(actor, member):
    if member.status == Member.Status.LEFT:
        raise TransferRefused(_("%(name)s has already left the union.") % {"name": member.name})
    refusal = leaving_refusal(actor, member)
    if refusal:
        raise TransferRefused(refusal)


@transaction.atomic
def issue_letter(member, actor, *, destination, dues_paid_to, issued_on, number=""):
    """The member moves to `destination` (a union outside the federation, its name as typed): a
    TransferLetter, and the member leaves on `issued_on` with a history entry saying where to."""
    _check_may_leave(actor, member)
    letter = TransferLetter.objects.create(
        union_id=member.union_id, member=member, destination=destination, dues_paid_to=dues_paid_to,
        issued_on=issued_on, number=number, created_by=actor,
    )
    member.status = Member.Status.LEFT
    member.left_on = issued_on
    note = _("Transferred out to %(union)s (transfer letter)") % {"union": destination}
    history.save_recorded(member, actor, note=note, fields=Member.history_fields())
    return letter


@transaction.atomic
def retain(member, actor):
    """保留会籍: the member keeps their membership without dues (retired, or between jobs)."""
    if member.status == Member.Status.LEFT:
        raise TransferRefused(_("%(name)s has left the union.") % {"name": member.name})
    if member.status == Member.Status.RETAINED:
        return member
    member.status = Member.Status.RETAINED
    return history.save_recorded(member, actor, note=_("Membership retained"), fields=Member.history_fields())


@transaction.atomic
def restore(member, actor):
    """Back to an ordinary member in service from retained membership."""
    if member.status != Member.Status.RETAINED:
        raise TransferRefused(_("%(name)s does not hold a retained membership.") % {"name": member.name})
    member.status = Member.Status.ACTIVE
    return history.save_recorded(member, actor, note=_("Retained membership ended"), fields=Member.history_fields())


def latest_letters(union, member_ids):
    """{member id: their latest TransferLetter} for the roster's 已转出 (one query)."""
    letters = {}
    rows = TransferLetter.objects.for_union(union).filter(member_id__in=member_ids).order_by("issued_on", "id")
    for letter in rows:
        letters[letter.member_id] = letter
    return letters


# -- the letter ---------------------------------------------------------------------------------------


def gender_word(member):
    return {Member.Gender.MALE: "男", Member.Gender.FEMALE: "女"}.get(member.gender, "")


def letter_document(letter):
    """会员组织关系接转介绍信 as an official.Document: the addressee, the member's particulars in a
    table, the request to receive them, and the issuing union's seal line and date."""
    member = letter.member
    union_name = letter.union.name
    joined = official.written_date(member.joined_on) if member.joined_on else "—"
    table = official.Table(
        [_("Item"), _("Particulars")],
        [
            [pgettext("person", "Name"), member.name],
            [_("Gender"), gender_word(member) or "—"],
            [_("Membership card number"), member.card_number or "—"],
            [_("Joined the union on"), joined],
            [_("Dues paid up to"), letter.dues_paid_to],
        ],
        widths=[2, 5],
    )
    blocks = [
        official.Paragraph(f"{letter.destination}："),
        official.Paragraph(
            _(
                "Comrade %(name)s, a member of our union, is moving to your organisation. Please take over "
                "their union membership. Their particulars are as follows:"
            ) % {"name": member.name}
        ),
        table,
        official.Paragraph(_("This letter is valid for three months.")),
    ]
    title = _("Letter of transfer of union membership")
    if letter.number:
        blocks.insert(0, official.Paragraph(letter.number))
    return official.Document(
        title=title,
        blocks=blocks,
        signature=official.Signature(_("%(union)s (seal)") % {"union": union_name},
                                     official.written_date(letter.issued_on)),
        author=union_name,
        subject=member.name,
    )


def letter_file_name(letter, extension):
    """会员组织关系接转介绍信（张三）.docx"""
    return f"{_('Letter of transfer of union membership')}（{letter.member.name}）.{extension}".replace("/", "-")


def document_bytes(letter, extension):
    builder = {"docx": official.word, "pdf": official.pdf}[extension]
    return builder(letter_document(letter))



# -- within the federation ------------------------------------------------------------------------------


def top_union_id(union_id, parents):
    """The id of the union at the top of `union_id`'s chain of higher-level unions ({id: parent id})."""
    seen = set()
    while parents.get(union_id) is not None and union_id not in seen:  # a loop typed in the admin ends
        seen.add(union_id)
        union_id = parents[union_id]
    return union_id


def sister_unions(union):
    """The other unions under the same top union, by name (one query); none for a union on its own."""
    parents = dict(Union.objects.order_by().values_list("id", "parent_id"))
    top = top_union_id(union.pk, parents)
    ids = [pk for pk in parents if pk != union.pk and top_union_id(pk, parents) == top]
    if not ids:
        return Union.objects.none()
    return Union.objects.filter(pk__in=ids).order_by("name")


@transaction.atomic
def propose(member, actor, *, to_union, arrears, arrears_handling, note, today):
    """The old union offers the member to a sister union; nothing moves until it accepts."""
    _check_may_leave(actor, member)
    if not sister_unions(member.union).filter(pk=to_union.pk).exists():
        raise TransferRefused(_("%(union)s is not a union of the same federation.") % {"union": to_union.name})
    if Transfer.objects.for_union(member.union_id).filter(member=member, status=Transfer.Status.PROPOSED).exists():
        raise TransferRefused(_("A transfer of %(name)s is already waiting for an answer.") % {"name": member.name})
    return Transfer.objects.create(
        union_id=member.union_id, member=member, to_union=to_union, member_name=member.name,
        card_number=member.card_number, arrears=arrears, arrears_handling=arrears_handling, note=note,
        proposed_on=today, proposed_by=actor,
    )


def _number_clash(member, to_union):
    """Whether another member of `to_union` holds the member's card number."""
    return bool(member.card_number) and Member.objects.for_union(to_union).filter(
        card_number=member.card_number).exists()


def _leave_rights_behind(member):
    """Take away the login's other groups and its permissions of its own: they were given for the work in
    the old union, and a permission holds in whichever union the login belongs to. Its role group is left
    for apply_position_role to replace (and record the change); the new union gives more by a position."""
    if member.user_id is not None:
        member.user.user_permissions.clear()
        member.user.groups.remove(*member.user.groups.exclude(name__in=ROLE_ORDER))


@transaction.atomic
def accept(transfer, actor, today):
    """The receiving union takes the member: the record moves (department, group, position and
    employee number cleared: they belong to the old workplace; the card number kept unless the new
    union already has it), its own history moves with it, the login's role becomes member's."""
    transfer = Transfer.objects.select_for_update().select_related("union", "to_union").get(pk=transfer.pk)
    if transfer.status != Transfer.Status.PROPOSED:
        raise TransferRefused(_("This transfer has already been answered."))
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    if member.union_id != transfer.union_id or member.status == Member.Status.LEFT:
        raise TransferRefused(_("%(name)s is no longer a member of %(union)s.")
                              % {"name": member.name, "union": transfer.union.name})
    if refusal := admin_login_refusal(member):  # admin access given since the transfer was proposed
        raise TransferRefused(refusal)
    notes = [_("Transferred from %(union)s") % {"union": transfer.union.name}]
    if transfer.arrears and transfer.arrears_handling == Transfer.Arrears.CARRIED:
        # The new union collects them: its own record of the member says how much, as agreed.
        notes.append(_("dues arrears of %(amount)s yuan carried over") % {"amount": transfer.arrears})
    if _number_clash(member, transfer.to_union):
        notes.append(_("card number %(number)s is already held here and was cleared") % {"number": member.card_number})
        member.card_number = ""
    HistoryEntry.objects.for_union(transfer.union_id).for_object(member).update(union=transfer.to_union)
    member.union = transfer.to_union
    member.department = member.group = None
    member.position = Member.Position.NONE
    member.employee_number = ""
    history.save_recorded(member, actor, note="；".join(str(n) for n in notes), fields=Member.history_fields())
    # The save moved the new union's members version; the old union has lost a member too (its
    # federation figures are stored by that version: federation/rollup.py).
    versions.move_on_later(transfer.union_id, "members")
    _leave_rights_behind(member)
    record_role_change(member, actor, apply_position_role(member))
    transfer.status = Transfer.Status.ACCEPTED
    transfer.decided_on, transfer.decided_by = today, actor
    transfer.save(update_fields=["status", "decided_on", "decided_by"])
    return transfer


def _answer(transfer, actor, today, status, reason=""):
    # Read again under the row's lock, as accept() does: the copy the view read may already have been
    # accepted by the other union, and saving it would mark a member who has moved as never moved.
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != Transfer.Status.PROPOSED:
        raise TransferRefused(_("This transfer has already been answered."))
    transfer.status, transfer.decline_reason = status, reason
    transfer.decided_on, transfer.decided_by = today, actor
    transfer.save(update_fields=["status", "decline_reason", "decided_on", "decided_by"])
    return transfer


@transaction.atomic
def decline(transfer, actor, reason, today):
    return _answer(transfer, actor, today, Transfer.Status.DECLINED, reason)


@transaction.atomic
def cancel(transfer, actor, today):
    return _answer(transfer, actor, today, Transfer.Status.CANCELLED)
