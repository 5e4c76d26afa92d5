from datetime import timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from funds.models import (
    BudgetLine,
    Dues,
    Expense,
    ExpenseCategory,
    FundReview,
    FundSettings,
    Income,
    WageBase,
)
from funds.periods import month_name_lazy
from members.access import id_or_none
from members.forms import MemberMultipleChoiceField, StyledForm, StyledModelForm
from members.models import Member

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTHS = [(m, month_name_lazy(m)) for m in range(1, 13)]


# Income and expenses are recorded when the money moves; a little ahead is fine (an invoice for next
# week's trip), a date further out is a typo for another year.
DAYS_AHEAD = 30


def clean_positive(value):
    if value is not None and value <= 0:
        raise forms.ValidationError(_("Enter an amount greater than zero."), code="not_positive")
    return value


class MoneyForm(StyledModelForm):
    """A money record's form: amounts above zero, and the version the editor opened (optimistic lock)."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = getattr(self.instance, "version", None)
        for name, field in self.fields.items():
            if isinstance(field, forms.DecimalField) and name in {"amount", "wage_base"}:
                field.widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0.01"})
            if isinstance(field, forms.DateField):
                field.widget = DATE
                field.widget.attrs["class"] = "form-control"

    def clean_amount(self):
        return clean_positive(self.cleaned_data.get("amount"))

    def clean_date(self):
        """Income and expenses (the forms with a `date`): at most DAYS_AHEAD days after today."""
        day = self.cleaned_data.get("date")
        latest = timezone.localdate() + timedelta(days=DAYS_AHEAD)
        if day and day > latest:
            raise forms.ValidationError(
                _("%(day)s is more than %(days)s days after today: money is recorded at most %(days)s days "
                  "ahead (until %(latest)s). Check the year."),
                code="too_far_ahead",
                params={"day": day.isoformat(), "days": DAYS_AHEAD, "latest": latest.isoformat()},
            )
        return day

    @property
    def opened_version(self):
        """The version the editor opened (None for a new record)."""
        return self.cleaned_data.get("seen_version")


class IncomeForm(MoneyForm):
    class Meta:
        model = Income
        fields = ["date", "source", "amount", "payer", "description", "receipt_number"]


class ExpenseForm(MoneyForm):
    class Meta:
        model = Expense
        fields = [
            "date",
            "category",
            "amount",
            "payee",
            "description",
            "receipt_number",
            "activity",
            "care_visit",
        ]

    YEAR_LOOKUP = {"activity": "year", "care_visit": "date__year"}

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.category_id
        self.fields["category"].queryset = ExpenseCategory.objects.for_union(union).filter(
            active=True
        ) | ExpenseCategory.objects.for_union(union).filter(pk=current)
        year = (self.instance.date or self.initial.get("date") or timezone.localdate()).year
        self._link_choices("activity", union, year)
        self._link_choices("care_visit", union, year)

    def _link_choices(self, name, union, year):
        """Validate against all of the union's rows; offer the year's (a long select stays short)."""
        field = self.fields[name]
        model = field.queryset.model
        field.queryset = model.objects.for_union(union)
        linked = getattr(self.instance, f"{name}_id", None) or self.initial.get(name)
        offered = model.objects.for_union(union).filter(**{self.YEAR_LOOKUP[name]: year})
        if linked:
            offered = offered | model.objects.for_union(union).filter(pk=getattr(linked, "pk", linked))
        field.widget.choices = [("", "---------"), *((obj.pk, self._label(obj)) for obj in offered.distinct())]

    @staticmethod
    def _label(obj):
        """An activity's title can repeat over a year (a series); its date tells them apart."""
        when = getattr(obj, "start_date", None) or getattr(obj, "date", None)
        return f"{when:%m-%d} {obj}" if when and not hasattr(obj, "reason") else str(obj)


class BudgetLineForm(MoneyForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "amount", "note"]

    def __init__(self, *args, union, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.union, self.year = union, year
        self.fields["category"].queryset = ExpenseCategory.objects.for_union(union)

    def clean_category(self):
        category = self.cleaned_data["category"]
        taken = BudgetLine.objects.for_union(self.union).in_year(self.year).filter(category=category)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This category already has a budget line this year; edit that one."))
        return category


class WageBaseForm(MoneyForm):
    class Meta:
        model = WageBase
        fields = ["from_month", "amount"]
        widgets = {"from_month": forms.Select(choices=MONTHS)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_month"].help_text = _("A raise during the year starts a new wage base from its month.")

    def clean_from_month(self):
        month = self.cleaned_data["from_month"]
        instance = self.instance
        taken = WageBase.objects.filter(member=instance.member, year=instance.year, from_month=month)
        if taken.exclude(pk=instance.pk).exists():
            raise forms.ValidationError(_("There is already a wage base from this month; change that one."))
        return month


class DuesPaymentForm(StyledForm):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    method = forms.ChoiceField(label=_("Payment method"), choices=Dues.Method.choices, initial=Dues.Method.PAYROLL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("A payment cannot be dated in the future."))
        return paid_on


class BulkPaymentForm(DuesPaymentForm):
    dues = forms.TypedMultipleChoiceField(coerce=int, widget=forms.MultipleHiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The ticked ids are checked against the union in `mark_paid`; any integer is a valid choice here.
        data = self.data.getlist("dues") if hasattr(self.data, "getlist") else []
        self.fields["dues"].choices = [(v, v) for v in data if id_or_none(str(v)) is not None]


class GenerateDuesForm(StyledForm):
    month = forms.TypedChoiceField(
        label=_("Generate"),
        coerce=int,
        choices=[(0, _("The whole year")), *MONTHS],
    )

    def months(self):
        month = self.cleaned_data["month"]
        return range(1, 13) if month == 0 else [month]


class FundSettingsForm(StyledModelForm):
    exempt_statuses = forms.MultipleChoiceField(
        label=_("Exempt statuses"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(s.value, s.label) for s in Member.Status if s != Member.Status.LEFT],
        help_text=_("Members with these statuses pay no dues. Members who left the union never do."),
    )

    class Meta:
        model = FundSettings
        fields = [
            "dues_rate",
            "rounding",
            "dues_drop_under_ten",
            "exempt_statuses",
            "allocation_rate",
            "allocation_kept_share",
            "allocation_frequency",
            "opening_balance",
        ]


class ExpenseCategoryForm(StyledModelForm):
    class Meta:
        model = ExpenseCategory
        fields = ["name", "account", "sub_item", "order", "active"]

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = ExpenseCategory.objects.for_union(self.union).filter(name=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("There is already a category with this name."))
        return name


class FundReviewForm(MoneyForm):
    """A fund review: the period (上半年, 下半年, 全年 or 自定义起止日期), the reviewers — only those who
    may review are offered (FundReview.reviewer_choices); the form says who is left out and why."""

    class Meta:
        model = FundReview
        fields = ["year", "kind", "start", "end", "reviewed_on", "reviewers", "findings", "conclusion"]
        widgets = {"reviewers": forms.CheckboxSelectMultiple, "findings": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"reviewers": MemberMultipleChoiceField}

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.eligible, self.left_out = FundReview.reviewer_choices(union)
        reviewers = self.fields["reviewers"]
        # Validated against every current member, so that a barred one posted anyway is refused with
        # the reason (FundReview.check_reviewers), not "not one of the choices"; offered: the eligible.
        reviewers.queryset = Member.objects.for_union(union).current()
        reviewers.widget.choices = [(m.pk, m.label) for m in self.eligible]
        reviewers.help_text = _("The chair and those who keep the money (主席、经费管理人员) cannot be fund reviewers.")
        self.fields["kind"].widget = forms.RadioSelect(choices=self.fields["kind"].choices)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]
        self.fields["kind"].widget.choices = self.fields["kind"].choices
        self.fields["start"].required = self.fields["end"].required = False
        self.fields["start"].help_text = _(
            "Only for a date range; the halves and the whole year set their own dates."
        )
        self.fields["year"].widget = forms.NumberInput(attrs={"class": "form-control", "min": 2000, "max": 2100})
        # The period's dates are computed from the year: keep it to years a date can hold.
        self.fields["year"].validators += [MinValueValidator(2000), MaxValueValidator(2100)]

    def clean_reviewers(self):
        reviewers = self.cleaned_data.get("reviewers")
        if reviewers:
            try:
                FundReview.check_reviewers(reviewers)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["reviewers"]) from None
        return reviewers

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == FundReview.Kind.RANGE:
            start, end = cleaned.get("start"), cleaned.get("end")
            if not start:
                self.add_error("start", _("Enter the first day of the period."))
            if not end:
                self.add_error("end", _("Enter the last day of the period."))
            if start and end and start > end:
                self.add_error("end", _("The period must end on or after its first day."))
        elif cleaned.get("year") and cleaned.get("kind"):
            self.instance.kind, self.instance.year = cleaned["kind"], cleaned["year"]
            self.instance.set_period()
            cleaned["start"], cleaned["end"] = self.instance.start, self.instance.end
        return cleaned


class ReopenForm(StyledForm):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


def year_or_404(year):
    from django.http import Http404

    if not 2000 <= year <= 2100:
        raise Http404
    return year


def month_or_none(value):
    try:
        month = int(value)
    except (TypeError, ValueError):
        return None
    return month if 1 <= month <= 12 else None
