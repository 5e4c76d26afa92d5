"""The union itself and its people, plus what every union-owned model shares."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnionQuerySet(models.QuerySet):
    def for_union(self, union):
        return self.filter(union=union)


class UnionOwned(models.Model):
    """Base of every domain row: it belongs to one union, and views reach it through `for_union`."""

    union = models.ForeignKey("members.Union", on_delete=models.CASCADE, verbose_name=_("union"))

    objects = UnionQuerySet.as_manager()

    class Meta:
        abstract = True


class Versioned(models.Model):
    """Optimistic locking: see `members.versioning.save_versioned`."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Union(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise union")
        SCHOOL = "school", _("School union")
        TOWNSHIP = "township", _("Township federation")
        STREET = "street", _("Street federation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("higher-level union"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        ordering = ["name"]
        permissions = [("view_dashboard", _("Can open the committee dashboard"))]

    def __str__(self):
        return self.name


class Department(UnionOwned):
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="department_unique_name")]

    def __str__(self):
        return self.name


class UnionGroup(UnionOwned):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Union group")
        WOMEN = "women", _("Women's committee")
        RETIREES = "retirees", _("Retirees' group")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    leader = models.ForeignKey(
        "members.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="led_groups",
        verbose_name=_("group leader"),
    )

    class Meta:
        verbose_name = _("union group")
        verbose_name_plural = _("union groups")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="uniongroup_unique_name")]

    def __str__(self):
        return self.name


class MemberQuerySet(UnionQuerySet):
    def current(self):
        """Members still in the union (retirees included)."""
        return self.exclude(status=Member.Status.LEFT)

    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def committee(self):
        return self.exclude(position="")


class Member(UnionOwned, Versioned):
    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")
        EARLY_RETIRED = "early_retired", _("Early retired")
        LEFT = "left", _("Left the union")

    class Position(models.TextChoices):
        NONE = "", _("None")
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        COMMITTEE = "committee", _("Committee member")
        TREASURER = "treasurer", _("Treasurer")
        REVIEWER = "reviewer", _("Fund reviewer")

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    employee_number = models.CharField(_("employee number"), max_length=30, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="members",
        verbose_name=_("department"),
    )
    group = models.ForeignKey(
        UnionGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="members",
        verbose_name=_("union group"),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    lunar_birthday = models.BooleanField(
        _("lunar birthday"), default=False,
        help_text=_("Celebrates the birthday on the lunar calendar date of the birth date."),
    )
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    position = models.CharField(
        _("committee position"), max_length=20, choices=Position.choices, blank=True, default=""
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="member",
        verbose_name=_("login"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "employee_number"], condition=~Q(employee_number=""),
                name="member_unique_employee_number",
            ),
        ]
        indexes = [models.Index(fields=["union", "name", "id"], name="member_roster_order")]
        permissions = [("view_sensitive_member", _("Can view members' private data"))]

    def __str__(self):
        return self.name


class HistoryEntryQuerySet(UnionQuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).select_related("actor")


class HistoryEntry(UnionOwned):
    """Who changed what, when: one row per change to a plan, member, money record or review."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        DELETE = "delete", _("Deleted")
        OTHER = "other", _("Other")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("record type"))
    object_id = models.CharField(_("record id"), max_length=40)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("record"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = HistoryEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="history_subject")]

    def __str__(self):
        return f"{self.object_repr} · {self.get_action_display()}"
