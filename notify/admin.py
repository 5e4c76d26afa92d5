"""The group robots in the admin, scoped to the staff user's union like every other admin. The webhook
and the secret are write-only here as on the robot's page: only the masked address is shown."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.admin import UnionScopedAdmin
from notify.forms import RobotForm
from notify.models import OutboxMessage, Robot


class RobotAdminForm(RobotForm):
    class Meta(RobotForm.Meta):
        fields = ["union", *RobotForm.Meta.fields]


@admin.register(Robot)
class RobotAdmin(UnionScopedAdmin):
    form = RobotAdminForm
    list_display = ["name", "platform", "committee_chat", "is_active", "masked_url"]
    list_filter = ["platform", "committee_chat", "is_active"]
    search_fields = ["name"]
    readonly_fields = ["masked_url"]

    @admin.display(description=_("webhook address"))
    def masked_url(self, robot):
        return robot.masked_url


@admin.register(OutboxMessage)
class OutboxMessageAdmin(UnionScopedAdmin):
    """What was posted and what the platforms answered; written by the app, never by hand."""

    list_display = ["title", "robot", "kind", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind", "robot"]
    search_fields = ["title", "dedup_key"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
