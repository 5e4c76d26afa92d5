"""The money part of the year-end summary (年终总结): plain figures, no request, no HTML.

`year_summary(union, year)` runs two queries whatever the data size: the year's sums (the dues month
totals, the income by source, the members in arrears, the expense categories with their budget and
spending) and the fund reviews with their reviewers.
Dues figures are for the dues *of* the year (its twelve months), wherever they were paid;
income counts dues *collected in* the year, by payment date, like the budget execution.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, IntegerField, Sum, Value, Window
from django.db.models.functions import Cast, RowNumber
from django.utils.translation import gettext as _

from funds.execution import MONEY, category_budget, category_spent, is_listed, percent
from funds.models import Dues, DuesMonthTotal, ExpenseCategory, FundReview, Income, fen
from funds.periods import whole_year
from members.models import name_order

ZERO = Decimal("0.00")
REVIEW_FIELDS = ["id", "kind", "year", "start", "end", "reviewed_on", "conclusion", "status", "findings"]


@dataclass
class CategoryFigures:
    name: str
    budget: Decimal
    spent: Decimal
    remaining: Decimal
    percent: Decimal | None  # of the budget spent, one decimal; None without a budget
    over_budget: bool


@dataclass
class IncomeFigures:
    source: str  # "dues", "allocated", "subsidy", "other"
    label: str
    amount: Decimal


@dataclass
class ReviewFigures:
    title: str
    period: str
    reviewed_on: object
    conclusion: str  # 通过 / 有意见通过 / 不通过, or "" before the reviewers decide
    status: str
    signed: bool
    reviewers: list = field(default_factory=list)
    findings: str = ""


@dataclass
class FundsSummary:
    year: int
    dues_expected: Decimal = ZERO
    dues_collected: Decimal = ZERO
    dues_arrears: Decimal = ZERO
    members_in_arrears: int = 0
    categories: list = field(default_factory=list)
    income: list = field(default_factory=list)
    reviews: list = field(default_factory=list)

    @property
    def budget_total(self):
        return sum((c.budget for c in self.categories), ZERO)

    @property
    def expense_total(self):
        return sum((c.spent for c in self.categories), ZERO)

    @property
    def income_total(self):
        return sum((i.amount for i in self.income), ZERO)

    @property
    def balance(self):
        return self.income_total - self.expense_total

    @property
    def review(self):
        """The review to quote: the signed one covering the most of the year, else the latest."""
        signed = [r for r in self.reviews if r.signed]
        return (signed or self.reviews or [None])[-1]

    @property
    def is_empty(self):
        return not (self.dues_expected or self.budget_total or self.expense_total or self.income_total or self.reviews)


def year_summary(union, year):
    figures, reviews = union_figures(union, year)
    summary = FundsSummary(
        year=year,
        dues_expected=fen(figures["dues_expected"]),
        dues_collected=fen(figures["dues_collected"]),
        dues_arrears=fen(figures["dues_arrears"]),
        members_in_arrears=figures["in_arrears"],
        reviews=reviews,
    )
    summary.categories = figures["categories"]
    # As the budget execution lists them: dues income first, then the other sources.
    summary.income = [IncomeFigures("dues", _("Dues income"), fen(figures["dues_income"]))] + [
        IncomeFigures(source.value, str(source.label), fen(figures[f"income_{source.value}"]))
        for source in Income.Source
    ]
    return summary


def union_figures(union, year):
    """({"dues_expected", "dues_collected", "dues_arrears", "dues_income", "income_<source>" for each
    source, "in_arrears": members owing dues of `year`, "categories": [CategoryFigures]}, [ReviewFigures]
    of the year's fund reviews), in two queries: the year's sums with the categories, and the reviews."""
    return year_sums(year_sums_query(union.pk, year)), year_reviews(year_reviews_query(union.pk, year))


def year_sums_query(union_id, year):
    """The year's sums in one query of plain aggregates stacked by UNION ALL, rows of (kind, key, a, b, c, d):

    - ("dues", "", expected, collected, in arrears, paid in): the dues month totals added up (as
      funds.models.dues_figures adds them);
    - ("income", source, amount, 0, 0, 0) for each source of income;
    - ("arrears", "", members owing dues, 0, 0, 0);
    - ("category", name, budget, spent in the year, place in the categories' order, in use 1 or 0) for
      each expense category: what the budget execution's category lines say for the year
      (funds.execution.category_lines), without the first half and the approval the summary does not show.

    Cheaper to build than a scalar subquery per figure (ten of them), each table is read once, and one
    query instead of two with the categories (~0.5 ms a query to run through the ORM)."""
    none = Value(0, output_field=MONEY)
    dues = (
        DuesMonthTotal.objects.filter(union_id=union_id, year=year)
        .annotate(kind=Value("dues"), key=Value(""))
        .values("kind", "key")
        .annotate(a=Sum("expected"), b=Sum("collected"), c=Sum("arrears"), d=Sum("paid_in"))
        .order_by()
    )
    income = (
        Income.objects.filter(union_id=union_id)
        .in_year(year)
        .annotate(kind=Value("income"))
        .values("kind", key=F("source"))
        .annotate(a=Sum("amount"), b=none, c=none, d=none)
        .order_by()
    )
    arrears = (
        Dues.objects.filter(union_id=union_id)
        .in_year(year)
        .unpaid()
        .annotate(kind=Value("arrears"), key=Value(""))
        .values("kind", "key")
        .annotate(a=Count("member", distinct=True), b=none, c=none, d=none)
        .order_by()
    )
    categories = (
        ExpenseCategory.objects.filter(union_id=union_id)
        .annotate(
            kind=Value("category"),
            # As the budget execution's category lines (funds.execution.category_lines) count them.
            a=category_budget(year),
            b=category_spent(*whole_year(year)),
            # Their order as the database sorts the names (a language's collation, not Python's code points).
            c=Window(RowNumber(), order_by=[F("order"), F("name")]),
            d=Cast("active", IntegerField()),
        )
        .values_list("kind", "name", "a", "b", "c", "d")
        .order_by()
    )
    return dues.union(income, arrears, categories, all=True)


def year_sums(rows):
    """{figure: value} from the rows of `year_sums_query`."""
    figures = {"in_arrears": 0} | {f"income_{source.value}": None for source in Income.Source}
    categories = []
    for row in rows:
        kind = row["kind"]
        if kind == "dues":
            figures |= {"dues_expected": row["a"], "dues_collected": row["b"], "dues_arrears": row["c"],
                        "dues_income": row["d"]}
        elif kind == "arrears":
            figures["in_arrears"] = int(row["a"] or 0)
        elif kind == "income":
            figures[f"income_{row['key']}"] = row["a"]
        else:
            categories.append((int(row["c"]), row["key"], bool(row["d"]), row["a"], row["b"]))
    figures["categories"] = year_categories(row[1:] for row in sorted(categories))
    return figures


def year_categories(rows):
    """[CategoryFigures] from (name, in use, budget, spent) in the categories' order: the categories in
    use, and those no longer in use that have a budget or spending in the year."""
    figures = []
    for name, active, budget, spent in rows:
        if is_listed(active, budget, spent):
            budget, spent = fen(budget), fen(spent)
            figures.append(CategoryFigures(name, budget, spent, budget - spent, percent(spent, budget), spent > budget))
    return figures


def year_reviews_query(union_id, year):
    """The year's fund reviews (FundReview.objects.in_year), in the order end, start, id, each with its
    reviewers in the order of names (pinyin, employee number, id): a row per reviewer."""
    return (
        FundReview.objects.filter(union_id=union_id)
        .in_year(year)
        .values(*REVIEW_FIELDS, "reviewers__name")
        .order_by("end", "start", "id", *name_order("reviewers__"))
    )


def year_reviews(rows):
    """[ReviewFigures] from the rows of `year_reviews_query`."""
    reviews = {}
    for row in rows:
        review_figures = reviews.get(row["id"])
        if review_figures is None:
            review = FundReview(**{name: row[name] for name in REVIEW_FIELDS})
            review_figures = reviews[review.pk] = ReviewFigures(
                title=review.title,
                period=review.period_label,
                reviewed_on=review.reviewed_on,
                conclusion=review.get_conclusion_display() if review.conclusion else "",
                status=review.get_status_display(),
                signed=review.is_locked,
                findings=review.findings,
            )
        if row["reviewers__name"] is not None:
            review_figures.reviewers.append(row["reviewers__name"])
    return list(reviews.values())
