"""The committee's forms for moving a member out (members/transfers.py)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms import DateInput, StyledForm, not_in_future
from members.models import Transfer


class TransferLetterForm(StyledForm):
    destination = forms.CharField(
        label=_("Receiving union"), max_length=100,
        help_text=_("The full name of the union the member moves to, as it will stand on the letter."),
    )
    dues_paid_to = forms.CharField(
        label=_("Dues paid up to"), max_length=30,
        help_text=_("As the letter should say it, e.g. 2026年11月."),
    )
    issued_on = forms.DateField(label=_("Date of the letter"), widget=DateInput())
    number = forms.CharField(label=_("Letter number"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("issued_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_destination(self):
        value = " ".join(self.cleaned_data["destination"].split())
        if not value:
            raise forms.ValidationError(_("This field is required."))
        return value

    def clean_dues_paid_to(self):
        value = " ".join(self.cleaned_data["dues_paid_to"].split())
        if not value:
            raise forms.ValidationError(_("This field is required."))
        return value

    def clean_issued_on(self):
        return not_in_future(self.cleaned_data.get("issued_on"))


class TransferForm(StyledForm):
    """会籍接转 to a sister union: where to, and how the dues arrears are handled."""

    to_union = forms.ModelChoiceField(label=_("Receiving union"), queryset=None, empty_label=None)
    arrears = forms.DecimalField(
        label=_("Dues arrears (yuan)"), min_value=0, max_digits=10, decimal_places=2, initial=0,
    )
    arrears_handling = forms.ChoiceField(label=_("Arrears"), choices=Transfer.Arrears.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_union"].queryset = unions


class DeclineForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reason(self):
        value = " ".join(self.cleaned_data["reason"].split())
        if not value:
            raise forms.ValidationError(_("This field is required."))
        return value
