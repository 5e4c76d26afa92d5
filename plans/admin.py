from django.contrib import admin
from django.utils.translation import gettext as _

from members.admin import UnionScopedAdmin, UnionScopedInline
from members.history import record
from plans.models import AnnualPlan, PlanItem, PlanSnapshot


class PlanItemInline(UnionScopedInline):
    """The outline, in document order; rows take the plan's union."""

    model = PlanItem
    extra = 0
    fields = ["position", "level", "title", "owner", "due_date", "due_month", "status"]
    exclude = ["union"]
    ordering = ["position"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(UnionScopedAdmin):
    list_display = ["year", "title", "status", "approved_by", "approved_at", "union"]
    list_filter = ["status", "union"]
    search_fields = ["title", "guiding_ideology", "goals"]
    list_select_related = ["approved_by", "union"]
    readonly_fields = ["version", "submitted_at", "approved_at"]
    inlines = [PlanItemInline]

    def save_related(self, request, form, formsets, change):
        """Changes made here go into the plan's history too (who, when; details in the admin log)."""
        super().save_related(request, form, formsets, change)
        changed = form.has_changed() or any(f.has_changed() for f in formsets)
        if changed or not change:
            action = "change" if change else "create"
            record(form.instance, request.user, action, note=_("Changed in the admin"))


@admin.register(PlanItem)
class PlanItemAdmin(UnionScopedAdmin):
    list_display = ["__str__", "plan", "level", "owner", "due_date", "due_month", "month", "status"]
    list_filter = ["status", "level", "plan__year", "union"]
    search_fields = ["title", "body", "outcome", "owner__name"]
    list_select_related = ["plan", "owner"]
    raw_id_fields = ["plan"]


@admin.register(PlanSnapshot)
class PlanSnapshotAdmin(UnionScopedAdmin):
    list_display = ["plan", "number", "approved_by", "approved_at", "approval_body"]
    list_filter = ["approval_body", "union"]
    search_fields = ["plan__title", "note", "revision_reason"]
    list_select_related = ["plan", "approved_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
