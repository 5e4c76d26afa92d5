"""The roster's search, filters and sortable columns (django-filter)."""

import django_filters
from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from members.models import Department, Member, UnionGroup, name_order
from members.stamps import cached


class PlainSelect(forms.Select):
    """A select rendered in Python: a large union's 200 groups through Django's per-option widget
    templates cost more than the rest of the roster page."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            "<option value=\"{}\"{}>{}</option>",
            ((str(v), " selected" if str(v) == chosen else "", label) for v, label in self.choices),
        )
        return format_html(
            '<select name="{}" id="{}" class="{}">{}</select>',
            name, attrs.get("id", ""), attrs.get("class", ""), options,
        )


def union_choices(union):
    """The union's departments and groups as the filters' choices (one query each)."""
    return {
        name: [(str(pk), label) for pk, label in model.objects.for_union(union).values_list("pk", "name")]
        for name, model in (("department", Department), ("group", UnionGroup))
    }


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    # Plain choices filled in __init__: one query each for the list, none more to check the value.
    department = django_filters.ChoiceFilter(
        label=_("department"), empty_label=_("All departments"), widget=PlainSelect
    )
    group = django_filters.ChoiceFilter(label=_("union group"), empty_label=_("All groups"), widget=PlainSelect)
    status = django_filters.ChoiceFilter(
        choices=Member.Status.choices, label=_("status"), empty_label=_("All statuses"), widget=PlainSelect
    )
    gender = django_filters.ChoiceFilter(
        choices=Member.Gender.choices, label=_("gender"), empty_label=_("Both genders"), widget=PlainSelect
    )
    position = django_filters.ChoiceFilter(
        choices=[("any", _("Any committee position")), *Member.Position.choices[1:]],
        method="filter_position",
        label=_("committee position"),
        empty_label=_("Everyone"),
        widget=PlainSelect,
    )
    # Names sort by their pinyin (members/names.py); every other column falls back on that order
    # (pinyin, employee number, id), so that pages never overlap and the pinyin index matches.
    o = django_filters.OrderingFilter(
        fields=(
            ("name_pinyin", "name"),
            ("employee_number", "number"),
            ("department__order", "department"),
            ("group__name", "group"),
            ("joined_on", "joined"),
            ("birth_date", "born"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Member
        fields = ["q", "department", "group", "status", "gender", "position"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for name, choices in cached(request, "members.filter-choices", lambda: union_choices(request.union)).items():
            self.filters[name].extra["choices"] = choices
        for name, field in self.form.fields.items():
            css = "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
            field.widget.attrs["class"] = css

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_position(self, queryset, name, value):
        return queryset.committee() if value == "any" else queryset.filter(position=value)

    @property
    def qs(self):
        if not self.is_valid():  # e.g. another union's department id: show nothing rather than everyone
            return self.queryset.none()
        queryset = super().qs
        ordering = list(queryset.query.order_by)
        if ordering == ["-name_pinyin"]:  # the name column reversed: namesakes too
            return queryset.order_by(*(f"-{field}" for field in name_order()))
        return queryset.order_by(*ordering, *(field for field in name_order() if field not in ordering))
