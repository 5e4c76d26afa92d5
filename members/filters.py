"""The roster's search, filters and sortable columns (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from members.models import Department, Member, UnionGroup


def _departments(request):
    return Department.objects.for_union(request.union) if request else Department.objects.none()


def _groups(request):
    return UnionGroup.objects.for_union(request.union) if request else UnionGroup.objects.none()


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    department = django_filters.ModelChoiceFilter(queryset=_departments, label=_("department"),
                                                  empty_label=_("All departments"))
    group = django_filters.ModelChoiceFilter(queryset=_groups, label=_("union group"), empty_label=_("All groups"))
    status = django_filters.ChoiceFilter(choices=Member.Status.choices, label=_("status"),
                                         empty_label=_("All statuses"))
    gender = django_filters.ChoiceFilter(choices=Member.Gender.choices, label=_("gender"),
                                         empty_label=_("Both genders"))
    position = django_filters.ChoiceFilter(
        choices=[("any", _("Any committee position")), *Member.Position.choices[1:]], method="filter_position",
        label=_("committee position"), empty_label=_("Everyone"))
    # Every ordering ends in "id" so that pages never overlap; the (union, field, id) indexes match.
    o = django_filters.OrderingFilter(
        fields=(("name", "name"), ("employee_number", "number"), ("department__order", "department"),
                ("group__name", "group"), ("joined_on", "joined"), ("birth_date", "born")),
        label=_("Sort by"),
    )

    class Meta:
        model = Member
        fields = ["q", "department", "group", "status", "gender", "position"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_position(self, queryset, name, value):
        return queryset.committee() if value == "any" else queryset.filter(position=value)

    @property
    def qs(self):
        queryset = super().qs
        ordering = list(queryset.query.order_by) or ["name"]
        return queryset.order_by(*ordering, "id")
