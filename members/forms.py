import json
import re

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from members import dates, lunar
from members.access import id_or_none
from members.accounts import email_change_refusal, leaving_refusal
from members.models import (
    SEASONAL_REASONS,
    BirthCalendar,
    CareEvent,
    CareSettings,
    CareStandard,
    CareVisit,
    Department,
    HardshipRecord,
    Member,
    RetirementRule,
    Union,
    UnionGroup,
    UsernameSource,
)
from members.picker import SCOPES, MemberMultiPicker, MemberPicker
from members.roster_values import FIELD_LABELS
from members.stock_messages import DIGITS


class RangeCheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """An id past the 64-bit range is an invalid choice before the database sees it: SQLite's
    driver raises OverflowError on `id IN (…)` with one (Django checks the range for `=` only)."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for pk in value if isinstance(value, (list, tuple)) else ():
                digits = str(pk).strip().removeprefix("-")
                if digits.isdigit() and id_or_none(digits) is None:  # past 64 bits, or not ASCII digits ("²")
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


def _digits_message(field):
    """A decimal field's three digit errors (too many digits, decimals, whole digits) become one
    sentence naming both limits, "最多 10 位整数、2 位小数", formatted in the reader's language."""
    whole, places = field.max_digits - field.decimal_places, field.decimal_places
    message = lazy(lambda: DIGITS % {"whole": whole, "places": places}, str)()
    for code in ("max_digits", "max_decimal_places", "max_whole_digits"):
        field.error_messages[code] = message


class Styled:
    """Give every widget its Bootstrap class (and `is-invalid` after errors), once, for all forms.

    `is-invalid` is added after validation (full_clean), not in __init__: reading `self.errors` in
    __init__ would validate the form before a subclass's __init__ narrows its querysets to the union.
    Django's stock messages read in our words (members/stock_messages.py); a decimal field's digit
    limits are said in one sentence here.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field) is forms.ModelMultipleChoiceField:
                field.__class__ = RangeCheckedModelMultipleChoiceField
            if isinstance(field, forms.DecimalField) and None not in (field.max_digits, field.decimal_places):
                _digits_message(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            elif isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                continue
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is not None and "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class StyledForm(Styled, forms.Form):
    pass


class StyledModelForm(Styled, forms.ModelForm):
    pass


# -- member records ------------------------------------------------------------------------------

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def clean_phone_number(value):
    phone = re.sub(r"[\s-]", "", value or "")
    if phone and not PHONE_RE.match(phone):
        raise forms.ValidationError(_("Enter an 11-digit mobile number, e.g. 13800138000."))
    return phone


def not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MemberForm(StyledModelForm):
    """The committee's form for a member record; `union` scopes the choices and the uniqueness check.

    The birth date is entered as 公历 (a date) or as 农历 (lunar year, month, 闰, day: "1990年闰四月十五",
    as people give a lunar birthday). Entered as 农历, the solar birth date is worked out from it once
    and the birthday is kept on the lunar calendar; a lunar date that the year does not have (三十 in a
    month of 29 days, a leap month the year has not) is refused, saying what to do.
    """

    lunar_year = forms.IntegerField(label=_("Lunar year of birth"), required=False, min_value=1901, max_value=2099)
    lunar_month = forms.TypedChoiceField(
        label=_("Lunar month"), required=False, coerce=int, empty_value=None,
        choices=[("", "—"), *((n, name) for n, name in enumerate(lunar.MONTH_NAMES, 1))],
    )
    lunar_leap = forms.BooleanField(label=_("Leap month (闰月)"), required=False)
    lunar_day = forms.TypedChoiceField(
        label=_("Lunar day"), required=False, coerce=int, empty_value=None,
        choices=[("", "—"), *((n, name) for n, name in enumerate(lunar.DAY_NAMES, 1))],
    )
    LUNAR_FIELDS = ("lunar_year", "lunar_month", "lunar_leap", "lunar_day")
    SOLAR_FIELDS = ("birth_date", "birth_month_only", "lunar_birthday")
    field_order = [
        "name", "gender", "employee_number", "department", "group", "birth_calendar", *SOLAR_FIELDS, *LUNAR_FIELDS,
    ]

    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "employee_number",
            "department",
            "group",
            "birth_calendar",
            "birth_date",
            "birth_month_only",
            "lunar_birthday",
            "phone",
            "email",
            "joined_on",
            "status",
            "retired_on",
            "left_on",
            "migrant_worker",
            "retirement_rule",
            "position",
        ]
        widgets = {
            "birth_date": DateInput(),
            "joined_on": DateInput(),
            "retired_on": DateInput(),
            "left_on": DateInput(),
        }
        labels = {"birth_month_only": _("Only the year and month are known")}
        help_texts = {
            "birth_month_only": _("Enter any day of that month: the date is kept as the year and month only."),
        }

    def __init__(self, *args, union, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union
        self.editor = editor  # who saves: may they move the login's reset address, switch it off?
        self.fields["department"].queryset = Department.objects.for_union(union)
        self.fields["group"].queryset = UnionGroup.objects.for_union(union)
        self.fields["employee_number"].required = True
        default = RetirementRule(CareSettings.of(union).female_retirement_rule).label
        self.fields["retirement_rule"].choices = [
            ("", _("The union's default: %(rule)s") % {"rule": default}), *RetirementRule.choices
        ]
        self.fields["retirement_rule"].widget.attrs["data-women-only"] = ""
        self.fields["birth_calendar"].label = _("Birth date entered as")
        self.fields["birth_calendar"].choices = BirthCalendar.choices  # no empty choice: 公历 unless 农历
        # The member form's script shows the 公历 fields or the 农历 ones (members.js); without it, both.
        born = self.instance.birth_date
        if born is not None and not self.instance.birth_month_only and self.instance.lunar_birth_month:
            # The lunar date of birth, as entered or as the solar one converts: switching to 农历 shows it.
            self.initial.setdefault("lunar_year", lunar.lunar_year_of(born))
            self.initial.setdefault("lunar_month", abs(self.instance.lunar_birth_month))
            self.initial.setdefault("lunar_leap", self.instance.lunar_birth_month < 0)
            self.initial.setdefault("lunar_day", self.instance.lunar_birth_day)

    def clean_phone(self):
        return clean_phone_number(self.cleaned_data.get("phone"))

    def clean_email(self):
        email = self.cleaned_data.get("email") or ""
        refusal = (
            self.editor is not None
            and email.lower() != self.instance.email.lower()
            and email_change_refusal(self.editor, self.instance)
        )
        if refusal:
            raise forms.ValidationError(refusal)
        return email

    def clean_status(self):
        status = self.cleaned_data.get("status")
        refusal = (
            self.editor is not None
            and status == Member.Status.LEFT
            and self.instance.status != Member.Status.LEFT
            and leaving_refusal(self.editor, self.instance)
        )
        if refusal:
            raise forms.ValidationError(refusal)
        return status

    def clean_birth_date(self):
        born = self.cleaned_data.get("birth_date")
        problem = born and dates.birth_date_problem(born, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return born

    def clean_birth_calendar(self):
        return self.cleaned_data.get("birth_calendar") or BirthCalendar.SOLAR

    def clean_joined_on(self):
        joined = self.cleaned_data.get("joined_on")
        problem = joined and dates.joined_on_problem(joined, None, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return joined

    def clean_retired_on(self):
        return not_in_future(self.cleaned_data.get("retired_on"))

    def clean_left_on(self):
        return not_in_future(self.cleaned_data.get("left_on"))

    def clean_employee_number(self):
        number = (self.cleaned_data.get("employee_number") or "").strip()
        taken = (
            Member.objects.for_union(self.union).filter(employee_number=number).exclude(pk=self.instance.pk)
        )
        if number and taken.exists():
            raise forms.ValidationError(_("Another member of this union already has this employee number."))
        return number

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("birth_calendar") == BirthCalendar.LUNAR:
            self._clean_lunar_birth(cleaned)
        if cleaned.get("birth_month_only") and cleaned.get("birth_date"):
            # The day entered stands for "some day of that month": kept as the first (Member.clean).
            cleaned["birth_date"] = cleaned["birth_date"].replace(day=1)
        born, joined = cleaned.get("birth_date"), cleaned.get("joined_on")
        problem = born and joined and dates.joined_on_problem(joined, born, timezone.localdate())
        if problem:
            self.add_error("joined_on", problem)
        if cleaned.get("gender") == Member.Gender.MALE:
            cleaned["retirement_rule"] = ""  # men have one rule
        return cleaned


    def _clean_lunar_birth(self, cleaned):
        """The solar birth date of the lunar one entered; errors beside the lunar fields."""
        self.errors.pop("birth_date", None)  # the 公历 field is not used
        cleaned["birth_month_only"], cleaned["lunar_birthday"] = False, True
        year, number, day = cleaned.get("lunar_year"), cleaned.get("lunar_month"), cleaned.get("lunar_day")
        if None in (year, number, day):
            for name, value in (("lunar_year", year), ("lunar_month", number), ("lunar_day", day)):
                if value is None and name not in self.errors:
                    self.add_error(name, _("Enter the lunar year, month and day of birth."))
            cleaned["birth_date"] = None
            return
        month = -number if cleaned.get("lunar_leap") else number
        problem = dates.lunar_birth_problem(year, month, day)
        if problem:
            self.add_error("lunar_leap" if lunar.month_length(year, month) is None else "lunar_day", problem)
        else:
            born = lunar.solar_of_lunar(year, month, day)
            problem = dates.birth_date_problem(born, timezone.localdate())
            if problem:
                self.add_error("lunar_year", problem)
            cleaned["birth_date"] = born
            return
        cleaned["birth_date"] = None


class OwnPhoneForm(StyledForm):
    """What members may change in their own record: the phone number."""

    phone = forms.CharField(label=_("mobile phone"), max_length=20, required=False)

    def clean_phone(self):
        return clean_phone_number(self.cleaned_data.get("phone"))


class RosterImportForm(StyledForm):
    file = forms.FileField(
        label=_("Roster file (.xlsx, .xls, .ods or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.xlsb,.ods,.csv"}),
    )
    create_missing = forms.BooleanField(
        label=_("Create departments and union groups that do not exist yet"), required=False
    )


def chosen_columns(text):
    """{column index: field or ""} from the JSON a confirmation carries; {} for anything else."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        int(index): value for index, value in data.items()
        if str(index).isdigit() and len(str(index)) <= 4 and (value == "" or value in FIELD_LABELS)
    }


class ConfirmImportForm(StyledForm):
    token = forms.CharField(widget=forms.HiddenInput)
    create_missing = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # What the preview showed (Preview.digest): confirming applies that or nothing.
    digest = forms.CharField(widget=forms.HiddenInput, required=False)
    # The sheet and the columns the committee chose on the preview, as the preview read them.
    sheet = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=999)
    columns = forms.CharField(widget=forms.HiddenInput, required=False, max_length=5000)

    def clean_columns(self):
        return chosen_columns(self.cleaned_data["columns"])


class ColumnsForm(StyledForm):
    """The preview's column-mapping step: which member field each of the file's columns fills (or
    none), and which sheet to read. Sent with the kept file's token: the file is checked again."""

    token = forms.CharField(widget=forms.HiddenInput)
    create_missing = forms.BooleanField(required=False, widget=forms.HiddenInput)
    sheet = forms.IntegerField(label=_("Sheet"), required=False, min_value=0, max_value=999, widget=forms.Select)
    shown_sheet = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=999)

    def __init__(self, *args, columns=(), sheets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].widget.choices = list(enumerate(sheets))
        if args and not columns:  # a POST: the columns are those it sends
            columns = [int(key[7:]) for key in args[0] if re.fullmatch(r"column_\d{1,3}", key)]
        choices = [("", _("Not imported")), *((key, label) for key, label in FIELD_LABELS.items())]
        for column in columns:
            index = getattr(column, "index", column)
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=getattr(column, "heading", "") or _("(column %(number)s, no heading)") % {"number": index + 1},
                choices=choices, required=False, initial=getattr(column, "field", None) or "",
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def column_fields(self):
        return [self[name] for name in self.fields if name.startswith("column_")]

    def chosen(self):
        """{column index: field or ""}, or None when another sheet was picked (its columns are new)."""
        data = self.cleaned_data
        if None not in (data.get("sheet"), data.get("shown_sheet")) and data["sheet"] != data["shown_sheet"]:
            return None
        return {int(name[7:]): data[name] for name in self.fields if name.startswith("column_")}


class NamesakesTold:
    """A choice of members that tells namesakes apart: whatever member queryset a form sets is read
    `with_namesakes()` (in pinyin order unless it orders itself), so each option is `Member.label`,
    "王芳（T0312，语文组）" where two members of the union share a name, from the one query that lists
    the options."""

    def _set_queryset(self, queryset):
        super()._set_queryset(None if queryset is None else queryset.with_namesakes())

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return obj.label


class PlainSelect(forms.Select):
    """A select whose options are one loop in members/_plain_select.html. Django renders each option
    through its own template: a union's 20,000 members took two seconds in the activity form's
    organiser menu, and a large union's 200 groups more than the rest of the roster page."""

    def render(self, name, value, attrs=None, renderer=None):
        # The options before the picked one, it, and those after: the template's loops then ask nothing
        # of each option (a test per option cost a sixth of the select).
        chosen = "" if value is None else str(value)
        options = [(str(option), label) for option, label in self.choices]
        at = next((i for i, (option, _label) in enumerate(options) if option == chosen), len(options))
        return render_to_string("members/_plain_select.html", {
            "name": name,
            "widget": {"attrs": self.build_attrs(self.attrs, attrs)},
            "before": options[:at],
            "picked": options[at] if at < len(options) else None,
            "after": options[at + 1:],
        })


class Offered:
    """`field.offer(union, "current")`: the field validates against the union's members of that scope
    (members.picker.SCOPES) and its picker searches the same members, so the two never disagree."""

    def offer(self, union, scope="current"):
        self.queryset = SCOPES[scope](Member.objects.for_union(union))
        self.widget.scope = scope


class MemberChoiceField(Offered, NamesakesTold, forms.ModelChoiceField):
    """Every form that picks one member uses this field: a search, not a menu of the whole union
    (members.picker)."""

    widget = MemberPicker


class MemberMultipleChoiceField(Offered, NamesakesTold, RangeCheckedModelMultipleChoiceField):
    """Every form that picks several members uses this field: a search, the chosen as removable chips."""

    widget = MemberMultiPicker


class HardshipRecordForm(StyledModelForm):
    class Meta:
        model = HardshipRecord
        fields = ["member", "level", "reason", "family_situation", "since", "until", "last_reviewed"]
        field_classes = {"member": MemberChoiceField}
        widgets = {
            "since": DateInput(),
            "until": DateInput(),
            "last_reviewed": DateInput(),
            "family_situation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].offer(union, "current")

    def clean_last_reviewed(self):
        return not_in_future(self.cleaned_data.get("last_reviewed"))

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned


class CareVisitForm(StyledModelForm):
    class Meta:
        model = CareVisit
        fields = ["member", "date", "reason", "visitors", "gift", "amount", "notes"]
        field_classes = {"member": MemberChoiceField, "visitors": MemberMultipleChoiceField}
        widgets = {
            "date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].offer(union, "current")
        self.fields["visitors"].offer(union, "committee")
        self.fields["visitors"].help_text = _("The committee members who went.")

    def clean_date(self):
        return not_in_future(self.cleaned_data.get("date"))

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("Enter an amount above zero, or leave it empty."))
        return amount


class CareEventForm(StyledModelForm):
    class Meta:
        model = CareEvent
        fields = ["member", "reason", "occurred_on", "notes"]
        field_classes = {"member": MemberChoiceField}
        widgets = {"occurred_on": DateInput()}

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].offer(union, "current")


class SeasonalVisitForm(StyledForm):
    """One seasonal visit (送温暖 / 送清凉) for every selected member."""

    members = MemberMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple, label=_("members"))
    reason = forms.ChoiceField(label=_("reason"))
    date = forms.DateField(label=_("date"), widget=DateInput())
    gift = forms.CharField(label=_("gift"), max_length=100, required=False)
    amount = forms.DecimalField(label=_("amount"), max_digits=12, decimal_places=2, required=False)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Member.objects.for_union(union).current()
        self.fields["reason"].choices = [(r.value, r.label) for r in SEASONAL_REASONS]

    def clean_date(self):
        return not_in_future(self.cleaned_data.get("date"))

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("Enter an amount above zero, or leave it empty."))
        return amount


class CareSettingsForm(StyledModelForm):
    class Meta:
        model = CareSettings
        fields = ["female_retirement_rule"]


class FestivalSettingsForm(StyledModelForm):
    """Which day the union keeps as 小年 (腊月廿三 in the north, 廿四 in the south): its calendar shows it."""

    class Meta:
        model = CareSettings
        fields = ["xiaonian"]
        widgets = {"xiaonian": forms.RadioSelect}
        help_texts = {"xiaonian": ""}  # the page says it above the choice

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["xiaonian"].required = False  # not posted (an older page): the day kept so far

    def clean_xiaonian(self):
        return self.cleaned_data.get("xiaonian") or self.instance.xiaonian


class CareStandardForm(StyledModelForm):
    class Meta:
        model = CareStandard
        fields = ["amount", "gift"]

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("Enter an amount above zero, or leave it empty."))
        return amount


# -- logins (members/accounts.py) ------------------------------------------------------------------


class CreateLoginsForm(StyledForm):
    """Logins for the members ticked on the roster, or for everyone still without one."""

    SELECTED, EVERYONE = "selected", "everyone"

    scope = forms.ChoiceField(
        choices=[(SELECTED, _("The selected members")), (EVERYONE, _("All members without a login"))],
        widget=forms.HiddenInput,
        initial=SELECTED,
    )
    source = forms.ChoiceField(label=_("Username"), choices=(), initial="employee_number")
    member = forms.ModelMultipleChoiceField(queryset=Member.objects.none(), required=False)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = UsernameSource.choices
        self.fields["source"].initial = union.username_source  # as the union chose the last time
        self.fields["member"].queryset = Member.objects.for_union(union)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == self.SELECTED and not cleaned.get("member"):
            raise forms.ValidationError(_("Tick the members who should get a login first."))
        return cleaned


class LoginHelpForm(StyledModelForm):
    """What the login page tells members who cannot log in: their kind of username and whom to ask."""

    class Meta:
        model = Union
        fields = ["username_source", "login_contact"]
        labels = {"username_source": _("Members' usernames")}
        widgets = {"login_contact": forms.TextInput(
            attrs={"placeholder": _("e.g. the union office, room 203, tel. 8888 1234")}
        )}


class StyledPasswordChangeForm(Styled, PasswordChangeForm):
    pass


class FirstPasswordForm(Styled, SetPasswordForm):
    """The first login: the member just typed the initial password, so it is not asked again."""


class MemberPasswordResetForm(Styled, PasswordResetForm):
    """Password reset by email: the address is the one in the member record (the roster's)."""

    def get_users(self, email):
        members = (
            Member.objects.current()
            .filter(email__iexact=email, user__is_active=True)
            .select_related("user")
        )
        for member in members:
            user = member.user
            # A union's data never opens an admin or superuser login: whoever keeps the roster could
            # otherwise put their own address in that member's record.
            if not user.has_usable_password() or user.is_staff or user.is_superuser:
                continue
            if user.email != member.email:  # the token is tied to user.email: keep it in step first
                user.email = member.email
                user.save(update_fields=["email"])
            yield user


class MemberSetPasswordForm(Styled, SetPasswordForm):
    pass
