"""Care work across models: the visit worklist (who is due a visit) and recording visits with history."""

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.db import transaction
from django.db.models import Exists, F, Func, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from lunar_python import Lunar

from members import history
from members.models import (
    EVENT_REASONS,
    CareEvent,
    CareReason,
    CareSettings,
    CareStandard,
    CareVisit,
    HardshipRecord,
    HistoryEntry,
    Member,
    name_order,
    namesakes_told,
)
from members.retirement import reaching_retirement_in, retirement_date, rule_of

EVENT_REASON_VALUES = {r.value for r in EVENT_REASONS}


@dataclass(frozen=True)
class Season:
    """A seasonal campaign: 送温暖 from 1 November up to the Lantern Festival, 送清凉 in June–August."""

    reason: str
    start: date
    end: date

    @property
    def label(self):
        return CareReason(self.reason).label


@lru_cache(maxsize=64)
def lantern_festival(year):  # cached: lunar-python works out the whole lunar year each time
    solar = Lunar.fromYmd(year, 1, 15).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def season_for(day):
    """The campaign under way on `day`, or the next one to prepare for."""
    seasons = [
        Season(CareReason.WARMTH, *_season_window(CareReason.WARMTH, date(day.year, 1, 1))),
        Season(CareReason.COOLING, *_season_window(CareReason.COOLING, day)),
        Season(CareReason.WARMTH, *_season_window(CareReason.WARMTH, date(day.year, 12, 31))),
    ]
    return next(s for s in seasons if s.end >= day)


def standard_for(union, reason):
    """The union's standard (gift, amount) for `reason`; (“”, None) when none is set."""
    standard = CareStandard.objects.for_union(union).filter(reason=reason).first()
    return (standard.gift, standard.amount) if standard else ("", None)


@dataclass
class Worklist:
    season: Season
    settings: CareSettings
    retirements: list = field(default_factory=list)  # members retiring this year, each with `retires_on`
    hardship: list = field(default_factory=list)  # current hardship records whose member is due this season
    events: list = field(default_factory=list)  # reported occasions without a visit
    current_hardship: list = field(
        default_factory=list
    )  # every current hardship record, see current_hardship()

    @property
    def count(self):
        return len(self.retirements) + len(self.hardship) + len(self.events)


def worklist(union, today):
    """Who is due a visit on `today`; four queries whatever the union's size."""
    settings = CareSettings.of(union)
    season = season_for(today)
    retirements = list(_retiring(union, today.year, settings.female_retirement_rule).select_related("department"))
    for member in retirements:
        member.retires_on = _retires_on(member, settings.female_retirement_rule)
    retirements.sort(key=lambda member: (member.retires_on, member.name_pinyin, member.pk))
    current = namesakes_told(current_hardship(union, today, season))
    hardship = [record for record in current if not record.visited_this_season]
    events = _unanswered(union).select_related("member__department").order_by("occurred_on", *name_order("member__"))
    events = namesakes_told(events)
    return Worklist(season, settings, retirements, hardship, events, current)


@dataclass
class WorklistCounts:
    """How many are on each part of the worklist: what the dashboard shows."""

    season: Season
    retirements: int
    hardship: int
    events: int

    @property
    def count(self):
        return self.retirements + self.hardship + self.events


def worklist_counts(union, today):
    """The worklist's numbers without loading its rows: one query whatever the union's size, the three
    counts joined by UNION ALL (the union's retirement rule for women, or the default, is read inside it).
    Not three subqueries of one SELECT: Django relabels every nested subquery, which cost more than the
    database took."""
    season = season_for(today)
    hardship = (
        HardshipRecord.objects.for_union(union)
        .current(today)
        .exclude(member__status=Member.Status.LEFT)
        .exclude(Exists(_visited_in(season, OuterRef("member"))))
    )
    retirements = _counted(_retiring(union, today.year, default_retirement_rule(union)), "retirements")
    counts = retirements.union(_counted(hardship, "hardship"), _counted(_unanswered(union), "events"), all=True)
    return WorklistCounts(season, **dict(counts))


def _counted(queryset, part):
    """One row, (`part`, COUNT(*) of `queryset`); COUNT as a plain function, so that no GROUP BY is added."""
    return queryset.order_by().annotate(part=Value(part), n=Func(F("pk"), function="COUNT")).values_list("part", "n")


def default_retirement_rule(union):
    """The union's retirement rule for women as an expression (a subquery of its care settings, or
    the default), for counting inside one query."""
    own = CareSettings.objects.filter(union=union).values("female_retirement_rule")[:1]
    return Coalesce(Subquery(own), Value(CareSettings._meta.get_field("female_retirement_rule").default))


def _retiring(union, year, default_rule):
    """Members retiring in `year`, not yet visited for it: active members reaching the statutory
    retirement age (members/retirement.py, by their rule; women without one: `default_rule`, a value
    or an expression), and retirees who retired in the year.
    """
    visited_for_retirement = CareVisit.objects.filter(member=OuterRef("pk"), reason=CareReason.RETIREMENT)
    # The statutory age is written once (not once for the active and again for retirees without a date, as
    # retired_in has it): the query costs half the building, and the database can use member_retirement.
    by_age = Q(status=Member.Status.ACTIVE) | Q(status=Member.Status.RETIRED, retired_on__isnull=True)
    on_record = Q(status=Member.Status.RETIRED, retired_on__range=(date(year, 1, 1), date(year, 12, 31)))
    retiring = (by_age & reaching_retirement_in(year, default_rule)) | on_record
    return Member.objects.for_union(union).filter(retiring).exclude(Exists(visited_for_retirement))


def _retires_on(member, default_rule):
    """The day a member on the worklist retires: the date recorded, or the statutory month's first day."""
    if member.status == Member.Status.RETIRED and member.retired_on:
        return member.retired_on
    return retirement_date(member.birth_date, member.gender, rule_of(member, default_rule))


def _unanswered(union):
    """Reported occasions without a visit, of members still in the union."""
    return CareEvent.objects.for_union(union).filter(visits__isnull=True).exclude(member__status=Member.Status.LEFT)


def _visited_in(season, member):
    return CareVisit.objects.filter(
        member=member, reason=season.reason, date__gte=season.start, date__lte=season.end
    )


def current_hardship(union, today, season=None):
    """Current hardship records, severe first and then in the order of names, with the member's
    `last_visit` date and whether they were `visited_this_season` (the seasonal campaign of `today`)."""
    season = season or season_for(today)
    visited_this_season = _visited_in(season, OuterRef("member"))
    return (
        HardshipRecord.objects.for_union(union)
        .current(today)
        .exclude(member__status=Member.Status.LEFT)
        .select_related("member__department")
        .annotate(
            last_visit=Max("member__care_visits__date"), visited_this_season=Exists(visited_this_season)
        )
        .order_by("-level", *name_order("member__"))
    )


@transaction.atomic
def record_visit(visit, actor, visitors=()):
    """Save a new visit (and its visitors), answer the occasion it follows, keep the history."""
    if visit.event_id is None and visit.reason in EVENT_REASON_VALUES:
        visit.event = (
            CareEvent.objects.filter(
                member=visit.member,
                reason=visit.reason,
                visits__isnull=True,
                occurred_on__lte=visit.date,
            )
            .order_by("occurred_on", "id")
            .first()
        )
    visit.save()
    if visitors:
        visit.visitors.set(visitors)
    history.record(visit, actor, HistoryEntry.Action.CREATE, history.snapshot(visit))
    return visit


@transaction.atomic
def record_seasonal_visits(union, members, *, reason, day, gift, amount, visitors, actor):
    """One seasonal visit (送温暖 / 送清凉) for each member; members already visited this season are skipped.

    Returns the number of visits recorded.
    """
    season = Season(reason, *_season_window(reason, day))
    done = set(
        CareVisit.objects.for_union(union)
        .filter(
            reason=reason,
            date__gte=season.start,
            date__lte=season.end,
            member__in=members,
        )
        .values_list("member_id", flat=True)
    )
    visits = [
        CareVisit(union=union, member=m, date=day, reason=reason, gift=gift, amount=amount)
        for m in members
        if m.pk not in done
    ]
    CareVisit.objects.bulk_create(visits)
    if visitors:
        through = CareVisit.visitors.through
        through.objects.bulk_create(
            [through(carevisit_id=v.pk, member_id=p.pk) for v in visits for p in visitors]
        )
    for visit in visits:
        history.record(
            visit,
            actor,
            HistoryEntry.Action.CREATE,
            history.snapshot(visit),
            note=str(_("Seasonal visit for several members")),
        )
    return len(visits)


def _season_window(reason, day):
    """The (start, end) of the `reason` campaign that `day` belongs to."""
    if reason == CareReason.COOLING:
        return date(day.year, 6, 1), date(day.year, 8, 31)
    if day <= lantern_festival(day.year):
        return date(day.year - 1, 11, 1), lantern_festival(day.year)
    return date(day.year, 11, 1), lantern_festival(day.year + 1)
