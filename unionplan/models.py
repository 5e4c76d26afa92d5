from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import UnionOwned, Versioned


class YearSummary(UnionOwned, Versioned):
    """The chair's own words in the year-end summary (年终总结); the figures come from the apps.

    One per union and year. Until it is first saved, the page offers a draft written from the
    year's figures (`unionplan.summary.draft`).
    """

    TEXT_FIELDS = ["achievements", "problems", "next_year"]
    FORM_FIELDS = [*TEXT_FIELDS, "dated"]

    year = models.PositiveSmallIntegerField(_("year"))
    achievements = models.TextField(_("main achievements"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_year = models.TextField(_("plans for next year"), blank=True)
    dated = models.DateField(_("date of the document"), null=True, blank=True)
    # What the text was written from, kept at each save (unionplan.summary.save_text): the key figures
    # as the summary wrote them ({key: "50%"}) and the draft's paragraphs ({field: {key: text}}), so
    # that the page can say which figures moved since and refresh only the paragraphs still as drafted.
    figures = models.JSONField(default=dict, blank=True, editable=False)
    draft = models.JSONField(default=dict, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("year-end summary")
        verbose_name_plural = _("year-end summaries")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="yearsummary_one_per_union_year")
        ]

    def __str__(self):
        return _("Year-end summary %(year)s") % {"year": self.year}


class YearFigures(models.Model):
    """A year's summary figures, kept as data (unionplan.year_figures): each app's part, as it was
    computed, with the union's data versions it was computed from, so that reading a year costs one
    query until something it counts changes.

    Not UnionOwned on purpose: storing figures changes none of the union's data, so it must not move
    the union's versions (members.versions moves them for every saved UnionOwned row). Figures carry
    translated labels, so each language has its own row.
    """

    union = models.ForeignKey("members.Union", on_delete=models.CASCADE, related_name="+", verbose_name=_("union"))
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(max_length=15)
    # {"plan": {...}, "activities": {...}, "members": {...}, "funds": {...}}: each part as
    # unionplan.year_figures encodes it, and {"plan": [plans_version, members_version], ...}.
    parts = models.JSONField(default=dict)
    versions = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stored year figures")
        verbose_name_plural = _("stored year figures")
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "language"], name="yearfigures_one_per_year_language")
        ]

    def __str__(self):
        return f"{self.union_id} {self.year} {self.language}"
