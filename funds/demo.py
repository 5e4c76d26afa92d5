"""Demo money for the demo union: wage bases and dues (mostly paid, a few in arrears), the 2% allocation
month by month (one month paid short) and other income, an approved budget over the official accounts and
some of their sub-items, expenses tied to the demo's activities and care visits, the province's welfare
standard with one care payment over its cap and the reason for it, a festival distribution with its
sign-for list partly signed, an explained line of the final accounts, and a signed review of the first
half. Idempotent: rows are found by their natural keys; a locked first half is left alone.

Every date is one of the demo year's that exists, at or before the demo's today (any day of the year):
the festival greeted is the latest one whose goods were handed out by then (中秋 from September, back
to 元旦 on the first of January)."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from activities.festivals import festival as festival_day
from activities.models import Activity
from funds.allocation import new_allocation
from funds.distributions import covered_members, create_distribution
from funds.dues import generate_dues, mark_paid
from funds.final_accounts import line_label
from funds.models import (
    Allocation,
    BudgetLine,
    CareCapReason,
    Dues,
    Expense,
    ExpenseCategory,
    FestivalDistribution,
    FinalAccountsNote,
    FundReview,
    FundSettings,
    Income,
    WageBase,
    WelfareStandard,
    locking_review,
)
from funds.official_accounts import ExpenseAccount, SubItem
from funds.periods import first_half
from funds.welfare import apply_preset, cap_name
from members.history import save_recorded
from members.models import CareVisit, Member

# Categories a union keeps below the official accounts (明细科目), as the school's treasurer does.
SUB_ITEM_CATEGORIES = [
    ("文体活动", ExpenseAccount.ACTIVITIES, SubItem.SPORTS_CULTURE),
    ("困难职工帮扶", ExpenseAccount.RIGHTS, SubItem.HARDSHIP_AID),
    ("送温暖", ExpenseAccount.RIGHTS, SubItem.WARMTH),
]

BUDGET = {
    "职工活动支出": Decimal("80000.00"),
    "文体活动": Decimal("10000.00"),
    "维权支出": Decimal("22000.00"),
    "困难职工帮扶": Decimal("1000.00"),
    "送温暖": Decimal("4200.00"),
    "业务支出": Decimal("13000.00"),
    "资本性支出": Decimal("10000.00"),
    "其他支出": Decimal("350.00"),
}

# Spending per activity category key when the activity has no budget of its own: (category, yuan per head).
SPEND_PER_HEAD = {
    "festival": ("职工活动支出", 60),
    "sports": ("文体活动", 45),
    "women": ("职工活动支出", 80),
    "health": ("职工活动支出", 260),
    "competition": ("文体活动", 50),
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
    # (month, day, source, amount, payer, description); the allocation's kept part is booked with it (ALLOCATION)
    (5, 12, Income.Source.SUBSIDY, "5000.00", "长沙市教育工会", "困难职工帮扶补助"),
    (6, 21, Income.Source.OTHER, "126.35", "银行", "上半年利息"),
    (12, 21, Income.Source.OTHER, "131.80", "银行", "下半年利息"),
]

# The 2% allocation (拨缴经费), paid by the school on the 25th of each month on that month's payroll:
# (first month, payroll) — the raises of September (_wage_bases) show in the payroll. January was paid
# on last year's payroll, short by the difference, which the school still owes.
PAYROLL = [(1, Decimal("930000.00")), (9, Decimal("948000.00"))]
ALLOCATION_DAY = 25
SHORT_MONTH, SHORT_PAID = 1, Decimal("15000.00")

# The festival greeted with goods for every active member: the latest one whose goods were handed out
# (five days before it) by the demo's today. (activities.festivals key, the name the rules allow, item,
# yuan per person, supplier, a 帮扶 supplier?)
GREETINGS = [
    ("mid_autumn", "中秋", "月饼礼盒、湘西猕猴桃", "300.00", "湘西州十八洞村农副产品专业合作社", True),
    ("dragon_boat", "端午", "粽子礼盒、咸鸭蛋", "200.00", "步步高超市", False),
    ("spring_festival", "春节", "年货礼包（大米、茶油、腊味）", "500.00", "湘西州十八洞村农副产品专业合作社", True),
    ("new_year", "元旦", "新年礼包（坚果、牛奶）", "150.00", "好又多食品商行", False),
]
WELFARE_PRESET = "hubei-2019"  # the presets' neighbour of Hunan; the union edits it where its own differs

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
    _sub_item_categories(union)
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
    _allocations(union, year, last, treasurer)
    _activity_spending(union, year, last, categories, rng)
    _visit_spending(union, year, last, categories)
    standard = _welfare_standard(union, year, treasurer)
    _over_the_cap(union, year, last, categories, standard, treasurer)
    _festival_distribution(union, year, last, treasurer)
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
    _final_accounts_note(union, year, treasurer)
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
            .values_list("pk", flat=True)
        )
        # A list, not a subquery: PostgreSQL has no statistics yet for the dues just inserted (0.1 s a query).
        mark_paid(union, list(ids), paid_on, Dues.Method.PAYROLL, by=treasurer)


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


def _visit_category(visit, categories):
    """帮扶 and 送温暖 under 维权支出 (their sub-items where the union keeps them), greetings under 职工活动支出."""
    sub_item = {CareVisit.Reason.HARDSHIP: "困难职工帮扶", CareVisit.Reason.WARMTH: "送温暖"}.get(visit.reason)
    if sub_item in categories:
        return sub_item
    return "维权支出" if sub_item else "职工活动支出"


def _visit_spending(union, year, last, categories):
    """Each care visit that gave money is paid from the union's funds."""
    visits = CareVisit.objects.for_union(union).in_year(year).filter(amount__isnull=False).select_related("member")
    for visit in visits:
        name = _visit_category(visit, categories)
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


# --- issue 17: the money rules ---------------------------------------------------------------------


def _sub_item_categories(union):
    """The school keeps 文体活动, 困难职工帮扶 and 送温暖 apart from their accounts (funds.official_accounts)."""
    for i, (name, account, sub_item) in enumerate(SUB_ITEM_CATEGORIES):
        ExpenseCategory.objects.get_or_create(
            union=union, name=name, defaults={"account": account, "sub_item": sub_item, "order": 10 + i}
        )


def _allocations(union, year, last, treasurer):
    """The month's 2% allocation paid on the 25th, with its kept part (留成) booked as 拨缴经费收入 the
    same day: every month up to the last one ended, and this month once paid. January is paid short."""
    for month in range(1, 13):
        paid_on = date(year, month, ALLOCATION_DAY)
        if paid_on > last:
            break
        start, end = Allocation.span(year, Allocation.Period.MONTH, month)
        found = Allocation.objects.for_union(union).filter(year=year, period=Allocation.Period.MONTH, number=month)
        if found.exists() or _locked(union, start, end):
            continue
        allocation = new_allocation(union, year, Allocation.Period.MONTH, month)
        allocation.payroll = next(amount for first, amount in reversed(PAYROLL) if month >= first)
        allocation.compute()
        allocation.paid, allocation.paid_on = allocation.due, paid_on
        if month == SHORT_MONTH:
            allocation.paid = SHORT_PAID
            allocation.note = "学校按上年工资总额拨缴，差额待补拨"
        save_recorded(allocation, treasurer)
        _ensure(
            union,
            Income,
            paid_on,
            last,
            source=Income.Source.ALLOCATED,
            description=f"{month}月拨缴经费（留成部分）",
            defaults={"amount": allocation.kept, "payer": "学校财务处", "receipt_number": f"BJ{year}{month:02d}"},
        )


def _welfare_standard(union, year, treasurer):
    """The year's welfare caps from a province's preset (funds.welfare.PRESETS)."""
    standard = WelfareStandard.objects.for_union(union).filter(year=year).first()
    if standard is None:
        standard = apply_preset(WelfareStandard(union=union, year=year), WELFARE_PRESET)
        save_recorded(standard, treasurer)
    return standard


def _over_the_cap(union, year, last, categories, standard, treasurer):
    """One care payment over its cap, with the reason the committee agreed: a hospital stay (another
    occasion with a cap before April's), topped up after an operation. Once a year."""
    if CareCapReason.objects.for_union(union).filter(care_visit__date__year=year).exists():
        return
    visits = (
        CareVisit.objects.for_union(union)
        .in_year(year)
        .filter(amount__isnull=False, date__lte=last)
        .select_related("member")
        .order_by("date", "id")
    )
    capped = [v for v in visits if (name := cap_name(v.reason, v.member.status)) and getattr(standard, name)]
    visit = next((v for v in capped if v.reason == CareVisit.Reason.ILLNESS), capped[0] if capped else None)
    if visit is None:
        return
    cap = getattr(standard, cap_name(visit.reason, visit.member.status))
    extra = cap + Decimal("300.00") - visit.amount
    name = _visit_category(visit, categories)
    if extra <= 0 or name not in categories:
        return
    illness = visit.reason == CareVisit.Reason.ILLNESS
    topped_up = _ensure(
        union,
        Expense,
        visit.date,
        last,
        care_visit=visit,
        description=f"追加慰问：{visit.member.name}（{'住院手术' if illness else visit.get_reason_display()}）",
        defaults={"category": categories[name], "amount": extra, "payee": visit.member.name},
    )
    if topped_up is None:
        return
    reason = (
        "会员因重病住院手术，家庭负担重；经工会委员会集体研究同意追加慰问，超出标准部分已报上级工会备案。"
        if illness
        else "经工会委员会集体研究同意追加慰问，超出标准部分已报上级工会备案。"
    )
    save_recorded(CareCapReason(union=union, care_visit=visit, reason=reason), treasurer)


def _greeting(year, last):
    """The latest festival in GREETINGS whose goods were handed out by `last` (five days before it,
    never before the first of January), and that day."""
    for key, *rest in GREETINGS:
        day = max(festival_day(year, key).date - timedelta(days=5), date(year, 1, 1))
        if day <= last:
            return (key, *rest), day
    return None, None


def _festival_distribution(union, year, last, treasurer):
    """Goods for every active member on the festival, two in three of them signed for on the day."""
    greeting, day = _greeting(year, last)
    if greeting is None or _locked(union, day, day):
        return
    _key, name, item, amount, supplier, poverty = greeting
    distribution = FestivalDistribution.objects.for_union(union).filter(year=year, festival=name).first()
    if distribution is None:
        members = list(covered_members(union, statuses=[Member.Status.ACTIVE], include_retirees=False))
        if not members:
            return
        distribution = FestivalDistribution(
            union=union,
            festival=name,
            date=day,
            item=item,
            amount_per_person=Decimal(amount),
            supplier=supplier,
            poverty_supplier=poverty,
            invoice_number=f"FP{year}{day:%m%d}01",
            chosen_by="在岗会员（不含退休）",
        )
        create_distribution(distribution, members, treasurer)
    recipients = list(distribution.recipients.order_by("id"))
    if recipients and not any(r.signed_at for r in recipients):
        handed_out = timezone.make_aware(datetime.combine(day, time(8, 30)))
        for i, recipient in enumerate(recipients):
            if i % 3 != 2:
                recipient.signed_at = handed_out + timedelta(minutes=i // 4)
        type(recipients[0]).objects.bulk_update(recipients, ["signed_at"])


# What the treasurer wrote beside 资本性支出 (budget 10,000: table-tennis tables in April, gym equipment
# in September), as the year stands.
CAPITAL_LINE = "account:capital"
CAPITAL_EXPLANATIONS = [
    (lambda line: line.actual > line.budget,
     "年中新增教工之家健身器材，经工会委员会研究同意在年度预算内调剂，超支部分由其他支出的结余弥补。"),
    (lambda line: line.actual > 0, "教工之家健身器材计划于下半年购置，尚未支出。"),
    (lambda line: True, "教工之家乒乓球台、健身器材计划于年内购置，尚未支出。"),
]


def _final_accounts_note(union, year, treasurer):
    """The treasurer's explanation of 资本性支出 in the final accounts, which differs from its budget."""
    line = line_label(union, year, CAPITAL_LINE)
    if line is None:
        return
    text = next(text for applies, text in CAPITAL_EXPLANATIONS if applies(line))
    note = FinalAccountsNote.objects.for_union(union).filter(year=year, line=CAPITAL_LINE).first()
    if note is None:
        note = FinalAccountsNote(union=union, year=year, line=CAPITAL_LINE)
    if note.explanation != text:
        note.explanation = text
        save_recorded(note, treasurer)
