"""Forms of suggestions and the union mailbox: sending one, a receipt code, an answer, a reward."""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Suggestion
from congress.suggestions import RECEIPT_LENGTH, allowed_outcomes, normalised
from funds.models import ExpenseCategory
from members.forms import DateInput, StyledForm, StyledModelForm

REWARD_MAX_DAYS_AHEAD = 30  # as money elsewhere: a date further out is a typo for another year


class SuggestionForm(StyledModelForm):
    anonymous = forms.BooleanField(
        label=_("Send anonymously"),
        required=False,
        help_text=_(
            "Your name is not stored with it, anywhere. You get a receipt code instead: with it, and only "
            "with it, you can read the reply."
        ),
    )

    class Meta:
        model = Suggestion
        fields = ["kind", "title", "text"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["maxlength"] = 100
        self.fields["text"].widget.attrs["maxlength"] = 5000

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) > 5000:
            raise forms.ValidationError(_("Keep it under 5,000 characters."), code="too_long")
        return text


class ReceiptForm(StyledForm):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                      "placeholder": "XXXX-XXXX-XXXX"}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if len(normalised(code)) != RECEIPT_LENGTH or not normalised(code).isascii():
            raise forms.ValidationError(
                _("A receipt code has 12 letters and digits, e.g. 7KQM-3XWD-H9PA."), code="bad_code"
            )
        return code


class AnswerForm(StyledModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Suggestion
        fields = ["status", "reply"]
        widgets = {"reply": forms.Textarea(attrs={"rows": 6})}
        labels = {"status": _("Outcome")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version
        outcomes = allowed_outcomes(self.instance)
        self.fields["status"].choices = [(s.value, s.label) for s in outcomes]
        if self.instance.status not in outcomes:
            self.initial["status"] = outcomes[0].value
        self.fields["reply"].required = True

    def clean_reply(self):
        reply = self.cleaned_data["reply"].strip()
        if not reply:
            raise forms.ValidationError(_("Write the reply."), code="required")
        if len(reply) > 5000:
            raise forms.ValidationError(_("Keep it under 5,000 characters."), code="too_long")
        return reply


class RewardForm(StyledForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    amount = forms.DecimalField(label=_("Reward (yuan)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"),
                                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0.01"}))
    date = forms.DateField(label=_("Date paid"), widget=DateInput())
    category = forms.ModelChoiceField(label=_("Expense category"), queryset=ExpenseCategory.objects.none())

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ExpenseCategory.objects.for_union(union).filter(active=True)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate() + timedelta(days=REWARD_MAX_DAYS_AHEAD):
            raise forms.ValidationError(
                _("Money is recorded at most %(days)s days ahead. Check the year."),
                code="too_far_ahead", params={"days": REWARD_MAX_DAYS_AHEAD},
            )
        return day
