"""factory-boy factories for every model; each app's factories live here, in dependency order."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from members.models import Department, Member, Union, UnionGroup


class UnionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Union

    name = factory.Sequence(lambda n: f"第{n + 1}工会")
    kind = Union.Kind.ENTERPRISE


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"部门{n + 1}")


class UnionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnionGroup

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"工会小组{n + 1}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests-1")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"会员{n + 1}")
    gender = Member.Gender.FEMALE
    employee_number = factory.Sequence(lambda n: f"E{n + 1:05d}")
    status = Member.Status.ACTIVE


def bulk_create_members(members, **kwargs):
    """Member.objects.bulk_create with what Member.save() would derive (the pinyin sort key, the
    lunar birth date) filled in first, as every bulk save of members must."""
    members = list(members)
    for member in members:
        member.fill_derived()
    return Member.objects.bulk_create(members, **kwargs)


# --- members: care --------------------------------------------------------------------------------

from datetime import date as _member_date  # noqa: E402

from members.models import CareEvent, CareReason, CareVisit, HardshipRecord  # noqa: E402


class HardshipRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HardshipRecord

    union = factory.SubFactory(UnionFactory)
    member = factory.SubFactory(MemberFactory, union=factory.SelfAttribute("..union"))
    level = HardshipRecord.Level.GENERAL
    reason = "配偶重病"
    since = _member_date(2025, 1, 1)


class CareEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareEvent

    union = factory.SubFactory(UnionFactory)
    member = factory.SubFactory(MemberFactory, union=factory.SelfAttribute("..union"))
    reason = CareReason.ILLNESS
    occurred_on = _member_date(2026, 3, 2)


class CareVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareVisit

    union = factory.SubFactory(UnionFactory)
    member = factory.SubFactory(MemberFactory, union=factory.SelfAttribute("..union"))
    date = _member_date(2026, 3, 5)
    reason = CareReason.ILLNESS
    gift = "水果"


# --- plans -------------------------------------------------------------------------------------

from plans.models import AnnualPlan, PlanItem  # noqa: E402


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    union = factory.SubFactory(UnionFactory)
    year = 2026
    title = factory.LazyAttribute(lambda plan: f"{plan.union.name}{plan.year}年工作计划")
    status = AnnualPlan.Status.DRAFT


class PlanItemFactory(factory.django.DjangoModelFactory):
    """A row of a plan's outline; `position` follows creation order unless given."""

    class Meta:
        model = PlanItem

    plan = factory.SubFactory(AnnualPlanFactory)
    union = factory.SelfAttribute("plan.union")
    position = factory.Sequence(lambda n: n)
    level = PlanItem.Level.ITEM
    title = factory.Sequence(lambda n: f"工作事项{n + 1}")


# --- activities --------------------------------------------------------------------------------

from datetime import date as _activity_date  # noqa: E402

from activities.models import Activity, ActivityCategory, ActivitySeries, Signup  # noqa: E402


class ActivityCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityCategory

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"类别{n + 1}")
    colour = "blue"


class ActivityFactory(factory.django.DjangoModelFactory):
    """A dated, all-day activity for everyone; pass start_date=None with year/month for a month-only one."""

    class Meta:
        model = Activity

    union = factory.SubFactory(UnionFactory)
    category = factory.SubFactory(ActivityCategoryFactory, union=factory.SelfAttribute("..union"))
    title = factory.Sequence(lambda n: f"活动{n + 1}")
    start_date = _activity_date(2026, 3, 10)
    year = factory.LazyAttribute(lambda a: a.start_date.year if a.start_date else 2026)
    month = factory.LazyAttribute(lambda a: a.start_date.month if a.start_date else 1)


class SignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signup

    activity = factory.SubFactory(ActivityFactory)
    union = factory.SelfAttribute("activity.union")
    member = factory.SubFactory(MemberFactory, union=factory.SelfAttribute("..activity.union"))


class ActivitySeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivitySeries

    union = factory.SubFactory(UnionFactory)
    category = factory.SubFactory(ActivityCategoryFactory, union=factory.SelfAttribute("..union"))
    title = factory.Sequence(lambda n: f"周期活动{n + 1}")
    rule = "FREQ=MONTHLY;BYDAY=1MO"
    first_date = _activity_date(2026, 1, 1)
    last_date = _activity_date(2026, 12, 31)


# --- funds -------------------------------------------------------------------------------------

from datetime import date as _date  # noqa: E402
from decimal import Decimal as _Decimal  # noqa: E402

from funds.models import BudgetLine, Dues, Expense, ExpenseCategory, FundReview, Income, WageBase  # noqa: E402


class ExpenseCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpenseCategory
        django_get_or_create = ("union", "name")

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"支出科目{n + 1}")


class WageBaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WageBase

    member = factory.SubFactory(MemberFactory)
    union = factory.SelfAttribute("member.union")
    year = 2026
    from_month = 1
    amount = _Decimal("5000.00")


class DuesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dues

    member = factory.SubFactory(MemberFactory)
    union = factory.SelfAttribute("member.union")
    year = 2026
    month = 1
    wage_base = _Decimal("5000.00")
    rate = _Decimal("0.50")
    amount = _Decimal("25.00")


class IncomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Income

    union = factory.SubFactory(UnionFactory)
    date = _date(2026, 3, 1)
    source = Income.Source.ALLOCATED
    amount = _Decimal("1000.00")
    payer = "学校财务处"


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    union = factory.SubFactory(UnionFactory)
    category = factory.SubFactory(ExpenseCategoryFactory, union=factory.SelfAttribute("..union"))
    year = 2026
    amount = _Decimal("10000.00")


class ExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expense

    union = factory.SubFactory(UnionFactory)
    category = factory.SubFactory(ExpenseCategoryFactory, union=factory.SelfAttribute("..union"))
    date = _date(2026, 3, 8)
    amount = _Decimal("100.00")
    payee = "超市"
    description = "三八节慰问品"


class FundReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundReview

    union = factory.SubFactory(UnionFactory)
    year = 2026
    kind = FundReview.Kind.FIRST_HALF
    start = _date(2026, 1, 1)
    end = _date(2026, 6, 30)
    reviewed_on = _date(2026, 7, 10)
    findings = "账目清楚，单据齐全。"
    conclusion = FundReview.Conclusion.PASSED


# --- congress: sessions, representatives, proposals -------------------------------------------------

from congress.models import Congress, Delegation, Proposal, Representative  # noqa: E402


class CongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Congress

    union = factory.SubFactory(UnionFactory)
    kind = Congress.Kind.TEACHERS
    term = 9
    session = factory.Sequence(lambda n: n + 1)
    starts_on = _date(2026, 3, 20)
    place = "学术报告厅"
    status = Congress.Status.IN_SESSION
    cosigners_required = 2


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    congress = factory.SubFactory(CongressFactory)
    union = factory.SelfAttribute("congress.union")
    name = factory.Sequence(lambda n: f"第{n + 1}代表团")


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    congress = factory.SubFactory(CongressFactory)
    union = factory.SelfAttribute("congress.union")
    member = factory.SubFactory(MemberFactory, union=factory.SelfAttribute("..union"))
    term_starts_on = _date(2026, 1, 1)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    proposer = factory.SubFactory(RepresentativeFactory)
    congress = factory.SelfAttribute("proposer.congress")
    union = factory.SelfAttribute("proposer.union")
    title = factory.Sequence(lambda n: f"关于改善教师午餐条件的提案{n + 1}")
    reason = "食堂菜品单一，排队时间长。"
    measures = "增加窗口，每周公布菜谱。"


# --- congress: ballots and polls -----------------------------------------------------------------

from congress.models import Ballot  # noqa: E402


class BallotFactory(factory.django.DjangoModelFactory):
    """A draft ballot; congress.ballots.add_questions gives it questions, open_ballot opens it."""

    class Meta:
        model = Ballot

    union = factory.SubFactory(UnionFactory)
    kind = Ballot.Kind.EVALUATION
    title = factory.Sequence(lambda n: f"2026年度领导班子民主测评{n + 1}")
    audience = Ballot.Audience.ALL


# --- congress: notices --------------------------------------------------------------------------

from congress.models import Notice  # noqa: E402


class NoticeFactory(factory.django.DjangoModelFactory):
    """A draft notice for all members; congress.notices.publish publishes it."""

    class Meta:
        model = Notice

    union = factory.SubFactory(UnionFactory)
    category = Notice.Category.UNIT_AFFAIRS
    title = factory.Sequence(lambda n: f"关于2026年度教职工绩效工资分配方案的公示{n + 1}")
    body = "经教代会审议通过，现将方案予以公示。"
    audience = Notice.Audience.ALL
    publicity_starts_on = _date(2026, 12, 1)
    publicity_ends_on = _date(2026, 12, 10)
