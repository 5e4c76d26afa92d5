"""The member picker: how a form picks one member or several in a union of 20,000 without a menu of
20,000 options. The committee types part of a name, an employee number or the pinyin initials; the
roster's search (MemberQuerySet.search) answers with a few matches (members.picker_views, an htmx
fragment), and a tap chooses one (static/js/member_picker.js). The page itself holds only the
members already chosen: one query for them, none for the rest of the union.

Which members a picker offers is a named scope: the form's field validates against the scope's
queryset (members.forms.MemberChoiceField.offer) and its picker searches the same scope, so the
search never offers someone the form would refuse.
"""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.template.loader import render_to_string
from django.urls import reverse

from members.access import id_or_none
from members.models import SEARCH_LENGTH, name_order

# scope name (sent by the picker to its search) -> the union's members it offers
SCOPES = {
    "current": lambda members: members.current(),
    "committee": lambda members: members.current().committee(),
}

MATCHES_SHOWN = 20  # what fits a phone's screen twice over; more is a sign to type more


def matches(members, text):
    """Up to MATCHES_SHOWN of `members` that the roster's search finds for `text`, those whose name
    starts with it first, then in pinyin order, as (id, label) with namesakes told apart; and whether
    more were found. Nothing for no text: the picker lists no one until something is typed."""
    text = text.strip()[:SEARCH_LENGTH]
    if not text:
        return [], False
    name_first = Case(When(name__startswith=text, then=Value(0)), default=Value(1), output_field=IntegerField())
    found = (
        members.search(text)
        .with_namesakes()
        .only("name", "employee_number", "department__name")
        .order_by(name_first, *name_order())[: MATCHES_SHOWN + 1]
    )
    found = [(member.pk, member.label) for member in found]
    return found[:MATCHES_SHOWN], len(found) > MATCHES_SHOWN


class MemberPicker(forms.Widget):
    """A search box that finds members (members/_member_picker.html), above the member chosen as a
    chip holding a hidden input. The field's own attributes (id, class, aria-invalid,
    aria-describedby) go on the search box, which the field's label names.

    The widget reads the field's choices only to label the values it shows: `self.choices` is the
    field's ModelChoiceIterator, whose queryset (the union's members of the scope, told apart from
    namesakes) is filtered to those values. An id the field would refuse (another union's member)
    is not shown back, by name or otherwise."""

    template_name = "members/_member_picker.html"
    allow_multiple_selected = False

    def __init__(self, attrs=None, scope="current"):
        super().__init__(attrs)
        self.scope = scope
        self.choices = ()

    def use_required_attribute(self, initial):
        return False  # the search box is empty once a member is chosen: the field checks, not the browser

    def value_omitted_from_data(self, data, files, name):
        return False  # the picker always answers: no chip is no member

    def format_value(self, value):
        values = value if isinstance(value, (list, tuple)) else [value]
        return [str(v) for v in values if v not in (None, "")]

    def chosen(self, values):
        """(id, label) of the members `values` name that the field offers, in one query (none without
        values)."""
        ids = [pk for pk in (id_or_none(value) for value in values) if pk is not None]
        queryset = getattr(self.choices, "queryset", None)
        if not ids or queryset is None:
            return []
        field = self.choices.field
        return [(member.pk, field.label_from_instance(member)) for member in queryset.filter(pk__in=ids)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"picker_{name}"
        widget["attrs"]["id"] = widget_id
        return {
            **context,
            "chosen": self.chosen(self.format_value(value)),
            "multiple": self.allow_multiple_selected,
            "matches_id": f"{widget_id}_matches",
            "search_url": f"{reverse('members:pick')}?scope={self.scope}",
        }

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates, as members.forms.PlainSelect: Django's form renderer would look in
        # the apps' folders only.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class MemberMultiPicker(MemberPicker):
    """The picker for several members: each one chosen is a chip that can be removed."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)
