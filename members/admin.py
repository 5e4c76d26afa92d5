from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import history
from members.accounts import email_change_refusal, leaving_refusal, record_role_change, tell_old_address
from members.forms import MemberChoiceField, MemberMultipleChoiceField
from members.models import (
    CareEvent,
    CareSettings,
    CareStandard,
    CareVisit,
    Department,
    HardshipRecord,
    HistoryEntry,
    InactivityReview,
    JoinApplication,
    Member,
    Transfer,
    TransferLetter,
    Union,
    UnionGroup,
    Workforce,
    name_order,
)
from members.roles import (
    POSITION_REFUSED,
    apply_position_role,
    can_grant,
    manageable_logins,
    may_change_position,
    may_manage_login,
    role_for_position,
)


def _union_owned(model):
    return any(f.name == "union" for f in model._meta.fields)


def union_choices(request, model):
    """The rows of `model` that the admin offers a union's staff user: their union's own, and of the
    logins only those they may manage (members.roles.manageable_logins). None for a superuser, and for
    a model that belongs to no union (content types)."""
    if request.user.is_superuser:
        return None
    union = request.union
    if model is Union:
        return Union.objects.filter(pk=union.pk) if union else Union.objects.none()
    if model is get_user_model():
        return manageable_logins(request.user, union) if union else model._default_manager.none()
    if _union_owned(model):
        return model._default_manager.filter(union=union) if union else model._default_manager.none()
    return None


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id field names the object beside its id only when it is one the user may pick: the label
    of an id typed in from another union is not shown back."""

    def __init__(self, rel, admin_site, queryset, attrs=None, using=None):
        super().__init__(rel, admin_site, attrs, using)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            offered = self.queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            offered = False
        return super().label_and_url_for_value(value) if offered else ("", "")


class UnionRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter by a related row offers the rows the admin would offer in a form."""

    def field_choices(self, field, request, model_admin):
        queryset = model_admin.get_field_queryset(None, field, request)
        if queryset is None:
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, ordering=ordering, limit_choices_to={"pk__in": queryset.values("pk")}
        )


class UnionAllValuesFieldListFilter(admin.AllValuesFieldListFilter):
    """A list filter by a value across a relation (plan__year) offers the values of the rows listed,
    not those of every union's related rows."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        rows = model_admin.get_queryset(request)
        self.lookup_choices = rows.distinct().order_by(field_path).values_list(field_path, flat=True)


def _scoped_filter(model, entry):
    """A list_filter entry as a union's staff user gets it (custom filter classes are left as they are)."""
    if not isinstance(entry, str):
        return entry
    field = get_fields_from_path(model, entry)[-1]
    if field.is_relation:
        return (entry, UnionRelatedFieldListFilter)
    plain = not field.choices and not isinstance(field, (models.BooleanField, models.DateField))
    if "__" in entry and plain:
        return (entry, UnionAllValuesFieldListFilter)
    return entry


class UnionScoped:
    """The one choke point for the admin, for model admins and inlines alike: a union's staff user
    (not a superuser) sees, filters by, looks up and picks only their union's rows — in lists, list
    filters, select and raw-id fields (validated on save against the same queryset), autocomplete and
    inlines — and of the logins only those they may manage. `field_choices` says which rows."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser or not _union_owned(self.model):
            return qs
        return qs.filter(union=request.union) if request.union else qs.none()

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [_scoped_filter(self.model, f) for f in filters if f != "union"]

    def get_exclude(self, request, obj=None):
        exclude = super().get_exclude(request, obj)
        if request.user.is_superuser or not _union_owned(self.model):
            return exclude
        return [*(exclude or []), "union"]

    def field_choices(self, request, db_field):
        """The rows a relation may point to here (None: any); see union_choices."""
        return union_choices(request, db_field.related_model)

    def get_field_queryset(self, db, db_field, request):
        """Every choice of a related row (select, raw id, autocomplete, list filter) comes from, and
        is validated against, this queryset: the union's rows, in the related admin's order."""
        queryset = super().get_field_queryset(db, db_field, request)
        scoped = self.field_choices(request, db_field)
        if scoped is None:
            return queryset
        if queryset is not None:
            scoped = scoped.order_by(*queryset.query.order_by)
        return scoped.using(db)

    def get_autocomplete_fields(self, request):
        """A relation to a member that is not a raw id is a search (Django's autocomplete, answered
        through get_search_results below, so scoped like every other choice), never a menu of every
        member of the union: 20,000 options in a large one."""
        fields = list(super().get_autocomplete_fields(request))
        for field in self.model._meta.get_fields():
            picks_members = (field.many_to_one or field.many_to_many) and field.related_model is Member
            if picks_members and not field.auto_created and field.name not in (*fields, *self.raw_id_fields):
                fields.append(field.name)
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
                if "widget" not in kwargs and db_field.name in self.raw_id_fields:
                    kwargs["widget"] = ScopedRawIdWidget(
                        db_field.remote_field, self.admin_site, queryset, using=kwargs.get("using")
                    )
        if db_field.related_model is Member:  # namesakes told apart, as in every other choice of members
            kwargs.setdefault("form_class", MemberChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Member:
            kwargs.setdefault("form_class", MemberMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Autocomplete answers with the rows the asking field offers: any relation may be asked
        for by name (?app_label=…&model_name=…&field_name=…), not only an autocomplete field."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not request.user.is_superuser and _is_autocomplete(request):
            _term, _admin, source_field, _to_field = AutocompleteJsonView(admin_site=self.admin_site).process_request(
                request
            )
            source_admin = self.admin_site._registry.get(source_field.model)
            if isinstance(source_admin, UnionScoped):
                offered = source_admin.field_choices(request, source_field)
            else:
                offered = union_choices(request, source_field.related_model)
            if offered is not None:
                queryset = queryset.filter(pk__in=offered.values("pk"))
        return queryset, may_have_duplicates


def _is_autocomplete(request):
    return request.resolver_match is not None and request.resolver_match.url_name == "autocomplete"


class UnionScopedAdmin(UnionScoped, admin.ModelAdmin):
    """Every union-owned model's admin; new rows of a union's staff user join their union."""

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and _union_owned(self.model):
            obj.union = request.union
        super().save_model(request, obj, form, change)


class UnionScopedInline(UnionScoped, admin.TabularInline):
    """Every inline: its rows and choices are scoped like its model admin's."""


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" shortcut (/admin/r/<content type>/<id>/): for a union's staff user
    it answers only for a row they may open in the admin, so another union's id is a 404 like an id
    that does not exist (Django's own shortcut told them apart)."""
    if not request.user.is_superuser:
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        model_admin = admin.site._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404
        if model_admin.get_object(request, unquote(object_id)) is None:
            raise Http404
    return contenttype_views.shortcut(request, content_type_id, object_id)


@admin.register(Union)
class UnionAdmin(UnionScoped, admin.ModelAdmin):
    """A union's staff user sees their own union only; its higher-level union stays as it is (the
    choice offers no other union: attaching to one would hand it the union's figures)."""

    list_display = ["name", "kind", "parent", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    # roster_columns: chosen on the roster import's preview, where it is checked; join_token: random, from the
    # join link page (members/join_views.py), never typed
    readonly_fields = ["roster_columns", "join_token"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk=request.union.pk) if request.union else qs.none()

    def field_choices(self, request, db_field):
        if db_field.name == "parent" and not request.user.is_superuser:
            return Union.objects.filter(pk=request.union.parent_id) if request.union else Union.objects.none()
        return super().field_choices(request, db_field)

    def has_add_permission(self, request):
        return request.user.is_superuser  # a new union would lie outside the staff user's own


@admin.register(Workforce)
class WorkforceAdmin(UnionScopedAdmin):
    list_display = ["union", "year", "employees", "updated_at"]
    list_filter = ["year", "union"]
    search_fields = ["union__name"]


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


LINK_REFUSED = gettext_lazy(
    "A login linked to this member gets the role of the member's position; only someone who holds all "
    "of its rights can link one."
)
LOGIN_KEPT = gettext_lazy(
    "%(name)s is marked as left, but the login stays on: it is an admin login, or it has rights you do "
    "not have."
)


class MemberAdminForm(forms.ModelForm):
    """The member form's rules for logins and roles hold in the admin too: nobody links, unlinks or
    moves the reset address of a login they may not manage, nor gives or takes a role they lack."""

    editor = None  # the user who saves: set for each request by MemberAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        editor, member = self.editor, self.instance  # the instance still holds the saved values here
        if editor is None:
            return cleaned
        position = cleaned.get("position", member.position)
        if "position" in self.changed_data and not may_change_position(editor, member.position, position):
            self.add_error("position", POSITION_REFUSED)
        if "user" in self.changed_data and "user" in cleaned:
            old, new = member.user if member.user_id else None, cleaned["user"]
            if old is not None and not may_manage_login(editor, old):
                self.add_error("user", _("The login of %(name)s has rights you do not have; ask the chair.")
                               % {"name": member.name})
            elif new is not None and not can_grant(editor, role_for_position(position)):
                self.add_error("user", LINK_REFUSED)
        if "email" in self.changed_data and member.pk and (refusal := email_change_refusal(editor, member)):
            self.add_error("email", refusal)
        return cleaned


@admin.register(Member)
class MemberAdmin(UnionScopedAdmin):
    form = MemberAdminForm
    list_display = ["person", "employee_number", "gender", "department", "group", "status", "position"]
    list_filter = ["status", "gender", "retirement_rule", "position", "department", "union"]
    search_fields = ["name", "employee_number", "phone"]
    list_select_related = ["department", "group"]
    raw_id_fields = ["user"]
    readonly_fields = ["version", "lunar_birth"]

    @admin.display(description=gettext_lazy("lunar date of birth"))
    def lunar_birth(self, obj):
        """The lunar date of birth the birth date converts to ("2020年闰四月十五"), as the pages show it."""
        return obj.lunar_birth_date_text or "—"
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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user
        users = form.base_fields.get("user")
        if users is not None and obj is not None and obj.user_id and not request.user.is_superuser:
            # The login the record has stays valid as it is (changing it is checked in clean).
            users.queryset = users.queryset | get_user_model()._default_manager.filter(pk=obj.user_id)
            if isinstance(users.widget, ScopedRawIdWidget):
                users.widget.queryset = users.queryset
        return form

    def save_model(self, request, obj, form, change):
        if obj.gender == Member.Gender.MALE:
            obj.retirement_rule = ""  # men have one rule (members/retirement.py)
        saved = Member.objects.select_related("user").get(pk=obj.pk) if change else None
        before = history.snapshot(saved, Member.history_fields()) if change else {}
        leaving = obj.status == Member.Status.LEFT and (saved is None or saved.status != Member.Status.LEFT)
        obj.keep_login = bool(leaving and leaving_refusal(request.user, obj))
        super().save_model(request, obj, form, change)
        if obj.keep_login:
            self.message_user(request, LOGIN_KEPT % {"name": obj.name}, messages.WARNING)
        history.record(
            obj,
            request.user,
            HistoryEntry.Action.CHANGE if change else HistoryEntry.Action.CREATE,
            history.changes_between(before, history.snapshot(obj, Member.history_fields())),
            note=_("Changed in the admin"),
        )
        if {"position", "user"} & set(form.changed_data):  # the login follows the position here too
            record_role_change(obj, request.user, apply_position_role(obj))
        if saved is not None:
            tell_old_address(obj, saved.email)



@admin.register(CareSettings)
class CareSettingsAdmin(UnionScopedAdmin):
    list_display = ["union", "female_retirement_rule", "xiaonian"]
    list_filter = ["female_retirement_rule", "xiaonian", "union"]
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


@admin.register(TransferLetter)
class TransferLetterAdmin(UnionScopedAdmin):
    """会员组织关系接转介绍信 (members/transfers.py): issued from the member's page, read here."""

    list_display = ["member", "destination", "issued_on", "number"]
    list_filter = ["union"]
    search_fields = ["member__name", "destination"]
    date_hierarchy = "issued_on"
    readonly_fields = ["member", "created_by"]


@admin.register(Transfer)
class TransferAdmin(UnionScopedAdmin):
    """会籍接转 within the federation, as the old union's trace: proposed and answered on the members
    pages (members/transfers.py moves the record in one transaction), only read here."""

    list_display = ["member_name", "card_number", "to_union", "status", "proposed_on", "decided_on"]
    list_filter = ["status"]
    search_fields = ["member_name", "card_number"]
    date_hierarchy = "proposed_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InactivityReview)
class InactivityReviewAdmin(UnionScopedAdmin):
    """A member the committee kept off the automatic-leave list (funds/inactive.py) until a date."""

    list_display = ["member", "dismissed_on", "until"]
    list_filter = ["union"]
    readonly_fields = ["member", "dismissed_by"]


@admin.register(JoinApplication)
class JoinApplicationAdmin(UnionScopedAdmin):
    """入会申请 (members/joining.py): decided on the committee's pages; the ID number only masked here."""

    list_display = ["name", "status", "phone", "employer", "submitted_at"]
    list_filter = ["status", "union"]
    search_fields = ["name", "phone", "employer"]
    date_hierarchy = "submitted_at"
    exclude = ["id_number"]
    readonly_fields = ["masked_id_number", "decided_at", "decided_by", "member"]
    autocomplete_fields = ["department"]

    @admin.display(description=gettext_lazy("ID number"))
    def masked_id_number(self, application):
        return application.masked_id_number


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


# -- models of Django and of other packages ----------------------------------------------------------


class LoginAdmin(UnionScoped, UserAdmin):
    """Logins: a union's staff user sees and changes only those they may manage (union_choices), and
    gives no admin access, superuser status, role or permission here (roles follow positions)."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=union_choices(request, self.model).values("pk"))

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return [*fields, "is_staff", "is_superuser", "groups", "user_permissions"]

    def has_add_permission(self, request):
        return request.user.is_superuser  # a login made here would belong to no union


class RoleAdmin(UnionScoped, GroupAdmin):
    """The roles are every union's: only a superuser changes them."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class SuperusersOnly:
    """Another package's model that belongs to no union (django-axes' login attempts name users of
    every union): for superusers only."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


def _rescope_other_admins(site):
    """Registered before this module (INSTALLED_APPS order): Django's logins and roles, then any
    other package's models, each re-registered with the rule above."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, UnionScoped):
            continue
        if model is get_user_model():
            replacement = type("LoginAdmin", (LoginAdmin, type(model_admin)), {})
        elif model is Group:
            replacement = type("RoleAdmin", (RoleAdmin, type(model_admin)), {})
        else:
            replacement = type(type(model_admin).__name__, (SuperusersOnly, type(model_admin)), {})
        site.unregister(model)
        site.register(model, replacement)


_rescope_other_admins(admin.site)
