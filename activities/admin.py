from django.contrib import admin

from activities.models import Activity, ActivityCategory, ActivitySeries, FeedToken, PublicCalendar, Signup
from members.admin import UnionScopedAdmin, UnionScopedInline


@admin.register(ActivityCategory)
class ActivityCategoryAdmin(UnionScopedAdmin):
    list_display = ["name", "colour", "order", "key", "union"]
    list_filter = ["colour", "union"]
    search_fields = ["name"]


class SignupInline(UnionScopedInline):
    model = Signup
    extra = 0
    fields = ["member", "attended", "note", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["member"]


@admin.register(Activity)
class ActivityAdmin(UnionScopedAdmin):
    """Registered again by funds/admin.py with the fund review's rule for deleting an activity that
    money was spent for (funds/links.py): activities cannot import funds."""

    list_display = ["title", "start_date", "year", "month", "category", "audience", "status", "union"]
    list_filter = ["status", "audience", "category", "signup_open", "union"]
    search_fields = ["title", "location", "description", "outcome"]
    list_select_related = ["category", "union"]
    date_hierarchy = "start_date"
    raw_id_fields = ["organiser", "series"]
    inlines = [SignupInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.union = form.instance.union
            obj.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(ActivitySeries)
class ActivitySeriesAdmin(UnionScopedAdmin):
    list_display = ["title", "rule", "first_date", "last_date", "category", "union"]
    list_filter = ["category", "audience", "union"]
    search_fields = ["title", "location"]
    raw_id_fields = ["organiser"]


@admin.register(Signup)
class SignupAdmin(UnionScopedAdmin):
    list_display = ["member", "activity", "created_at", "attended", "union"]
    list_filter = ["attended", "union"]
    search_fields = ["member__name", "activity__title"]
    list_select_related = ["member", "activity"]
    raw_id_fields = ["member", "activity"]


@admin.register(FeedToken)
class FeedTokenAdmin(UnionScopedAdmin):
    list_display = ["member", "created_at", "union"]
    list_filter = ["union"]
    search_fields = ["member__name"]
    raw_id_fields = ["member"]
    readonly_fields = ["token"]


@admin.register(PublicCalendar)
class PublicCalendarAdmin(UnionScopedAdmin):
    list_display = ["union", "is_shared", "updated_at"]
    list_filter = ["is_shared", "union"]
    search_fields = ["union__name"]
    readonly_fields = ["token"]
