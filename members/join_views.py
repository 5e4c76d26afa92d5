"""Joining online's pages (members/joining.py): the public join page and status page a worker opens
from the poster's QR code, and the committee's join link, poster and applications."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import joining
from members.access import get_for_union, require_perm, union_required
from members.join_forms import ApplicationForm, ApproveForm, CardNumberingForm, DeclineForm, ReceiptForm
from members.models import JoinApplication, Union

REVIEW_PERM = "members.add_member"  # who may add a member decides who joins
LINK_PERM = "members.change_union"  # who may turn the join link on, renew it or turn it off
LOGIN_PERM = "members.manage_login"  # who may create a login on approval (members/account_views.py)


def _union_or_404(token):
    union = joining.union_for_token(token)
    if union is None:
        raise Http404
    return union


@login_not_required
def apply(request, token):
    """The public join page: no login; an unknown or renewed token is a 404."""
    union = _union_or_404(token)
    address = joining.client_address(request)
    if request.method == "POST":
        if joining.rate_limited(address):
            return render(request, "members/join_apply.html",
                          {"union": union, "refused": _("Too many applications from this network. "
                                                        "Please try again in an hour."), "token": token}, status=429)
        form = ApplicationForm(request.POST, union=union)
        valid = form.is_valid()
        # Applications and the spam guard's refusals count; a person's typo (a field's error) does not.
        if valid or form.has_error("__all__", code="guard"):
            joining.count_attempt(address)
        if valid:
            code = joining.submit(form.save(commit=False))
            return render(request, "members/join_done.html", {"union": union, "code": code, "token": token})
    else:
        form = ApplicationForm(union=union)
    return render(request, "members/join_apply.html", {"union": union, "form": form, "token": token})


@login_not_required
def status(request, token):
    """Anyone holding a receipt code reads their application's status (and a decline's reason)."""
    union = _union_or_404(token)
    found = None
    form = ReceiptForm(request.POST or None)
    if request.method == "POST":
        address = joining.client_address(request)
        if joining.rate_limited(f"status:{address}"):
            form.is_valid()  # add_error needs the form cleaned
            form.add_error(None, _("Too many tries. Please try again in an hour."))
        elif form.is_valid():
            found = joining.find_by_receipt(union, form.cleaned_data["code"])
            if found is None:
                joining.count_attempt(f"status:{address}")
                form.add_error("code", _("No application to this union has this receipt code. Check it and try again."))
    return render(request, "members/join_status.html", {"union": union, "form": form, "application": found,
                                                        "token": token})


def join_url(request, union):
    return request.build_absolute_uri(reverse("join", args=[union.join_token])) if union.join_token else ""


def qr_svg(url):
    # segno's SVG without its size: the page's CSS scales it (as activities' check-in code).
    return mark_safe(segno.make(url, error="m").svg_inline(omitsize=True, border=2, dark="#000", light="#fff"))  # noqa: S308


@union_required
def link(request):
    """The committee's join link: the URL, its QR code, the poster, the card numbering."""
    require_perm(request, REVIEW_PERM)
    union = request.union
    url = join_url(request, union)
    form = CardNumberingForm(instance=Union.objects.get(pk=union.pk))
    return render(request, "members/join_link.html", {
        "union": union, "url": url, "qr": qr_svg(url) if url else "", "numbering": form,
        "next_card": joining.next_card_number(union), "may_change": request.user.has_perm(LINK_PERM),
        "pending": JoinApplication.objects.for_union(union).filter(status=JoinApplication.Status.PENDING).count(),
    })


@union_required
def poster(request):
    """A printable A4 poster: the union's name, the QR code and a few lines of Chinese."""
    require_perm(request, REVIEW_PERM)
    url = join_url(request, request.union)
    if not url:
        raise Http404
    return render(request, "members/join_poster.html", {"union": request.union, "url": url, "qr": qr_svg(url)})


@union_required
@require_POST
def renew(request):
    require_perm(request, LINK_PERM)
    joining.turn_on_link(request.union, request.user)
    messages.success(request, _("A new join link is on; the old link no longer opens."))
    return redirect("members:join-link")


@union_required
@require_POST
def turn_off(request):
    require_perm(request, LINK_PERM)
    joining.turn_off_link(request.union, request.user)
    messages.success(request, _("The join link is off."))
    return redirect("members:join-link")


@union_required
@require_POST
def numbering(request):
    require_perm(request, LINK_PERM)
    form = CardNumberingForm(request.POST, instance=Union.objects.get(pk=request.union.pk))
    if form.is_valid():
        form.save()
        messages.success(request, _("Membership card numbering saved."))
    else:
        messages.error(request, _("The numbering was not saved: %(errors)s")
                       % {"errors": "；".join(str(e) for errors in form.errors.values() for e in errors)})
    return redirect("members:join-link")


@union_required
def applications(request):
    """The union's applications, pending first, with duplicates flagged."""
    require_perm(request, REVIEW_PERM)
    rows = (JoinApplication.objects.for_union(request.union).pending_first().with_duplicates()
            .select_related("department", "member")[:500])
    return render(request, "members/join_applications.html", {"applications": rows})


def _approve_form(request, data=None):
    return ApproveForm(data, may_create_login=request.user.has_perm(LOGIN_PERM))


def _application(request, pk):
    return get_for_union(request, JoinApplication.objects.with_duplicates().select_related("department", "member"),
                         REVIEW_PERM, pk=pk)


@union_required
def application(request, pk):
    found = _application(request, pk)
    return render(request, "members/join_application.html", {
        "application": found, "approve": _approve_form(request), "decline": DeclineForm(),
        "next_card": joining.next_card_number(request.union),
    })


@union_required
@require_POST
def approve(request, pk):
    found = _application(request, pk)
    form = _approve_form(request, request.POST)
    if form.is_valid():
        try:
            approval = joining.approve(found, request.user, card_number=form.cleaned_data["card_number"],
                                       create_login=form.cleaned_data.get("create_login", False))
        except joining.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("%(name)s is a member now, membership card number %(number)s.")
                             % {"name": approval.member.name, "number": approval.member.card_number})
            for credential in approval.credentials:
                messages.info(request, _("Login: username %(username)s, initial password %(password)s "
                                         "(shown once; changed at the first login).")
                              % {"username": credential.username, "password": credential.password})
            return redirect("members:join-application", pk=found.pk)
    return render(request, "members/join_application.html", {
        "application": found, "approve": form, "decline": DeclineForm(),
        "next_card": joining.next_card_number(request.union),
    })


@union_required
@require_POST
def decline(request, pk):
    found = _application(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            joining.decline(found, request.user, form.cleaned_data["reason"])
        except joining.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The application was declined."))
        return redirect("members:join-application", pk=found.pk)
    return render(request, "members/join_application.html", {
        "application": found, "approve": _approve_form(request), "decline": form,
        "next_card": joining.next_card_number(request.union),
    })
