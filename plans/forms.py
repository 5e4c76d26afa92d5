from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.forms import StyledForm, StyledModelForm
from members.models import Member, name_order
from plans.models import MONTH_CHOICES, AnnualPlan, PlanItem
from plans.starters import STARTERS

TEXT_FIELDS = ["title", "foreword", "guiding_ideology", "goals"]


class PlanTextsForm(StyledModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AnnualPlan
        fields = TEXT_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in TEXT_FIELDS[1:]}


def owner_choices(plan):
    """Who may own an item: the committee, the group leaders, and whoever already owns one here; in
    the order of names, namesakes told apart (Member.label), from one query."""
    members = (
        Member.objects.for_union(plan.union)
        .current()
        .filter(Q(position__gt="") | Q(led_groups__isnull=False) | Q(plan_items__plan=plan))
        .distinct()
        .with_namesakes()
        .order_by(*name_order())
        .only("name", "employee_number", "department__name")
    )
    return [("", "—"), *((member.pk, member.label) for member in members)]


class OutlineRowForm(StyledForm):
    """One row of the outline editor. `level` and `DELETE` are set by the row's buttons."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    level = forms.TypedChoiceField(choices=PlanItem.Level.choices, coerce=int, widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("heading"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Heading or short title")}),
    )
    body = forms.CharField(
        label=_("text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1, "placeholder": _("Text (optional)")}),
    )
    due_date = forms.DateField(label=_("due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    due_month = forms.TypedChoiceField(
        label=_("due month"),
        choices=[("", "—"), *MONTH_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan  # before super(): the styled form validates while it initialises
        super().__init__(*args, **kwargs)

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due and due.year not in (self.plan.year, self.plan.year + 1):
            raise forms.ValidationError(
                _("The due date must fall in %(year)s (or in the following year)."),
                params={"year": self.plan.year},
            )
        return due

    def clean(self):
        data = super().clean()
        if not self.cleaned_data.get("DELETE") and not data.get("title") and not data.get("body"):
            self.add_error("title", _("Write a title or a text, or remove the row."))
        return data


class BaseOutlineFormSet(forms.BaseFormSet):
    def __init__(self, *args, plan, existing_ids, **kwargs):
        self.plan, self.existing_ids = plan, set(existing_ids)
        kwargs["form_kwargs"] = {"plan": plan}
        super().__init__(*args, **kwargs)

    def clean(self):
        ids = [form.cleaned_data.get("id") for form in self.forms if form.cleaned_data.get("id")]
        if len(ids) != len(set(ids)) or set(ids) != self.existing_ids:
            # Every existing row comes back exactly once (kept or marked for removal); else the page is stale.
            raise forms.ValidationError(_("The outline on this page is out of date. Reload the plan and try again."))

    def rows(self):
        """The kept rows' cleaned data in document order, and the ids of the removed ones."""
        kept = [f.cleaned_data for f in self.forms if not f.cleaned_data.get("DELETE")]
        removed = {f.cleaned_data["id"] for f in self.forms if f.cleaned_data.get("DELETE") and f.cleaned_data["id"]}
        return kept, removed


# The most rows the editor takes in one save; its POST limit is set from it (plans/editing.py).
OUTLINE_MAX_ROWS = 1000


def outline_formset(plan):
    """The editor's formset class for `plan`: its rows offer the plan's owners (one query for all rows)."""
    owners = owner_choices(plan)
    owner = forms.TypedChoiceField(label=_("owner"), choices=owners, coerce=int, empty_value=None, required=False)
    form = type("PlanRowForm", (OutlineRowForm,), {"owner": owner})
    formset = forms.formset_factory(
        form,
        formset=BaseOutlineFormSet,
        extra=0,
        can_delete=True,
        max_num=OUTLINE_MAX_ROWS,
        absolute_max=OUTLINE_MAX_ROWS,
    )
    formset.owners = owners
    return formset


class ProgressForm(StyledModelForm):
    """The committee records an item's progress in place, on the plan page."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PlanItem
        fields = ["status", "progress_note", "outcome"]
        widgets = {
            "progress_note": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }


class NewPlanForm(StyledForm):
    """Start a year's plan: blank, from one of the built-in templates, or from last year's plan."""

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    start = forms.ChoiceField(
        label=_("start from"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        choices=[
            *[(f"starter:{key}", starter.label) for key, starter in STARTERS.items()],
            ("blank", _("A blank plan")),
        ],
    )

    def __init__(self, *args, union, **kwargs):
        self.union = union  # before super(): the styled form validates while it initialises
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = "starter:" + _starter_for(union)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if AnnualPlan.objects.for_union(self.union).filter(year=year).exists():
            raise forms.ValidationError(_("There is already a plan for %(year)s."), params={"year": year})
        return year


def _starter_for(union):
    kind = union.kind
    return {"school": "school", "township": "township", "street": "township"}.get(kind, "company")


class PasteForm(StyledForm):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("plan title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to take it from the first line of the text."),
    )
    text = forms.CharField(
        label=_("the plan's text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=200_000,
        help_text=_(
            "Copy the whole plan from Word and paste it here: 一、 （一） 1、 numbering and month "
            "headings such as 二月份 are recognised."
        ),
    )
    replace = forms.BooleanField(label=_("Replace the outline of this year's draft plan"), required=False)

    def __init__(self, *args, union, **kwargs):
        self.union = union  # before super(): the styled form validates while it initialises
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        year = data.get("year")
        existing = AnnualPlan.objects.for_union(self.union).filter(year=year).first() if year else None
        self.existing = existing
        if existing and not existing.is_editable:
            self.add_error("year", _("The plan for this year is no longer a draft: revise it first."))
        elif existing and not data.get("replace"):
            self.add_error("replace", _("There is already a plan for this year; tick the box to replace its outline."))
        return data


class ApproveForm(StyledForm):
    body = forms.ChoiceField(label=_("approved by"), choices=AnnualPlan.ApprovalBody.choices)
    note = forms.CharField(
        label=_("approval note"),
        max_length=300,
        required=False,
        help_text=_("For example: adopted by the 6th session of the 9th workers' congress."),
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("reason for revision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReturnForm(StyledForm):
    note = forms.CharField(
        label=_("what should change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )
