"""The forms of ballots: the committee's ballot and questions, and the voter's ballot paper."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Ballot, Congress, Question
from members.forms import StyledForm, StyledModelForm
from members.models import Department

MAX_LINES = 50  # leaders rated in one go; a 民主测评 of a school's leaders has about ten
MAX_TEXT = 2000  # characters of a free-text answer
CHECK = {"class": "form-check-input"}  # Bootstrap's class of each radio button and checkbox of a paper


class BallotForm(StyledModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Ballot
        fields = ["kind", "title", "description", "audience", "department", "congress", "closes_at"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        labels = {"description": _("Notes for voters")}  # "description" alone reads 活动说明 (an activity's)
        help_texts = {
            "kind": _("A democratic evaluation and a questionnaire are anonymous; a named poll shows the "
                      "committee who chose what."),
            "department": _("Only when a department votes."),
            "congress": _("Only when the congress representatives vote."),
            "closes_at": _("The ballot closes itself at this time; empty: when the committee closes it."),
        }

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.union = union
        self.fields["department"].queryset = Department.objects.for_union(union)
        self.fields["congress"].queryset = Congress.objects.for_union(union)
        self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == Ballot.Audience.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("Choose the department that votes."))
        if audience == Ballot.Audience.REPRESENTATIVES and not data.get("congress"):
            self.add_error("congress", _("Choose the congress whose representatives vote."))
        if audience != Ballot.Audience.DEPARTMENT:
            data["department"] = None
        if audience != Ballot.Audience.REPRESENTATIVES:
            data["congress"] = None
        closes_at = data.get("closes_at")
        if closes_at and closes_at <= timezone.now():
            self.add_error("closes_at", _("The closing time must be in the future."))
        return data


class QuestionForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=Question.Kind.choices, initial=Question.Kind.RATING)
    text = forms.CharField(
        label=_("question"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_LINES * 200,
        help_text=_("To rate leaders: one leader per line, name and post, e.g. 张三 校长. "
                    "Otherwise the question itself."),
    )
    choices = forms.CharField(
        label=_("choices"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=MAX_LINES * 100,
        help_text=_("For single or multiple choice: one choice per line. The four grades of a rating are added "
                    "by themselves."),
    )

    def clean(self):
        data = super().clean()
        kind, text = data.get("kind"), data.get("text", "")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if "text" in data and not lines:
            self.add_error("text", _("This field is required."))
        if len(lines) > MAX_LINES:
            self.add_error("text", _("At most %(count)s lines at a time.") % {"count": MAX_LINES})
        if any(len(line) > 200 for line in lines):
            self.add_error("text", _("A line may hold at most 200 characters."))
        if kind != Question.Kind.RATING and len(" ".join(lines)) > 200:
            self.add_error("text", _("A question may hold at most 200 characters."))
        options = [line.strip() for line in data.get("choices", "").splitlines() if line.strip()]
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if len(options) < 2:
                self.add_error("choices", _("Give at least two choices, one per line."))
            elif len(options) > MAX_LINES:
                self.add_error("choices", _("At most %(count)s lines at a time.") % {"count": MAX_LINES})
            elif any(len(option) > 100 for option in options):
                self.add_error("choices", _("A choice may hold at most 100 characters."))
            elif len(set(options)) != len(options):
                self.add_error("choices", _("Each choice only once."))
        return data


class PaperForm(forms.Form):
    """A ballot paper: a field per question, named q<id>; choice values are the choices' ids."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {}
        for question in questions:
            name = f"q{question.pk}"
            self.questions[name] = question
            options = [(str(c.pk), c.text) for c in question.choices.all()]
            if question.kind in (Question.Kind.RATING, Question.Kind.SINGLE):
                field = forms.ChoiceField(label=question.text, choices=options, widget=forms.RadioSelect(attrs=CHECK),
                                          error_messages={"required": _("Choose one answer.")})
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(label=question.text, choices=options,
                                                  widget=forms.CheckboxSelectMultiple(attrs=CHECK),
                                                  error_messages={"required": _("Choose at least one answer.")})
            else:
                field = forms.CharField(label=question.text, required=False, max_length=MAX_TEXT,
                                        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
            field.question = question
            self.fields[name] = field

    def answers(self):
        """{question: [Choice, …] or text} from the cleaned data."""
        out = {}
        for name, question in self.questions.items():
            value = self.cleaned_data.get(name)
            if question.kind == Question.Kind.TEXT:
                out[question] = value or ""
                continue
            ids = {int(v) for v in ([value] if isinstance(value, str) else value or [])}
            out[question] = [c for c in question.choices.all() if c.pk in ids]
        return out
