"""The forms of the welfare pages: the standard, a festival distribution, a reason for going over a cap."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from funds.distributions import covered_members, over_cap
from funds.forms import DATE, MoneyForm, clean_positive
from funds.models import CareCapReason, ExpenseCategory, FestivalDistribution, WelfareStandard
from funds.welfare import CAP_FIELDS, allowed_festivals, preset_choices
from members.forms import StyledForm, StyledModelForm
from members.models import Department, Member, UnionGroup

NO_CASH = _(
    "The rules (总工办发〔2017〕32号) forbid cash, shopping cards and vouchers as gifts: choose goods, a "
    "health check or tickets."
)
REASON_REQUIRED = _("This goes over the welfare standard: say why (the reason is kept and shown to the fund review).")


class PresetForm(StyledForm):
    preset = forms.ChoiceField(label=_("Province preset"), choices=preset_choices)


class WelfareStandardForm(StyledModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    local_festivals = forms.CharField(
        label=_("Locally approved festivals"),
        required=False,
        help_text=_("Separated by 、 or commas, e.g. 古尔邦节、火把节. The national festivals are always allowed."),
    )

    class Meta:
        model = WelfareStandard
        fields = ["province", "source", *CAP_FIELDS, "local_festivals", "poverty_share_target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version
        self.initial["local_festivals"] = "、".join(self.instance.local_festivals or [])
        for name in CAP_FIELDS:
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0.01"})

    def clean_local_festivals(self):
        text = self.cleaned_data.get("local_festivals") or ""
        names = [n.strip() for n in re.split(r"[、,，;；\s]+", text) if n.strip()]
        if any(len(n) > 30 for n in names):
            raise forms.ValidationError(_("A festival's name is at most 30 characters."))
        return list(dict.fromkeys(names))

    def clean(self):
        cleaned = super().clean()
        for name in CAP_FIELDS:
            clean_positive(cleaned.get(name))
        return cleaned


class DistributionForm(MoneyForm):
    """A festival distribution with the filters that choose its members; over the cap, the reason."""

    statuses = forms.MultipleChoiceField(
        label=_("Members covered"),
        choices=[(Member.Status.ACTIVE, _("Active")), (Member.Status.EARLY_RETIRED, _("Early retired"))],
        initial=[Member.Status.ACTIVE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_retirees = forms.BooleanField(label=_("Include retirees"), required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("All departments"))
    group = forms.ModelChoiceField(label=_("Union group"), queryset=UnionGroup.objects.none(), required=False,
                                   empty_label=_("All groups"))
    category = forms.ModelChoiceField(
        label=_("Expense category"), queryset=ExpenseCategory.objects.none(), required=False
    )

    class Meta:
        model = FestivalDistribution
        fields = ["festival", "date", "gift_type", "item", "amount_per_person", "supplier", "poverty_supplier",
                  "invoice_number", "over_cap_reason"]
        widgets = {"date": DATE, "over_cap_reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"gift_type": NO_CASH}

    field_order = ["festival", "date", "statuses", "include_retirees", "department", "group", "gift_type", "item",
                   "amount_per_person", "supplier", "poverty_supplier", "invoice_number", "category",
                   "over_cap_reason"]

    def __init__(self, *args, union, standard, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.union, self.standard, self.year = union, standard, year
        festivals = allowed_festivals(standard)
        self.fields["festival"] = forms.ChoiceField(
            label=_("Festival"),
            choices=[("", "---------"), *((f, f) for f in festivals)],
            error_messages={"invalid_choice": _("%(value)s is not a festival the rules allow greetings on.")},
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["department"].queryset = Department.objects.for_union(union)
        self.fields["group"].queryset = UnionGroup.objects.for_union(union)
        self.fields["category"].queryset = ExpenseCategory.objects.for_union(union).filter(active=True)
        default = self.fields["category"].queryset.filter(name="职工活动支出").first()
        self.fields["category"].initial = default.pk if default else None
        self.fields["amount_per_person"].widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0.01"})
        self.order_fields(self.field_order)
        self.members, self.over = [], []

    def clean_amount_per_person(self):
        return clean_positive(self.cleaned_data.get("amount_per_person"))

    def clean_date(self):
        day = super().clean_date()
        if day and day.year != self.year:
            raise forms.ValidationError(_("The date must be in %(year)s."), params={"year": self.year})
        return day

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.members = list(
            covered_members(
                self.union,
                statuses=cleaned.get("statuses") or [],
                include_retirees=cleaned.get("include_retirees"),
                department=cleaned.get("department"),
                group=cleaned.get("group"),
            )
        )
        if not self.members:
            raise forms.ValidationError(_("No member matches the choice."))
        self.over = over_cap(self.union, self.standard, self.year, self.members, cleaned["amount_per_person"])
        if self.over and not (cleaned.get("over_cap_reason") or "").strip():
            self.add_error("over_cap_reason", REASON_REQUIRED)
        return cleaned

    def chosen_by(self):
        """The filters in words, kept with the distribution."""
        c = self.cleaned_data
        labels = dict(self.fields["statuses"].choices)
        parts = [str(labels[s]) for s in c.get("statuses") or []]
        if c.get("include_retirees"):
            parts.append(str(_("Retired")))
        for name in ("department", "group"):
            if c.get(name):
                parts.append(str(c[name]))
        return "、".join(parts)[:300]


class CareCapReasonForm(StyledModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CareCapReason
        fields = ["reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"reason": {"required": REASON_REQUIRED}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version if self.instance.pk else None

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(REASON_REQUIRED, code="required")
        return reason
