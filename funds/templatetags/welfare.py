"""The welfare cap on a care visit's page (templates/funds/_care_visit_section.html)."""

from django import template
from django.db.models import Sum

from funds.models import CareCapReason, Expense, fen
from funds.welfare import OCCASION_LABELS, standard_for, visit_check
from funds.welfare_forms import CareCapReasonForm

register = template.Library()


@register.inclusion_tag("funds/_welfare_visit_cap.html", takes_context=True)
def visit_cap(context, visit):
    """The visit's payment against the standard's cap for its reason; over it, the reason form."""
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = user is not None and user.has_perm("funds.view_welfarestandard")
    if not allowed or visit.union_id is None:
        return {"allowed": False}
    standard = standard_for(visit.union, visit.date.year)
    spent = Expense.objects.filter(care_visit=visit).aggregate(total=Sum("amount"))["total"]
    visit.payment = fen(spent) if spent else (visit.amount or None)
    name, cap, over_by = visit_check(visit, standard)
    reason = CareCapReason.objects.filter(care_visit=visit).first()
    return {
        "allowed": True,
        "visit": visit,
        "standard": standard,
        "occasion": OCCASION_LABELS.get(name) if name else None,
        "cap": cap,
        "payment": visit.payment,
        "over_by": over_by,
        "reason": reason,
        "form": CareCapReasonForm(instance=reason) if user.has_perm("funds.add_carecapreason") else None,
        "request": request,
    }
