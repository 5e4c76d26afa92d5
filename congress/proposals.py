"""The operations of congress sessions, representatives and proposals (提案), from draft to rating.

Each operation checks the rule of the issue it belongs to, refuses with `Refused` (a sentence the
reader understands) and saves through members.history, so every step is in the proposal's history
with who and when, and a stale page is refused (StaleEdit) instead of overwriting a colleague.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Congress, Cosignature, Proposal, ProposalReply, Representative, Suggestion
from members import history
from members.models import HistoryEntry

SECOND_REPLY_DAYS = 30  # the new deadline of a second reply; the committee may change it when assigning


class Refused(Exception):
    """The step is not allowed now; the message says why."""


# -- who may do what -------------------------------------------------------------------------------


def is_reviewer(user, congress):
    """The proposal committee (提案工作委员会) of the congress, or whoever holds congress.review_proposal."""
    if user.has_perm("congress.review_proposal"):
        return True
    member = getattr(user, "member", None)
    return member is not None and congress.proposal_committee.filter(pk=member.pk).exists()


def representative_of(member, congress):
    """The member's Representative row in the congress, or None."""
    if member is None:
        return None
    return Representative.objects.filter(congress=congress, member=member).first()


def writable_congresses(member, today=None):
    """The congresses in which the member may write a proposal: a representative, proposals still accepted."""
    if member is None:
        return Congress.objects.none()
    today = today or timezone.localdate()
    return (
        Congress.objects.for_union(member.union_id)
        .filter(representatives__member=member)
        .exclude(status=Congress.Status.CLOSED)
        .exclude(proposals_until__lt=today)
        .distinct()
    )


# -- congress sessions and representatives -----------------------------------------------------------


def remove_representative(representative, by):
    """Take a member off the congress; refused once they proposed or co-signed (the record keeps them)."""
    if representative.proposals.exists() or representative.cosignatures.exists():
        raise Refused(_("%(name)s has proposals or co-signatures in this congress and cannot be removed.")
                      % {"name": representative.member.name})
    history.delete_recorded(representative, by)


def my_representatives(member, today=None):
    """Who represents the member: the serving representatives of the delegations standing for their
    department, by congress and delegation, leaders first, names in pinyin order (for
    templates/congress/_my_representatives.html)."""
    if member is None:
        return Representative.objects.none()
    return (
        Representative.objects.for_union(member.union_id).serving(today).representing(member)
        .select_related("member", "delegation", "congress")
        .order_by("-congress__term", "-congress__session", "congress_id", "delegation__order", "-is_leader",
                  "member__name_pinyin", "id")
    )


# -- proposals ----------------------------------------------------------------------------------------


def _expect(proposal, *statuses):
    if proposal.status not in statuses:
        raise Refused(_("This proposal is %(status)s: that step is not possible now.")
                      % {"status": proposal.get_status_display()})


def _save(proposal, by, seen_version, note):
    return history.save_recorded(proposal, by, seen_version, note=note)


def accepts_proposals(congress, today=None):
    today = today or timezone.localdate()
    past_deadline = congress.proposals_until is not None and congress.proposals_until < today
    return congress.status != Congress.Status.CLOSED and not past_deadline


def submit(proposal, by, seen_version=None, today=None):
    """草稿 → 已提交: the proposal can now be co-signed and reviewed (while the congress accepts proposals)."""
    _expect(proposal, Proposal.Status.DRAFT)
    if not accepts_proposals(proposal.congress, today):
        raise Refused(_("This congress no longer accepts proposals."))
    proposal.status = Proposal.Status.SUBMITTED
    proposal.submitted_at = timezone.now()
    return _save(proposal, by, seen_version, _("Submitted"))


@transaction.atomic
def cosign(proposal, representative, by):
    """附议: another representative of the same congress signs a submitted proposal, once."""
    _expect(proposal, Proposal.Status.SUBMITTED)
    if representative is None or representative.congress_id != proposal.congress_id:
        raise Refused(_("Only representatives of this congress can co-sign its proposals."))
    if representative.pk == proposal.proposer_id:
        raise Refused(_("You cannot co-sign your own proposal."))
    if proposal.cosignatures.filter(representative=representative).exists():
        raise Refused(_("You have already co-signed this proposal."))
    try:
        with transaction.atomic():
            Cosignature.objects.create(union_id=proposal.union_id, proposal=proposal, representative=representative)
    except IntegrityError:  # a double click: the other request signed first
        raise Refused(_("You have already co-signed this proposal.")) from None
    history.record(proposal, by, HistoryEntry.Action.CHANGE, note=_("Co-signed"))  # the entry's actor is the signer


def next_number(congress):
    """The next free number (第X号) of the congress's registered proposals."""
    top = Proposal.objects.filter(congress=congress).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


@transaction.atomic
def register(proposal, by, seen_version=None):
    """立案: number it 第X号, the next free number of its congress, once enough have co-signed."""
    _expect(proposal, Proposal.Status.SUBMITTED)
    required = proposal.congress.cosigners_required
    signed = proposal.cosignatures.count()
    if signed < required:
        raise Refused(_("This proposal has %(signed)s co-signers; %(required)s are required before it can be "
                        "registered.") % {"signed": signed, "required": required})
    # Lock the congress row so two reviewers registering at once cannot take the same number.
    Congress.objects.select_for_update().filter(pk=proposal.congress_id).first()
    proposal.number = next_number(proposal.congress)
    proposal.status = Proposal.Status.REGISTERED
    proposal.reviewed_at = timezone.now()
    return _save(proposal, by, seen_version, _("Registered as No. %(number)s") % {"number": proposal.number})


def merge(proposal, into, reason, by, seen_version=None):
    """并案: the proposal is handled with another, registered proposal of the same congress."""
    _expect(proposal, Proposal.Status.SUBMITTED)
    if into is None or into.pk == proposal.pk or into.congress_id != proposal.congress_id or into.number is None:
        raise Refused(_("A proposal can only be merged into a registered proposal of the same congress."))
    proposal.status = Proposal.Status.MERGED
    proposal.merged_into = into
    proposal.review_note = reason
    proposal.reviewed_at = timezone.now()
    return _save(proposal, by, seen_version, _("Merged into No. %(number)s") % {"number": into.number})


@transaction.atomic
def decline(proposal, outcome, reason, by, seen_version=None):
    """不立案, or 转为意见建议: then the proposal becomes a rationalisation suggestion in its proposer's name."""
    _expect(proposal, Proposal.Status.SUBMITTED)
    if outcome not in (Proposal.Status.NOT_REGISTERED, Proposal.Status.TO_SUGGESTION):
        raise Refused(_("Choose whether the proposal is not registered or turned into a suggestion."))
    if not reason.strip():
        raise Refused(_("Give the reason."))
    proposal.status = outcome
    proposal.review_note = reason
    proposal.reviewed_at = timezone.now()
    _save(proposal, by, seen_version, Proposal.Status(outcome).label)
    if outcome == Proposal.Status.TO_SUGGESTION:
        suggestion = Suggestion(
            union_id=proposal.union_id, kind=Suggestion.Kind.SUGGESTION, title=proposal.title,
            text=f"{proposal.reason}\n\n{proposal.measures}", author=proposal.proposer.member,
        )
        history.save_recorded(suggestion, by, note=_("From proposal: %(title)s") % {"title": proposal.title})
    return proposal


def assign(proposal, handler, due_on, by, seen_version=None):
    """承办: who must answer the registered proposal, by when."""
    _expect(proposal, Proposal.Status.REGISTERED)
    proposal.handler = handler
    proposal.reply_due_on = due_on
    return _save(proposal, by, seen_version, _("Assigned to %(handler)s") % {"handler": handler})


@transaction.atomic
def record_reply(proposal, text, replied_by, replied_on, by, seen_version=None):
    """答复: the handler's answer (round 1, or 2 when the proposer asked again); the proposer rates it next."""
    _expect(proposal, Proposal.Status.REGISTERED)
    if not proposal.handler:
        raise Refused(_("Assign the proposal to a handler before recording the reply."))
    round_ = proposal.replies.count() + 1
    proposal.status = Proposal.Status.REPLIED
    _save(proposal, by, seen_version, _("Reply recorded (round %(round)s)") % {"round": round_})
    reply = ProposalReply(union_id=proposal.union_id, proposal=proposal, round=round_, text=text,
                          replied_by=replied_by, replied_on=replied_on, recorded_by=by)
    history.save_recorded(reply, by)
    return reply


@transaction.atomic
def rate(proposal, rating, comment, ask_second, by, seen_version=None, today=None):
    """The proposer rates the latest reply. 满意 / 基本满意 close it (办结); 不满意 closes it too unless a
    second reply is asked — once only: the proposal goes back to its handler with a new deadline."""
    _expect(proposal, Proposal.Status.REPLIED)
    reply = proposal.replies.order_by("-round").first()
    if rating not in ProposalReply.Rating.values:
        raise Refused(_("Choose a rating."))
    ask_second = ask_second and rating == ProposalReply.Rating.UNSATISFIED
    if ask_second and reply.round > 1:
        raise Refused(_("A second reply has already been given; another cannot be asked."))
    reply.rating, reply.rating_comment, reply.rated_at = rating, comment, timezone.now()
    reply.second_reply_asked = ask_second
    history.save_recorded(reply, by)
    if ask_second:
        proposal.status = Proposal.Status.REGISTERED
        proposal.reply_due_on = (today or timezone.localdate()) + timedelta(days=SECOND_REPLY_DAYS)
        note = _("Rated %(rating)s; a second reply asked") % {"rating": reply.get_rating_display()}
    else:
        proposal.status = Proposal.Status.CLOSED
        note = _("Rated %(rating)s; closed") % {"rating": reply.get_rating_display()}
    return _save(proposal, by, seen_version, note)


def timeline(proposal):
    """The proposal's path, oldest step first: its history entries with who and when."""
    return list(history.history_of(proposal).order_by("at", "id"))
