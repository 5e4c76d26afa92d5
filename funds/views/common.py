"""What every funds page shares: the year check, pagination, the record page with its history."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from funds.models import PeriodLocked, locking_review
from members.access import id_or_none, local_url
from members.history import delete_recorded, history_of, save_recorded, snapshot
from members.versioning import StaleEdit

PER_PAGE = 50


def check_year(year):
    if not 2000 <= year <= 2100:
        raise Http404
    return year


class CountedPaginator(Paginator):
    """A paginator told the row count (from the month totals) instead of counting a large table."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


def paginate(request, queryset, per_page=PER_PAGE, count=None):
    paginator = Paginator(queryset, per_page) if count is None else CountedPaginator(queryset, per_page, count)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request):
    params = request.GET.copy()
    for name in ("page", "after", "before"):
        params.pop(name, None)
    return params.urlencode()


@dataclass
class KeysetPage:
    """One page of rows after (or before) a cursor: as fast on the 400th page as on the first."""

    object_list: list
    count: int
    next_cursor: str = ""
    previous_cursor: str = ""

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def keyset_page(request, queryset, order, key, count, size=PER_PAGE):
    """Rows ordered by the lookups `order`, the last of them the id (e.g. members.models.name_order:
    pinyin, employee number, id); `key(row)` gives a row's values of them for the cursor."""
    after, before = request.GET.get("after", ""), request.GET.get("before", "")
    cursor = _cursor(after or before, len(order))
    if cursor and after:
        rows = list(queryset.filter(_beyond(order, cursor, "gt")).order_by(*order)[: size + 1])
    elif cursor:
        rows = queryset.filter(_beyond(order, cursor, "lt"))
        rows = list(rows.order_by(*(f"-{lookup}" for lookup in order))[: size + 1])
    else:
        rows = list(queryset.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    backwards = bool(cursor and before)
    if backwards:
        rows.reverse()
    page = KeysetPage(rows, count)
    if rows and (more or backwards):
        page.next_cursor = _cursor_text(key(rows[-1]))
    if rows and (more if backwards else bool(cursor)):
        page.previous_cursor = _cursor_text(key(rows[0]))
    return page


def _beyond(order, cursor, direction):
    """Rows after (gt) or before (lt) the cursor in the order of the lookups: (a, b, id) > (x, y, z)."""
    condition = Q()
    for i, lookup in enumerate(order):
        condition |= Q(**dict(zip(order[:i], cursor[:i], strict=True)), **{f"{lookup}__{direction}": cursor[i]})
    return condition


def _cursor_text(values):
    """"id:value:…": the id first, then the other values in order (only the last may hold a colon)."""
    *others, pk = values
    return ":".join([str(pk), *(str(v) for v in others)])


def _cursor(value, size):
    """The values of a cursor in the order of its lookups, or None for a broken one."""
    parts = value.split(":", size - 1)
    pk = id_or_none(parts[0])
    if len(parts) != size or pk is None:
        return None
    return [*parts[1:], pk]


def safe_next(request, fallback):
    return local_url(request, request.POST.get("next") or request.GET.get("next")) or fallback


def lock_of(instance):
    """The signed review that locks this record's dates, or None (one query)."""
    if instance.pk is None or not hasattr(instance, "touched_spans"):
        return None
    return locking_review(instance.union_id, instance.touched_spans(None))


def save_form(request, form, success_message):
    """Save a valid MoneyForm through `save_recorded`; a lock or a stale edit becomes a form error."""
    instance = form.save(commit=False)
    try:
        save_recorded(instance, request.user, form.opened_version)
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
        delete_recorded(instance, request.user)
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
