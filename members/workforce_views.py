"""职工人数 and 建会日期: the two figures of its own a union keeps for its higher-level union (federation/)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import history
from members.access import require_perm, union_required
from members.forms import DateInput, StyledForm
from members.models import Workforce


class WorkforceForm(StyledForm):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    employees = forms.IntegerField(
        label=gettext_lazy("Employees"), min_value=0, max_value=10_000_000,
        help_text=gettext_lazy("Everyone employed by the workplace (职工人数), members or not: the higher-level "
                               "union divides the members by it (入会率)."),
    )
    founded_on = forms.DateField(
        label=gettext_lazy("Union founded on"), required=False, widget=DateInput(),
        help_text=gettext_lazy("The day the union was founded (建会日期); empty if nobody knows it."),
    )


@union_required
def workforce(request):
    require_perm(request, "members.view_workforce")
    union = request.union
    year = timezone.localdate().year
    rows = list(Workforce.objects.for_union(union).order_by("-year")[:10])
    initial = {"year": year, "founded_on": union.founded_on,
               "employees": next((r.employees for r in rows if r.year == year), None)}
    form = WorkforceForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require_perm(request, "members.add_workforce", "members.change_workforce", "members.change_union")
        if form.is_valid():
            data = form.cleaned_data
            row = Workforce.objects.for_union(union).filter(year=data["year"]).first() or Workforce(
                union=union, year=data["year"]
            )
            row.employees = data["employees"]
            history.save_recorded(row, request.user)
            if data["founded_on"] != union.founded_on:
                union.founded_on = data["founded_on"]
                history.save_recorded(union, request.user, fields=["founded_on"], update_fields=["founded_on"])
            messages.success(request, _("The employees of %(year)d were saved.") % {"year": data["year"]})
            return redirect("members:workforce")
    return render(request, "members/workforce.html", {"form": form, "rows": rows})
