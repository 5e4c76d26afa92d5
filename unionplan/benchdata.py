"""A synthetic federation for `make bench` and the query-budget tests, built fast with bulk_create.

`build(scale=1.0, unions=20, year=...)` makes `unions` unions whose largest has, at scale 1,
20,000 members, 2,000 activities with 10,000 sign-ups, 5,000 care visits, 240,000 dues rows
(twelve months up to the current one), 5,000 expenses, a 300-row approved plan, budget lines,
wage bases, income, hardship records, care occasions and a signed fund review of the first half.
The other unions are smaller (each about two thirds of the one before). Everything scales with
`scale`, so the tests build the same shape at a few hundred members.

Model hooks that bulk_create skips are done here by hand: Member.fill_derived, Activity's
year/month/end date, PlanItem's union; Dues' bulk_create keeps the month totals itself.

Logins (password BENCH_PASSWORD) exist only in the largest union: bench-chair, bench-committee,
bench-treasurer, bench-reviewer, bench-member, and bench-user-000… for the load test's members.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from activities.models import Activity, ActivityCategory, ActivitySeries, Audience, Signup
from funds.models import (
    BudgetLine,
    Dues,
    Expense,
    ExpenseCategory,
    FundReview,
    FundSettings,
    Income,
    ReviewSignature,
    WageBase,
)
from members.models import (
    CareEvent,
    CareReason,
    CareSettings,
    CareStandard,
    CareVisit,
    Department,
    HardshipRecord,
    Member,
    Union,
    UnionGroup,
)
from plans import editing, paste
from plans.models import AnnualPlan, PlanItem

BENCH_PASSWORD = "bench-password-2026"
LARGEST = 20_000  # members of the largest union at scale 1
SHRINK = 0.66  # each further union has about this share of the one before
ROLE_USERS = ["chair", "committee", "treasurer", "reviewer", "member"]
LOAD_USERS = 100

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许邓韩冯曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
GIVEN = ["丽", "红梅", "静", "敏", "燕", "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "芳", "玲", "婷",
         "志强", "建国", "建华", "国庆", "海涛", "晓东", "文博", "秀英", "桂兰", "淑华", "海燕", "佳怡", "浩然", "俊杰"]
DEPARTMENT_KINDS = ["生产车间", "设备科", "质检科", "销售部", "财务部", "行政部", "技术中心", "物流部", "后勤", "研发"]
ACTIVITY_WORDS = {
    "festival": ["元宵灯谜会", "三八妇女节座谈", "端午包粽子", "中秋游园", "重阳登高", "迎新春联欢"],
    "sports": ["职工篮球赛", "乒乓球赛", "羽毛球赛", "健步走", "拔河比赛", "趣味运动会"],
    "training": ["安全生产培训", "工会干部培训", "劳动法讲座", "技能培训", "心理健康讲座"],
    "meeting": ["工会委员会议", "工会小组长例会", "职代会筹备会", "经审委员会会议"],
    "care": ["送温暖慰问", "送清凉慰问", "困难职工走访", "退休职工座谈"],
    "health": ["职工体检", "女职工专项体检", "健康讲座"],
    "competition": ["劳动技能竞赛", "合理化建议评选", "岗位练兵"],
    "women": ["女职工插花", "亲子活动", "女职工读书会"],
    "other": ["读书分享会", "摄影展", "献血活动", "志愿服务"],
}
MONTH_WEIGHTS = [0.7, 0.8, 1.0, 1.0, 2.6, 1.0, 0.8, 0.7, 1.0, 1.0, 1.0, 1.2]  # May is the busiest month
SCHEDULE_MONTHS = "一二三四五六七八九十"


@dataclass
class UnionSize:
    members: int

    @property
    def activities(self):
        return max(self.members // 10, 12)

    @property
    def signups(self):
        return self.members // 2

    @property
    def visits(self):
        return self.members // 4

    @property
    def expenses(self):
        return max(self.members // 4, 10)

    @property
    def plan_items(self):
        return min(300, max(40, self.members // 10))


@dataclass
class Built:
    year: int
    unions: list = field(default_factory=list)  # Union, largest first
    largest: Union = None
    users: dict = field(default_factory=dict)  # role → username, in the largest union
    load_users: list = field(default_factory=list)  # usernames of plain members for the load test
    counts: dict = field(default_factory=dict)  # model name → rows in the largest union


def sizes(scale=1.0, unions=20):
    first = max(int(LARGEST * scale), 40)
    return [UnionSize(max(int(first * SHRINK**i), 30)) for i in range(unions)]


def build(scale=1.0, unions=20, year=None, log=None, load_users=LOAD_USERS, logins="bench"):
    """Build the federation; returns a `Built` naming the largest union and its logins (user names
    start with `logins`, so that a second federation can be built beside the first in a test)."""
    year = year or timezone.localdate().year
    log = log or (lambda message: None)
    built = Built(year=year)
    password = make_password(BENCH_PASSWORD)  # hashed once: 100 logins share it
    for i, size in enumerate(sizes(scale, unions)):
        rng = random.Random(1000 + i)
        with transaction.atomic():
            union = Union.objects.create(name=f"基准测试第{i + 1:02d}工会", kind=Union.Kind.ENTERPRISE)
            UnionBuilder(union, size, year, rng).build(
                password=password if i == 0 else None, load_users=load_users if i == 0 else 0, built=built,
                logins=logins,
            )
        built.unions.append(union)
        log(f"union {i + 1:2d}: {size.members:6d} members")
    built.largest = built.unions[0]
    built.counts = counts_of(built.largest)
    return built


def counts_of(union):
    return {
        model.__name__: model.objects.filter(union=union).count()
        for model in (Member, Activity, Signup, CareVisit, Dues, Expense, Income, WageBase, PlanItem, BudgetLine)
    }


class UnionBuilder:
    def __init__(self, union, size, year, rng):
        self.union, self.size, self.year, self.rng = union, size, year, rng
        today = timezone.localdate()
        # "Today" inside the bench year: the dashboard and the calendar see a year in progress.
        self.today = today if today.year == year else date(year, 11, 25)

    def build(self, password=None, load_users=0, built=None, logins="bench"):
        self.members()
        self.care()
        self.plan()
        self.activities()
        self.funds()
        if password:
            self.logins(password, load_users, built, logins)

    # -- members ------------------------------------------------------------------------------

    def members(self):
        rng, union, n = self.rng, self.union, self.size.members
        self.departments = Department.objects.bulk_create(
            Department(union=union, name=f"{DEPARTMENT_KINDS[i % 10]}{i // 10 + 1}", order=i)
            for i in range(max(3, n // 500))
        )
        group_count = max(2, n // 100)
        self.groups = UnionGroup.objects.bulk_create(
            [UnionGroup(union=union, name=f"第{i + 1}工会小组") for i in range(group_count)]
            + [UnionGroup(union=union, name="女职工委员会", kind=UnionGroup.Kind.WOMEN)]
        )
        positions = ["chair", "vice_chair", "treasurer", "reviewer", "reviewer"] + ["committee"] * 6
        members = []
        for i in range(n):
            gender = rng.choice("MF")
            born = date(1962, 1, 1) + timedelta(days=rng.randrange(40 * 365))
            joined = born + timedelta(days=rng.randrange(22 * 365, 30 * 365))
            joined = min(joined, self.today - timedelta(days=rng.randrange(1, 60)))
            roll = rng.random()
            status, retired_on, left_on = Member.Status.ACTIVE, None, None
            if i >= len(positions) + LOAD_USERS + 10:  # the logins stay active members
                if roll < 0.07:
                    status, retired_on = Member.Status.RETIRED, date(self.year - rng.randrange(0, 6), 6, 30)
                elif roll < 0.10:
                    status = Member.Status.LEFT
                    left_on = max(self.today - timedelta(days=rng.randrange(1, 700)), joined + timedelta(days=1))
            member = Member(
                union=union,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                gender=gender,
                employee_number=f"B{i + 1:06d}",
                department=self.departments[i % len(self.departments)],
                group=self.groups[i % group_count],
                birth_date=born,
                lunar_birthday=rng.random() < 0.2,
                phone=f"13{rng.randrange(10**8, 10**9)}",
                joined_on=joined,
                status=status,
                retired_on=retired_on,
                left_on=left_on,
                position=positions[i] if i < len(positions) else "",
            )
            member.fill_derived()
            members.append(member)
        self.all_members = Member.objects.bulk_create(members, batch_size=2000)
        self.current = [m for m in self.all_members if m.status != Member.Status.LEFT]
        self.committee = [m for m in self.all_members if m.position]
        leaders = {}
        for m in self.current:
            if not m.position:
                leaders.setdefault(m.group_id, m)
        for group in self.groups[:-1]:
            group.leader = leaders.get(group.pk)
        UnionGroup.objects.bulk_update(self.groups[:-1], ["leader"])

    # -- care ---------------------------------------------------------------------------------

    def care(self):
        rng, union = self.rng, self.union
        CareSettings.objects.create(union=union)
        CareStandard.objects.bulk_create(
            CareStandard(union=union, reason=reason, amount=Decimal(amount), gift=gift)
            for reason, amount, gift in [
                (CareReason.ILLNESS, "500", "慰问金"),
                (CareReason.BIRTHDAY, "100", "生日蛋糕券"),
                (CareReason.WARMTH, "800", "慰问金和米油"),
                (CareReason.COOLING, "200", "防暑用品"),
            ]
        )
        people = self.current
        hardship = HardshipRecord.objects.bulk_create(
            HardshipRecord(
                union=union,
                member=m,
                level=rng.choice(HardshipRecord.Level.values),
                reason=rng.choice(["本人患重病", "子女上学困难", "家属失业", "遭遇意外"]),
                since=min(date(self.year - rng.randrange(0, 3), rng.randrange(1, 13), 1), self.today),
            )
            for m in rng.sample(people, max(self.size.members // 100, 2))
        )
        events = CareEvent.objects.bulk_create(
            CareEvent(
                union=union,
                member=m,
                reason=rng.choice([r.value for r in (CareReason.ILLNESS, CareReason.WEDDING, CareReason.CHILDBIRTH)]),
                occurred_on=self.today - timedelta(days=rng.randrange(0, 300)),
            )
            for m in rng.sample(people, max(self.size.members // 200, 2))
        )
        reasons = [r.value for r in CareReason]
        days = (self.today - date(self.year, 1, 1)).days + 1  # 1 January counts: never an empty range
        answered = events[: len(events) // 2]  # half the occasions were answered by a visit
        visits = []
        for i in range(self.size.visits):
            event = None
            if i < len(answered):
                event = answered[i]
                member, reason = event.member, event.reason
            elif i < len(answered) + len(hardship) * 2:
                member, reason = hardship[i % len(hardship)].member, CareReason.WARMTH
            else:
                member, reason = rng.choice(people), rng.choice(reasons)
            visits.append(
                CareVisit(
                    union=union,
                    member=member,
                    date=date(self.year, 1, 1) + timedelta(days=rng.randrange(days)),
                    reason=reason,
                    gift="慰问品",
                    amount=Decimal(rng.choice(["100.00", "200.00", "500.00", "800.00"])),
                    event=event,
                )
            )
        self.visits = CareVisit.objects.bulk_create(visits, batch_size=2000)
        through = CareVisit.visitors.through
        through.objects.bulk_create(
            (through(carevisit_id=v.pk, member_id=rng.choice(self.committee).pk) for v in self.visits),
            batch_size=5000,
        )

    # -- plan ---------------------------------------------------------------------------------

    def plan_text(self):
        """A plan in the pasted outline format: parts, sections, items and a month schedule."""
        rows, budget = [], self.size.plan_items
        schedule_items = min(60, budget // 4)
        work = budget - schedule_items - 13  # parts and month headings
        lines = ["一、指导思想", "以习近平新时代中国特色社会主义思想为指导，围绕中心、服务大局。"]
        parts = ["民主管理", "素质建设", "生活保障", "女职工工作", "文体活动", "经费管理", "自身建设"]
        per_part = max(work // len(parts), 2)
        for p, name in enumerate(parts):
            lines.append(f"{SCHEDULE_MONTHS[p + 1]}、{name}工作")
            sections = 3
            for s in range(sections):
                lines.append(f"（{SCHEDULE_MONTHS[s]}）{name}第{s + 1}项重点")
                for k in range(max(per_part // sections, 1)):
                    lines.append(f"{k + 1}、做好{name}的第{s + 1}.{k + 1}项工作。落实责任，按时完成，年底总结。")
        lines.append("九、具体安排")
        per_month = max(schedule_items // 11, 1)
        for m in range(2, 13):
            lines.append(f"{_month_name(m)}份")
            for k in range(per_month):
                lines.append(f"{k + 1}、{_month_name(m)}第{k + 1}项安排。")
        rows.extend(lines)
        return "\n".join(rows)

    def plan(self):
        rng = self.rng
        plan = editing.build_plan(
            self.union, self.year, paste.parse(self.plan_text()), None, title=f"{self.union.name}{self.year}年工作计划"
        )
        AnnualPlan.objects.filter(pk=plan.pk).update(
            status=AnnualPlan.Status.APPROVED,
            approved_by=self.committee[0],
            approved_at=timezone.make_aware(datetime(self.year, 2, 26, 10)),
            approval_body=AnnualPlan.ApprovalBody.CONGRESS,
        )
        items = list(plan.items.all())
        for item in items:
            if item.level == PlanItem.Level.ITEM:
                item.owner = rng.choice(self.committee)
                item.due_month = item.month or rng.randrange(1, 13)
                item.status = rng.choice(PlanItem.Status.values)
                if item.status == PlanItem.Status.DONE:
                    item.outcome = "已按计划完成。"
                    item.done_on = date(self.year, item.due_month, 20)
                elif item.status == PlanItem.Status.IN_PROGRESS:
                    item.progress_note = "正在推进。"
        PlanItem.objects.bulk_update(items, ["owner", "due_month", "status", "outcome", "done_on", "progress_note"])
        self.plan_items = [i for i in items if i.level == PlanItem.Level.ITEM]

    # -- activities ---------------------------------------------------------------------------

    def activities(self):
        rng, union, year = self.rng, self.union, self.year
        categories = ActivityCategory.ensure_defaults(union)
        series = ActivitySeries.objects.create(
            union=union, title="工会委员会例会", category=categories["meeting"], rule="FREQ=MONTHLY;BYDAY=1MO",
            first_date=date(year, 1, 1), last_date=date(year, 12, 31), start_time=time(16), location="会议室",
            audience=Audience.COMMITTEE,
        )
        total, weights = self.size.activities, MONTH_WEIGHTS
        per_month = [int(total * w / sum(weights)) for w in weights]
        per_month[4] += total - sum(per_month)
        rows = []
        for month, count in enumerate(per_month, start=1):
            days = (date(year + (month == 12), month % 12 + 1, 1) - date(year, month, 1)).days
            for k in range(count):
                key = rng.choice(list(ACTIVITY_WORDS))
                dated = rng.random() < 0.92
                start = date(year, month, rng.randrange(1, days + 1)) if dated else None
                end = start + timedelta(days=rng.choice([0] * 18 + [1, 2])) if dated else None
                past = dated and end < self.today
                audience = rng.choices(
                    [Audience.EVERYONE, Audience.WOMEN, Audience.GROUP, Audience.COMMITTEE], [80, 10, 5, 5]
                )[0]
                status = (
                    Activity.Status.CANCELLED if rng.random() < 0.04
                    else Activity.Status.DONE if past
                    else rng.choice([Activity.Status.PLANNED, Activity.Status.CONFIRMED])
                )
                rows.append(
                    Activity(
                        union=union,
                        title=f"{rng.choice(ACTIVITY_WORDS[key])}（{month}月第{k + 1}场）",
                        category=categories[key],
                        year=year,
                        month=month,
                        start_date=start,
                        end_date=end,
                        start_time=time(rng.choice([9, 14, 15, 19])) if dated and rng.random() < 0.7 else None,
                        location=rng.choice(["职工之家", "体育馆", "多功能厅", "会议室", "厂区广场"]),
                        organiser=rng.choice(self.committee),
                        audience=audience,
                        audience_group=rng.choice(self.groups) if audience == Audience.GROUP else None,
                        status=status,
                        capacity=rng.choice([None, None, 30, 50, 100, 200]),
                        signup_open=dated and rng.random() < 0.4,
                        budget=Decimal(rng.choice(["500", "2000", "5000"])) if rng.random() < 0.3 else None,
                        attendance=rng.randrange(10, 200) if status == Activity.Status.DONE else None,
                        outcome="活动圆满完成，职工反响热烈。" if status == Activity.Status.DONE and k % 3 == 0 else "",
                        plan_item=self.plan_items[k % len(self.plan_items)] if k % 10 == 0 else None,
                        series=series if k == 0 and dated else None,
                        occurrence_date=start if k == 0 and dated else None,
                    )
                )
        self.activity_rows = Activity.objects.bulk_create(rows, batch_size=2000)
        self.signups(self.activity_rows)

    def signups(self, activities):
        rng, union = self.rng, self.union
        open_ones = [a for a in activities if a.signup_open and a.audience == Audience.EVERYONE]
        if not open_ones:
            return
        active = [m for m in self.current if m.status == Member.Status.ACTIVE]
        taken, rows = {}, []
        per_activity = -(-self.size.signups // len(open_ones))  # rounded up
        for activity in open_ones:
            room = activity.capacity or per_activity * 2
            chosen = rng.sample(active, min(len(active), per_activity, room))
            taken[activity.pk] = len(chosen)
            done = activity.status == Activity.Status.DONE
            rows.extend(
                Signup(union=union, activity=activity, member=m, attended=done and rng.random() < 0.85)
                for m in chosen
            )
        Signup.objects.bulk_create(rows[: self.size.signups], batch_size=5000)

    # -- funds --------------------------------------------------------------------------------

    def funds(self):
        rng, union, year, today = self.rng, self.union, self.year, self.today
        settings = FundSettings.for_union(union)
        settings.exempt_statuses = []  # this union's retirees pay dues too: twelve rows a member
        settings.save(update_fields=["exempt_statuses"])
        categories = list(ExpenseCategory.objects.for_union(union).order_by("order"))
        wages = {m.pk: Decimal(rng.randrange(30, 150) * 100) for m in self.all_members}
        WageBase.objects.bulk_create(
            (WageBase(union=union, member_id=pk, year=year, amount=amount) for pk, amount in wages.items()),
            batch_size=5000,
        )
        # Twelve months of dues up to the current one: December of last year to this month.
        months = [(today.year - 1 + (today.month + k) // 12, (today.month + k) % 12 + 1) for k in range(12)]
        rate = settings.dues_rate
        dues = []
        for y, m in months:
            current = (y, m) == (today.year, today.month)
            for member in self.all_members:
                paid = rng.random() < (0.6 if current else 0.97)
                base = wages[member.pk]
                paid_on = date(y, m, 15) if paid else None
                if paid_on and paid_on > today:
                    paid_on = today
                dues.append(
                    Dues(
                        union=union, member_id=member.pk, year=y, month=m, wage_base=base, rate=rate,
                        amount=settings.dues_for(base), paid_on=paid_on, method="payroll" if paid else "",
                    )
                )
        Dues.objects.bulk_create(dues, batch_size=5000)
        days = (today - date(year, 1, 1)).days + 1
        done = [a for a in self.activity_rows if a.status == Activity.Status.DONE]
        Expense.objects.bulk_create(
            (
                Expense(
                    union=union,
                    date=date(year, 1, 1) + timedelta(days=rng.randrange(days)),
                    category=categories[i % len(categories)],
                    amount=Decimal(rng.randrange(100, 500000)) / 100,
                    payee=rng.choice(["超市", "体育用品店", "培训中心", "印刷厂", "酒店"]),
                    description=f"支出第{i + 1}笔",
                    receipt_number=f"F{i + 1:06d}",
                    activity=done[i % len(done)] if done and i % 4 == 0 else None,
                    care_visit=self.visits[i % len(self.visits)] if self.visits and i % 4 == 1 else None,
                )
                for i in range(self.size.expenses)
            ),
            batch_size=5000,
        )
        Income.objects.bulk_create(
            Income(
                union=union,
                date=date(year, 1, 1) + timedelta(days=rng.randrange(days)),
                source=rng.choice(Income.Source.values),
                amount=Decimal(rng.randrange(1000, 100000)),
                payer="上级工会",
            )
            for _ in range(max(self.size.members // 100, 4))
        )
        spent_per_category = self.size.expenses * Decimal("2500") / len(categories)
        BudgetLine.objects.bulk_create(
            BudgetLine(
                union=union, year=year, category=c, amount=spent_per_category.quantize(Decimal("1")),
                approved_at=timezone.make_aware(datetime(year, 1, 20, 9)),
            )
            for c in categories
        )
        reviewers = [m for m in self.committee if m.position == Member.Position.REVIEWER]
        review = FundReview.objects.create(
            union=union, year=year, kind=FundReview.Kind.FIRST_HALF, reviewed_on=date(year, 7, 20),
            findings="账目清楚，票据齐全。", conclusion=FundReview.Conclusion.PASSED,
            status=FundReview.Status.SIGNED, signed_at=timezone.make_aware(datetime(year, 7, 20, 15)),
        )
        review.reviewers.set(reviewers)
        ReviewSignature.objects.bulk_create(ReviewSignature(union=union, review=review, member=m) for m in reviewers)

    # -- logins -------------------------------------------------------------------------------

    def logins(self, password, load_users, built, prefix):
        User = get_user_model()
        by_position = {}
        for m in self.committee:
            by_position.setdefault(m.position, m)
        plain = [m for m in self.current if not m.position and m.status == Member.Status.ACTIVE]
        holders = {
            "chair": by_position["chair"],
            "committee": by_position["committee"],
            "treasurer": by_position["treasurer"],
            "reviewer": by_position["reviewer"],
            "member": plain[0],
        }
        load_members = plain[1 : 1 + load_users]
        wanted = [(f"{prefix}-{role}", role, m) for role, m in holders.items()]
        wanted += [(f"{prefix}-user-{i:03d}", "member", m) for i, m in enumerate(load_members)]
        users = User.objects.bulk_create(User(username=name, password=password) for name, _role, _m in wanted)
        groups = {g.name: g for g in Group.objects.filter(name__in=ROLE_USERS)}
        through = User.groups.through
        through.objects.bulk_create(through(user_id=u.pk, group_id=groups[role].pk) for u, (_n, role, _m) in
                                    zip(users, wanted, strict=True))
        for user, (_name, _role, member) in zip(users, wanted, strict=True):
            member.user = user
        Member.objects.bulk_update([m for _n, _r, m in wanted], ["user"])
        built.users = {role: f"{prefix}-{role}" for role in holders}
        built.load_users = [name for name, _r, _m in wanted[len(holders):]]


def _month_name(month):
    names = ["", "一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"]
    return names[month]


# -- the higher-level union's roll-up (federation/) ------------------------------------------------

FEDERATION_NAME = "基准测试区总工会"


def build_federation(unions=200, members=100_000, year=None, log=None, logins="bench"):
    """A district federation above `unions` unions holding `members` members in all, two levels deep
    (a tenth of them street federations, each above its share of the rest), with the figures the
    roll-up reads: employees, members (some women, retired, migrant workers, new this year), hardship
    records, activities, dues month totals, expenses and plans. The login `<logins>-federation`
    (password BENCH_PASSWORD) belongs to the federation. Returns the federation's Union."""
    from federation.rollup import RETIRED  # noqa: F401  (the app must be installed for the scene)
    from funds.models import DuesMonthTotal
    from members.models import Workforce

    year = year or timezone.localdate().year
    log = log or (lambda message: None)
    rng = random.Random(2026)
    with transaction.atomic():
        top = Union.objects.create(name=FEDERATION_NAME, kind=Union.Kind.STREET)
        streets = Union.objects.bulk_create(
            Union(name=f"基准测试第{i + 1:02d}街道总工会", kind=Union.Kind.STREET, parent=top)
            for i in range(max(1, unions // 10))
        )
        rest = unions - len(streets)
        below = Union.objects.bulk_create(
            Union(name=f"基准测试街道企业工会{i + 1:03d}", kind=rng.choice([Union.Kind.ENTERPRISE, Union.Kind.SCHOOL]),
                  parent=streets[i % len(streets)], founded_on=date(year if i % 25 == 0 else 2010, 3, 1))
            for i in range(rest)
        )
    everyone = streets + below
    weights = [rng.uniform(0.2, 1.8) for _ in everyone]
    scale = members / sum(weights)
    for n, union in enumerate(everyone):
        with transaction.atomic():
            _federation_union(union, max(5, round(weights[n] * scale)), year, rng, DuesMonthTotal, Workforce)
        if n % 50 == 49:
            log(f"federation: {n + 1} unions")
    user = get_user_model().objects.create(username=f"{logins}-federation", password=make_password(BENCH_PASSWORD))
    user.groups.add(Group.objects.get(name="federation"))
    Member.objects.create(union=top, name="区总工会干事", gender="F", employee_number="F0001", user=user)
    log(f"federation: {len(everyone)} unions, {Member.objects.filter(union__in=everyone).count()} members")
    return top


def _federation_union(union, count, year, rng, DuesMonthTotal, Workforce):
    people = []
    for i in range(count):
        joined = date(year, rng.randint(1, 11), 1) if rng.random() < 0.06 else date(rng.randint(1995, year - 1), 7, 1)
        roll = rng.random()
        status = Member.Status.RETIRED if roll < 0.06 else Member.Status.LEFT if roll < 0.08 else Member.Status.ACTIVE
        member = Member(
            union=union, name=rng.choice(SURNAMES) + rng.choice(GIVEN), gender=rng.choice("MF"),
            employee_number=f"F{i + 1:06d}", joined_on=joined, status=status,
            left_on=date(year - 1, 6, 30) if status == Member.Status.LEFT else None,
            migrant_worker=rng.random() < 0.15,
        )
        member.fill_derived()
        people.append(member)
    people = Member.objects.bulk_create(people, batch_size=2000)
    Workforce.objects.create(union=union, year=year, employees=round(count * rng.uniform(1.0, 1.4)))
    HardshipRecord.objects.bulk_create(
        HardshipRecord(union=union, member=m, reason="家庭困难", since=date(year - 1, 1, 1))
        for m in people[: max(1, count // 100)]
    )
    category = ActivityCategory.objects.create(union=union, name="文体活动", colour="blue")
    Activity.objects.bulk_create(
        Activity(union=union, category=category, title=f"活动{m}", start_date=date(year, m, 10),
                 end_date=date(year, m, 10), year=year, month=m, status=Activity.Status.DONE,
                 attendance=rng.randint(10, max(11, count // 2)))
        for m in range(1, 11)
    )
    DuesMonthTotal.objects.bulk_create(
        DuesMonthTotal(union=union, year=year, month=m, rows=count, expected=Decimal(count * 30),
                       collected=Decimal(count * 28), arrears=Decimal(count * 2))
        for m in range(1, 12)
    )
    account = ExpenseCategory.objects.create(union=union, name="职工活动", account="activities")
    Expense.objects.bulk_create(
        Expense(union=union, category=account, date=date(year, m, 15), amount=Decimal(rng.randint(500, 20000)),
                payee="供应商", description="活动用品")
        for m in range(1, 11)
    )
    AnnualPlan.objects.create(union=union, year=year, title=f"{union.name}{year}年工作计划",
                              status=rng.choice(list(AnnualPlan.Status.values)))
