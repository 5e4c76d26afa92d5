"""The fund review (经费审查): write the findings, sign, and — for the chair — reopen the period."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funds.forms import FundReviewForm, ReopenForm
from funds.models import FundReview
from funds.welfare import exceptions as welfare_exceptions
from members.access import get_for_union, require_perm, union_required
from members.history import history_of
from members.models import Member
from members.versioning import StaleEdit


def _reviews(request):
    return FundReview.objects.for_union(request.union)


@union_required
def reviews(request):
    require_perm(request, "funds.view_fundreview")
    rows = _reviews(request).prefetch_related("reviewers", "signatures__member")
    return render(request, "funds/reviews.html", {"year": timezone.localdate().year, "tab": "reviews", "reviews": rows})


def _form_page(request, review, form):
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form)
        if saved:
            messages.success(request, _("Fund review saved."))
            return redirect("funds:review", pk=saved.pk)
    return render(
        request,
        "funds/review_form.html",
        {
            "year": review.year or timezone.localdate().year,
            "tab": "reviews",
            "form": form,
            "review": review,
            "left_out": form.left_out,
        },
    )


def _save(request, form):
    """The review and its reviewers in one transaction with their history (FundReview.save_with_reviewers);
    a refusal becomes a form error and nothing is saved."""
    review = form.save(commit=False)
    try:
        return review.save_with_reviewers(form.cleaned_data["reviewers"], request.user, form.opened_version)
    except StaleEdit as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        form.add_error(None, error.messages)
    return None


@union_required
def review_add(request):
    require_perm(request, "funds.add_fundreview")
    today = timezone.localdate()
    review = FundReview(union=request.union)
    year, kind = _reviews(request).next_period(today)
    form = FundReviewForm(
        request.POST or None,
        instance=review,
        union=request.union,
        initial={"year": year, "kind": kind, "reviewed_on": today},
    )
    if not request.POST:  # the union's reviewers who may review, ticked
        form.initial["reviewers"] = [m.pk for m in form.eligible if m.position == Member.Position.REVIEWER]
    return _form_page(request, review, form)


@union_required
def review_edit(request, pk):
    review = get_for_union(request, FundReview, "funds.change_fundreview", pk=pk)
    if not review.is_editable:
        messages.error(request, _("A signed review cannot be changed; the chair can reopen it."))
        return redirect("funds:review", pk=review.pk)
    return _form_page(request, review, FundReviewForm(request.POST or None, instance=review, union=request.union))


@union_required
def review(request, pk):
    review = get_for_union(
        request,
        FundReview.objects.prefetch_related("reviewers", "signatures__member").select_related("reopened_by"),
        "funds.view_fundreview",
        pk=pk,
    )
    may_sign = request.user.has_perm("funds.sign_fundreview") and review.can_sign(request.member)
    period_ended = timezone.localdate() >= review.signable_from
    return render(
        request,
        "funds/review.html",
        {
            "year": review.year,
            "tab": "reviews",
            "review": review,
            "may_sign": may_sign and period_ended,
            "signable_later": may_sign and not period_ended,
            "reopen_form": ReopenForm()
            if review.is_locked and request.user.has_perm("funds.reopen_fundreview")
            else None,
            "history": history_of(review),
            # Every payment over the welfare caps in the period, with its reason (issue 17: the reviewer
            # sees every exception in the review).
            "exceptions": welfare_exceptions(review.union, review.start, review.end),
        },
    )


@require_POST
@union_required
def review_sign(request, pk):
    review = get_for_union(request, FundReview, "funds.sign_fundreview", pk=pk)
    if request.member is None:
        messages.error(request, _("Only the reviewers named on this review can sign it."))
        return redirect("funds:review", pk=review.pk)
    try:
        review.sign(request.member, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        review.refresh_from_db()
        if review.is_locked:
            messages.success(
                request,
                _("Signed. Every reviewer has signed: %(period)s is now locked.") % {"period": review.period_label},
            )
        else:
            messages.success(request, _("Signed. The period locks when every reviewer has signed."))
    return redirect("funds:review", pk=review.pk)


@require_POST
@union_required
def review_reopen(request, pk):
    review = get_for_union(request, FundReview, "funds.reopen_fundreview", pk=pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the period is reopened."))
        return redirect("funds:review", pk=review.pk)
    try:
        review.reopen(by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The period is reopened; the reopening and its reason are in the history."))
    return redirect("funds:review", pk=review.pk)
