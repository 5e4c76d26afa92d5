"""A small union year for the year-end summary tests, with every figure counted by hand below.

The chair (王主席, female, no department, fixture `chair_user`) is a member too, and is counted.

Members at the end of 2026: 王主席, 孙老师, 周老师, 吴老师 = 4 (郑老师 left in May)
    joined 1 (周老师), left 1 (郑老师), retired 1 (吴老师); men 1 (周老师), women 3
    by department: 数学组 2, 语文组 1, — 1
Care visits in 2026: 孙老师 送温暖 800, 孙老师 生日 200, 吴老师 退休 (no money), 吴老师 生日 200
    = 4 visits, 2 members reached, 1,200.00 yuan, 2 birthday greetings
    hardship: 孙老师 (since 2025, visited: supported), 周老师 (until 2026-02-01, not visited)
        → 2 in hardship, 1 supported
Plan 2026 (no 指导思想, so the parts are 一、 二、):
    一、民主管理: 开好教代会 done, 校务公开 in progress, 民主评议 dropped → 3 / 1 / 1 / 0 / 1, 50%
    二、关爱职工: 春节走访 done, 困难帮扶 not started → 2 / 1 / 0 / 1 / 0, 50%
    total 5 planned, 2 done, 1 in progress, 1 not started, 1 dropped → 2 of 4 counted = 50%
Activities 2026 (文体活动 before 慰问):
    March: 乒乓球赛 held 30 (3 signed up, 2 came), 象棋赛 held 12, 春游 cancelled
    June: 送清凉 held 17 (month only), 端午慰问 planned
    → planned 4, held 3, cancelled 1, participants 59, attendance 2 of 3 = 67%
    文体活动: planned 2, held 2, cancelled 1, participants 42; 慰问: planned 2, held 1, participants 17
Money 2026:
    dues of 2026: 孙老师 Jan 25 (paid Jan), Feb 25 (paid Jul), Mar 25 (unpaid)
        → expected 75.00, collected 50.00, in arrears 25.00 by 1 member
    budget: 职工活动支出 10,000.00, 资本性支出 2,000.00 → 12,000.00
    spent: 职工活动支出 1,234.56 + 3,333.33 = 4,567.89; 资本性支出 2,500.00 (over);
        其他支出 88.88 (no budget: over) → 7,156.77
    income: 拨缴经费 10,000.00, 上级补助 500.50, dues paid in 2026 50.00 → 10,550.50
    balance 10,550.50 − 7,156.77 = 3,393.73
    fund review of the first half: 通过, signed by 孙老师
"""

from datetime import date
from decimal import Decimal as D

from activities.models import Activity
from funds.models import BudgetLine, Dues, Expense, FundReview, Income
from members.models import CareReason, Member
from plans.models import AnnualPlan, PlanItem
from tests.factories import (
    ActivityCategoryFactory,
    ActivityFactory,
    AnnualPlanFactory,
    CareVisitFactory,
    DepartmentFactory,
    ExpenseCategoryFactory,
    FundReviewFactory,
    HardshipRecordFactory,
    MemberFactory,
    PlanItemFactory,
    SignupFactory,
)

YEAR = 2026


def build(union, other_union=None):
    people = _members(union)
    _plan(union)
    _activities(union, people)
    _money(union, people)
    if other_union is not None:
        _elsewhere(other_union)
    return people


def _members(union):
    maths = DepartmentFactory(union=union, name="数学组")
    chinese = DepartmentFactory(union=union, name="语文组")
    sun = MemberFactory(union=union, name="孙老师", gender="F", department=maths, joined_on=date(2010, 9, 1))
    zhou = MemberFactory(union=union, name="周老师", gender="M", department=maths, joined_on=date(2026, 3, 1))
    wu = MemberFactory(
        union=union,
        name="吴老师",
        gender="F",
        department=chinese,
        joined_on=date(2000, 9, 1),
        status=Member.Status.RETIRED,
        retired_on=date(2026, 7, 1),
    )
    MemberFactory(
        union=union,
        name="郑老师",
        gender="M",
        department=chinese,
        joined_on=date(2001, 9, 1),
        status=Member.Status.LEFT,
        left_on=date(2026, 5, 1),
    )
    HardshipRecordFactory(union=union, member=sun, since=date(2025, 1, 1))
    HardshipRecordFactory(union=union, member=zhou, since=date(2020, 1, 1), until=date(2026, 2, 1))
    for member, reason, day, amount in [
        (sun, CareReason.WARMTH, date(2026, 1, 20), D("800")),
        (sun, CareReason.BIRTHDAY, date(2026, 4, 2), D("200")),
        (wu, CareReason.RETIREMENT, date(2026, 7, 2), None),
        (wu, CareReason.BIRTHDAY, date(2026, 9, 9), D("200")),
        (zhou, CareReason.ILLNESS, date(2025, 12, 30), D("500")),  # last year: not counted
    ]:
        CareVisitFactory(union=union, member=member, reason=reason, date=day, amount=amount)
    return {"sun": sun, "zhou": zhou, "wu": wu}


def _plan(union):
    plan = AnnualPlanFactory(union=union, year=YEAR, status=AnnualPlan.Status.APPROVED)
    rows = [
        (PlanItem.Level.PART, "民主管理", {}),
        (PlanItem.Level.ITEM, "开好教代会", {"status": "done", "outcome": "10月召开第九届六次教代会"}),
        (PlanItem.Level.ITEM, "校务公开", {"status": "in_progress", "progress_note": "公开栏已更新"}),
        (PlanItem.Level.ITEM, "民主评议", {"status": "dropped", "outcome": "上级统一安排，本年不单独组织"}),
        (PlanItem.Level.PART, "关爱职工", {}),
        (PlanItem.Level.ITEM, "春节走访", {"status": "done", "outcome": "走访困难职工12人"}),
        (PlanItem.Level.ITEM, "困难帮扶", {}),
    ]
    for position, (level, title, fields) in enumerate(rows):
        PlanItemFactory(plan=plan, position=position, level=level, title=title, **fields)
    return plan


def _activities(union, people):
    sports = ActivityCategoryFactory(union=union, name="文体活动", colour="green", order=1)
    care = ActivityCategoryFactory(union=union, name="慰问", colour="orange", order=2)
    done = Activity.Status.DONE
    ball = ActivityFactory(
        union=union,
        category=sports,
        title="乒乓球赛",
        start_date=date(2026, 3, 18),
        status=done,
        attendance=30,
        outcome="理科组获团体第一。",
    )
    for member, attended in ((people["sun"], True), (people["zhou"], True), (people["wu"], False)):
        SignupFactory(activity=ball, member=member, attended=attended)
    ActivityFactory(
        union=union, category=sports, title="象棋赛", start_date=date(2026, 3, 20), status=done, attendance=12
    )
    ActivityFactory(
        union=union,
        category=sports,
        title="春游",
        start_date=date(2026, 3, 28),
        status=Activity.Status.CANCELLED,
    )
    ActivityFactory(
        union=union,
        category=care,
        title="送清凉",
        start_date=None,
        year=YEAR,
        month=6,
        status=done,
        attendance=17,
        outcome="慰问一线教职工17人。",
    )
    ActivityFactory(union=union, category=care, title="端午慰问", start_date=date(2026, 6, 18))
    ActivityFactory(
        union=union,
        category=sports,
        title="去年的球赛",
        start_date=date(2025, 3, 18),
        status=done,
        attendance=99,
    )


def _money(union, people):
    activity = ExpenseCategoryFactory(union=union, name="职工活动支出", order=1)
    capital = ExpenseCategoryFactory(union=union, name="资本性支出", order=4)
    other = ExpenseCategoryFactory(union=union, name="其他支出", order=5)
    BudgetLine.objects.create(union=union, year=YEAR, category=activity, amount=D("10000.00"))
    BudgetLine.objects.create(union=union, year=YEAR, category=capital, amount=D("2000.00"))
    for day, category, amount in [
        (date(2026, 3, 8), activity, "1234.56"),
        (date(2026, 7, 1), activity, "3333.33"),
        (date(2026, 5, 20), capital, "2500.00"),
        (date(2026, 9, 9), other, "88.88"),
        (date(2025, 12, 31), activity, "999.99"),  # last year
    ]:
        Expense.objects.create(
            union=union, date=day, category=category, amount=D(amount), payee="某", description="某"
        )
    for month, paid_on in ((1, date(2026, 1, 15)), (2, date(2026, 7, 2)), (3, None)):
        Dues.objects.create(
            union=union,
            member=people["sun"],
            year=YEAR,
            month=month,
            wage_base=D("5000"),
            rate=D("0.50"),
            amount=D("25.00"),
            paid_on=paid_on,
            method="payroll" if paid_on else "",
        )
    Income.objects.create(
        union=union, date=date(2026, 3, 31), source=Income.Source.ALLOCATED, amount=D("10000.00")
    )
    Income.objects.create(
        union=union, date=date(2026, 6, 30), source=Income.Source.SUBSIDY, amount=D("500.50")
    )
    review = FundReviewFactory(union=union, conclusion=FundReview.Conclusion.PASSED)
    review.reviewers.set([people["sun"]])
    review.sign(people["sun"], by=None, today=review.signable_from)


def _elsewhere(other_union):
    """The same kinds of rows in another union: none of them may show in ours."""
    MemberFactory(union=other_union, name="别人", gender="M", joined_on=date(2026, 2, 1))
    AnnualPlanFactory(union=other_union, year=YEAR)
    ActivityFactory(
        union=other_union,
        title="别家的活动",
        start_date=date(2026, 3, 18),
        status=Activity.Status.DONE,
        attendance=99,
        outcome="别家的成效",
    )
    theirs = ExpenseCategoryFactory(union=other_union, name="职工活动支出")
    Expense.objects.create(
        union=other_union,
        date=date(2026, 3, 8),
        category=theirs,
        amount=D("555.55"),
        payee="某",
        description="某",
    )
