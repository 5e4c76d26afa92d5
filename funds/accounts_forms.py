"""Forms of the 2% allocation register and the final accounts' explanations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from funds.forms import MoneyForm, clean_positive
from funds.models import Allocation, FinalAccountsNote


class AllocationForm(MoneyForm):
    class Meta:
        model = Allocation
        fields = ["period", "number", "payroll", "paid", "paid_on", "note"]
        # "period" alone is translated as a fund review's period (审查期间): month or quarter here.
        labels = {"period": _("allocation recorded")}
        help_texts = {
            "payroll": _("The employer's payroll total (工资总额) of the month or quarter; 2% of it is due."),
            "paid": _("What the employer has paid of it so far."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("payroll", "paid"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0"})
        self.fields["number"].widget = forms.NumberInput(attrs={"class": "form-control", "min": 1, "max": 12})

    def clean_payroll(self):
        return clean_positive(self.cleaned_data.get("payroll"))

    def clean_paid(self):
        paid = self.cleaned_data.get("paid")
        if paid is not None and paid < 0:
            raise forms.ValidationError(_("Enter zero or more."), code="negative")
        return paid

    def clean(self):
        cleaned = super().clean()
        period, number = cleaned.get("period"), cleaned.get("number")
        if period and number is not None:
            limit = 4 if period == Allocation.Period.QUARTER else 12
            if not 1 <= number <= limit:
                self.add_error("number", _("Choose a month from 1 to 12 or a quarter from 1 to 4."))
            else:
                taken = Allocation.objects.filter(
                    union_id=self.instance.union_id, year=self.instance.year, period=period, number=number
                ).exclude(pk=self.instance.pk)
                if taken.exists():
                    self.add_error("number", _("This period is already recorded; open it to change it."))
        paid, paid_on = cleaned.get("paid"), cleaned.get("paid_on")
        if paid and not paid_on:
            self.add_error("paid_on", _("Enter the date it was paid."))
        return cleaned



class FinalAccountsNoteForm(MoneyForm):
    class Meta:
        model = FinalAccountsNote
        fields = ["explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}

    def clean_explanation(self):
        text = self.cleaned_data.get("explanation", "").strip()
        if not text:
            raise forms.ValidationError(_("Say why the actual figure differs from the budget."), code="required")
        return text
