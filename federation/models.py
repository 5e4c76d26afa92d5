"""Documents a union hands up (上报) to its higher-level union, and the deadlines that union sets."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import UnionOwned


class Kind(models.TextChoices):
    PLAN = "plan", _("Annual work plan")
    SUMMARY = "summary", _("Year-end summary")


class Submission(UnionOwned):
    """A frozen copy of a union's plan or summary, as it was the day it was handed up.

    Only the latest submission of a union, year and kind counts; the earlier ones stay as its history.
    `union` is the union that hands the document up."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Handed up")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Sent back")

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("document"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    docx = models.BinaryField(_("Word file"), editable=False)
    submitted_at = models.DateTimeField(_("handed up at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("handed up by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    comment = models.TextField(_("comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["union", "year", "kind"])]
        permissions = [("review_submission", _("Can read, accept and send back the documents handed up"))]

    def __str__(self):
        return self.title


class SubmissionDeadline(UnionOwned):
    """The day by which the unions below `union` (the higher-level union) hand up a kind of document."""

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("document"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("due on"))

    class Meta:
        verbose_name = _("hand-up deadline")
        verbose_name_plural = _("hand-up deadlines")
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "kind"], name="federation_one_deadline_per_kind"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} {self.due_on}"


class StoredFigures(UnionOwned):
    """One union's roll-up figures of a year as last counted (federation.rollup), kept with the
    versions of its data they were counted from: the roll-up counts again only the unions whose
    members, activities, funds or plans have changed since (members/versions.py). Figures only."""

    year = models.PositiveSmallIntegerField(_("year"))
    counted_from = models.CharField(max_length=100)  # federation.rollup.versions_key of the union
    figures = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("stored roll-up figures")
        verbose_name_plural = _("stored roll-up figures")
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="federation_one_figures_per_year"),
        ]

    def __str__(self):
        return f"{self.union_id} {self.year}"
