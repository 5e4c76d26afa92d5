"""Forms of notices: the draft, an attachment, a member's feedback."""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress import notices
from congress.models import Notice, NoticeFeedback
from members.forms import DateInput, StyledForm, StyledModelForm
from members.models import Department


class NoticeForm(StyledModelForm):
    class Meta:
        model = Notice
        fields = ["category", "title", "body", "audience", "department", "publicity_starts_on",
                  "publicity_ends_on", "asks_feedback"]
        widgets = {"publicity_starts_on": DateInput(), "publicity_ends_on": DateInput(),
                   "body": forms.Textarea(attrs={"rows": 10})}
        labels = {"title": _("Notice title"), "audience": _("Who it is for")}
        help_texts = {
            "publicity_ends_on": _("The last day of the publicity period (公示期). Empty: no end."),
            "asks_feedback": _("Members may send their opinion during the publicity period."),
            "department": _("Only when the notice is for one department."),
        }

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.union = union
        self.fields["department"].queryset = Department.objects.for_union(union).order_by("name")
        self.fields["body"].max_length = 20000
        self.fields["body"].widget.attrs["maxlength"] = 20000

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        if len(body) > 20000:
            raise forms.ValidationError(_("At most 20,000 characters."))
        return body

    def clean(self):
        data = super().clean()
        starts, ends = data.get("publicity_starts_on"), data.get("publicity_ends_on")
        if starts and ends and ends < starts:
            self.add_error("publicity_ends_on", _("The publicity period cannot end before it starts."))
        audience = data.get("audience")
        if audience == Notice.Audience.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("Choose the department this notice is for."))
        elif audience and audience != Notice.Audience.DEPARTMENT:
            data["department"] = None
        return data


class AttachmentForm(StyledForm):
    file = forms.FileField(label=_("File"), help_text=_("PDF, images, Word or Excel, at most 10 MB."),
                           error_messages={"required": _("Choose a file to attach."), "empty": _("The file is empty.")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        notices.sniff(upload)
        return upload


class FeedbackForm(StyledModelForm):
    class Meta:
        model = NoticeFeedback
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}
        labels = {"text": _("Your opinion")}
        error_messages = {"text": {"required": _("Write your opinion first.")}}

    def clean_text(self):
        text = self.cleaned_data.get("text", "").strip()
        if not text:
            raise forms.ValidationError(_("Write your opinion first."))
        if len(text) > 2000:
            raise forms.ValidationError(_("At most 2,000 characters."))
        return text
