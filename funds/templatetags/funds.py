"""{% load funds %}: the funds sections other apps' pages include (a member's own dues, an
activity's or a care visit's spending) without importing funds. Money itself reads through
`{% load money %}` (members.money.yuan), as on every page."""

from decimal import Decimal

from django import template
from django.db.models import Count, Sum
from django.utils import timezone

from funds import periods
from funds.models import Dues, Expense, fen

register = template.Library()


@register.filter
def month_name(value):
    """3 → "3月"."""
    return periods.month_name(int(value))


@register.filter
def pct(value):
    """A percentage to one decimal, "—" when there is none."""
    return "—" if value is None else f"{value}%"


@register.filter
def bar_percent(value):
    """A percentage clamped to 0..100 for a progress bar's width class."""
    if value is None:
        return 0
    return max(0, min(100, int(value)))


@register.inclusion_tag("funds/_member_dues.html", takes_context=True)
def member_dues(context, member, year=None):
    """A member's dues for the year, for their own page (and for those who keep the dues)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    own = getattr(request, "member", None) is not None and request.member.pk == member.pk
    allowed = own or (user is not None and user.has_perm("funds.view_dues"))
    year = year or timezone.localdate().year
    # The member's union only: a member who moved to a sister union (会籍接转) left their old dues behind.
    dues = Dues.objects.for_union(member.union_id).filter(member=member, year=year)
    rows = list(dues.order_by("month")) if allowed else []
    return {
        "allowed": allowed,
        "member": member,
        "year": year,
        "rows": rows,
        "request": request,
        "owed": sum((r.amount for r in rows if not r.is_paid), Decimal("0.00")),
        "paid": sum((r.amount for r in rows if r.is_paid), Decimal("0.00")),
        "perms": context.get("perms"),
    }


@register.inclusion_tag("funds/_activity_spending.html", takes_context=True)
def activity_spending(context, activity):
    """An activity's budget against what was actually spent on it, and "Record the spending"."""
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = user is not None and user.has_perm("funds.view_totals")
    spent = count = None
    if allowed:
        figures = Expense.objects.filter(activity=activity).aggregate(total=Sum("amount"), count=Count("id"))
        spent, count = fen(figures["total"]), figures["count"]
    budget = activity.budget
    return {
        "allowed": allowed,
        "activity": activity,
        "budget": budget,
        "spent": spent,
        "count": count,
        "remaining": (budget - spent) if budget is not None and spent is not None else None,
        "over": budget is not None and spent is not None and spent > budget,
        "percent": int(spent * 100 / budget) if budget and spent is not None else None,
        "may_record": user is not None and user.has_perm("funds.add_expense"),
        "may_list": user is not None and user.has_perm("funds.view_expense"),
        "request": request,
    }


@register.inclusion_tag("funds/_care_visit_spending.html", takes_context=True)
def care_visit_spending(context, visit):
    """The expenses recorded for a care visit, and "Record the spending"."""
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = user is not None and user.has_perm("funds.view_totals")
    expenses = list(Expense.objects.filter(care_visit=visit).select_related("category")) if allowed else []
    return {
        "allowed": allowed,
        "visit": visit,
        "expenses": expenses,
        "spent": sum((e.amount for e in expenses), Decimal("0.00")),
        "may_record": user is not None and user.has_perm("funds.add_expense"),
        "may_open": user is not None and user.has_perm("funds.view_expense"),
        "request": request,
    }
