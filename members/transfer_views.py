"""会籍接转 and 保留会籍 (committee): the transfer letter to a union outside the federation, its Word
and PDF, retaining or restoring a membership, and the transfer to a sister union (proposed by the old
union, accepted or declined by the new one). The work is in members/transfers.py."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import transfers
from members.access import get_for_union, require_perm, union_required
from members.downloads import DOCX, PDF, attachment
from members.models import Member, Transfer, TransferLetter
from members.transfer_forms import DeclineForm, TransferForm, TransferLetterForm

CONTENT_TYPES = {"docx": DOCX, "pdf": PDF}


@union_required
def transfer_letter(request, pk):
    """Issue the letter: the member leaves for a union outside the federation."""
    require_perm(request, "members.add_transferletter", "members.change_member")
    member = get_for_union(request, Member, pk=pk)
    if member.status == Member.Status.LEFT:
        messages.error(request, _("%(name)s has already left the union.") % {"name": member.name})
        return redirect(member)
    form = TransferLetterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = transfers.issue_letter(member, request.user, **form.cleaned_data)
        except transfers.TransferRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("%(name)s has been transferred out to %(union)s. Download the letter below.")
                % {"name": member.name, "union": letter.destination},
            )
            return redirect(member)
    return render(request, "members/transfer_letter.html", {"member": member, "form": form})


@union_required
def letter_file(request, pk, fmt):
    require_perm(request, "members.view_transferletter")
    letter = get_for_union(request, TransferLetter.objects.select_related("member", "union"), pk=pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    return attachment(
        transfers.document_bytes(letter, fmt), CONTENT_TYPES[fmt], transfers.letter_file_name(letter, fmt)
    )


def _change_status(request, pk, change, done):
    require_perm(request, "members.change_member")
    member = get_for_union(request, Member, pk=pk)
    try:
        change(member, request.user)
    except transfers.TransferRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done % {"name": member.name})
    return redirect(member)


@union_required
@require_POST
def retain(request, pk):
    return _change_status(request, pk, transfers.retain, _("%(name)s now holds a retained membership."))


@union_required
@require_POST
def restore(request, pk):
    return _change_status(request, pk, transfers.restore, _("%(name)s is a member in service again."))


# -- within the federation ------------------------------------------------------------------------------


@union_required
def transfer_within(request, pk):
    """The old union proposes moving the member to a sister union."""
    require_perm(request, "members.add_transfer", "members.change_member")
    member = get_for_union(request, Member, pk=pk)
    unions = transfers.sister_unions(request.union)
    form = TransferForm(request.POST if request.method == "POST" else None, unions=unions)
    if request.method == "POST" and form.is_valid():
        try:
            transfers.propose(member, request.user, today=timezone.localdate(), **form.cleaned_data)
        except transfers.TransferRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The transfer of %(name)s to %(union)s is waiting for its answer.")
                             % {"name": member.name, "union": form.cleaned_data["to_union"].name})
            return redirect("members:transfers")
    return render(request, "members/transfer_within.html", {"member": member, "form": form, "unions": unions})


@union_required
def transfer_list(request):
    """Incoming transfers waiting for an answer, and the union's own transfers out (已转出: a trace
    with the name and card number as they were, never a link into the other union)."""
    require_perm(request, "members.view_transfer")
    incoming = Transfer.objects.incoming(request.union).filter(status=Transfer.Status.PROPOSED).select_related("union")
    outgoing = Transfer.objects.for_union(request.union).select_related("to_union")[:200]
    return render(request, "members/transfer_list.html", {"incoming": incoming, "outgoing": outgoing})


@union_required
def transfer_answer(request, pk):
    """The receiving union reads an incoming transfer and accepts it or declines it with a reason."""
    require_perm(request, "members.view_transfer")
    transfer = get_object_or_404(
        Transfer.objects.incoming(request.union).select_related("union", "member"), pk=pk,
        status=Transfer.Status.PROPOSED,
    )
    form = DeclineForm(request.POST if request.POST.get("answer") == "decline" else None)
    if request.method == "POST":
        require_perm(request, "members.change_transfer", "members.add_member")
        try:
            if request.POST.get("answer") == "accept":
                transfers.accept(transfer, request.user, timezone.localdate())
                messages.success(request, _("%(name)s is now a member of this union.") % {"name": transfer.member_name})
                return redirect(transfer.member)
            if form.is_valid():
                transfers.decline(transfer, request.user, form.cleaned_data["reason"], timezone.localdate())
                messages.success(request, _("The transfer was declined."))
                return redirect("members:transfers")
        except transfers.TransferRefused as refusal:  # answered meanwhile, or the member may not move
            messages.error(request, str(refusal))
            return redirect("members:transfers")
    return render(request, "members/transfer_answer.html", {"transfer": transfer, "form": form})


@union_required
@require_POST
def transfer_cancel(request, pk):
    """The old union withdraws a transfer not yet answered."""
    require_perm(request, "members.change_transfer")
    transfer = get_for_union(request, Transfer, pk=pk)
    try:
        transfers.cancel(transfer, request.user, timezone.localdate())
    except transfers.TransferRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The transfer was cancelled."))
    return redirect("members:transfers")
