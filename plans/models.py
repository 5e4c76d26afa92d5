"""The annual work plan (年度工作计划) and its outline.

A plan is a title, a guiding ideology (指导思想), goals (工作目标) and an outline of up to three
levels: parts 一、, sections （一）, items 1、. The outline is stored flat, as `PlanItem` rows in
document order (`position`), each with its `level` (1, 2 or 3). A row's parent is the nearest row
above it with a smaller level, so the editor can move, indent and outdent rows by changing two
integers, and the numbering shown to people is derived from position (plans.outline), never stored.

For other apps (activities links `Activity.plan_item` → `PlanItem`):

- `PlanItem.plan` (→ `AnnualPlan`, with `.year`), `.title`, `.body`, `.text` (title or body),
  `.owner` (members.Member or None), `.due_date`, `.due_month`, `.status` (`PlanItem.Status`),
  `.is_done`, `.progress_note`, `.outcome`.
- `PlanItem.month` is set on the items of the plan's month schedule (具体安排: the rows listed under
  a heading such as 二月份 or 4、5月份) and None elsewhere. The schedule items of a union's approved
  plan for a year: `PlanItem.objects.for_union(union).scheduled().filter(plan__year=year,
  plan__status=AnnualPlan.Status.APPROVED)`; or `plan.month_schedule()` for (month, items) pairs.
- When an activity linked to an item is done, call `item.mark_done_by_activity(activity, by=user)`:
  the item becomes done (unless it was dropped) and its outcome names the activity. Reading
  `item.activities` (the reverse of `Activity.plan_item`, related_name="activities") shows the links.
"""

from calendar import monthrange
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from members.history import record
from members.models import Member, UnionOwned, UnionQuerySet, Versioned
from plans import outline
from plans.snapshots import content_of

MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]
MONTH_CHOICES = list(MONTHS.items())


class PlanStateError(Exception):
    """A workflow step the plan's current status does not allow."""


class AnnualPlanQuerySet(UnionQuerySet):
    def visible_to(self, user):
        """Approved and closed plans for every reader; drafts only for those who may edit plans."""
        if user.has_perm("plans.change_annualplan"):
            return self
        return self.filter(status__in=AnnualPlan.READABLE_BY_MEMBERS)


class AnnualPlan(UnionOwned, Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft plan")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved plan")
        CLOSED = "closed", _("Closed plan")

    class ApprovalBody(models.TextChoices):
        COMMITTEE = "committee", _("Union committee meeting")
        CONGRESS = "congress", _("Workers' congress")

    READABLE_BY_MEMBERS = [Status.APPROVED, Status.CLOSED]
    RUNNING = [Status.DRAFT, Status.SUBMITTED, Status.APPROVED]

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("plan title"), max_length=200)
    foreword = models.TextField(
        _("foreword"),
        blank=True,
        help_text=_("Opening paragraphs, shown before the numbered parts."),
    )
    guiding_ideology = models.TextField(_("guiding ideology"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_body = models.CharField(_("approved by (body)"), max_length=12, choices=ApprovalBody.choices, blank=True)
    revision_reason = models.TextField(
        _("reason for revision"),
        blank=True,
        help_text=_("Why the approved plan is being revised; kept with the next approval."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AnnualPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="plan_one_per_union_year"),
        ]
        permissions = [("approve_annualplan", _("Can approve and close annual plans"))]

    def __str__(self):
        return self.title or f"{self.year}"

    def is_visible_to(self, user):
        return self.status in self.READABLE_BY_MEMBERS or user.has_perm("plans.change_annualplan")

    @property
    def is_editable(self):
        """Only a draft's outline is edited; an approved plan is revised first (see `revise`)."""
        return self.status == self.Status.DRAFT

    @property
    def is_trackable(self):
        """Progress is recorded while the plan runs: from draft until it is closed."""
        return self.status != self.Status.CLOSED

    # The workflow: draft → submitted → approved → closed; an approved plan is revised as a draft.
    TRANSITIONS = {
        "submit": ([Status.DRAFT], Status.SUBMITTED),
        "return_to_draft": ([Status.SUBMITTED], Status.DRAFT),
        "approve": ([Status.SUBMITTED], Status.APPROVED),
        "revise": ([Status.APPROVED], Status.DRAFT),
        "close": ([Status.APPROVED], Status.CLOSED),
        "reopen": ([Status.CLOSED], Status.APPROVED),
    }

    def can(self, action):
        return self.status in self.TRANSITIONS[action][0]

    def _move(self, action, by, note="", **fields):
        """Change the status if the workflow allows it from the status in the database (one UPDATE,
        so two people pressing the same button move the plan once); bumps the version."""
        allowed, new = self.TRANSITIONS[action]
        before = self.get_status_display()
        fields = {"status": new, "updated_at": timezone.now(), **fields}
        with transaction.atomic():
            moved = AnnualPlan.objects.filter(pk=self.pk, status__in=allowed).update(version=F("version") + 1, **fields)
            if not moved:
                raise PlanStateError(_("The plan is no longer in a state that allows this."))
            self.refresh_from_db()
            record(
                self,
                by,
                "change",
                {str(_("status")): [str(before), str(self.get_status_display())]},
                note=note,
            )

    def submit(self, by):
        self._move("submit", by, submitted_at=timezone.now())

    def return_to_draft(self, by, note=""):
        self._move("return_to_draft", by, note=note)

    def approve(self, by, member, body, note=""):
        """Approve the submitted plan and keep a snapshot of it as approved (one per approval)."""
        now = timezone.now()
        with transaction.atomic():
            reason = AnnualPlan.objects.filter(pk=self.pk).values_list("revision_reason", flat=True).first()
            self._move(
                "approve",
                by,
                note=note,
                approved_by=member,
                approved_at=now,
                approval_body=body,
                revision_reason="",
            )
            number = self.snapshots.count() + 1
            return PlanSnapshot.objects.create(
                union_id=self.union_id,
                plan=self,
                number=number,
                approved_by=member,
                approved_at=now,
                approval_body=body,
                note=note[:300],
                revision_reason=reason or "",
                content=content_of(self),
                taken_by=by if getattr(by, "is_authenticated", False) else None,
            )

    def revise(self, by, reason):
        """Reopen the approved plan for changes; the reason stays with the plan until the next approval."""
        self._move("revise", by, note=reason, revision_reason=reason)

    def close(self, by):
        self._move("close", by)

    def reopen(self, by):
        self._move("reopen", by)

    def month_schedule(self):
        """[(month, [items])] of the month schedule (具体安排), in document order."""
        months = {}
        for item in self.items.scheduled().select_related("owner"):
            months.setdefault(item.month, []).append(item)
        return list(months.items())


class PlanItemQuerySet(UnionQuerySet):
    def open(self):
        return self.filter(status__in=PlanItem.OPEN)

    def in_due_order(self):
        """By the day each falls due (PlanItem.due_by): its plan's year, then the month of its due date, due
        month or schedule month; in a month, a due date before the month's end; items due by no day last."""
        month = Coalesce(ExtractMonth("due_date"), "due_month", "month")
        return self.order_by("plan__year", month.asc(nulls_last=True), F("due_date").asc(nulls_last=True), "position")

    def overdue(self, today=None):
        """Open items of running plans past their due date, or past the end of their due month
        (or of their schedule month, 二月份, when they have no deadline of their own)."""
        today = today or timezone.localdate()
        month = Coalesce("due_month", "month")
        month_passed = Q(due_date__isnull=True) & (
            Q(plan__year__lt=today.year, effective_month__isnull=False)
            | Q(plan__year=today.year, effective_month__lt=today.month)
        )
        return (
            self.open()
            .annotate(effective_month=month)
            .filter(
                Q(due_date__lt=today) | month_passed,
                plan__status__in=AnnualPlan.RUNNING,
            )
        )

    def scheduled(self):
        """Items of the month schedule (具体安排), in document order."""
        return self.filter(month__isnull=False).order_by("plan", "position")

    def owned_by(self, member):
        return self.filter(owner=member)

    def lines(self):
        """What the plan page reads of each item (plans.outline.Line): plain values and the owner's
        name, by position alone (one plan's items: no join to the plan for the model's ordering by
        its year)."""
        return self.order_by("position").values(*outline.LINE_FIELDS, owner_name=F("owner__name"))

    def progress_by_plan(self, plans, today=None):
        """{plan id: Progress} of several plans' outlines (plans.outline), from one query."""
        by_id = {plan.pk: plan for plan in plans}
        rows = {pk: [] for pk in by_id}
        items = (
            self.filter(plan__in=list(by_id))
            .only("plan_id", "position", "level", "title", "body", "status", "due_date", "due_month", "month")
            .order_by("plan_id", "position")
        )
        for item in items:
            item.plan = by_id[item.plan_id]
            rows[item.plan_id].append(item)
        return {pk: outline.build(rows[pk], today=today if by_id[pk].is_trackable else None).progress for pk in by_id}


class PlanItem(UnionOwned, Versioned):
    """One numbered entry of a plan's outline: a part (一、), a section (（一）) or an item (1、).

    Every row can carry an owner, a due date or due month, a status, a progress note and an
    outcome; the rows without rows below them are the plan's work items whose progress is counted.
    """

    class Level(models.IntegerChoices):
        PART = 1, _("Part (一、)")
        SECTION = 2, _("Section (（一）)")
        ITEM = 3, _("Item (1、)")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Item done")
        DROPPED = "dropped", _("Item dropped")

    OPEN = [Status.NOT_STARTED, Status.IN_PROGRESS]

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan"))
    position = models.PositiveIntegerField(_("position"), default=0)
    level = models.PositiveSmallIntegerField(_("outline level"), choices=Level.choices, default=Level.ITEM)
    title = models.CharField(_("heading"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    month = models.PositiveSmallIntegerField(
        _("schedule month"),
        null=True,
        blank=True,
        validators=MONTH_VALIDATORS,
        editable=False,
        help_text=_("Set on the items listed under a month heading of the schedule, such as 二月份."),
    )
    owner = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_month = models.PositiveSmallIntegerField(
        _("due month"),
        null=True,
        blank=True,
        choices=MONTH_CHOICES,
        validators=MONTH_VALIDATORS,
        help_text=_("When only the month is known: due by the end of that month of the plan's year."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress_note = models.TextField(_("progress note"), blank=True)
    outcome = models.TextField(
        _("what came of it"),
        blank=True,
        help_text=_("What came of it; for a dropped item, why it was dropped."),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "position"]
        indexes = [
            models.Index(fields=["plan", "position"], name="planitem_document_order"),
            models.Index(fields=["union", "status", "due_date"], name="planitem_open_due"),
            models.Index(fields=["owner", "status"], name="planitem_owner_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="planitem_level_1_to_3"),
            models.CheckConstraint(
                condition=Q(due_month__isnull=True) | Q(due_month__gte=1, due_month__lte=12),
                name="planitem_due_month_valid",
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="planitem_month_valid",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        if self.plan_id and not self.union_id:
            self.union_id = self.plan.union_id
        super().save(*args, **kwargs)

    @property
    def text(self):
        return self.title or self.body

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def due_by(self):
        """The last day the item is due: its due date, or the end of its due (or schedule) month."""
        if self.due_date:
            return self.due_date
        month = self.due_month or self.month
        # PlanItem., not self.: plans.outline.Line borrows this property.
        return PlanItem.last_day(self.plan.year, month) if month else None

    @staticmethod
    def last_day(year, month):
        """The last day of the item's due (or schedule) `month` of the plan's `year`; None without a
        month. Also for rows read as plain values (plans.dashboard)."""
        return date(year, month, monthrange(year, month)[1]) if month else None

    def is_overdue(self, today=None):
        due = self.due_by
        return bool(self.is_open and due and due < (today or timezone.localdate()))

    def mark_done_by_activity(self, activity, by=None):
        """A linked activity was done: the item is done too, and its outcome names the activity.

        Called by the activities app with the Activity (duck-typed: `title`, optional `outcome`,
        optional `date` or `starts_at`). A dropped or already done item is left as it is.
        Returns True when the item changed.
        """
        if self.status in (self.Status.DONE, self.Status.DROPPED):
            return False
        before = self.get_status_display()
        when = getattr(activity, "date", None) or getattr(activity, "starts_at", None)
        if hasattr(when, "date"):
            when = timezone.localtime(when).date() if timezone.is_aware(when) else when.date()
        line = str(activity.title)
        if getattr(activity, "outcome", ""):
            line = f"{line}：{activity.outcome}"
        with transaction.atomic():
            self.status = self.Status.DONE
            self.done_on = when or timezone.localdate()
            self.outcome = f"{self.outcome}\n{line}".strip() if line not in self.outcome else self.outcome
            PlanItem.objects.filter(pk=self.pk).update(
                status=self.status,
                done_on=self.done_on,
                outcome=self.outcome,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
            self.version += 1
            record(
                self.plan,
                by,
                "change",
                {f"{self.text[:40]} · {_('status')}": [str(before), str(self.get_status_display())]},
                note=str(_("Done through the activity “%(title)s”") % {"title": activity.title}),
            )
        return True


class PlanSnapshot(UnionOwned):
    """The plan as it was approved: one per approval, so every approved version stays readable."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("version number"))
    approved_by = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    approval_body = models.CharField(
        _("approved by (body)"), max_length=12, choices=AnnualPlan.ApprovalBody.choices, blank=True
    )
    note = models.CharField(_("approval note"), max_length=300, blank=True)
    revision_reason = models.TextField(_("reason for revision"), blank=True)
    content = models.JSONField(_("content"), default=dict)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("approved version")
        verbose_name_plural = _("approved versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plansnapshot_one_number_per_plan"),
        ]

    def __str__(self):
        return f"{self.plan} · v{self.number}"
