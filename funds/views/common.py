"""What every funds page shares: the year check, pagination, the record page with its history."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from funds.models import PeriodLocked, locking_review
from funds.money import delete_money, history_of, save_money
from members.history import snapshot
from members.versioning import StaleEdit

PER_PAGE = 50


def check_year(year):
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def paginate(request, queryset, per_page=PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def lock_of(instance):
    """The signed review that locks this record's dates, or None (one query)."""
    if instance.pk is None or not hasattr(instance, "touched_spans"):
        return None
    return locking_review(instance.union_id, instance.touched_spans(None))


def save_form(request, form, success_message):
    """Save a valid MoneyForm through `save_money`; a lock or a stale edit becomes a form error."""
    instance = form.save(commit=False)
    try:
        save_money(instance, request.user, form.opened_version)
    except PeriodLocked as error:
        form.add_error(None, error)
        return None
    except StaleEdit as error:
        form.add_error(None, str(error))
        return None
    if hasattr(form, "save_m2m"):
        form.save_m2m()
    messages.success(request, success_message)
    return instance


def delete_record(request, instance, back):
    try:
        delete_money(instance, request.user)
    except PeriodLocked as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Deleted. The history keeps its last values."))
    return redirect(back)


def record_page(request, instance, *, form, title, back, year, tab, delete_url=None, extra=None):
    """One money record: its figures, the form when the user may edit, its history."""
    lock = lock_of(instance)
    return render(
        request,
        "funds/record.html",
        {
            "record": instance,
            "form": form if lock is None else None,
            "title": title,
            "back": back,
            "year": year,
            "tab": tab,
            "lock": lock,
            "can_delete": bool(delete_url) and lock is None and instance.pk,
            "delete_url": delete_url,
            "details": snapshot(instance) if instance.pk else {},
            "history": history_of(instance) if instance.pk else [],
            **(extra or {}),
        },
    )
