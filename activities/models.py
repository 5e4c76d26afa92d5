"""Activities: what the union does through the year, on the calendar members see most."""

import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.recurrence import RuleError, describe, occurrence_dates
from members.models import Member, UnionGroup, UnionOwned, UnionQuerySet, Versioned, name_order


class Colour(models.TextChoices):
    """A fixed palette: each name is a CSS class in activities.css (no inline styles, see CSP)."""

    RED = "red", _("Red")
    ORANGE = "orange", _("Orange")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")
    TEAL = "teal", _("Teal")
    BLUE = "blue", _("Blue")
    INDIGO = "indigo", _("Indigo")
    PURPLE = "purple", _("Purple")
    PINK = "pink", _("Pink")
    GRAY = "gray", _("Gray")


class ActivityCategory(UnionOwned):
    """A kind of activity with its colour on the calendar; every union starts with DEFAULTS."""

    # key, name (data, in Chinese like the union's own words), colour
    DEFAULTS = [
        ("festival", "节日庆祝", Colour.RED),
        ("sports", "文体活动", Colour.GREEN),
        ("training", "培训学习", Colour.BLUE),
        ("meeting", "会议", Colour.GRAY),
        ("care", "慰问", Colour.ORANGE),
        ("health", "体检", Colour.TEAL),
        ("competition", "竞赛", Colour.INDIGO),
        ("women", "女工活动", Colour.PINK),
        ("other", "其他", Colour.PURPLE),
    ]

    name = models.CharField(_("name"), max_length=30)
    key = models.SlugField(
        _("key"),
        max_length=30,
        blank=True,
        help_text=_("Set on the built-in categories so that the festival planner finds them."),
    )
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices, default=Colour.BLUE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("activity category")
        verbose_name_plural = _("activity categories")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["union", "name"], name="activitycategory_unique_name"),
            models.UniqueConstraint(fields=["union", "key"], condition=~Q(key=""), name="activitycategory_unique_key"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def ensure_defaults(cls, union):
        """The union's categories by key, creating the built-in ones it lacks."""
        existing = {c.key: c for c in cls.objects.for_union(union).exclude(key="")}
        for order, (key, name, colour) in enumerate(cls.DEFAULTS):
            if key not in existing:
                existing[key], _created = cls.objects.get_or_create(
                    union=union, name=name, defaults={"key": key, "colour": colour, "order": order}
                )
        return existing


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("All members")
    WOMEN = "women", _("Women members")
    RETIREES = "retirees", _("Retirees")
    GROUP = "group", _("One union group")
    COMMITTEE = "committee", _("The committee")


RETIRED_STATUSES = [Member.Status.RETIRED, Member.Status.EARLY_RETIRED]


def audience_of(member):
    """What `audience_q` reads of the member: members alike in these see the same activities."""
    return (
        member.gender == Member.Gender.FEMALE,
        member.status in RETIRED_STATUSES,
        member.group_id,
        bool(member.position),
    )


def audience_q(member, prefix=""):
    """A Q for the rows (activities or series) whose audience includes `member` (see `audience_of`)."""
    audience, group = f"{prefix}audience", f"{prefix}audience_group"
    q = Q(**{audience: Audience.EVERYONE})
    if member.gender == Member.Gender.FEMALE:
        q |= Q(**{audience: Audience.WOMEN})
    if member.status in RETIRED_STATUSES:
        q |= Q(**{audience: Audience.RETIREES})
    if member.group_id:
        q |= Q(**{audience: Audience.GROUP, group: member.group_id})
    if member.position:
        q |= Q(**{audience: Audience.COMMITTEE})
    return q


class AudienceFields(models.Model):
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    audience_group = models.ForeignKey(
        UnionGroup,
        # A deleted group takes its activities out of members' view, never blocks the delete.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("union group"),
        help_text=_("Only when the audience is one union group."),
    )

    class Meta:
        abstract = True

    def clean_audience(self):
        if self.audience == Audience.GROUP and self.audience_group_id is None:
            raise ValidationError({"audience_group": _("Choose the union group this activity is for.")})
        if self.audience != Audience.GROUP:
            self.audience_group = None

    @property
    def audience_label(self):
        if self.audience == Audience.GROUP and self.audience_group_id:
            return str(self.audience_group)
        return self.get_audience_display()

    def is_for(self, member):
        """Whether `member` is in this row's audience (the same rule as `audience_q`)."""
        return {
            Audience.EVERYONE: True,
            Audience.WOMEN: member.gender == Member.Gender.FEMALE,
            Audience.RETIREES: member.status in RETIRED_STATUSES,
            Audience.GROUP: member.group_id is not None and member.group_id == self.audience_group_id,
            Audience.COMMITTEE: bool(member.position),
        }[self.audience]


class ActivityQuerySet(UnionQuerySet):
    def dated(self):
        return self.filter(start_date__isnull=False)

    def undated(self):
        return self.filter(start_date__isnull=True)

    def between(self, first, last):
        """Dated activities touching the days first..last (inclusive)."""
        return self.filter(start_date__lte=last, end_date__gte=first)

    def in_month(self, year, month):
        """Everything planned for the month: dated ones on its days and month-only ones."""
        first = date(year, month, 1)
        last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
        return self.filter(
            Q(start_date__lte=last, end_date__gte=first) | Q(start_date__isnull=True, year=year, month=month)
        )

    def in_year(self, year):
        return self.filter(year=year)

    def visible_to(self, member):
        """What a member may see: activities whose audience includes them, and those they organise
        (a man organising the women's 三八 outing sees it; he is not in its audience all the same)."""
        return self.filter(audience_q(member) | Q(organiser=member))

    def organised_outside_audience(self, member):
        """The activities `member` sees only as their organiser (see `visible_to`)."""
        return self.filter(organiser=member).exclude(audience_q(member))

    def organiser_ids(self):
        """The ids of the members who organise one of these activities."""
        return set(self.filter(organiser__isnull=False).order_by().values_list("organiser_id", flat=True).distinct())

    def not_cancelled(self):
        return self.exclude(status=Activity.Status.CANCELLED)

    def calendar_order(self):
        return self.order_by("start_date", "start_time", "title", "id")

    def with_signup_count(self):
        return self.annotate(signup_count=models.Count("signups", distinct=True))


class Activity(UnionOwned, AudienceFields, Versioned):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    category = models.ForeignKey(
        ActivityCategory, on_delete=models.RESTRICT, related_name="activities", verbose_name=_("category")
    )
    # Always set: the month an activity belongs to, also while it has no date yet ("planned for March").
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    start_date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Leave empty while only the month is known.")
    )
    end_date = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("For activities lasting several days."),
    )
    start_time = models.TimeField(_("starts at"), null=True, blank=True, help_text=_("Empty for all-day activities."))
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_activities",
        verbose_name=_("organiser"),
    )
    description = models.TextField(_("description"), blank=True)
    budget = models.DecimalField(
        _("budget (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    signup_open = models.BooleanField(_("members can sign up"), default=False)
    signup_deadline = models.DateTimeField(
        _("sign-up deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: until the activity starts."),
    )
    walk_ins = models.BooleanField(
        _("members who did not sign up may check in"),
        default=False,
        help_text=_("At the QR-code check-in: whether a member without a sign-up is let in and counted."),
    )
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("What came of it, for the year-end summary."))
    attendance = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    plan_item = models.ForeignKey(
        "plans.PlanItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("plan item"),
    )
    series = models.ForeignKey(
        "ActivitySeries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("series"),
    )
    occurrence_date = models.DateField(_("date in the series"), null=True, blank=True, editable=False)
    edited_by_hand = models.BooleanField(
        _("edited by hand"),
        default=False,
        help_text=_("A series no longer overwrites an occurrence that was edited by hand."),
    )
    festival = models.CharField(_("festival"), max_length=30, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["start_date", "start_time", "title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="activity_month_valid"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True, end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__gte=models.F("start_date")),
                name="activity_end_after_start",
            ),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gt=0), name="activity_budget_positive"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="activity_capacity_positive"
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence_date"],
                condition=Q(series__isnull=False),
                name="activity_one_per_series_date",
            ),
        ]
        indexes = [
            models.Index(fields=["union", "start_date", "end_date"], name="activity_calendar"),
            models.Index(fields=["union", "year", "month"], name="activity_year_month"),
            # The union's organisers (ActivityQuerySet.organiser_ids, for a calendar fragment's key): read
            # from the index alone, not from every activity of the union.
            models.Index(
                fields=["union", "organiser"], condition=Q(organiser__isnull=False), name="activity_organisers"
            ),
        ]
        permissions = [("record_attendance", _("Can record attendance and outcome"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.start_date:
            self.year, self.month = self.start_date.year, self.start_date.month
            if self.end_date is None or self.end_date < self.start_date:
                self.end_date = self.start_date
        else:
            self.end_date = None
            self.start_time = self.end_time = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("activities:detail", args=[self.pk])

    def clean(self):
        self.clean_audience()
        if self.end_date and not self.start_date:
            raise ValidationError({"end_date": _("Give the first day too.")})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})
        if self.end_time and not self.start_time:
            raise ValidationError({"end_time": _("Give the start time too.")})
        if (
            self.start_time
            and self.end_time
            and self.end_time <= self.start_time
            and (self.end_date or self.start_date) == self.start_date
        ):
            raise ValidationError({"end_time": _("The activity must end after it starts.")})
        if self.start_time and not self.start_date:
            raise ValidationError({"start_time": _("A time needs a date.")})

    # What the calendar shows.

    @property
    def date(self):
        """The first day (None while only the month is known); plans reads it when an item is done."""
        return self.start_date

    @property
    def is_dated(self):
        return self.start_date is not None

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def is_multi_day(self):
        return self.is_dated and self.end_date != self.start_date

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def colour(self):
        """Its category's colour, as the month grid reads it (activities.calendar.CalendarRow has one too)."""
        return self.category.colour

    def starts(self):
        """The aware start (all-day: midnight), in the project's time zone."""
        if not self.is_dated:
            return None
        return timezone.make_aware(datetime.combine(self.start_date, self.start_time or time.min))

    def ends(self):
        if not self.is_dated:
            return None
        end_day = self.end_date or self.start_date
        if self.end_time:
            return timezone.make_aware(datetime.combine(end_day, self.end_time))
        if self.start_time:
            return self.starts() + timedelta(hours=2)
        return timezone.make_aware(datetime.combine(end_day + timedelta(days=1), time.min))

    # Sign-up rules; the operations themselves are in activities/signups.py.

    def signup_closes(self):
        """When sign-up ends: the deadline, or else the start of the activity."""
        return self.signup_deadline or self.starts()

    def signup_problem(self, now=None):
        """Why nobody can sign up (or cancel) right now, or None when they can."""
        now = now or timezone.now()
        if not self.signup_open:
            return _("This activity takes no sign-ups.")
        if self.status not in (self.Status.PLANNED, self.Status.CONFIRMED):
            return _("This activity is %(status)s.") % {"status": self.get_status_display()}
        if not self.is_dated:
            return _("Sign-up opens once the activity has a date.")
        closes = self.signup_closes()
        if closes and now >= closes:
            return _("Sign-up closed on %(when)s.") % {"when": timezone.localtime(closes).strftime("%Y-%m-%d %H:%M")}
        return None

    def places_left(self, signup_count):
        return None if self.capacity is None else max(self.capacity - signup_count, 0)

    def mark_done(self, *, outcome=None, attendance=None, update_fields=None):
        self.status = self.Status.DONE
        if outcome is not None:
            self.outcome = outcome
        if attendance is not None:
            self.attendance = attendance
        self.save(update_fields=update_fields)


class SignupQuerySet(UnionQuerySet):
    def by_name(self):
        """The sign-ups as a list of people: in the order of the members' names (pinyin, then employee
        number), with their departments. Read through members.models.namesakes_told, so that
        `signup.member.label` tells namesakes apart."""
        return self.select_related("member__department").order_by(*name_order("member__"))

    def recent(self):
        """The latest sign-ups with their activities, for a member's page (member.signups.recent)."""
        # The member's present union only: one who moved (会籍接转) left their old sign-ups behind.
        return (self.filter(union_id=F("member__union_id")).select_related("activity__category")
                .order_by("-activity__start_date", "-id")[:12])

    def soonest_first(self):
        return self.order_by("activity__start_date", "activity__start_time", "id")


class Signup(UnionOwned):
    """A member's sign-up (报名); `attended` is the sign-in (签到) recorded afterwards."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups", verbose_name=_("activity"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="signups", verbose_name=_("member"))
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    attended = models.BooleanField(_("attended"), default=False)
    # When the member scanned the check-in QR code (or the organiser checked them in by hand); empty
    # for attendance ticked afterwards on the attendance page (activities/checkin.py).
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = SignupQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "id"]
        constraints = [
            # Two concurrent requests cannot both sign the same member up: the database refuses one.
            models.UniqueConstraint(fields=["activity", "member"], name="signup_once_per_member"),
        ]
        indexes = [models.Index(fields=["member", "activity"], name="signup_member")]

    def __str__(self):
        return f"{self.member} · {self.activity}"


class ActivitySeries(UnionOwned, AudienceFields, Versioned):
    """A recurring activity ("committee meeting on the first Monday of every month") that generates
    concrete activities; see activities/series.py."""

    title = models.CharField(_("title"), max_length=200)
    category = models.ForeignKey(
        ActivityCategory, on_delete=models.RESTRICT, related_name="series", verbose_name=_("category")
    )
    rule = models.CharField(
        _("recurrence rule"),
        max_length=300,
        help_text=_("An RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=1MO (first Monday of every month)."),
    )
    first_date = models.DateField(_("from"))
    last_date = models.DateField(_("until"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, validators=[MinValueValidator(1)])
    signup_open = models.BooleanField(_("members can sign up"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recurring activity")
        verbose_name_plural = _("recurring activities")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(last_date__gte=models.F("first_date")), name="series_dates_in_order"),
        ]

    def __str__(self):
        return self.title

    @property
    def rule_text(self):
        """The rule in words ("每月第一个星期一")."""
        return describe(self.rule)

    def clean(self):
        self.clean_audience()
        if self.first_date and self.last_date:
            if self.last_date < self.first_date:
                raise ValidationError({"last_date": _("The last day cannot be before the first day.")})
            if (self.last_date - self.first_date).days > 400:
                raise ValidationError({"last_date": _("A series covers at most a year; start a new one after.")})
            if self.rule:
                try:
                    occurrence_dates(self)
                except RuleError as error:
                    raise ValidationError({"rule": str(error)}) from error


class FeedTokenQuerySet(UnionQuerySet):
    def for_member(self, member):
        """The member's token, made on first use."""
        token, _created = self.get_or_create(
            member=member, defaults={"union_id": member.union_id, "token": FeedToken.new_token()}
        )
        return token


class FeedToken(UnionOwned):
    """The secret in a member's calendar subscription URL; resetting it cuts off the old URL."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="feed_token", verbose_name=_("member"))
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self):
        return str(self.member)

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(24)

    def reset(self):
        self.token = self.new_token()
        self.save(update_fields=["token", "created_at"])


class PublicCalendar(UnionOwned):
    """The union's read-only calendar at an unguessable link (/activities/public/<token>/ and .ics),
    for people without a login: activities for all members only, no names, no sign-ups
    (activities/public.py). Stopping the sharing or asking for a new link changes the token, so an
    old link gives 404."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    is_shared = models.BooleanField(_("shared"), default=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("public calendar")
        verbose_name_plural = _("public calendars")
        constraints = [models.UniqueConstraint(fields=["union"], name="publiccalendar_one_per_union")]

    def __str__(self):
        return str(self.union)

    @classmethod
    def of(cls, union):
        """The union's public calendar, or None while it was never shared."""
        return cls.objects.filter(union=union).first()

    @classmethod
    def share(cls, union):
        """Start sharing (with a fresh link if the calendar was not shared)."""
        calendar = cls.of(union)
        if calendar is None:
            return cls.objects.create(union=union, token=FeedToken.new_token())
        if not calendar.is_shared:
            calendar.is_shared = True
            calendar.new_link()
        return calendar

    def new_link(self):
        """Revoke the current link: a new token, the old one gives 404 from now on."""
        self.token = FeedToken.new_token()
        self.save(update_fields=["token", "is_shared", "updated_at"])

    def stop(self):
        self.is_shared = False
        self.token = FeedToken.new_token()  # the old link must not come back with a later share
        self.save(update_fields=["token", "is_shared", "updated_at"])
