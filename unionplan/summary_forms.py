from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import StyledModelForm
from unionplan.models import YearSummary


class YearSummaryForm(StyledModelForm):
    """The chair's three texts; one paragraph per line, as they will appear in the Word file."""

    class Meta:
        model = YearSummary
        fields = YearSummary.FORM_FIELDS
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 12}) for name in YearSummary.TEXT_FIELDS},
            "dated": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "achievements": _("Printed before the figures in section one. One paragraph per line."),
            "problems": _("What did not go well, and why. One paragraph per line."),
            "next_year": _("What the union means to do next year. One paragraph per line."),
            "dated": _("The date under the summary. Empty: the year's last day once the year is over, today before."),
        }
