from django import forms
from django.utils.dates import MONTHS
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from activities.calendar import WEEKDAY_LONG_NAMES
from activities.festivals import festivals_in_year
from activities.models import Activity, ActivityCategory, ActivitySeries, Audience
from activities.planner import USUAL_FESTIVAL_ACTIVITIES, usual_for
from activities.recurrence import WEEKDAYS, RuleError, describe, occurrence_dates, rule_from_choices
from members.forms import MemberChoiceField, StyledForm, StyledModelForm
from members.models import UnionGroup

MONTH_CHOICES = list(MONTHS.items())
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class UnionChoicesMixin:
    """Limit the union-owned choices (category, organiser, group) to the form's union."""

    def limit_choices(self, union):
        if "category" in self.fields:
            self.fields["category"].queryset = ActivityCategory.objects.for_union(union)
        if "organiser" in self.fields:  # a MemberChoiceField: a search of the union's members
            self.fields["organiser"].offer(union, "current")
        if "audience_group" in self.fields:
            self.fields["audience_group"].queryset = UnionGroup.objects.for_union(union)


class ActivityForm(UnionChoicesMixin, StyledModelForm):
    month = forms.TypedChoiceField(label=_("month"), choices=MONTH_CHOICES, coerce=int)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [
            "title",
            "category",
            "year",
            "month",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "location",
            "organiser",
            "audience",
            "audience_group",
            "description",
            "budget",
            "status",
            "signup_open",
            "capacity",
            "signup_deadline",
            "walk_ins",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "signup_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"organiser": MemberChoiceField}
        help_texts = {"year": _("Filled from the date when there is one.")}

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(union)
        self.instance.union = union
        self.fields["version"].initial = self.instance.version
        self.fields["year"].required = self.fields["month"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("start_date") and not (data.get("year") and data.get("month")):
            self.add_error("start_date", _("Give a date, or at least the year and month."))
        return data


class ActivityFilterForm(StyledForm):
    """The calendar's filters; bad values are ignored rather than refused (they come from links)."""

    category = forms.TypedChoiceField(label=_("category"), coerce=int, required=False, empty_value=None)
    audience = forms.ChoiceField(
        label=_("audience"), required=False, choices=[("", _("All audiences")), *Audience.choices]
    )

    def __init__(self, data=None, *, categories):
        super().__init__(data)
        self.categories = list(categories)
        self.fields["category"].choices = [
            ("", _("All categories")),
            *((c.pk, c.name) for c in self.categories),
        ]

    @property
    def values(self):
        return self.cleaned_data if self.is_bound and self.is_valid() else {"category": None, "audience": ""}

    def apply(self, activities):
        if self.values["category"]:
            activities = activities.filter(category_id=self.values["category"])
        if self.values["audience"]:
            activities = activities.filter(audience=self.values["audience"])
        return activities

    def query_string(self, **changes):
        """The filters as a query string ("?category=3"), with `changes` applied; "" when none."""
        params = {k: v for k, v in {**self.values, **changes}.items() if v}
        return "?" + urlencode(params) if params else ""

    def category_links(self):
        """[(category or None, query string, active)] for the chips above the calendar."""
        current = self.values["category"]
        return [(None, self.query_string(category=None), current is None)] + [
            (c, self.query_string(category=c.pk), current == c.pk) for c in self.categories
        ]


class SeriesForm(UnionChoicesMixin, StyledModelForm):
    FREQUENCIES = [
        ("weekly", _("Every week")),
        ("monthly_weekday", _("Every month on a weekday")),
        ("monthly_day", _("Every month on a day of the month")),
        ("custom", _("Custom rule (RRULE)")),
    ]
    ORDINAL_CHOICES = [(1, _("first")), (2, _("second")), (3, _("third")), (4, _("fourth")), (-1, _("last"))]

    frequency = forms.ChoiceField(label=_("repeats"), choices=FREQUENCIES)
    interval = forms.IntegerField(label=_("every n weeks"), min_value=1, max_value=8, initial=1, required=False)
    weekday = forms.ChoiceField(
        label=_("weekday"), choices=list(zip(WEEKDAYS, WEEKDAY_LONG_NAMES, strict=False)), required=False
    )
    ordinal = forms.TypedChoiceField(label=_("which one"), choices=ORDINAL_CHOICES, coerce=int, required=False)
    month_day = forms.IntegerField(label=_("day of the month"), min_value=1, max_value=31, required=False)
    months = forms.TypedMultipleChoiceField(
        label=_("only in these months"),
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every month."),
    )
    custom_rule = forms.CharField(
        label=_("rule"), required=False, max_length=300, help_text=_("e.g. FREQ=MONTHLY;BYDAY=1MO")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = [
        "title",
        "category",
        "frequency",
        "interval",
        "weekday",
        "ordinal",
        "month_day",
        "months",
        "custom_rule",
        "first_date",
        "last_date",
        "start_time",
        "end_time",
    ]

    class Meta:
        model = ActivitySeries
        fields = [
            "title",
            "category",
            "first_date",
            "last_date",
            "start_time",
            "end_time",
            "location",
            "organiser",
            "audience",
            "audience_group",
            "description",
            "signup_open",
            "capacity",
        ]
        widgets = {
            "first_date": DATE,
            "last_date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"organiser": MemberChoiceField}

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(union)
        self.instance.union = union
        self.fields["version"].initial = self.instance.version
        if self.instance.pk and not self.is_bound:
            self.fields["frequency"].initial = "custom"
            self.fields["custom_rule"].initial = self.instance.rule
        self.fields["months"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        frequency = data.get("frequency")
        try:
            if frequency == "custom":
                if not data.get("custom_rule"):
                    self.add_error("custom_rule", _("Write the rule."))
                    return data
                rule = data["custom_rule"].strip()
            elif frequency == "weekly":
                rule = rule_from_choices(
                    "WEEKLY",
                    data.get("weekday") or "MO",
                    interval=data.get("interval") or 1,
                    months=data.get("months"),
                )
            elif frequency == "monthly_weekday":
                rule = rule_from_choices(
                    "MONTHLY",
                    data.get("weekday") or "MO",
                    ordinal=data.get("ordinal") or 1,
                    months=data.get("months"),
                )
            elif frequency == "monthly_day":
                if not data.get("month_day"):
                    self.add_error("month_day", _("Give the day of the month."))
                    return data
                rule = rule_from_choices("MONTHLY", None, month_day=data["month_day"], months=data.get("months"))
            else:
                return data
        except (TypeError, ValueError):
            self.add_error("frequency", _("This is not a valid recurrence rule."))
            return data
        self.instance.rule = rule
        return data

    def _update_errors(self, errors):
        # The model checks the rule it was given; show its complaint beside the field it came from.
        if hasattr(errors, "error_dict") and "rule" in errors.error_dict:
            target = "custom_rule" if self.cleaned_data.get("frequency") == "custom" else "frequency"
            errors.error_dict.setdefault(target, []).extend(errors.error_dict.pop("rule"))
        super()._update_errors(errors)

    RULE_FIELDS = ["title", "category", "frequency", "interval", "weekday", "ordinal", "month_day"]

    @property
    def rule_part(self):
        return FieldSubset(self, only=self.RULE_FIELDS)

    @property
    def rest_part(self):
        return FieldSubset(self, exclude=[*self.RULE_FIELDS, "months"], first=False)

    def preview(self):
        """The first dates the rule gives, to show beside the form."""
        try:
            return occurrence_dates(self.instance)[:6]
        except (RuleError, TypeError, AttributeError):
            return []

    def rule_description(self):
        return describe(self.instance.rule) if self.instance.rule else ""


class FieldSubset:
    """Part of a form for "_form.html", when a page lays some fields out itself: the fields named in
    `only` (or all but those in `exclude`); `first` parts carry the form-wide errors and hidden fields."""

    def __init__(self, form, only=None, exclude=(), first=True):
        self.form, self.only, self.exclude, self.first = form, only, exclude, first

    def non_field_errors(self):
        return self.form.non_field_errors() if self.first else []

    def hidden_fields(self):
        return self.form.hidden_fields() if self.first else []

    def visible_fields(self):
        return [
            f
            for f in self.form.visible_fields()
            if (self.only is None or f.name in self.only) and f.name not in self.exclude
        ]


class AttendanceForm(StyledForm):
    attended = forms.MultipleChoiceField(label=_("came"), required=False, widget=forms.CheckboxSelectMultiple)
    participants = forms.IntegerField(
        label=_("participants"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("Everyone who took part, also those who had not signed up."),
    )
    outcome = forms.CharField(
        label=_("outcome"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    mark_done = forms.BooleanField(label=_("Mark the activity as done"), required=False, initial=True)

    def __init__(self, *args, signups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(s.pk), s.member.label) for s in signups]
        self.fields["attended"].widget.attrs["class"] = "form-check-input"
        if not signups:
            del self.fields["attended"]

    @property
    def without_attended(self):
        return FieldSubset(self, exclude=["attended"])


class FestivalPlannerForm(StyledForm):
    festivals = forms.MultipleChoiceField(
        label=_("festival activities"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, union, year, existing, **kwargs):
        super().__init__(*args, **kwargs)
        festivals = {f.key: f for f in festivals_in_year(year)}
        dates = {key: f.date for key, f in festivals.items()}
        self.rows = []
        choices = []
        for usual in USUAL_FESTIVAL_ACTIVITIES:
            day = usual.date_in(year, dates)
            already = usual.key in existing
            self.rows.append((usual, day, already, festivals[usual.key]))
            if not already:
                choices.append((usual.key, usual.title))
        self.fields["festivals"].choices = choices
        self.fields["festivals"].initial = [u.key for u in usual_for(union) if u.key not in existing]


class CategoryForm(StyledModelForm):
    class Meta:
        model = ActivityCategory
        fields = ["name", "colour", "order"]

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.union = union

    def clean_name(self):
        name = self.cleaned_data["name"]
        clash = ActivityCategory.objects.for_union(self.instance.union).filter(name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("There is already a category with this name."))
        return name
