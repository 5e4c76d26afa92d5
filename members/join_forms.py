"""Forms of joining online (members/joining.py): the worker's application, the committee's decision,
the union's 会员证号 numbering."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members import joining
from members.forms import StyledForm, StyledModelForm, clean_phone_number
from members.models import Department, JoinApplication, Union

STATUTE_SENTENCE = _(
    "I accept the Constitution of the Chinese Trade Unions (承认中国工会章程), and apply to join the union."
)
# Said for every refusal of the spam guard: a robot learns nothing from it, a person knows what to do.
GUARD_REFUSAL = _("The application could not be accepted. Please open the join page again and fill it in once more.")


class ApplicationForm(StyledModelForm):
    """The public join page's form; `website` is a honeypot no person sees, `opened` the signed stamp."""

    department_choice = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.none(), required=False,
        empty_label=_("(other: write it below)"),
    )
    id_number = forms.CharField(
        label=_("ID number"), required=False, max_length=30,
        help_text=_("Optional. Kept encrypted; only the committee sees it, partly hidden."),
    )
    statute = forms.BooleanField(label=STATUTE_SENTENCE, required=True)
    website = forms.CharField(required=False, widget=forms.HiddenInput)
    opened = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = JoinApplication
        fields = ["name", "gender", "phone", "department_choice", "department_text", "employer", "id_number"]
        labels = {"department_text": _("department (if not in the list)")}

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union
        departments = Department.objects.for_union(union).order_by("order", "name")
        self.fields["department_choice"].queryset = departments
        # The ID number's 17th digit tells the gender: a worker who gives it need not choose.
        self.fields["gender"].required = False
        self.fields["gender"].help_text = _("May be left empty when the ID number is given.")
        self.fields["phone"].widget.attrs.update(inputmode="numeric", autocomplete="tel")
        self.fields["id_number"].widget.attrs.update(autocomplete="off")
        if not self.is_bound:
            self.initial["opened"] = joining.form_stamp()
        self.order_fields(["name", "gender", "phone", "department_choice", "department_text", "employer",
                           "id_number", "statute"])

    def clean_phone(self):
        phone = clean_phone_number(self.cleaned_data.get("phone"))
        if not phone:
            raise forms.ValidationError(_("This field is required."))
        return phone

    def clean_id_number(self):
        number = joining.normalised_id(self.cleaned_data.get("id_number"))
        if number and not joining.id_number_valid(number):
            raise forms.ValidationError(_("This is not a valid ID number: check the 18 characters."))
        return number

    def clean(self):
        cleaned = super().clean()
        if self.data.get("website") or not joining.stamp_fresh(self.data.get("opened")):
            raise forms.ValidationError(GUARD_REFUSAL, code="guard")
        from_id = joining.gender_from_id(cleaned.get("id_number") or "")
        if not cleaned.get("gender"):
            if from_id:
                cleaned["gender"] = from_id
            elif "gender" not in self.errors:
                self.add_error("gender", _("Choose your gender, or give your ID number."))
        elif from_id and cleaned["gender"] != from_id:
            self.add_error("gender", _("The gender does not match the ID number."))
        if not cleaned.get("department_choice") and not (cleaned.get("department_text") or "").strip():
            self.add_error("department_text", _("Choose your department or write it here."))
        return cleaned

    def save(self, commit=True):
        application = super().save(commit=False)
        application.union = self.union
        application.department = self.cleaned_data.get("department_choice")
        application.id_number = self.cleaned_data.get("id_number", "")
        return application


class ApproveForm(StyledForm):
    card_number = forms.CharField(
        label=_("membership card number"), max_length=30, required=False,
        help_text=_("Empty: the union's next number."),
    )
    create_login = forms.BooleanField(label=_("Create a login for the new member"), required=False)

    def __init__(self, *args, may_create_login, **kwargs):
        super().__init__(*args, **kwargs)
        # Adding a member is not creating logins (members.manage_login, as on the accounts pages): the
        # approver sees the initial password, so without that right there is no box to tick.
        if not may_create_login:
            del self.fields["create_login"]

    def clean_card_number(self):
        return (self.cleaned_data.get("card_number") or "").strip()


class DeclineForm(StyledForm):
    reason = forms.CharField(label=pgettext_lazy("join application", "Reason"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(_("This field is required."))
        return reason


class ReceiptForm(StyledForm):
    code = forms.CharField(label=_("receipt code"), max_length=40)


class CardNumberingForm(StyledModelForm):
    class Meta:
        model = Union
        fields = ["card_prefix", "card_next", "card_digits"]

    def clean_card_digits(self):
        digits = self.cleaned_data.get("card_digits")
        if digits is not None and not 1 <= digits <= 10:
            raise forms.ValidationError(_("Between 1 and 10 digits."))
        return digits

    def clean_card_next(self):
        number = self.cleaned_data.get("card_next")
        if number is not None and number > 10**9:
            raise forms.ValidationError(_("Ensure this value is less than or equal to %(limit_value)s.")
                                        % {"limit_value": 10**9})
        return number

