from django.contrib import admin

from members.admin import UnionScopedAdmin
from members.history import changes_between, record, snapshot
from members.models import HistoryEntry
from unionplan.models import YearSummary


@admin.register(YearSummary)
class YearSummaryAdmin(UnionScopedAdmin):
    list_display = ["year", "union", "updated_by", "updated_at"]
    list_filter = ["year", "union"]
    search_fields = ["achievements", "problems", "next_year"]
    list_select_related = ["union", "updated_by"]
    readonly_fields = ["version", "updated_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        """Edits made here go into the summary's history too, like edits on the summary page."""
        before = snapshot(YearSummary.objects.get(pk=obj.pk), YearSummary.TEXT_FIELDS) if change else {}
        obj.updated_by = request.user
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        action = HistoryEntry.Action.CHANGE if change else HistoryEntry.Action.CREATE
        record(obj, request.user, action, changes_between(before, snapshot(obj, YearSummary.TEXT_FIELDS)))
