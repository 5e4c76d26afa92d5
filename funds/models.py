"""The union's money: dues (会费), income, budget lines, expenses, and the fund review (经费审查)
that locks a period once the reviewers sign.

Amounts are Decimal yuan to the fen (DecimalField(12, 2)) with a database check that they are
positive. A signed review locks its period in the model layer: `save()`, `delete()` and the
querysets' `update()`/`delete()` of dues, income and expenses refuse to touch a locked date with
`PeriodLocked`, whoever calls them (views, admin, shell, imports).
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from funds.official_accounts import ACCOUNT_OF_SUB_ITEM, DEFAULT_CATEGORIES, ExpenseAccount, SubItem
from funds.periods import first_half, format_span, month_span, months_between, second_half, whole_year
from members.history import record, save_recorded
from members.models import HistoryEntry, Member, UnionOwned, UnionQuerySet, Versioned

FEN = Decimal("0.01")
JIAO = Decimal("0.1")

def fen(value):
    """A database total as Decimal yuan to the fen (SQLite sums come back with a long tail)."""
    return Decimal("0.00") if value is None else Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def positive_amount(field_name="amount"):
    return models.CheckConstraint(condition=Q(**{f"{field_name}__gt": 0}), name=f"%(class)s_{field_name}_positive")


def money_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=[MinValueValidator(FEN)], **kwargs
    )


# --- settings and categories -------------------------------------------------------------------


class FundSettings(UnionOwned):
    """A union's own rules for dues: the rate, the rounding, who is exempt."""

    class Rounding(models.TextChoices):
        JIAO = "jiao", _("To the jiao (0.1 yuan)")
        FEN = "fen", _("To the fen (0.01 yuan)")

    union = models.OneToOneField(
        "members.Union", on_delete=models.CASCADE, related_name="fund_settings", verbose_name=_("union")
    )
    dues_rate = models.DecimalField(
        _("dues rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(FEN), MaxValueValidator(Decimal("100"))],
        help_text=_("Percent of the monthly wage base; the union statute says 0.5."),
    )
    rounding = models.CharField(_("rounding"), max_length=4, choices=Rounding.choices, default=Rounding.JIAO)
    exempt_statuses = models.JSONField(
        _("exempt statuses"),
        default=list,
        blank=True,
        help_text=_("Members with these statuses pay no dues."),
    )
    dues_drop_under_ten = models.BooleanField(
        _("drop the part of the wage under 10 yuan"),
        default=False,
        help_text=_("Where the union says so, dues are reckoned on the wage base rounded down to whole tens of yuan."),
    )
    allocation_rate = models.DecimalField(
        _("allocation rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.00"),
        validators=[MinValueValidator(FEN), MaxValueValidator(Decimal("100"))],
        help_text=_("Percent of the payroll the employer allocates to the union; the Trade Union Law says 2."),
    )
    allocation_kept_share = models.DecimalField(
        _("share of the allocation kept (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("The rest is passed up to the higher-level union (usually 60 kept, 40 passed up)."),
    )
    allocation_frequency = models.CharField(
        _("allocation recorded"),
        max_length=7,
        choices=[("month", _("Monthly")), ("quarter", _("Quarterly"))],
        default="month",
    )
    opening_balance = models.DecimalField(
        _("opening balance"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text=_("The balance brought forward into the first year kept in this app (结余)."),
    )

    class Meta:
        verbose_name = _("fund settings")
        verbose_name_plural = _("fund settings")
        permissions = [("view_totals", _("Can view the fund totals"))]
        constraints = [
            models.CheckConstraint(condition=Q(dues_rate__gt=0, dues_rate__lte=100), name="fundsettings_rate_range")
        ]

    def __str__(self):
        return gettext("Fund settings of %(union)s") % {"union": self.union}

    @classmethod
    def for_union(cls, union):
        """The union's settings, created with the defaults (and the default categories) on first use."""
        found = cls.objects.filter(union=union).first()
        if found:
            return found
        with transaction.atomic():
            found, created = cls.objects.get_or_create(
                union=union, defaults={"exempt_statuses": [Member.Status.RETIRED]}
            )
            if created and not ExpenseCategory.objects.for_union(union).exists():
                ExpenseCategory.objects.bulk_create(
                    ExpenseCategory(union=union, name=name, order=i, account=account, active=active)
                    for i, (name, account, active) in enumerate(DEFAULT_CATEGORIES)
                )
        return found

    def dues_for(self, wage_base):
        """The month's dues on `wage_base`: rate × base (the base's part under 10 yuan dropped where the
        union says so), rounded half up to the jiao or the fen."""
        base = Decimal(wage_base)
        if self.dues_drop_under_ten:
            base = (base // 10) * 10
        exact = base * self.dues_rate / Decimal(100)
        step = JIAO if self.rounding == self.Rounding.JIAO else FEN
        return exact.quantize(step, rounding=ROUND_HALF_UP).quantize(FEN)

    def pays_dues(self, member):
        # 保留会籍 is membership without dues, whatever the union exempts.
        unpaid = (Member.Status.LEFT, Member.Status.RETAINED)
        return member.status not in unpaid and member.status not in self.exempt_statuses

    @property
    def allocation_passed_up_share(self):
        return Decimal(100) - self.allocation_kept_share


class ExpenseCategory(UnionOwned):
    """支出科目: 职工活动支出, 维权支出, 业务支出, 资本性支出, 事业支出, 其他支出 — editable per union, each
    mapped to an account of 《工会会计制度》 and optionally one of its sub-items (funds.official_accounts)."""

    Account = ExpenseAccount
    SubItem = SubItem

    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    account = models.CharField(_("official account"), max_length=12, choices=ExpenseAccount.choices, blank=True)
    sub_item = models.CharField(_("sub-item"), max_length=20, choices=SubItem.choices, blank=True)

    class Meta:
        verbose_name = _("expense category")
        verbose_name_plural = _("expense categories")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="expensecategory_unique_name")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.sub_item and not self.account:
            self.account = ACCOUNT_OF_SUB_ITEM.get(self.sub_item, "")
        if self.sub_item and ACCOUNT_OF_SUB_ITEM.get(self.sub_item) != self.account:
            raise ValidationError(
                {"sub_item": gettext("This sub-item belongs to another account: %(account)s.")
                 % {"account": ExpenseAccount(ACCOUNT_OF_SUB_ITEM[self.sub_item]).label}}
            )


# --- the period lock ---------------------------------------------------------------------------


class PeriodLocked(ValidationError):
    """A signed fund review covers this date: the money rows in it stay as the reviewers saw them."""

    def __init__(self, review):
        self.review = review
        super().__init__(
            gettext(
                "%(period)s was signed off by the fund review (%(review)s) and is locked: dues, income "
                "and expenses dated in it can no longer be added, changed or deleted. The chair can "
                "reopen the period, giving a reason."
            )
            % {"period": format_span(review.start, review.end), "review": review.title},
            code="period_locked",
        )


def locking_review(union_id, spans):
    """The first signed review whose period overlaps any of `spans` ((start, end) pairs), or None."""
    spans = [span for span in spans if span]
    if not spans:
        return None
    overlaps = Q()
    for start, end in spans:
        overlaps |= Q(start__lte=end, end__gte=start)
    return FundReview.objects.filter(union_id=union_id).locking().filter(overlaps).order_by("start").first()


def ensure_open(union_id, spans):
    review = locking_review(union_id, spans)
    if review:
        raise PeriodLocked(review)


def _day(value):
    return (value, value) if value else None


class MoneyQuerySet(UnionQuerySet):
    """Bulk `update()` and `delete()` refuse rows in a locked period, like the model's own save/delete."""

    # Saving only these fields never changes what a reviewer saw (optimistic locking, timestamps).
    BOOKKEEPING = {"version", "updated_at"}

    def _locked_rows(self, reviews, fields):
        raise NotImplementedError

    def _refuse_locked(self, fields=None, new_values=None):
        reviews = list(FundReview.objects.locking().values("union_id", "start", "end", "pk"))
        if reviews:
            hit = self._locked_rows(reviews, fields)
            if hit is not None:
                row = self.filter(hit).values_list("union_id", flat=True).first()
                if row is not None:
                    review = next(r for r in reviews if r["union_id"] == row)
                    raise PeriodLocked(FundReview.objects.get(pk=review["pk"]))
        for name, value in (new_values or {}).items():
            if name not in self.BOOKKEEPING and isinstance(value, date):
                for union_id in set(self.values_list("union_id", flat=True)):
                    ensure_open(union_id, [_day(value)])

    def update(self, **kwargs):
        fields = set(kwargs) - self.BOOKKEEPING
        if fields:
            self._refuse_locked(fields, kwargs)
        return super().update(**kwargs)

    def delete(self):
        self._refuse_locked()
        return super().delete()


class DatedQuerySet(MoneyQuerySet):
    def _locked_rows(self, reviews, fields):
        hit = Q()
        for r in reviews:
            hit |= Q(union_id=r["union_id"], date__range=(r["start"], r["end"]))
        return hit

    def in_year(self, year):
        return self.filter(date__range=whole_year(year))

    def in_first_half(self, year):
        return self.filter(date__range=first_half(year))

    def total(self):
        return fen(self.aggregate(total=Sum("amount"))["total"])


class MoneyRecord(UnionOwned, Versioned):
    """A row whose dates a fund review can lock. Subclasses say which dates a change touches."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def stored(self):
        """The row as it is in the database now (None for a new row)."""
        if self._state.adding or self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).first()

    def touched_spans(self, old):
        raise NotImplementedError

    def ensure_unlocked(self, deleting=False, old=None):
        old = old if old is not None else self.stored()
        spans = (old or self).touched_spans(None) if deleting else self.touched_spans(old)
        review = locking_review(self.union_id, spans)
        if review:
            raise PeriodLocked(review)

    def clean(self):
        super().clean()
        if self.union_id:
            self.ensure_unlocked()

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not set(update_fields) - MoneyQuerySet.BOOKKEEPING:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            old = self.stored()
            self.ensure_unlocked(old=old)
            super().save(*args, **kwargs)
            self.saved(old)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            self.ensure_unlocked(deleting=True)
            result = super().delete(*args, **kwargs)
            self.saved(self)
        return result

    def saved(self, old):
        """After a save or delete (`old`: the row as it was, or None): keep derived figures in step."""


# --- dues --------------------------------------------------------------------------------------


class WageBaseQuerySet(UnionQuerySet):
    def in_year(self, year):
        return self.filter(year=year)


class WageBase(UnionOwned, Versioned):
    """工资基数: a member's monthly wage base for the year, from a month on (a raise starts a new row)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="wage_bases", verbose_name=_("member"))
    year = models.PositiveSmallIntegerField(_("year"))
    from_month = models.PositiveSmallIntegerField(
        _("from month"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    amount = money_field(_("monthly wage base"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WageBaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("wage base")
        verbose_name_plural = _("wage bases")
        ordering = ["year", "from_month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year", "from_month"], name="wagebase_one_per_member_month"),
            positive_amount(),
            models.CheckConstraint(condition=Q(from_month__gte=1, from_month__lte=12), name="wagebase_month_range"),
        ]
        indexes = [models.Index(fields=["union", "year", "member"], name="wagebase_union_year")]

    def __str__(self):
        return gettext("%(member)s · wage base %(year)d from month %(month)d") % {
            "member": self.member,
            "year": self.year,
            "month": self.from_month,
        }


class DuesQuerySet(MoneyQuerySet):
    # Changing only these touches the payment date, not the month the dues are for.
    PAYMENT = {"paid_on", "method", "note"}

    def _years(self):
        """{(union id, year)} whose month totals the rows in this queryset count in (one query)."""
        scope = set()
        rows = self.order_by().annotate(paid_year=ExtractYear("paid_on"))
        for union_id, year, paid_year in rows.values_list("union_id", "year", "paid_year").distinct():
            scope |= {(union_id, year), (union_id, paid_year)}
        return scope

    def update(self, **kwargs):
        if not set(kwargs) - self.BOOKKEEPING:
            return super().update(**kwargs)
        with transaction.atomic():
            scope = self._years()
            count = super().update(**kwargs)
            if isinstance(kwargs.get("paid_on"), date):
                scope |= {(union_id, kwargs["paid_on"].year) for union_id, _year in scope}
            DuesMonthTotal.refresh(scope)
        return count

    def delete(self):
        with transaction.atomic():
            scope = self._years()
            result = super().delete()
            DuesMonthTotal.refresh(scope)
        return result

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic():
            created = super().bulk_create(objs, *args, **kwargs)
            DuesMonthTotal.refresh(
                {(d.union_id, d.year) for d in created} | {(d.union_id, d.paid_on.year) for d in created if d.paid_on}
            )
        return created

    def _locked_rows(self, reviews, fields):
        hit = Q()
        for r in reviews:
            if fields is None or fields - self.PAYMENT:
                for year, month in months_between(r["start"], r["end"]):
                    hit |= Q(union_id=r["union_id"], year=year, month=month)
            hit |= Q(union_id=r["union_id"], paid_on__range=(r["start"], r["end"]))
        return hit

    def in_year(self, year):
        return self.filter(year=year)

    def paid(self):
        return self.filter(paid_on__isnull=False)

    def unpaid(self):
        return self.filter(paid_on__isnull=True)

    def collected_in(self, start, end):
        """Dues paid between two dates: the union's 会费收入 for that period."""
        return self.filter(paid_on__range=(start, end))

    def totals(self):
        """Expected, collected and in arrears, by the database, in one query."""
        figures = self.aggregate(
            expected=Sum("amount"),
            collected=Sum("amount", filter=Q(paid_on__isnull=False)),
            arrears=Sum("amount", filter=Q(paid_on__isnull=True)),
            rows=models.Count("id"),
            unpaid_rows=models.Count("id", filter=Q(paid_on__isnull=True)),
        )
        return {k: (v if k.endswith("rows") else fen(v)) for k, v in figures.items()}

    def year_figures(self, year):
        """One query for a year's page: the dues *of* the year (expected, collected, in arrears,
        members in arrears) and the dues *collected in* the year by payment date (dues income,
        first half and year)."""
        of_year, h1, whole = Q(year=year), first_half(year), whole_year(year)
        unpaid = of_year & Q(paid_on__isnull=True)
        figures = self.filter(of_year | Q(paid_on__range=whole)).aggregate(
            expected=Sum("amount", filter=of_year),
            collected=Sum("amount", filter=of_year & Q(paid_on__isnull=False)),
            arrears=Sum("amount", filter=unpaid),
            members_in_arrears=models.Count("member", distinct=True, filter=unpaid),
            income_first_half=Sum("amount", filter=Q(paid_on__range=h1)),
            income_year=Sum("amount", filter=Q(paid_on__range=whole)),
        )
        return {k: (v if k == "members_in_arrears" else fen(v)) for k, v in figures.items()}


class Dues(MoneyRecord):
    """会费: one member's dues for one month, computed from the wage base at generation time."""

    class Method(models.TextChoices):
        PAYROLL = "payroll", _("Payroll deduction")
        CASH = "cash", _("Cash")
        TRANSFER = "transfer", _("Bank transfer")
        MOBILE = "mobile", _("WeChat / Alipay")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="dues", verbose_name=_("member"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    wage_base = money_field(_("wage base"))
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    amount = money_field(_("amount"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    method = models.CharField(_("payment method"), max_length=10, choices=Method.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = DuesQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues")
        verbose_name_plural = _("dues")
        ordering = ["year", "month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year", "month"], name="dues_one_per_member_month"),
            positive_amount(),
            positive_amount("wage_base"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="dues_month_range"),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True, method="") | Q(paid_on__isnull=False) & ~Q(method=""),
                name="dues_paid_with_method",
            ),
        ]
        indexes = [
            models.Index(fields=["union", "year", "month"], name="dues_union_month"),
            models.Index(fields=["union", "paid_on"], name="dues_union_paid_on"),
            # Arrears are few: the arrears pages read only these rows. The member too, so that counting
            # the members in arrears is an index-only scan (27 → 4 ms at 240,000 dues rows).
            models.Index(
                fields=["union", "year", "month", "member"], condition=Q(paid_on__isnull=True), name="dues_unpaid"
            ),
            # The members in arrears in a year (the year-end summary), counted from the index alone with
            # the members in order: counting them distinct needs no sort (~15,000 rows: 2.0 → 1.2 ms).
            models.Index(
                fields=["union", "year", "member"], condition=Q(paid_on__isnull=True), name="dues_arrears_members"
            ),
        ]

    def __str__(self):
        return gettext("%(member)s · dues %(year)d-%(month)02d") % {
            "member": self.member,
            "year": self.year,
            "month": self.month,
        }

    @property
    def is_paid(self):
        return self.paid_on is not None

    def month_span(self):
        return month_span(self.year, self.month)

    def saved(self, old):
        scope = {(self.union_id, self.year)} | ({(self.union_id, self.paid_on.year)} if self.paid_on else set())
        if old is not None:
            scope |= {(old.union_id, old.year)} | ({(old.union_id, old.paid_on.year)} if old.paid_on else set())
        DuesMonthTotal.refresh(scope)

    def touched_spans(self, old):
        """A new or deleted row touches its month (and its payment day); an edit, what it changes."""
        if old is None:
            return [self.month_span(), _day(self.paid_on)]
        spans = []
        if any(
            getattr(old, f) != getattr(self, f) for f in ("member_id", "year", "month", "wage_base", "rate", "amount")
        ):
            spans += [self.month_span(), old.month_span()]
        if (old.paid_on, old.method) != (self.paid_on, self.method):
            spans += [_day(old.paid_on), _day(self.paid_on)]
        return spans


class DuesMonthTotal(UnionOwned):
    """A month's dues figures, recomputed by the database after every change to the union's dues.

    Pages read these twelve rows instead of summing a large union's 240,000 dues rows on every
    view. `refresh` recomputes them from the dues themselves (never adjusts them by increments), so
    they cannot drift; it runs in the writing transaction, one union at a time.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    rows = models.PositiveIntegerField(_("dues rows"), default=0)
    unpaid_rows = models.PositiveIntegerField(_("unpaid rows"), default=0)
    expected = models.DecimalField(_("expected"), max_digits=14, decimal_places=2, default=Decimal("0.00"))
    collected = models.DecimalField(_("collected"), max_digits=14, decimal_places=2, default=Decimal("0.00"))
    arrears = models.DecimalField(_("in arrears"), max_digits=14, decimal_places=2, default=Decimal("0.00"))
    paid_in = models.DecimalField(
        _("paid in the month"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text=_("Dues of any month paid in this month: the month's dues income."),
    )

    class Meta:
        verbose_name = _("month's dues totals")
        verbose_name_plural = _("months' dues totals")
        ordering = ["year", "month"]
        constraints = [models.UniqueConstraint(fields=["union", "year", "month"], name="duesmonthtotal_once")]

    def __str__(self):
        return f"{self.year}-{self.month:02d}"

    @classmethod
    def refresh(cls, scope):
        """Recompute the months of each (union id, year) in `scope` from the dues rows."""
        years = defaultdict(set)
        for union_id, year in scope:
            if union_id and year:
                years[union_id].add(year)
        for union_id, union_years in years.items():
            with transaction.atomic():
                cls._refresh(union_id, sorted(union_years))

    @classmethod
    def _refresh(cls, union_id, years):
        from members.models import Union

        # One writer per union at a time, so the last refresh sees every committed change.
        list(Union.objects.select_for_update().filter(pk=union_id).values_list("pk", flat=True))
        dues = Dues.objects.filter(union_id=union_id).order_by()
        months = {}
        for row in (
            dues.filter(year__in=years)
            .values("year", "month")
            .annotate(
                rows_=Count("id"),
                unpaid_=Count("id", filter=Q(paid_on__isnull=True)),
                expected_=Sum("amount"),
                collected_=Sum("amount", filter=Q(paid_on__isnull=False)),
                arrears_=Sum("amount", filter=Q(paid_on__isnull=True)),
            )
        ):
            months[(row["year"], row["month"])] = cls(
                union_id=union_id,
                year=row["year"],
                month=row["month"],
                rows=row["rows_"],
                unpaid_rows=row["unpaid_"],
                expected=fen(row["expected_"]),
                collected=fen(row["collected_"]),
                arrears=fen(row["arrears_"]),
            )
        in_years = Q()
        for year in years:
            in_years |= Q(paid_on__range=whole_year(year))
        for row in (
            dues.filter(in_years)
            .annotate(paid_year=ExtractYear("paid_on"), paid_month=ExtractMonth("paid_on"))
            .values("paid_year", "paid_month")
            .annotate(paid_=Sum("amount"))
        ):
            key = (row["paid_year"], row["paid_month"])
            months.setdefault(key, cls(union_id=union_id, year=key[0], month=key[1])).paid_in = fen(row["paid_"])
        cls.objects.filter(union_id=union_id, year__in=years).delete()
        cls.objects.bulk_create(months.values())


def dues_figures(union, year):
    """The year's dues figures from the month totals (one small query): the dues *of* the year
    (expected, collected, in arrears) and the dues *collected in* it (income, first half and year)."""
    figures = dict.fromkeys(["expected", "collected", "arrears", "income_first_half", "income_year"], FEN * 0)
    figures["rows"] = figures["unpaid_rows"] = 0
    for total in DuesMonthTotal.objects.for_union(union).filter(year=year):
        for name in ("expected", "collected", "arrears", "rows", "unpaid_rows"):
            figures[name] += getattr(total, name)
        figures["income_year"] += total.paid_in
        if total.month <= 6:
            figures["income_first_half"] += total.paid_in
    return figures


# --- income, budget, expenses ------------------------------------------------------------------


class Income(MoneyRecord):
    """收入 other than dues: dues income (会费收入) is summed from the paid dues themselves."""

    class Source(models.TextChoices):
        """The official income account (funds.official_accounts.IncomeAccount, without dues income)."""

        ALLOCATED = "allocated", _("Allocated funds")
        SUBSIDY = "subsidy", _("Higher-level subsidy")
        ADMIN = "admin", _("Administrative subsidy")
        BUSINESS = "business", _("Business income")
        INVESTMENT = "investment", _("Investment income")
        OTHER = "other", _("Other income")

    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    amount = money_field(_("amount"))
    payer = models.CharField(_("paid by"), max_length=100, blank=True)
    description = models.CharField(pgettext_lazy("money", "description"), max_length=200, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=50, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("income")
        verbose_name_plural = _("income")
        ordering = ["-date", "-id"]
        constraints = [positive_amount()]
        indexes = [models.Index(fields=["union", "date"], name="income_union_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_source_display()} {self.amount}"

    def touched_spans(self, old):
        return [_day(self.date)] + ([_day(old.date)] if old is not None else [])


class BudgetLineQuerySet(UnionQuerySet):
    def in_year(self, year):
        return self.filter(year=year)


class BudgetLine(UnionOwned, Versioned):
    """经费预算: the planned amount of one expense category for one year, approved by the chair."""

    year = models.PositiveSmallIntegerField(_("year"))
    category = models.ForeignKey(
        ExpenseCategory,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        verbose_name=pgettext_lazy("money", "category"),
    )
    amount = money_field(_("planned amount"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "category__order", "category__name"]
        permissions = [("approve_budgetline", _("Can approve the budget"))]
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "category"], name="budgetline_one_per_category"),
            positive_amount(),
        ]

    def __str__(self):
        return f"{self.year} {self.category} {self.amount}"

    @property
    def is_approved(self):
        return self.approved_at is not None


class Expense(MoneyRecord):
    """支出: money spent, optionally for an activity or a care visit."""

    date = models.DateField(_("date"))
    category = models.ForeignKey(
        ExpenseCategory,
        on_delete=models.PROTECT,
        related_name="expenses",
        verbose_name=pgettext_lazy("money", "category"),
    )
    amount = money_field(_("amount"))
    payee = models.CharField(_("payee"), max_length=100)
    description = models.CharField(pgettext_lazy("money", "description"), max_length=200)
    receipt_number = models.CharField(_("receipt number"), max_length=50, blank=True)
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expenses",
        verbose_name=_("activity"),
    )
    care_visit = models.ForeignKey(
        "members.CareVisit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expenses",
        verbose_name=_("care visit"),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-date", "-id"]
        constraints = [positive_amount()]
        indexes = [
            models.Index(fields=["union", "date"], name="expense_union_date"),
            models.Index(fields=["union", "category", "date"], name="expense_union_category"),
            # A category's spending in a period (the budget execution, the year-end summary) summed from
            # the index alone: the amount is in it.
            models.Index(fields=["category", "date", "amount"], name="expense_category_spent"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.description} {self.amount}"

    def touched_spans(self, old):
        return [_day(self.date)] + ([_day(old.date)] if old is not None else [])


# --- the 2% allocation and the final accounts --------------------------------------------------
# Working with them: funds/allocation.py and funds/final_accounts.py.


class AllocationQuerySet(MoneyQuerySet):
    def _locked_rows(self, reviews, fields):
        hit = Q()
        for r in reviews:
            hit |= Q(union_id=r["union_id"], start__lte=r["end"], end__gte=r["start"])
            hit |= Q(union_id=r["union_id"], paid_on__range=(r["start"], r["end"]))
        return hit

    def in_year(self, year):
        return self.filter(year=year)


class Allocation(MoneyRecord):
    """拨缴经费: the employer's allocation of one month or quarter, 2% of the payroll: what is due, what
    was paid, the part the union keeps (留成, usually 60%) and the part passed up (上解)."""

    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=7, choices=Period.choices, default=Period.MONTH)
    number = models.PositiveSmallIntegerField(
        _("month or quarter"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    start = models.DateField(_("from"), editable=False)
    end = models.DateField(_("to"), editable=False)
    payroll = money_field(_("payroll total"))
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2, default=Decimal("2.00"))
    kept_share = models.DecimalField(_("share kept (%)"), max_digits=5, decimal_places=2, default=Decimal("60.00"))
    due = models.DecimalField(_("amount due"), max_digits=12, decimal_places=2, editable=False)
    paid = models.DecimalField(
        _("amount paid"), max_digits=12, decimal_places=2, default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    kept = models.DecimalField(_("kept"), max_digits=12, decimal_places=2, editable=False, default=Decimal("0.00"))
    passed_up = models.DecimalField(
        _("passed up"), max_digits=12, decimal_places=2, editable=False, default=Decimal("0.00")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation (2%)")
        verbose_name_plural = _("allocations (2%)")
        ordering = ["year", "start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "period", "number"], name="allocation_one_per_period"),
            positive_amount("payroll"),
            models.CheckConstraint(condition=Q(paid__gte=0), name="allocation_paid_not_negative"),
            models.CheckConstraint(
                condition=Q(period="month", number__gte=1, number__lte=12)
                | Q(period="quarter", number__gte=1, number__lte=4),
                name="allocation_number_range",
            ),
            models.CheckConstraint(condition=Q(rate__gt=0, rate__lte=100), name="allocation_rate_range"),
            models.CheckConstraint(condition=Q(kept_share__gte=0, kept_share__lte=100), name="allocation_kept_range"),
        ]
        indexes = [models.Index(fields=["union", "year", "start"], name="allocation_union_year")]

    def __str__(self):
        return gettext("Allocation %(period)s") % {"period": self.period_label}

    @property
    def period_label(self):
        if self.period == self.Period.QUARTER:
            return gettext("%(year)d Q%(number)d") % {"year": self.year, "number": self.number}
        return gettext("%(year)d-%(month)02d") % {"year": self.year, "month": self.number}

    @property
    def unpaid(self):
        return max(self.due - self.paid, Decimal("0.00"))

    @staticmethod
    def span(year, period, number):
        if period == Allocation.Period.QUARTER:
            first = 3 * (number - 1) + 1
            return month_span(year, first)[0], month_span(year, first + 2)[1]
        return month_span(year, number)

    def compute(self):
        """Dates of the period, the amount due and the paid amount's split (half up to the fen)."""
        self.start, self.end = self.span(self.year, self.period, self.number)
        self.due = fen(Decimal(self.payroll) * self.rate / 100)
        self.kept = fen(Decimal(self.paid) * self.kept_share / 100)
        self.passed_up = Decimal(self.paid) - self.kept

    def clean(self):
        limit = 4 if self.period == self.Period.QUARTER else 12
        if self.number is not None and not 1 <= self.number <= limit:
            raise ValidationError({"number": gettext("Choose a month from 1 to 12 or a quarter from 1 to 4.")})
        if self.year and self.number and self.payroll is not None:
            self.compute()
        super().clean()

    def save(self, *args, **kwargs):
        self.compute()
        super().save(*args, **kwargs)

    def touched_spans(self, old):
        spans = [(self.start, self.end) if self.start else None, _day(self.paid_on)]
        if old is not None:
            spans += [(old.start, old.end), _day(old.paid_on)]
        return spans


class FinalAccountsNoteQuerySet(UnionQuerySet):
    def in_year(self, year):
        return self.filter(year=year)


class FinalAccountsNote(UnionOwned, Versioned):
    """The treasurer's explanation of one line of the final accounts (决算) whose actual figure differs
    from its budget by more than 10%: per union, year and line (an expense account or category)."""

    year = models.PositiveSmallIntegerField(_("year"))
    line = models.CharField(_("line"), max_length=40)
    explanation = models.TextField(_("explanation of the variance"), max_length=2000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FinalAccountsNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("final accounts explanation")
        verbose_name_plural = _("final accounts explanations")
        ordering = ["year", "line"]
        permissions = [("view_finalaccounts", _("Can view the final accounts"))]
        constraints = [models.UniqueConstraint(fields=["union", "year", "line"], name="finalaccountsnote_once")]

    def __str__(self):
        return f"{self.year} {self.line}"


# --- the fund review ---------------------------------------------------------------------------


class ReviewLocked(ValidationError):
    """A signed review stays as the reviewers signed it until the chair reopens it (`reopen`)."""

    def __init__(self, message=None):
        super().__init__(
            message or gettext("A signed review cannot be changed; the chair can reopen it."), code="review_locked"
        )


class FundReviewQuerySet(UnionQuerySet):
    def locking(self):
        return self.filter(status=FundReview.Status.SIGNED)

    def update(self, **kwargs):
        """Like `FundReview.save`: what the reviewers signed is not changed behind the reopening."""
        if set(kwargs) & {*FundReview.SIGNED_CONTENT, "status"} and self.locking().exists():
            raise ReviewLocked()
        return super().update(**kwargs)

    def delete(self):
        if self.locking().exists():
            raise ReviewLocked(gettext("A signed review cannot be deleted; the chair can reopen it first."))
        return super().delete()

    def in_year(self, year):
        return self.filter(start__lte=date(year, 12, 31), end__gte=date(year, 1, 1))

    def next_period(self, today=None):
        """(year, kind) of the first half-year not yet covered by a review: from the year of the latest
        review (this year when there is none) up to this year's second half; after that, the half that
        follows the latest review. What a new review offers first."""
        today = today or timezone.localdate()
        spans = list(self.values_list("start", "end"))
        year = max((end.year for _start, end in spans), default=today.year)
        year = min(year, today.year)
        kinds = (FundReview.Kind.FIRST_HALF, FundReview.Kind.SECOND_HALF)
        halves = [(y, kind) for y in range(year, today.year + 2) for kind in kinds]
        for y, kind in halves:
            start, end = FundReview.span_of(y, kind)
            if not any(s <= start and end <= e for s, e in spans):
                return y, kind
        return today.year + 1, FundReview.Kind.FIRST_HALF


def money_keepers():
    """Members whose login may record the union's money (dues, income, expenses) — the treasurer, a
    会计 given that role, the chair — through a group or a permission of their own."""
    codenames = [f"{verb}_{model}" for verb in ("add", "change") for model in ("dues", "income", "expense")]
    by_group = Q(
        user__groups__permissions__content_type__app_label="funds", user__groups__permissions__codename__in=codenames
    )
    by_user = Q(
        user__user_permissions__content_type__app_label="funds", user__user_permissions__codename__in=codenames
    )
    return Member.objects.filter(by_group | by_user | Q(user__is_superuser=True)).values("pk")


class FundReview(UnionOwned, Versioned):
    """经费审查: the fund review committee's findings on a period; signing it locks the period."""

    class Kind(models.TextChoices):
        FIRST_HALF = "first_half", _("First half of the year")
        SECOND_HALF = "second_half", _("Second half of the year")
        YEAR = "year", _("Whole year")
        RANGE = "range", _("Date range")

    class Conclusion(models.TextChoices):
        PASSED = "passed", _("Passed")
        PASSED_WITH_REMARKS = "remarks", _("Passed with remarks")
        FAILED = "failed", _("Not passed")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being reviewed")
        SIGNED = "signed", _("Signed, period locked")
        REOPENED = "reopened", _("Reopened")

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("period"), max_length=12, choices=Kind.choices, default=Kind.FIRST_HALF)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    reviewed_on = models.DateField(_("review date"), default=timezone.localdate)
    reviewers = models.ManyToManyField(Member, related_name="fund_reviews", verbose_name=_("reviewers"))
    findings = models.TextField(_("findings"), blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=10, choices=Conclusion.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FundReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund review")
        verbose_name_plural = _("fund reviews")
        ordering = ["-start", "-id"]
        permissions = [
            ("sign_fundreview", _("Can sign a fund review")),
            ("reopen_fundreview", _("Can reopen a reviewed period")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="fundreview_start_before_end")
        ]
        indexes = [models.Index(fields=["union", "status", "start"], name="fundreview_union_status")]

    def __str__(self):
        return self.title

    @property
    def title(self):
        if self.kind == self.Kind.FIRST_HALF:
            return gettext("Fund review of the first half of %(year)d") % {"year": self.year}
        if self.kind == self.Kind.SECOND_HALF:
            return gettext("Fund review of the second half of %(year)d") % {"year": self.year}
        if self.kind == self.Kind.YEAR:
            return gettext("Fund review of %(year)d") % {"year": self.year}
        return gettext("Fund review of %(period)s") % {"period": format_span(self.start, self.end)}

    @property
    def period_label(self):
        return format_span(self.start, self.end)

    @property
    def is_locked(self):
        return self.status == self.Status.SIGNED

    @property
    def is_editable(self):
        return self.status != self.Status.SIGNED

    # What the reviewers signed: once the review is signed, only `reopen` changes it.
    SIGNED_CONTENT = ["year", "kind", "start", "end", "reviewed_on", "findings", "conclusion"]

    @classmethod
    def span_of(cls, year, kind):
        """The first and last day of a half or a whole year."""
        spans = {cls.Kind.FIRST_HALF: first_half, cls.Kind.SECOND_HALF: second_half, cls.Kind.YEAR: whole_year}
        return spans[kind](year)

    def set_period(self):
        """The halves and the whole year fix the dates; a date range keeps the ones given."""
        if self.year is None:  # nothing to fix yet: the form reports the missing year
            return
        if self.kind in (self.Kind.FIRST_HALF, self.Kind.SECOND_HALF, self.Kind.YEAR):
            self.start, self.end = self.span_of(self.year, self.kind)

    @property
    def signable_from(self):
        """The first day the review may be signed: the day after its period ends (drafting is allowed
        before, signing is not: the period's money may still move until its last day is over)."""
        return self.end + timedelta(days=1)

    def ensure_period_ended(self, today=None):
        today = today or timezone.localdate()
        if today < self.signable_from:
            raise ValidationError(
                gettext(
                    "The period runs until %(end)s: the review can be signed from %(day)s. "
                    "It can be drafted until then."
                )
                % {"end": self.end.isoformat(), "day": self.signable_from.isoformat()},
                code="period_not_ended",
            )

    # --- who may review: 经审 independence --------------------------------------------------------

    BARRED_POSITIONS = [Member.Position.CHAIR, Member.Position.VICE_CHAIR, Member.Position.TREASURER]

    @classmethod
    def reviewer_choices(cls, union):
        """(eligible, left_out): the union's current committee members who may review, and those who
        may not with the reason — the chair and vice chair, the treasurer, and anyone whose login may
        record the money (a 会计 given the treasurer's role, say): no one reviews their own accounts."""
        people = (
            Member.objects.for_union(union)
            .current()
            .committee()
            .with_namesakes()
            .annotate(keeps_money=models.Exists(money_keepers().filter(pk=models.OuterRef("pk"))))
        )
        eligible, left_out = [], []
        for person in people:
            reason = cls.barred_reason(person)
            if reason:
                left_out.append((person, reason))
            else:
                eligible.append(person)
        return eligible, left_out

    @classmethod
    def barred_reason(cls, member):
        """Why `member` may not be a reviewer (None when they may). Reads `keeps_money` when the member
        was annotated with it (reviewer_choices), else asks."""
        if member.position in cls.BARRED_POSITIONS:
            return member.get_position_display()
        keeps_money = getattr(member, "keeps_money", None)
        if keeps_money is None:
            keeps_money = money_keepers().filter(pk=member.pk).exists()
        if keeps_money:
            return gettext("records the union's money")
        return None

    @classmethod
    def check_reviewers(cls, members):
        """Refuse reviewers who may not review (the chair, the treasurer, whoever keeps the accounts),
        naming each and why."""
        barred = [(m, cls.barred_reason(m)) for m in members]
        barred = [(m, reason) for m, reason in barred if reason]
        if barred:
            raise ValidationError(
                {
                    "reviewers": gettext(
                        "The chair and those who keep the money cannot be fund reviewers: %(names)s."
                    )
                    % {"names": "、".join(f"{m.name}（{reason}）" for m, reason in barred)}
                },
                code="reviewer_not_independent",
            )

    @transaction.atomic
    def save_with_reviewers(self, reviewers, by, seen_version=None):
        """Save the review and its reviewers as user `by` in one transaction: the eligibility checked,
        the history entry showing the reviewers before and after and naming who was added or removed."""
        reviewers = list(reviewers)
        self.check_reviewers(reviewers)
        before = {m.pk: m for m in self.reviewers.all()} if self.pk else {}
        after = {m.pk: m for m in reviewers}
        added = [after[pk].name for pk in after if pk not in before]
        removed = [before[pk].name for pk in before if pk not in after]
        signed = type(self)._base_manager.filter(pk=self.pk, status=self.Status.SIGNED)
        if (added or removed) and self.pk and signed.exists():
            raise ReviewLocked()
        notes = []
        if added:
            notes.append(gettext("Reviewers added: %(names)s") % {"names": "、".join(added)})
        if removed:
            notes.append(gettext("Reviewers removed: %(names)s") % {"names": "、".join(removed)})
        return save_recorded(self, by, seen_version, note="；".join(notes), related={"reviewers": reviewers})

    def clean(self):
        super().clean()
        self.set_period()
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": gettext("The period must end on or after its first day.")})
        self.ensure_unlocked()

    def ensure_unlocked(self, fields=None):
        """Refuse a change to a signed review: its period, kind, dates, findings and conclusion stay
        as signed, and it leaves the signed state only through `reopen` (a reason, no signatures)."""
        stored = None if self._state.adding or self.pk is None else type(self)._base_manager.filter(pk=self.pk).first()
        if stored is None or not stored.is_locked:
            return
        names = self.SIGNED_CONTENT if fields is None else [n for n in self.SIGNED_CONTENT if n in fields]
        changed = [n for n in names if getattr(stored, n) != getattr(self, n)]
        if self.status != stored.status and (fields is None or "status" in fields) and not self._reopens(stored):
            changed.append("status")
        if changed:
            raise ReviewLocked()

    def _reopens(self, stored):
        return (
            self.status == self.Status.REOPENED
            and bool(self.reopen_reason.strip())
            and self.reopened_at is not None
            and self.reopened_at != stored.reopened_at
            and not self.signatures.exists()
        )

    def save(self, *args, **kwargs):
        self.set_period()
        with transaction.atomic():
            self.ensure_unlocked(kwargs.get("update_fields"))
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None and type(self)._base_manager.filter(pk=self.pk, status=self.Status.SIGNED).exists():
            raise ReviewLocked(gettext("A signed review cannot be deleted; the chair can reopen it first."))
        return super().delete(*args, **kwargs)

    def signers(self):
        return [s.member for s in self.signatures.all()]

    def unsigned_reviewers(self):
        signed = {s.member_id for s in self.signatures.all()}
        return [m for m in self.reviewers.all() if m.pk not in signed]

    def can_sign(self, member):
        return member is not None and self.is_editable and any(m.pk == member.pk for m in self.unsigned_reviewers())

    @transaction.atomic
    def sign(self, member, by, today=None):
        """`member` signs as a reviewer; the last reviewer's signature locks the period. Refused before
        the period has ended, and for a reviewer who now keeps the money or chairs the union."""
        type(self).objects.select_for_update().filter(pk=self.pk).first()  # one signer at a time
        if not self.is_editable:
            raise ValidationError(gettext("This review is already signed."))
        if not self.reviewers.filter(pk=member.pk).exists():
            raise ValidationError(gettext("Only the reviewers named on this review can sign it."))
        self.ensure_period_ended(today)
        self.check_reviewers([member])
        if not self.conclusion or not self.findings.strip():
            raise ValidationError(gettext("Write the findings and choose a conclusion before signing."))
        signature, created = ReviewSignature.objects.get_or_create(union=self.union, review=self, member=member)
        if created:
            record(
                self,
                by,
                HistoryEntry.Action.OTHER,
                note=gettext("Signed by %(name)s") % {"name": member.name},
            )
        if not self.reviewers.exclude(pk__in=self.signatures.values("member_id")).exists():
            before = self.get_status_display()
            self.status, self.signed_at = self.Status.SIGNED, timezone.now()
            self.version += 1
            self.save(update_fields=["status", "signed_at", "version"])
            record(
                self,
                by,
                HistoryEntry.Action.CHANGE,
                {str(self._meta.get_field("status").verbose_name): [before, self.get_status_display()]},
                note=gettext("All reviewers signed: %(period)s is locked.") % {"period": self.period_label},
            )
        return signature

    @transaction.atomic
    def reopen(self, by, reason):
        """The chair reopens a signed period, saying why; the reviewers sign again afterwards."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": gettext("Say why the period is reopened.")})
        if self.status != self.Status.SIGNED:
            raise ValidationError(gettext("Only a signed review can be reopened."))
        signers = "、".join(s.member.name for s in self.signatures.select_related("member"))
        before = self.get_status_display()
        self.signatures.all().delete()
        self.status, self.reopened_at, self.reopened_by, self.reopen_reason = (
            self.Status.REOPENED,
            timezone.now(),
            by,
            reason,
        )
        self.version += 1
        self.save(update_fields=["status", "reopened_at", "reopened_by", "reopen_reason", "version"])
        record(
            self,
            by,
            HistoryEntry.Action.CHANGE,
            {
                str(self._meta.get_field("status").verbose_name): [before, self.get_status_display()],
                str(self._meta.get_field("reopen_reason").verbose_name): ["", reason],
            },
            note=gettext("Reopened; signatures removed: %(names)s") % {"names": signers},
        )


class ReviewSignature(UnionOwned):
    """One reviewer's signature on a fund review."""

    review = models.ForeignKey(
        FundReview, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("fund review")
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer"))
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review signature")
        verbose_name_plural = _("review signatures")
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "member"], name="reviewsignature_once")]

    def __str__(self):
        return f"{self.review} · {self.member}"


# --- welfare caps and festival distributions (慰问标准, 节日慰问) ----------------------------------
# The rules and the presets live in funds/welfare.py; creating a distribution in funds/distributions.py.


def cap_field(verbose_name, **kwargs):
    """A cap in yuan; empty means the standard sets none for that occasion."""
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(FEN)],
        **kwargs,
    )


class WelfareStandardQuerySet(UnionQuerySet):
    def in_year(self, year):
        return self.filter(year=year)


class WelfareStandard(UnionOwned, Versioned):
    """慰问标准: the most the union may spend per member on each occasion in one year, as its province
    sets it (a preset from funds.welfare.PRESETS, then edited by the union)."""

    year = models.PositiveSmallIntegerField(_("year"))
    preset = models.CharField(_("preset"), max_length=30, blank=True)
    province = models.CharField(_("province"), max_length=30, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    festival_per_year = cap_field(_("festival greetings per member per year"))
    birthday = cap_field(_("birthday"))
    wedding = cap_field(_("wedding"))
    childbirth = cap_field(_("childbirth"))
    hospital = cap_field(_("hospital stay"))
    member_death = cap_field(_("death of a member"))
    relative_death = cap_field(_("death of a close relative"))
    retirement = cap_field(_("retirement"))
    local_festivals = models.JSONField(
        _("locally approved festivals"),
        default=list,
        blank=True,
        help_text=_("Festivals approved locally besides the national ones, e.g. minority festivals."),
    )
    poverty_share_target = models.DecimalField(
        _("share from poverty-area suppliers (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Where the province sets one, e.g. 30."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WelfareStandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("welfare standard")
        verbose_name_plural = _("welfare standards")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="welfarestandard_one_per_year")]

    def __str__(self):
        return gettext("Welfare standard %(year)d %(province)s") % {"year": self.year, "province": self.province}


class GiftType(models.TextChoices):
    """What a festival distribution gives: never cash, shopping cards or vouchers (总工办发〔2017〕32号)."""

    GOODS = "goods", _("Goods (慰问品)")
    HEALTH_CHECK = "health_check", _("Health check")
    TICKETS = "tickets", _("Cinema or sports and culture tickets")
    BOOKS = "books", _("Books")


class FestivalDistribution(MoneyRecord):
    """节日慰问: goods for the members on an allowed festival, with a sign-for list (签收表)."""

    GiftType = GiftType

    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    festival = models.CharField(_("festival"), max_length=30)
    date = models.DateField(_("date"))
    gift_type = models.CharField(_("gift type"), max_length=20, choices=GiftType.choices, default=GiftType.GOODS)
    item = models.CharField(_("item"), max_length=100)
    amount_per_person = money_field(_("amount per person"))
    supplier = models.CharField(_("supplier"), max_length=100)
    poverty_supplier = models.BooleanField(_("poverty-area (帮扶) supplier"), default=False)
    invoice_number = models.CharField(_("invoice number"), max_length=50, blank=True)
    over_cap_reason = models.TextField(_("reason for going over the cap"), blank=True)
    chosen_by = models.CharField(_("members chosen by"), max_length=300, blank=True)
    expense = models.OneToOneField(
        Expense, on_delete=models.PROTECT, null=True, blank=True, related_name="festival_distribution",
        verbose_name=_("expense"),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("festival distribution")
        verbose_name_plural = _("festival distributions")
        ordering = ["-date", "-id"]
        permissions = [("tick_festivaldistribution", _("Can tick who signed for a festival distribution"))]
        constraints = [positive_amount("amount_per_person")]
        indexes = [models.Index(fields=["union", "date"], name="distribution_union_date")]

    def __str__(self):
        return gettext("%(festival)s greetings %(date)s: %(item)s") % {
            "festival": self.festival, "date": f"{self.date:%Y-%m-%d}", "item": self.item
        }

    def save(self, *args, **kwargs):
        if self.date:
            self.year = self.date.year
        super().save(*args, **kwargs)

    def touched_spans(self, old):
        return [_day(self.date)] + ([_day(old.date)] if old is not None else [])


class DistributionRecipient(UnionOwned):
    """One member on a distribution's sign-for list: the amount counted toward their festival cap."""

    distribution = models.ForeignKey(
        FestivalDistribution, on_delete=models.CASCADE, related_name="recipients",
        verbose_name=_("festival distribution"),
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="festival_gifts",
                               verbose_name=_("member"))
    amount = money_field(_("amount"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["member__name_pinyin", "member__employee_number", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "member"], name="recipient_once"),
            positive_amount(),
        ]

    def __str__(self):
        return f"{self.distribution} · {self.member}"


class CareCapReason(UnionOwned, Versioned):
    """Why a care visit's payment goes over the welfare standard; kept with history and listed as an
    exception for the fund review (members.CareVisit knows nothing of it: funds points at the visit)."""

    care_visit = models.OneToOneField(
        "members.CareVisit", on_delete=models.CASCADE, related_name="cap_reason", verbose_name=_("care visit")
    )
    reason = models.TextField(_("reason for going over the cap"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reason for going over the cap")
        verbose_name_plural = _("reasons for going over the cap")

    def __str__(self):
        return str(self.care_visit)
