"""The union itself and its people, plus what every union-owned model shares."""


from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members import versions
from members.encryption import EncryptedTextField
from members.lunar import lunar_date_text, lunar_of, lunar_year_of


class UnionQuerySet(models.QuerySet):
    def for_union(self, union):
        return self.filter(union=union)

    # Writes that send no signal move their area's version on themselves (members.versions);
    # bulk_update() goes through update().

    def update(self, **kwargs):
        unions = versions.unions_written(self)
        count = super().update(**kwargs)
        versions.rows_written(self.model, unions)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        versions.rows_written(self.model, {obj.union_id for obj in created})
        return created


SEARCH_LENGTH = 100  # characters of a search that are looked for


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


class UsernameSource(models.TextChoices):
    """What a member types as the username: the union chooses when it creates the logins."""

    EMPLOYEE_NUMBER = "employee_number", _("Employee number")
    PHONE = "phone", _("Mobile phone number")


class Union(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise union")
        SCHOOL = "school", _("School union")
        TOWNSHIP = "township", _("Township federation")
        STREET = "street", _("Street federation")
        EDUCATION = "education", _("Education union")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("higher-level union"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # 建会日期: when the union was founded, for the higher-level union's count of new unions (federation/);
    # empty, the day its row was created stands in.
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    # Move on when a row of their area is saved or deleted (members.versions): the few cached
    # fragments and the conditional GETs are keyed by them.
    members_version = models.PositiveBigIntegerField(default=0, editable=False)
    activities_version = models.PositiveBigIntegerField(default=0, editable=False)
    plans_version = models.PositiveBigIntegerField(default=0, editable=False)
    funds_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Sign-ups and attendance: no cached fragment shows them (each reader's own are read afresh), so a
    # sign-up rush leaves the calendar cached; a closed year's stored figures count them.
    signups_version = models.PositiveBigIntegerField(default=0, editable=False)
    # What the login page tells a member who cannot log in (members/accounts.py keeps the choice).
    username_source = models.CharField(
        _("username"), max_length=20, choices=UsernameSource.choices, default=UsernameSource.EMPLOYEE_NUMBER
    )
    login_contact = models.CharField(
        _("whom to ask for a password"), max_length=200, blank=True,
        help_text=_("Shown on the login page, e.g. the union office, its room and telephone."),
    )
    # The roster import's remembered column mapping: {normalised heading as in the union's file:
    # member field name, or "" for a column not imported}.
    roster_columns = models.JSONField(_("roster import columns"), default=dict, blank=True)
    # Joining online (members/joining.py): the token of the public join page /join/<token>/. Empty
    # means the page is off, as it is until the committee turns it on; a new token kills the old link.
    join_token = models.CharField(_("join link token"), max_length=32, blank=True, default="", db_index=True)
    # 会员证号 given on approval: prefix + the next number, zero-padded to card_digits ("JY2026-0001").
    card_prefix = models.CharField(_("membership card prefix"), max_length=20, blank=True)
    card_next = models.PositiveIntegerField(_("next membership card number"), default=1)
    card_digits = models.PositiveSmallIntegerField(_("digits of the membership card number"), default=4)

    class Meta:
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        ordering = ["name"]
        permissions = [("view_dashboard", _("Can open the committee dashboard"))]

    VERSION_FIELDS = (
        "members_version", "activities_version", "plans_version", "funds_version", "signups_version",
    )

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The versions move in the database alone (members.versions): saving a copy loaded before
        # they moved must not turn them back.
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [field.name for field in self._meta.concrete_fields
                                       if not field.primary_key and field.name not in self.VERSION_FIELDS]
        super().save(*args, **kwargs)


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


def belonged_on(day):
    """A Q for the members who belonged to the union on `day` (also usable inside an aggregate)."""
    joined = Q(joined_on__isnull=True) | Q(joined_on__lte=day)
    stayed = ~Q(status=Member.Status.LEFT) | Q(left_on__gt=day)
    return joined & stayed & ~Q(left_on__lte=day)


def name_order(path=""):
    """The order of every list of people: by the pinyin of the name, then employee number (the
    order of Member.Meta and of the index on (union, name_pinyin, employee_number, id)). `path`
    reaches the member from another model's rows, e.g. "member__" for sign-ups."""
    return [f"{path}name_pinyin", f"{path}employee_number", f"{path}id"]


def shares_name(path=""):
    """An expression: whether another member of the member's union bears the same name. An EXISTS
    beside the row, on the pinyin index: a list marks its namesakes within its own query. `path` as
    for name_order."""
    namesakes = Member.objects.filter(
        union=OuterRef(f"{path}union"), name_pinyin=OuterRef(f"{path}name_pinyin"), name=OuterRef(f"{path}name")
    ).exclude(pk=OuterRef(f"{path}id"))
    return Exists(namesakes)


def namesakes_told(rows, member="member"):
    """Read `rows`, a queryset of another model with a foreign key `member` to Member (selected with
    its department), marking each row's member with `shares_name` so that `row.member.label` tells
    namesakes apart: the same one query, as a list."""
    rows = list(rows.annotate(member_shares_name=shares_name(f"{member}__")))
    for row in rows:
        if getattr(row, f"{member}_id") is not None:
            getattr(row, member).shares_name = row.member_shares_name
    return rows


def _containing(text):
    """Members whose name, employee number or phone contains `text`, asked so that a union of 20,000
    is searched in a few milliseconds: text without upper and lower case (Chinese, digits) is matched
    as it is, not through UPPER() of every row, and only text with a digit is looked for in the phone
    numbers, which hold digits alone (members.forms.clean_phone_number)."""
    lookup = "icontains" if text.lower() != text.upper() else "contains"
    found = Q(**{f"name__{lookup}": text}) | Q(**{f"employee_number__{lookup}": text})
    if any(character.isdigit() for character in text):
        found |= Q(phone__contains=text)
    return found


class MemberQuerySet(UnionQuerySet):
    def with_namesakes(self):
        """Members that know whether they share their name (`shares_name`) and their department, so
        that `Member.label` tells namesakes apart without a query more: for choices and list rows."""
        if "shares_name" in self.query.annotations:
            return self
        return self.select_related("department").annotate(shares_name=shares_name())

    def current(self):
        """Members still in the union (retirees included)."""
        return self.exclude(status=Member.Status.LEFT)

    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def committee(self):
        return self.exclude(position="")

    def members_on(self, day):
        """Who belonged to the union on `day` (a member who left without a date counts as gone)."""
        return self.filter(belonged_on(day))

    def search(self, text):
        """Name, employee number or phone containing `text`, or for a few Latin letters the pinyin
        initials a name starts with ("wf" finds 王芳: members.names.initials_pattern). Cut to
        SEARCH_LENGTH: no name, number or phone is longer, and SQLite refuses a LIKE pattern of 50,000
        bytes."""
        from members.names import INITIALS_LENGTH, initials_pattern

        text = text.strip()[:SEARCH_LENGTH]
        if not text:
            return self
        found = _containing(text)
        if text.isascii() and text.isalpha() and len(text) <= INITIALS_LENGTH:
            found |= Q(name_pinyin__regex=initials_pattern(text))
        return self.filter(found)


class RetirementRule(models.TextChoices):
    """Which statutory retirement age applies to a woman (members/retirement.py): men have one rule."""

    CADRE = "cadre", _("Cadre or professional (originally 55)")
    WORKER = "worker", _("Worker (originally 50)")


class BirthCalendar(models.TextChoices):
    SOLAR = "solar", _("Solar calendar")
    LUNAR = "lunar", _("Lunar calendar")


class Member(UnionOwned, Versioned):
    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")
        EARLY_RETIRED = "early_retired", _("Early retired")
        # 保留会籍: between jobs or retired without a union at the new place; pays no dues, is never
        # flagged for the statute's automatic leave (funds/inactive.py).
        RETAINED = "retained", _("Retained membership")
        LEFT = "left", _("Left the union")

    class Position(models.TextChoices):
        NONE = "", _("None")
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        COMMITTEE = "committee", _("Committee member")
        TREASURER = "treasurer", _("Treasurer")
        REVIEWER = "reviewer", _("Fund reviewer")

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)  # 姓名, not 名称
    # The pinyin sort key of the name (members/names.py), kept in step by save(): lists of people are
    # in the order a Chinese reader expects, sorted in SQL.
    name_pinyin = models.CharField(_("name in pinyin"), max_length=200, default="", editable=False)
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
    # Rosters often give 出生年月 only: birth_date then holds the first of that month, the day is not
    # known. Such a member has no day to be listed on (members.birthdays) and no lunar birthday.
    birth_month_only = models.BooleanField(_("birth date known only to the month"), default=False)
    lunar_birthday = models.BooleanField(
        _("lunar birthday"), default=False,
        help_text=_("Celebrates the birthday on the lunar calendar date of the birth date."),
    )
    # How the birth date was entered: 公历, or 农历 (the lunar year, month, leap flag and day, as people
    # give a lunar birthday: "1990年闰四月十五"). Entered as 农历, the lunar date is what was entered
    # (lunar_birth_month/day, the lunar year read back from birth_date) and birth_date is its solar
    # date, worked out once (members.forms.MemberForm, the roster import); the birthday is then kept on
    # the lunar calendar (lunar_birthday).
    birth_calendar = models.CharField(
        _("birth date entered as"), max_length=5, choices=BirthCalendar.choices, default=BirthCalendar.SOLAR,
        blank=True,  # a form that does not ask (an older client, the admin's empty choice): 公历
    )
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    card_number = models.CharField(_("membership card number"), max_length=30, blank=True)  # 会员证号
    email = models.EmailField(
        _("email"), blank=True,
        help_text=_("Used for the welcome message and password resets, where the union has email."),
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # 农民工: counted apart in the higher-level union's statistics (federation/).
    migrant_worker = models.BooleanField(_("migrant worker"), default=False)
    # The lunar month (negative for a leap month) and day of the birth date, kept in step by save():
    # the birthday list finds a month's lunar birthdays with one indexed query instead of converting
    # every member's birth date on every page.
    lunar_birth_month = models.SmallIntegerField(
        _("lunar birth month"), null=True, blank=True, editable=False
    )
    lunar_birth_day = models.PositiveSmallIntegerField(
        _("lunar birth day"), null=True, blank=True, editable=False
    )
    # The birth date's month and day as one number, MMDD (312 for 12 March; 229 stays 229), kept in step
    # by save(): the birthday lists find and order a month's solar birthdays on an index, in SQL
    # (members.birthdays), instead of reading the month of every member's birth date.
    birth_month_day = models.PositiveSmallIntegerField(
        _("birth month and day"), null=True, blank=True, editable=False
    )
    retirement_rule = models.CharField(
        _("retirement rule"), max_length=10, choices=RetirementRule.choices, blank=True, default="",
        help_text=_("For women: which statutory retirement age applies. Empty: the union's default."),
    )
    position = models.CharField(
        _("committee position"), max_length=20, choices=Position.choices, blank=True, default=""
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="member",
        verbose_name=_("login"),
    )
    # Set while the login still has an initial password (members/accounts.py); kept on the member,
    # which every request loads anyway, so enforcing it costs no query.
    must_change_password = models.BooleanField(_("must change password"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_pinyin", "employee_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "employee_number"], condition=~Q(employee_number=""),
                name="member_unique_employee_number",
            ),
            models.UniqueConstraint(
                fields=["union", "card_number"], condition=~Q(card_number=""),
                name="member_unique_card_number",
            ),
        ]
        indexes = [
            models.Index(fields=["union", "name_pinyin", "employee_number", "id"], name="member_pinyin_order"),
            models.Index(fields=["union", "employee_number", "id"], name="member_number_order"),
            models.Index(fields=["union", "joined_on", "id"], name="member_joined_order"),
            models.Index(fields=["union", "status"], name="member_status_count"),
            # The year-end summary's member counts (members.summary) and the federation's roll-up
            # (federation.rollup): every column they read, so PostgreSQL counts a union's members from this
            # index alone (an index-only scan), not from their rows.
            models.Index(
                fields=[
                    "union", "department", "gender", "status", "joined_on", "left_on", "retired_on", "birth_date",
                    "retirement_rule", "migrant_worker",
                ],
                name="member_summary_counts",
            ),
            models.Index(fields=["union", "birth_month_day"], name="member_solar_birthday"),
            # Who retires in a year (members.care's worklist and its count): births in three ranges, and
            # the retirement dates recorded, so the count reads a few hundred members, not the union.
            models.Index(fields=["union", "birth_date"], name="member_birth_date"),
            models.Index(
                fields=["union", "retired_on"], name="member_retired_on", condition=Q(retired_on__isnull=False)
            ),
            # Only the members who keep a lunar birthday: a month's list reads a few hundred entries.
            models.Index(
                fields=["union", "lunar_birth_month", "lunar_birth_day"], name="member_lunar_birthday",
                condition=Q(lunar_birthday=True),
            ),
            # Only the members whose birth date is known only to its month: the month's birthday list
            # names them after the days, and with this small index PostgreSQL finds the whole month
            # on the indexes (BitmapOr) instead of filtering every member of the union.
            models.Index(
                fields=["union", "birth_month_day"], name="member_month_only_birthday",
                condition=Q(birth_month_only=True),
            ),
        ]
        permissions = [
            ("view_sensitive_member", _("Can view members' private data")),
            ("manage_login", _("Can create, reset and disable members' logins")),
        ]

    def __str__(self):
        # The name alone: history and forms compare it. The admin's autocomplete, which can show only
        # str(), asks for the label by reading its results with `str_as_label` (members.admin).
        return self.label if getattr(self, "str_as_label", False) else self.name

    def save(self, *args, **kwargs):
        self.fill_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"birth_date", "birth_month_only"} & set(update_fields):
            kwargs["update_fields"] = update_fields = {
                *update_fields, "lunar_birth_month", "lunar_birth_day", "birth_month_day"
            }
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_pinyin"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("members:detail", args=[self.pk])

    @property
    def label(self):
        """The name, and for a member whose name another member of the union shares (known when read
        through `with_namesakes()`) the employee number and department: "王芳（T0312，语文组）"."""
        if not getattr(self, "shares_name", False):
            return self.name
        from members.names import namesake_label

        return namesake_label(self.name, self.employee_number, self.department.name if self.department_id else "")

    def clean(self):
        """A birth date known only to the month is the first of that month, and a lunar birthday needs
        the day (the lunar date of an unknown day is unknown). Errors beside the fields they are about."""
        super().clean()
        if not self.birth_month_only:
            return
        if self.birth_date is None:
            raise ValidationError({"birth_date": _(
                'Enter the year and month of birth (any day of that month will do), or untick "Only the year '
                'and month are known".'
            )})
        errors = {}
        if self.birth_date.day != 1:
            errors["birth_date"] = _(
                "A birth date known only to the month is kept as the first of that month (%(month)s)."
            ) % {"month": self.birth_date.replace(day=1).isoformat()}
        if self.birth_calendar == BirthCalendar.LUNAR:
            errors["birth_calendar"] = _(
                "A lunar birth date names its day: enter it, or enter the solar year and month only."
            )
        elif self.lunar_birthday:
            errors["lunar_birthday"] = _(
                "A lunar birthday needs the day of birth: complete the birth date, or untick the lunar birthday."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def birth_date_text(self):
        """The birth date as pages show it: "1986-03-12", or "1986年3月" when only the month is known
        (members.dates.birth_date_text); "" without one."""
        from members.dates import birth_date_text

        return birth_date_text(self.birth_date, self.birth_month_only)

    @property
    def lunar_birth_text(self):
        """The lunar birthday as people say it, "闰四月十五" ("" without a lunar date of birth)."""
        if self.lunar_birth_month is None or self.lunar_birth_day is None:
            return ""
        return lunar_date_text(self.lunar_birth_month, self.lunar_birth_day)

    @property
    def lunar_birth_date_text(self):
        """The lunar date of birth with its lunar year, "2020年闰四月十五" ("" without one)."""
        if not self.lunar_birth_text:
            return ""
        return f"{lunar_year_of(self.birth_date)}年{self.lunar_birth_text}"

    @property
    def entered_lunar(self):
        return self.birth_calendar == BirthCalendar.LUNAR

    @classmethod
    def history_fields(cls):
        """The fields a person edits: what a history entry shows (not the derived lunar fields)."""
        return [f.name for f in cls._meta.concrete_fields if f.editable]

    def fill_derived(self):
        """Keep the stored sort key and birthday keys in step (bulk saves call this themselves)."""
        from members.names import pinyin_key

        self.name_pinyin = pinyin_key(self.name)
        self.birth_calendar = self.birth_calendar or BirthCalendar.SOLAR
        if self.birth_calendar == BirthCalendar.LUNAR:
            self.lunar_birthday = True  # a birthday entered as 农历 is kept on the lunar calendar
        self.fill_lunar_birth()

    def fill_lunar_birth(self):
        """Keep birth_month_day and lunar_birth_month/day in step with birth_date (also used before bulk
        saves); the lunar date is empty for a birth date known only to the month, whose lunar date is
        not known."""
        born = self.birth_date
        self.birth_month_day = born.month * 100 + born.day if born is not None else None
        if born is None or self.birth_month_only:
            self.lunar_birth_month = self.lunar_birth_day = None
            return
        self.lunar_birth_month, self.lunar_birth_day = lunar_of(self.birth_date)

    def age_on(self, day):
        """The age on `day`. For a birth date known only to the month (kept as its first) that is the
        age by year and month: a birthday month counts as reached from its first day."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def leads(self, other):
        """Whether this member leads the union group `other` belongs to."""
        return other.group_id is not None and other.group.leader_id == self.pk


class Xiaonian(models.TextChoices):
    """Which day is 小年: 腊月廿三 in the north, 腊月廿四 in the south (activities.festivals)."""

    NORTH = "north", _("North: 12th lunar month, 23rd day")
    SOUTH = "south", _("South: 12th lunar month, 24th day")


class CareSettings(UnionOwned):
    """A union's own rules for care work: which statutory retirement age applies to its women by
    default (members/retirement.py), behind the worklist's retirements."""

    female_retirement_rule = models.CharField(
        _("retirement rule for women"), max_length=10, choices=RetirementRule.choices,
        default=RetirementRule.CADRE,
        help_text=_("Applies to every woman whose record names no rule of her own."),
    )
    # 送温暖 is timed by 腊八 and 小年: which day the union keeps as 小年 (its calendar and festival planner).
    xiaonian = models.CharField(
        _("小年 (Little New Year)"), max_length=5, choices=Xiaonian.choices, default=Xiaonian.NORTH,
        help_text=_("The north keeps 小年 on the 23rd of the 12th lunar month, the south on the 24th."),
    )

    class Meta:
        verbose_name = _("care settings")
        verbose_name_plural = _("care settings")
        constraints = [models.UniqueConstraint(fields=["union"], name="caresettings_one_per_union")]

    def __str__(self):
        return str(self.union)

    @classmethod
    def of(cls, union):
        """The union's settings, or the defaults (unsaved) until the committee changes them."""
        return cls.objects.filter(union=union).first() or cls(union=union)

    @classmethod
    def xiaonian_of(cls, union):
        """The union's 小年 (Xiaonian), one query of one column."""
        found = cls.objects.filter(union=union).values_list("xiaonian", flat=True)[:1]
        return found[0] if found else cls._meta.get_field("xiaonian").default


class CareReason(models.TextChoices):
    """Why a member is visited: the 五必访, the seasonal campaigns, birthdays and festivals."""

    ILLNESS = "illness", _("Illness or hospital stay")
    WEDDING = "wedding", _("Wedding")
    FUNERAL = "funeral", _("Bereavement")
    CHILDBIRTH = "childbirth", _("Childbirth")
    RETIREMENT = "retirement", _("Retirement")
    HARDSHIP = "hardship", _("Major hardship")
    WARMTH = "warmth", _("Winter warmth (送温暖)")
    COOLING = "cooling", _("Summer cooling (送清凉)")
    BIRTHDAY = "birthday", _("Birthday")
    FESTIVAL = "festival", _("Festival greetings")
    OTHER = "other", _("Other")


# Occasions the committee hears about and must follow with a visit (五必访).
EVENT_REASONS = [CareReason.ILLNESS, CareReason.WEDDING, CareReason.FUNERAL, CareReason.CHILDBIRTH,
                 CareReason.HARDSHIP]
SEASONAL_REASONS = [CareReason.WARMTH, CareReason.COOLING]


class CareStandard(UnionOwned):
    """The union's standard gift and amount for one reason; prefilled when a visit is recorded."""

    reason = models.CharField(_("reason"), max_length=20, choices=CareReason.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    gift = models.CharField(_("gift"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("standard amount")
        verbose_name_plural = _("standard amounts")
        ordering = ["reason"]
        constraints = [
            models.UniqueConstraint(fields=["union", "reason"], name="carestandard_one_per_reason"),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0),
                                   name="carestandard_amount_positive"),
        ]

    def __str__(self):
        return self.get_reason_display()


class HardshipRecordQuerySet(UnionQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(since__lte=on).filter(Q(until__isnull=True) | Q(until__gte=on))

    def during(self, start, end):
        return self.filter(since__lte=end).filter(Q(until__isnull=True) | Q(until__gte=start))


class HardshipRecord(UnionOwned, Versioned):
    """One entry of the hardship archive (困难职工档案)."""

    class Level(models.TextChoices):
        GENERAL = "general", _("Hardship")
        SPECIAL = "special", _("Severe hardship")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="hardship_records",
                               verbose_name=_("member"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.GENERAL)
    reason = models.CharField(_("reason"), max_length=200)
    family_situation = models.TextField(_("family situation"), blank=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = HardshipRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("hardship record")
        verbose_name_plural = _("hardship records")
        ordering = ["-since", "-id"]
        indexes = [models.Index(fields=["union", "since"], name="hardship_since")]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="hardship_until_after_since",
            )
        ]

    def __str__(self):
        return f"{self.member} · {self.get_level_display()}"


class CareEvent(UnionOwned):
    """An occasion the committee heard of (hospital stay, birth, wedding, bereavement) that calls for a
    visit; it stays on the worklist until a visit answers it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="care_events",
                               verbose_name=_("member"))
    reason = models.CharField(_("occasion"), max_length=20,
                              choices=[(r.value, r.label) for r in EVENT_REASONS])
    occurred_on = models.DateField(_("date"))
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("care occasion")
        verbose_name_plural = _("care occasions")
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.member} · {self.get_reason_display()} · {self.occurred_on}"


class CareVisitQuerySet(UnionQuerySet):
    def in_year(self, year):
        return self.filter(date__year=year)

    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)


class CareVisit(UnionOwned):
    """A visit (走访慰问) to one member: who went, why, what was given."""

    Reason = CareReason

    # RESTRICT, not PROTECT: a member with visits cannot be deleted alone (mark them left instead),
    # but deleting a whole union still takes its visits with it.
    member = models.ForeignKey(Member, on_delete=models.RESTRICT, related_name="care_visits",
                               verbose_name=_("member"))
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=20, choices=CareReason.choices)
    visitors = models.ManyToManyField(
        Member, blank=True, related_name="visits_made", verbose_name=_("visitors")
    )
    gift = models.CharField(_("gift"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    event = models.ForeignKey(CareEvent, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="visits", verbose_name=_("occasion"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CareVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("care visit")
        verbose_name_plural = _("care visits")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["union", "date"], name="carevisit_date"),
            models.Index(fields=["member", "reason", "date"], name="carevisit_member_reason"),
            # The year's birthday visits alone: a birthday list finds who was greeted by reading them
            # once (a hashed subplan), not the whole of the index above (all reasons, every union).
            models.Index(fields=["date", "member"], name="carevisit_birthday", condition=Q(reason="birthday")),
        ]
        constraints = [models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0),
                                              name="carevisit_amount_positive")]

    def __str__(self):
        return f"{self.member} · {self.get_reason_display()} · {self.date}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("members:visit", args=[self.pk])


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


class Workforce(UnionOwned):
    """职工人数: how many employees the union's workplace has in a year, entered by its committee. The
    higher-level union's roll-up divides the members by it (入会率)."""

    year = models.PositiveSmallIntegerField(_("year"))
    employees = models.PositiveIntegerField(_("employees"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("workforce")
        verbose_name_plural = _("workforce")
        ordering = ["union", "-year"]
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="workforce_one_per_year")]
        # Held by the higher-level union's users (and its chair): the roll-up of the unions below.
        permissions = [("view_federation", _("Can view the figures of the unions below"))]

    def __str__(self):
        return f"{self.union} · {self.year}"


class PendingImport(models.Model):
    """An uploaded Excel file between its preview and the confirmation (members.roster_import): kept in
    the database, so that the confirmation may reach another app server than the preview did. Taken
    away by the confirmation, whether it succeeds or fails, and by the next upload of anyone once it is
    an hour old. Not a record of the union's (not UnionOwned): saving one moves no cached page on."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, verbose_name=_("union"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("uploaded by"))
    kind = models.CharField(_("import"), max_length=20)
    token = models.CharField(max_length=32, unique=True)
    content = models.BinaryField(_("file"))
    # The file's name as uploaded: its extension says how to read it (.xls, .ods, .csv …).
    name = models.CharField(_("file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self):
        return f"{self.kind} · {self.created_at:%Y-%m-%d %H:%M}"


class Attempt(models.Model):
    """One attempt a limit counts (an application sent to a join page, a wrong receipt code), until it
    stops counting (members.attempts). Kept under a keyed hash of whom it counts for (an address, a
    login), never the address itself. Not a record of a union's."""

    key = models.CharField(max_length=64)
    counts_until = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["key", "counts_until"], name="attempt_key"),
            models.Index(fields=["counts_until"], name="attempt_counts_until"),
        ]

    def __str__(self):
        return f"{self.key[:8]} · {self.counts_until:%Y-%m-%d %H:%M}"


class JoinApplicationQuerySet(UnionQuerySet):
    def pending_first(self):
        """Pending applications first, then the newest."""
        pending = models.Case(models.When(status=JoinApplication.Status.PENDING, then=0), default=1)
        return self.annotate(pending_order=pending).order_by("pending_order", "-submitted_at", "-id")

    def with_duplicates(self):
        """`duplicate_phone`: a member of the union has this phone; `duplicate_id`: an approved
        application of the union had this ID number (members keep no ID number of their own)."""
        return self.annotate(
            duplicate_phone=Exists(Member.objects.filter(union=OuterRef("union"), phone=OuterRef("phone"))),
            duplicate_id=Exists(
                JoinApplication.objects.filter(
                    union=OuterRef("union"), id_digest=OuterRef("id_digest"), status=JoinApplication.Status.APPROVED,
                ).exclude(pk=OuterRef("pk")).exclude(id_digest="")
            ),
        )


class JoinApplication(UnionOwned):
    """入会申请: a worker's application from the union's public join page (members/joining.py)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Member.Gender.choices)
    phone = models.CharField(_("mobile phone"), max_length=20)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("department"),
    )
    department_text = models.CharField(_("department (as written)"), max_length=100, blank=True)
    employer = models.CharField(_("employer"), max_length=100)
    # The ID number encrypted (members.encryption); its keyed digest finds a duplicate without decrypting.
    id_number = EncryptedTextField(_("ID number"), blank=True, default="")
    id_digest = models.CharField(max_length=64, blank=True, default="", editable=False, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    receipt_hash = models.CharField(max_length=64, editable=False, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("member"),
    )

    objects = JoinApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("join application")
        verbose_name_plural = _("join applications")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["union", "status", "submitted_at"], name="join_application_list")]

    def __str__(self):
        return self.name

    @property
    def masked_id_number(self):
        from members.joining import masked

        return masked(self.id_number)

    @property
    def department_label(self):
        return self.department.name if self.department_id else self.department_text


# --- moving between unions (会籍接转, members/transfers.py) -------------------------------------------


class TransferLetter(UnionOwned):
    """会员组织关系接转介绍信: the letter a union issues when a member moves to a union outside its
    federation. The member leaves (status left, left_on the letter's date); the letter keeps where they
    went, so the roster can say 已转出 and the letter can be printed again."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="transfer_letters", verbose_name=_("member")
    )
    destination = models.CharField(_("receiving union"), max_length=100)
    dues_paid_to = models.CharField(_("dues paid up to"), max_length=30)
    issued_on = models.DateField(_("issued on"))
    number = models.CharField(_("letter number"), max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("transfer letter")
        verbose_name_plural = _("transfer letters")
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return f"{self.member.name} → {self.destination}"


class InactivityReview(UnionOwned):
    """The committee looked at a member flagged for six months of neither dues nor participation
    (funds/inactive.py) and kept them: not listed again until `until`."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="inactivity_reviews", verbose_name=_("member")
    )
    dismissed_on = models.DateField(_("dismissed on"))
    until = models.DateField(_("not listed again until"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("dismissed by"),
    )

    class Meta:
        verbose_name = _("inactivity review")
        verbose_name_plural = _("inactivity reviews")
        ordering = ["-dismissed_on", "-id"]
        indexes = [models.Index(fields=["union", "until"], name="inactivity_review_until")]

    def __str__(self):
        return f"{self.member.name} · {self.dismissed_on}"


class TransferQuerySet(UnionQuerySet):
    def incoming(self, union):
        """Transfers into `union` from a sister union (the receiving side's reading; `for_union` is the
        sending side's)."""
        return self.filter(to_union=union)


class Transfer(UnionOwned):
    """会籍接转 within the federation: the old union (`union`) proposes, the receiving union accepts or
    declines (members/transfers.py). On acceptance the member record moves; this row stays the old
    union's read-only trace (已转出), so it keeps the name and card number as they were."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class Arrears(models.TextChoices):
        SETTLED = "settled", _("Settled before the move")
        CARRIED = "carried", _("Carried to the receiving union")
        WRITTEN_OFF = "written_off", _("Written off")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("member"))
    to_union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving union")
    )
    member_name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    card_number = models.CharField(_("membership card number"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    arrears = models.DecimalField(_("dues arrears"), max_digits=10, decimal_places=2, default=0)
    arrears_handling = models.CharField(
        _("arrears"), max_length=12, choices=Arrears.choices, default=Arrears.SETTLED
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    proposed_on = models.DateField(_("proposed on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("proposed by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer within the federation")
        verbose_name_plural = _("transfers within the federation")
        ordering = ["-proposed_on", "-id"]
        indexes = [models.Index(fields=["to_union", "status"], name="transfer_incoming")]

    def __str__(self):
        return f"{self.member_name} → {self.to_union_id}"
