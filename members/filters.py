"""The roster's search, filters and sortable columns (django-filter), and its rows."""

import django_filters
from django.db.models import F, Value
from django.urls import reverse
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from members.dates import birth_date_text
from members.forms import PlainSelect
from members.lunar import lunar_date_text
from members.models import Department, Member, UnionGroup, name_order
from members.names import namesake_label


def union_choices(union):
    """The union's departments (in their order) and groups (by name) as the filters' choices, in one query."""
    choices = {"department": [], "group": []}
    for filter_name, _rank, label, pk in _departments_and_groups(union.pk):
        # An id's digits hold nothing to escape: marked so, the select's template does not escape 240
        # option values again on every roster page (a sixth of rendering the selects).
        choices[filter_name].append((SafeString(pk), label))
    return choices


def _departments_and_groups(union_id):
    columns = ("filter_name", "rank", "name", "pk")
    departments = Department.objects.filter(union=union_id).annotate(filter_name=Value("department"), rank=F("order"))
    groups = UnionGroup.objects.filter(union=union_id).annotate(filter_name=Value("group"), rank=Value(0))
    # Ordered as a whole: departments by their order and name (Department's ordering), groups by name.
    return (
        departments.order_by().values_list(*columns)
        .union(groups.order_by().values_list(*columns), all=True)
        .order_by(*columns[:3])
    )



class Normalised(BaseChoiceIterator):
    """Choices already in Django's form, (value, label) pairs, which Django then takes as they are:
    a list it would check pair by pair when set on the field and again whenever the select iterates
    them (twice over the ~240 departments and groups of a large union, on every roster page)."""

    def __init__(self, choices):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    # Plain choices filled in __init__: one query for both lists (union_choices), none more to check the value.
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
        for name, field in self.form.fields.items():
            css = "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
            field.widget.attrs["class"] = css
        # On the built form's fields: given to the filters, the choices of ~200 groups were deep-copied
        # into the form (a third of the filter's setup).
        for name, choices in union_choices(request.union).items():
            self.form.fields[name].choices = Normalised(choices)


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


# What a roster row reads of a member, its department, group and login (roster_table_rows).
ROSTER_ROW_FIELDS = (
    "pk", "name", "employee_number", "position", "department__name", "group__name", "gender", "birth_date",
    "birth_month_only", "lunar_birthday", "lunar_birth_month", "lunar_birth_day", "phone", "joined_on", "status",
    "user_id", "user__username", "user__is_active",
)


def roster_row_values(members):
    """`members` as the values a roster row shows (roster_table_rows), each knowing whether another member
    shares its name: no Member, department, group or user instances for a page of 50."""
    return members.with_namesakes().values(*ROSTER_ROW_FIELDS, "shares_name")


def roster_rows(ids):
    """The roster_row_values of the members `ids` (a page's), in that order."""
    found = {row["pk"]: row for row in roster_row_values(Member.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]



def roster_table_rows(members):
    """What the roster table shows of `members`, values of roster_row_values (members/_roster_rows.html), as
    plain dicts: a template reads a dict several times faster than a model instance. `label` tells
    namesakes apart (as Member.label); `login`: the member's username and whether it is active, or None.
    Each row says outright what the template would otherwise work out per row (its page's address, a
    namesake's number): a roster page renders some twenty nodes a row, each ~2 µs."""
    roster_url = reverse("members:roster")  # + "<id>/" is members:detail, without a reverse() per row
    genders, statuses, positions = (
        {value: str(label) for value, label in choices.choices}
        for choices in (Member.Gender, Member.Status, Member.Position)
    )
    return [
        {
            "pk": m["pk"],
            "url": f"{roster_url}{m['pk']}/",
            "name": m["name"],
            "label": namesake_label(m["name"], m["employee_number"], m["department__name"] or "")
            if m["shares_name"] else m["name"],
            "number": m["employee_number"],
            "namesake": m["shares_name"],
            "namesake_number": m["employee_number"] if m["shares_name"] else "",  # beside the name on phones
            "position": positions.get(m["position"], "") if m["position"] else "",
            "department": m["department__name"] or "",
            "group": m["group__name"] or "",
            "gender": genders.get(m["gender"], ""),
            "born": birth_date_text(m["birth_date"], m["birth_month_only"]),  # "1986年3月": only the month known
            # The lunar birthday as people say it, "闰四月十五" ("" for a solar one).
            "lunar": lunar_date_text(m["lunar_birth_month"], m["lunar_birth_day"])
            if m["lunar_birthday"] and m["lunar_birth_month"] else "",
            "phone": m["phone"],
            "joined": m["joined_on"].isoformat() if m["joined_on"] else "",
            "status": m["status"],
            "status_label": statuses.get(m["status"], ""),
            "login": {"username": m["user__username"], "is_active": m["user__is_active"]} if m["user_id"] else None,
            "may_tick": not m["user_id"] and m["status"] != Member.Status.LEFT,  # for creating logins
        }
        for m in members
    ]
