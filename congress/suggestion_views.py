"""Suggestions and the union mailbox: send, read the reply (own list or receipt code), answer, reward."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress import suggestions
from congress.models import Suggestion
from congress.suggestion_forms import AnswerForm, ReceiptForm, RewardForm, SuggestionForm
from funds.models import PeriodLocked
from members.access import get_for_union, require_perm, union_required
from members.versioning import StaleEdit

PAGE_SIZE = 30
# The receipt code travels from the form to the page that shows it in a signed cookie of the sender's
# own browser, read once and deleted: nothing on the server holds it, not even the session.
RECEIPT_COOKIE = "suggestion_receipt"
RECEIPT_COOKIE_SALT = "congress.suggestion-receipt"


def can_answer(user):
    return user.has_perm("congress.answer_suggestion") or user.has_perm("congress.change_suggestion")


def can_reward(user):
    return can_answer(user) and user.has_perm("funds.add_expense")


def get_suggestion(request, pk):
    """The committee reads any suggestion of the union; a member only their own named ones (404 else)."""
    queryset = Suggestion.objects.select_related("author", "reward_expense__category")
    if request.user.has_perm("congress.view_suggestion") or can_answer(request.user):
        return get_for_union(request, queryset, pk=pk)
    require_perm(request, "congress.add_suggestion")
    if request.member is None:
        raise Http404
    return get_for_union(request, queryset.filter(author=request.member), pk=pk)


@union_required
def suggestion_list(request):
    """The committee: every suggestion, newest first, filtered by kind and status. A member: their own."""
    committee = request.user.has_perm("congress.view_suggestion") or can_answer(request.user)
    if not committee:
        require_perm(request, "congress.add_suggestion")
        rows = Suggestion.objects.for_union(request.union).filter(author=request.member) if request.member else (
            Suggestion.objects.none())
        return render(request, "congress/suggestion_mine.html", {"rows": rows.order_by("-submitted_on", "-id")})
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    rows = Suggestion.objects.for_union(request.union).select_related("author")
    if kind in Suggestion.Kind.values:
        rows = rows.filter(kind=kind)
    if status in Suggestion.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("-submitted_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("kind", kind), ("status", status)) if v})
    return render(request, "congress/suggestion_list.html", {
        "page": page, "kind": kind, "status": status, "query": query,
        "kinds": Suggestion.Kind.choices, "statuses": Suggestion.Status.choices,
    })


@union_required
def suggestion_new(request):
    require_perm(request, "congress.add_suggestion")
    if request.member is None:  # a superuser visiting a union has no name to send under
        raise PermissionDenied
    form = SuggestionForm(request.POST or None, instance=Suggestion(union=request.union))
    if request.method == "POST" and form.is_valid():
        anonymous = form.cleaned_data["anonymous"]
        code = suggestions.submit(form.save(commit=False), request.member, request.user, anonymous=anonymous)
        # Named or anonymous, the same answer (a redirect to the same page): the server's access log
        # sees the same two lines either way.
        response = redirect("congress:suggestion-sent")
        if code:
            response.set_signed_cookie(RECEIPT_COOKIE, code, salt=RECEIPT_COOKIE_SALT, max_age=600,
                                       httponly=True, samesite="Strict", secure=request.is_secure(),
                                       path="/congress/suggestions/sent/")
        return response
    return render(request, "congress/suggestion_form.html", {"form": form})


@union_required
def suggestion_sent(request):
    """The receipt code, once: the cookie that brought it is deleted with this page."""
    require_perm(request, "congress.add_suggestion")
    code = request.get_signed_cookie(RECEIPT_COOKIE, default=None, salt=RECEIPT_COOKIE_SALT, max_age=600)
    response = render(request, "congress/suggestion_sent.html", {"code": code})
    response.delete_cookie(RECEIPT_COOKIE, path="/congress/suggestions/sent/", samesite="Strict")
    return response


@union_required
def suggestion_receipt(request):
    """Anyone in the union holding a receipt code reads that suggestion's status and reply."""
    require_perm(request, "congress.add_suggestion")
    form = ReceiptForm(request.POST or None)
    found = None
    if request.method == "POST":
        if suggestions.receipt_tries_left(request.user) <= 0:
            form.is_valid()
            form.add_error(None, _("Too many wrong codes. Wait a quarter of an hour, then try again."))
        elif form.is_valid():
            found = suggestions.find_by_receipt(request.union, request.user, form.cleaned_data["code"])
            if found is None:
                form.add_error("code", _("No message of this union has this receipt code. Check it and try again."))
            else:
                form = ReceiptForm()  # the code is not left in the field on a shared screen
        else:
            suggestions.find_by_receipt(request.union, request.user, "")  # a malformed code counts as a try
    return render(request, "congress/suggestion_receipt.html", {"form": form, "suggestion": found})


@union_required
def suggestion_detail(request, pk):
    suggestion = get_suggestion(request, pk)
    return _detail_page(request, suggestion)


def _detail_page(request, suggestion, answer_form=None, reward_form=None, status=200):
    answering = can_answer(request.user)
    rewarding = can_reward(request.user)
    if answering and answer_form is None:
        answer_form = AnswerForm(instance=suggestion)
    refusal = suggestions.reward_refusal(suggestion) if rewarding else ""
    if rewarding and not refusal and reward_form is None:
        category = suggestions.default_reward_category(request.union)
        reward_form = RewardForm(union=request.union, initial={
            "seen_version": suggestion.version, "date": timezone.localdate(),
            "category": category.pk if category else None,
        })
    return render(request, "congress/suggestion_detail.html", {
        "suggestion": suggestion,
        "answer_form": answer_form if answering else None,
        "reward_form": reward_form if rewarding and not refusal else None,
        # Why an adopted proposal gets no reward form (anonymous); once paid, the reward line says it all.
        "reward_refusal": refusal if rewarding and suggestion.status == Suggestion.Status.ADOPTED
        and suggestion.reward_expense_id is None else "",
        "committee": answering or request.user.has_perm("congress.view_suggestion"),
    }, status=status)


@require_POST
@union_required
def suggestion_answer(request, pk):
    if not can_answer(request.user):
        raise PermissionDenied
    suggestion = get_suggestion(request, pk)
    form = AnswerForm(request.POST, instance=suggestion)
    if form.is_valid():
        try:
            suggestions.answer(suggestion, request.user, form.cleaned_data["seen_version"],
                               status=form.cleaned_data["status"], reply=form.cleaned_data["reply"])
        except (StaleEdit, ValidationError) as refused:
            form.add_error(None, refused.message if isinstance(refused, ValidationError) else str(refused))
        else:
            messages.success(request, _("The reply was saved."))
            return redirect("congress:suggestion-detail", pk=suggestion.pk)
    suggestion = get_suggestion(request, pk)  # as stored: the form keeps what was typed
    return _detail_page(request, suggestion, answer_form=form)


@require_POST
@union_required
def suggestion_reward(request, pk):
    if not can_reward(request.user):
        raise PermissionDenied
    suggestion = get_suggestion(request, pk)
    refusal = suggestions.reward_refusal(suggestion)
    if refusal:
        messages.error(request, refusal)
        return redirect("congress:suggestion-detail", pk=suggestion.pk)
    form = RewardForm(request.POST, union=request.union)
    if form.is_valid():
        data = form.cleaned_data
        try:
            suggestions.reward(suggestion, request.user, data["seen_version"], amount=data["amount"],
                               date=data["date"], category=data["category"])
        except PeriodLocked as locked:
            form.add_error("date", locked.message)
        except (StaleEdit, ValidationError) as refused:
            form.add_error(None, refused.message if isinstance(refused, ValidationError) else str(refused))
        else:
            messages.success(request, _("The reward was recorded as an expense."))
            return redirect("congress:suggestion-detail", pk=suggestion.pk)
    suggestion = get_suggestion(request, pk)
    return _detail_page(request, suggestion, reward_form=form)
