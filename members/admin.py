from django.contrib import admin
from django.db.models import Value

from members.accounts import record_role_change
from members.forms import MemberChoiceField, MemberMultipleChoiceField
from members.models import (
    CareEvent,
    CareSettings,
    CareStandard,
    CareVisit,
    Department,
    HardshipRecord,
    HistoryEntry,
    Member,
    Union,
    UnionGroup,
    name_order,
)
from members.roles import apply_position_role


class UnionScopedAdmin(admin.ModelAdmin):
    """The one choke point for the admin: a union's staff see and pick only their union's rows."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(union=request.union) if request.union else qs.none()

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        return filters if request.user.is_superuser else [f for f in filters if f != "union"]

    def get_exclude(self, request, obj=None):
        return None if request.user.is_superuser else ["union"]

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.union = request.union
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.related_model
        if not request.user.is_superuser and request.union is not None:
            if model is Union:
                kwargs["queryset"] = Union.objects.filter(pk=request.union.pk)
            elif any(f.name == "union" for f in model._meta.fields):
                kwargs["queryset"] = model._default_manager.filter(union=request.union)
        if model is Member:  # namesakes told apart, as in every other choice of members
            kwargs.setdefault("form_class", MemberChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        model = db_field.related_model
        if not request.user.is_superuser and any(f.name == "union" for f in model._meta.fields):
            kwargs["queryset"] = model._default_manager.filter(union=request.union)
        if model is Member:
            kwargs.setdefault("form_class", MemberMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Union)
class UnionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk=request.union.pk) if request.union else qs.none()


@admin.register(Department)
class DepartmentAdmin(UnionScopedAdmin):
    list_display = ["name", "order", "union"]
    list_filter = ["union"]
    search_fields = ["name"]


@admin.register(UnionGroup)
class UnionGroupAdmin(UnionScopedAdmin):
    list_display = ["name", "kind", "leader", "union"]
    list_filter = ["kind", "union"]
    search_fields = ["name"]
    autocomplete_fields = ["leader"]


@admin.register(Member)
class MemberAdmin(UnionScopedAdmin):
    list_display = ["person", "employee_number", "gender", "department", "group", "status", "position"]
    list_filter = ["status", "gender", "retirement_rule", "position", "department", "union"]
    search_fields = ["name", "employee_number", "phone"]
    list_select_related = ["department", "group"]
    raw_id_fields = ["user"]
    readonly_fields = ["version"]
    ordering = name_order()  # pinyin, employee number, as every list of people

    @admin.display(description=Member._meta.get_field("name").verbose_name, ordering="name_pinyin")
    def person(self, member):
        """The name column, sorted by pinyin when clicked."""
        return member.name

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.resolver_match is not None and request.resolver_match.url_name == "autocomplete":
            # Autocomplete (a group's leader, a visit's member and visitors) can only show str():
            # the results are read as labels, so that namesakes are told apart there too.
            queryset = queryset.with_namesakes().annotate(str_as_label=Value(True))
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change):
        if obj.gender == Member.Gender.MALE:
            obj.retirement_rule = ""  # men have one rule (members/retirement.py)
        super().save_model(request, obj, form, change)
        if {"position", "user"} & set(form.changed_data):  # the login follows the position here too
            record_role_change(obj, request.user, apply_position_role(obj))


@admin.register(CareSettings)
class CareSettingsAdmin(UnionScopedAdmin):
    list_display = ["union", "female_retirement_rule"]
    list_filter = ["female_retirement_rule", "union"]
    search_fields = ["union__name"]


@admin.register(CareStandard)
class CareStandardAdmin(UnionScopedAdmin):
    list_display = ["reason", "amount", "gift", "union"]
    list_filter = ["reason", "union"]
    search_fields = ["gift"]


@admin.register(HardshipRecord)
class HardshipRecordAdmin(UnionScopedAdmin):
    list_display = ["member", "level", "reason", "since", "until", "last_reviewed"]
    list_filter = ["level", "union"]
    search_fields = ["member__name", "reason"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    readonly_fields = ["version"]


@admin.register(CareEvent)
class CareEventAdmin(UnionScopedAdmin):
    list_display = ["member", "reason", "occurred_on", "notes"]
    list_filter = ["reason", "union"]
    search_fields = ["member__name", "notes"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]


@admin.register(CareVisit)
class CareVisitAdmin(UnionScopedAdmin):
    list_display = ["date", "member", "reason", "gift", "amount"]
    list_filter = ["reason", "union"]
    search_fields = ["member__name", "gift", "notes"]
    list_select_related = ["member"]
    autocomplete_fields = ["member", "visitors", "event"]
    date_hierarchy = "date"


@admin.register(HistoryEntry)
class HistoryEntryAdmin(UnionScopedAdmin):
    list_display = ["at", "object_repr", "action", "actor", "content_type"]
    list_filter = ["action", "content_type", "union"]
    search_fields = ["object_repr", "note"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
