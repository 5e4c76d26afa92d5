"""会籍接转 and 保留会籍 (committee): the transfer letter to a union outside the federation, its Word
and PDF, and retaining or restoring a membership. The work is in members/transfers.py."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import transfers
from members.access import get_for_union, require_perm, union_required
from members.downloads import DOCX, PDF, attachment
from members.models import Member, TransferLetter
from members.transfer_forms import TransferLetterForm

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
