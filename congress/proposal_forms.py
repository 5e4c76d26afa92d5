"""Forms of congress sessions, delegations, representatives and proposals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.models import Congress, Delegation, Proposal, ProposalReply, Representative
from members.forms import DateInput, MemberChoiceField, MemberMultipleChoiceField, StyledForm, StyledModelForm
from members.models import Department


class CongressForm(StyledModelForm):
    class Meta:
        model = Congress
        fields = ["kind", "term", "session", "starts_on", "ends_on", "place", "status", "cosigners_required",
                  "proposals_until", "proposal_committee"]
        field_classes = {"proposal_committee": MemberMultipleChoiceField}
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "proposals_until": DateInput()}

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union
        self.instance.union = union
        self.fields["proposal_committee"].offer(union, "current")
        self.fields["proposal_committee"].help_text = _("The members of the proposal committee (提案工作委员会).")
        for name in ("term", "session"):
            self.fields[name].widget.attrs.update(min=1, max=99)

    def _one_to_99(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not 1 <= value <= 99:
            raise forms.ValidationError(_("Enter a number from 1 to 99."))
        return value

    def clean_term(self):
        return self._one_to_99("term")

    def clean_session(self):
        return self._one_to_99("session")

    def clean_cosigners_required(self):
        value = self.cleaned_data.get("cosigners_required")
        if value is not None and value > 50:
            raise forms.ValidationError(_("At most 50 co-signers can be required."))
        return value

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The congress cannot end before it starts."))
        term, session, kind = data.get("term"), data.get("session"), data.get("kind")
        if term and session and kind:
            same = Congress.objects.for_union(self.union).filter(term=term, session=session, kind=kind)
            if same.exclude(pk=self.instance.pk).exists():
                self.add_error("session", _("This union already has that session of that congress."))
        return data

    def validate_unique(self):
        pass  # the union's uniqueness is checked in clean(), with the sentence above


class DelegationForm(StyledModelForm):
    class Meta:
        model = Delegation
        fields = ["name", "order", "departments"]
        widgets = {"departments": forms.CheckboxSelectMultiple}

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress
        self.fields["departments"].queryset = Department.objects.for_union(congress.union_id).order_by("name")
        self.fields["order"].max_value = 999
        self.fields["order"].widget.attrs["max"] = 999

    def clean_order(self):
        value = self.cleaned_data.get("order")
        if value is not None and value > 999:
            raise forms.ValidationError(_("At most 999."))
        return value

    def clean_name(self):
        name = self.cleaned_data.get("name", "").strip()
        if Delegation.objects.filter(congress=self.congress, name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This congress already has a delegation of that name."))
        return name

    def validate_unique(self):
        pass  # checked in clean_name()


class RepresentativeForm(StyledModelForm):
    class Meta:
        model = Representative
        fields = ["member", "delegation", "is_leader", "term_starts_on", "term_ends_on"]
        field_classes = {"member": MemberChoiceField}
        widgets = {"term_starts_on": DateInput(), "term_ends_on": DateInput()}

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress
        self.fields["member"].offer(congress.union, "current")
        self.fields["delegation"].queryset = congress.delegations.all()

    def clean_member(self):
        member = self.cleaned_data.get("member")
        taken = Representative.objects.filter(congress=self.congress, member=member).exclude(pk=self.instance.pk)
        if member and taken.exists():
            raise forms.ValidationError(_("%(name)s is already a representative of this congress.")
                                        % {"name": member.name})
        return member

    def clean(self):
        data = super().clean()
        starts, ends = data.get("term_starts_on"), data.get("term_ends_on")
        if starts and ends and ends < starts:
            self.add_error("term_ends_on", _("The term cannot end before it starts."))
        return data

    def validate_unique(self):
        pass  # checked in clean_member()


class ProposalForm(StyledModelForm):
    class Meta:
        model = Proposal
        fields = ["congress", "title", "reason", "measures"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 6}), "measures": forms.Textarea(attrs={"rows": 6})}
        labels = {"title": _("Title (案由)")}

    def __init__(self, *args, congresses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = congresses
        self.fields["congress"].empty_label = None
        if self.instance.pk:  # a draft stays in its congress
            del self.fields["congress"]


class MergeForm(StyledForm):
    into = forms.ModelChoiceField(queryset=Proposal.objects.none(), label=_("merge into"))
    reason = forms.CharField(label=_("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Proposal.objects.filter(congress=proposal.congress, number__isnull=False).exclude(pk=proposal.pk)
        )
        self.fields["into"].label_from_instance = lambda p: _("No. %(number)s %(title)s") % {
            "number": p.number, "title": p.title}


class DeclineForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("decision"), widget=forms.RadioSelect,
        choices=[(Proposal.Status.NOT_REGISTERED, Proposal.Status.NOT_REGISTERED.label),
                 (Proposal.Status.TO_SUGGESTION, Proposal.Status.TO_SUGGESTION.label)],
    )
    reason = forms.CharField(label=_("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(StyledForm):
    handler = forms.CharField(label=_("handled by"), max_length=100,
                              help_text=_("The department or leader responsible for the reply."))
    reply_due_on = forms.DateField(label=_("reply due on"), widget=DateInput())


class ReplyForm(StyledForm):
    text = forms.CharField(label=_("reply"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    replied_by = forms.CharField(label=_("replied by"), max_length=100, required=False)
    replied_on = forms.DateField(label=_("replied on"), widget=DateInput())


class RateForm(StyledForm):
    rating = forms.ChoiceField(label=_("rating"), choices=ProposalReply.Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("comment on the reply"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    ask_second = forms.BooleanField(label=_("Unsatisfied: ask for a second reply"), required=False)


class ProposalFilterForm(forms.Form):
    """The list's filters, read from the query string; a bad value is ignored, never a 500."""

    status = forms.ChoiceField(choices=[("", _("All statuses")), *Proposal.Status.choices], required=False)
    congress = forms.ModelChoiceField(queryset=Congress.objects.none(), required=False,
                                      empty_label=_("All congresses"))
    overdue = forms.BooleanField(label=_("Only overdue replies"), required=False)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = Congress.objects.for_union(union)
        for name in ("status", "congress"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm w-auto"
        self.fields["overdue"].widget.attrs["class"] = "form-check-input"
