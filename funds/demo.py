"""Demo money for the demo union: wage bases and dues (mostly paid, a few in arrears), income, an
approved budget, expenses tied to the demo's activities and care visits, and a signed review of the
first half. Idempotent: rows are found by their natural keys; a locked first half is left alone."""

import random
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from activities.models import Activity
from funds.dues import generate_dues, mark_paid
from funds.models import (
    BudgetLine,
    Dues,
    Expense,
    ExpenseCategory,
    FundReview,
    FundSettings,
    Income,
    WageBase,
    locking_review,
)
from funds.periods import first_half
from members.models import CareVisit, Member

BUDGET = {
    "职工活动支出": Decimal("90000.00"),
    "维权支出": Decimal("32000.00"),
    "业务支出": Decimal("18000.00"),
    "资本性支出": Decimal("10000.00"),
    "其他支出": Decimal("5000.00"),
}

# Spending per activity category key when the activity has no budget of its own: (category, yuan per head).
SPEND_PER_HEAD = {
    "festival": ("职工活动支出", 60),
    "sports": ("职工活动支出", 45),
    "women": ("职工活动支出", 80),
    "health": ("职工活动支出", 260),
    "competition": ("职工活动支出", 50),
    "training": ("业务支出", 120),
    "care": ("维权支出", 200),
}
# Whom a school union pays for each kind of activity (the first where the activity's place names none).
PAYEES = {
    "festival": ["步步高超市", "好又多食品商行", "芙蓉区鲜花店"],
    "sports": ["湘江文体用品店", "长沙体育用品商城"],
    "women": ["芙蓉区鲜花店", "长沙市中国旅行社"],
    "health": ["湘雅二医院体检中心"],
    "competition": ["湘江文体用品店", "新华书店"],
    "training": ["长沙市教育工会", "新华书店"],
    "care": ["步步高超市", "好又多食品商行"],
}

# Hand-picked purchases that are not activities: the union's own running and equipment.
OTHER_SPENDING = [
    (3, 12, "业务支出", "1280.00", "新华书店", "工会图书室订阅报刊"),
    (4, 20, "资本性支出", "6480.00", "湘江文体用品店", "教工之家乒乓球台两张"),
    (5, 18, "业务支出", "2150.00", "长沙市教育工会", "工会干部培训费"),
    (9, 2, "资本性支出", "4800.00", "健身器材有限公司", "教工之家健身器材"),
    (10, 9, "其他支出", "320.00", "银行", "账户管理费"),
]

INCOME = [
    # (month, day, source, amount, payer, description)
    (1, 20, Income.Source.ALLOCATED, "33600.00", "学校财务处", "第一季度拨缴经费"),
    (4, 20, Income.Source.ALLOCATED, "33600.00", "学校财务处", "第二季度拨缴经费"),
    (5, 12, Income.Source.SUBSIDY, "5000.00", "长沙市教育工会", "困难职工帮扶补助"),
    (6, 21, Income.Source.OTHER, "126.35", "银行", "上半年利息"),
    (7, 20, Income.Source.ALLOCATED, "33600.00", "学校财务处", "第三季度拨缴经费"),
    (10, 20, Income.Source.ALLOCATED, "33600.00", "学校财务处", "第四季度拨缴经费"),
    (12, 21, Income.Source.OTHER, "131.80", "银行", "下半年利息"),
]

FINDINGS = (
    "经费审查委员会对上半年工会经费收支情况进行了审查：会费收缴及时，拨缴经费按季度到账；"
    "各项支出均有审批手续和合规票据，职工活动支出符合规定标准，未发现违规支出。"
    "建议：个别会员会费欠缴，请各工会小组长督促补缴；活动支出报销应在活动结束后一个月内办理。"
)


def seed(union, year, today):
    last = _last_day(year, today)
    if last is None:
        return  # a future demo year has no money yet
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["chair", "treasurer", "reviewer"])}
    treasurer, chair, reviewer = users.get("treasurer"), users.get("chair"), users.get("reviewer")
    FundSettings.for_union(union)
    categories = {c.name: c for c in ExpenseCategory.objects.for_union(union)}
    rng = random.Random(f"funds-{year}")

    _wage_bases(union, year, rng)
    open_months = [m for m in range(1, last.month + 1) if not _locked(union, date(year, m, 1), date(year, m, 28))]
    generate_dues(union, year, open_months, by=treasurer)
    _payments(union, year, open_months, last, treasurer)
    _budget(union, year, categories, chair)
    for month, day, source, amount, payer, description in INCOME:
        _ensure(
            union,
            Income,
            date(year, month, day),
            last,
            source=source,
            amount=Decimal(amount),
            payer=payer,
            description=description,
            defaults={"receipt_number": f"SR{year}{month:02d}{day:02d}"},
        )
    _activity_spending(union, year, last, categories, rng)
    _visit_spending(union, year, last, categories)
    for month, day, category, amount, payee, description in OTHER_SPENDING:
        _ensure(
            union,
            Expense,
            date(year, month, day),
            last,
            category=categories[category],
            description=description,
            defaults={
                "amount": Decimal(amount),
                "payee": payee,
                "receipt_number": f"FP{year}{month:02d}{day:02d}",
            },
        )
    if last >= date(year, 7, 10):
        _review(union, year, reviewer, today=last)


def _last_day(year, today):
    """Money is recorded up to today in the current year, for the whole of a past year."""
    if year < today.year:
        return date(year, 12, 31)
    if year == today.year:
        return today
    return None


def _locked(union, start, end):
    return locking_review(union.pk, [(start, end)]) is not None


def _ensure(union, model, day, last, defaults=None, **lookup):
    """get_or_create a dated money row, unless it would be in the future or in a locked period."""
    if day > last:
        return None
    found = model.objects.for_union(union).filter(date=day, **lookup).first()
    if found or _locked(union, day, day):
        return found
    return model.objects.create(union=union, date=day, **lookup, **(defaults or {}))


def _wage_bases(union, year, rng):
    """A teacher's monthly wage base between 4,800 and 9,600 yuan; a few raises from September."""
    payers = Member.objects.for_union(union).current().exclude(status=Member.Status.RETIRED).order_by("employee_number")
    have = set(WageBase.objects.for_union(union).filter(year=year).values_list("member_id", "from_month"))
    new = []
    for i, member in enumerate(payers):
        amount = Decimal(rng.randrange(4800, 9600, 10)) + Decimal(rng.choice(["0", "0.50", "0"]))
        if (member.pk, 1) not in have:
            new.append(WageBase(union=union, member=member, year=year, amount=amount))
        if i % 9 == 3 and (member.pk, 9) not in have:  # 职称晋升: a raise from September
            new.append(WageBase(union=union, member=member, year=year, from_month=9, amount=amount + Decimal("600")))
    WageBase.objects.bulk_create(new)


def _payments(union, year, months, last, treasurer):
    """Payroll deduction on the 15th; four members behind: one in the first half, three lately."""
    payers = list(
        Dues.objects.for_union(union)
        .filter(year=year)
        .order_by("member__employee_number")
        .values_list("member_id", flat=True)
        .distinct()
    )
    behind = {}
    if len(payers) > 12:
        behind = {
            payers[7]: {3, 4},
            payers[11]: {last.month - 2, last.month - 1, last.month},
            payers[-5]: {last.month - 1, last.month},
            payers[-9]: {last.month},
        }
    for month in months:
        paid_on = date(year, month, 15)
        if paid_on > last:
            continue
        ids = (
            Dues.objects.for_union(union)
            .unpaid()
            .filter(year=year, month=month)
            .exclude(member_id__in=[m for m, owed in behind.items() if month in owed])
            .values("pk")
        )
        mark_paid(union, ids, paid_on, Dues.Method.PAYROLL, by=treasurer)


def _budget(union, year, categories, chair):
    approved_at = timezone.make_aware(datetime(year, 1, 10, 10, 0))
    for name, amount in BUDGET.items():
        if name in categories:
            BudgetLine.objects.get_or_create(
                union=union,
                year=year,
                category=categories[name],
                defaults={
                    "amount": amount,
                    "approved_by": chair,
                    "approved_at": approved_at,
                    "note": "经工会委员会讨论通过",
                },
            )


def _activity_spending(union, year, last, categories, rng):
    """One expense for each past activity that cost money: its budget if it had one, else per head."""
    activities = (
        Activity.objects.for_union(union)
        .in_year(year)
        .filter(start_date__isnull=False, start_date__lte=last)
        .exclude(status=Activity.Status.CANCELLED)
        .select_related("category")
        .order_by("start_date", "id")
    )
    for i, activity in enumerate(activities):
        key = activity.category.key if activity.category_id else ""
        if key not in SPEND_PER_HEAD or activity.series_id:
            continue
        category_name, per_head = SPEND_PER_HEAD[key]
        if activity.budget:
            amount = (activity.budget * Decimal(rng.choice(["0.86", "0.92", "0.97", "1.00", "1.08"]))).quantize(
                Decimal("1")
            )
        else:
            amount = Decimal(per_head * (activity.attendance or 30))
        if category_name in categories and amount > 0:
            _ensure(
                union,
                Expense,
                activity.start_date,
                last,
                activity=activity,
                defaults={
                    "category": categories[category_name],
                    "amount": amount,
                    "payee": _payee(activity, i),
                    "description": activity.title[:200],
                    "receipt_number": f"FP{year}{i + 1:04d}",
                },
            )


def _payee(activity, i):
    """A plausible payee: the clinic the health check was held at, a shop that sells what was bought."""
    key = activity.category.key
    if key == "health" and "体检" in activity.location:
        return activity.location
    payees = PAYEES[key]
    return payees[i % len(payees)]


def _visit_spending(union, year, last, categories):
    """Each care visit that gave money is paid from the union's funds."""
    hardship = {CareVisit.Reason.HARDSHIP, CareVisit.Reason.WARMTH}
    visits = CareVisit.objects.for_union(union).in_year(year).filter(amount__isnull=False).select_related("member")
    for visit in visits:
        name = "维权支出" if visit.reason in hardship else "职工活动支出"
        if name in categories:
            _ensure(
                union,
                Expense,
                visit.date,
                last,
                care_visit=visit,
                defaults={
                    "category": categories[name],
                    "amount": visit.amount,
                    "payee": visit.member.name,
                    "description": f"走访慰问：{visit.member.name}（{visit.get_reason_display()}）",
                },
            )


def _review(union, year, reviewer_user, today):
    start, end = first_half(year)
    review, created = FundReview.objects.get_or_create(
        union=union,
        year=year,
        kind=FundReview.Kind.FIRST_HALF,
        defaults={
            "start": start,
            "end": end,
            "reviewed_on": date(year, 7, 10),
            "findings": FINDINGS,
            "conclusion": FundReview.Conclusion.PASSED_WITH_REMARKS,
        },
    )
    reviewers = list(Member.objects.for_union(union).filter(position=Member.Position.REVIEWER))
    if created:
        review.reviewers.set(reviewers)
    if review.status == FundReview.Status.DRAFT:
        for member in reviewers:
            review.sign(member, by=member.user or reviewer_user, today=today)
