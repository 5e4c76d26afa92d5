from django.contrib import admin

from members.admin import UnionScopedAdmin
from members.models import Member
from plans.models import AnnualPlan, PlanItem, PlanSnapshot


class PlanItemInline(admin.TabularInline):
    """The outline, in document order; rows take the plan's union."""

    model = PlanItem
    extra = 0
    fields = ["position", "level", "title", "owner", "due_date", "due_month", "status"]
    exclude = ["union"]
    ordering = ["position"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Member and not request.user.is_superuser:
            kwargs["queryset"] = (
                Member.objects.for_union(request.union) if request.union else Member.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AnnualPlan)
class AnnualPlanAdmin(UnionScopedAdmin):
    list_display = ["year", "title", "status", "approved_by", "approved_at", "union"]
    list_filter = ["status", "union"]
    search_fields = ["title", "guiding_ideology", "goals"]
    list_select_related = ["approved_by", "union"]
    readonly_fields = ["version", "submitted_at", "approved_at"]
    inlines = [PlanItemInline]


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
