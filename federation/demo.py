"""Demo data for the higher-level union: a district's education union (教育工会) above the demo school and
four more school unions of different sizes, with their employees, so that /federation/ shows real
figures; the login `federation` for the education union. Idempotent: what exists is left as it is."""

import random
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from activities.models import Activity, ActivityCategory
from federation import handup_demo
from funds.allocation import new_allocation
from funds.dues import generate_dues, mark_paid
from funds.models import Allocation, Dues, Expense, ExpenseCategory, FundSettings, Income, WageBase
from members.demo import GIVEN_FEMALE, GIVEN_MALE, SURNAMES
from members.history import save_recorded
from members.models import Member, Union, Workforce
from members.roles import FEDERATION

EDUCATION_UNION = "长沙市天心区教育工会"
USERNAME = "federation"

# name, members, share of women, migrant workers (canteen, security, cleaning: 农民工 on contract),
# retirees still in the union, founded, employees ÷ members (a union rarely enrols every employee)
SCHOOLS = [
    ("天心区第一小学教职工工会", 148, 0.78, 6, 12, date(1985, 9, 1), 1.06),
    ("天心区实验小学教职工工会", 92, 0.74, 4, 6, date(1998, 3, 1), 1.12),
    ("天心区育才中学教职工工会", 61, 0.58, 3, 9, date(2003, 9, 1), 1.18),
    ("天心区第三幼儿园教职工工会", 34, 0.94, 2, 0, None, 1.35),  # founded this year: see seed()
]
STAFF = [("周晓东", "M"), ("蒋丽", "F"), ("贺文博", "M"), ("曾海燕", "F"), ("邓秀英", "F"), ("罗俊杰", "M")]
DEMO_SCHOOL_EMPLOYEES = 86  # the demo school's 80 members are most of its staff
MIGRANT_AT_DEMO_SCHOOL = ["T0071", "T0072"]  # canteen and security staff in 行政后勤


def seed(school, year, today):
    """The education union above `school` (the demo school union), its four other schools and the login."""
    rng = random.Random(20)
    education, _ = Union.objects.get_or_create(
        name=EDUCATION_UNION, defaults={"kind": Union.Kind.EDUCATION, "founded_on": date(1987, 5, 1)}
    )
    if school.parent_id != education.pk or school.founded_on is None:
        # Founded long ago: without a date the roll-up would count it new in the year its row was made.
        school.parent, school.founded_on = education, school.founded_on or date(1984, 9, 10)
        school.save(update_fields=["parent", "founded_on"])
    Member.objects.filter(union=school, employee_number__in=MIGRANT_AT_DEMO_SCHOOL, migrant_worker=False).update(
        migrant_worker=True
    )
    Workforce.objects.get_or_create(union=school, year=year, defaults={"employees": DEMO_SCHOOL_EMPLOYEES})
    _people(education, [(name, gender, Member.Status.ACTIVE, False, date(2010, 9, 1)) for name, gender in STAFF])
    Workforce.objects.get_or_create(union=education, year=year, defaults={"employees": len(STAFF)})
    for name, count, women, migrant, retired, founded, ratio in SCHOOLS:
        union, created = Union.objects.get_or_create(
            name=name, defaults={"kind": Union.Kind.SCHOOL, "parent": education,
                                 "founded_on": founded or date(year, 4, 18)},
        )
        if created or not Member.objects.filter(union=union).exists():
            _people(union, _roster(rng, count, women, migrant, retired, year, new_union=founded is None))
        Workforce.objects.get_or_create(union=union, year=year, defaults={"employees": round(count * ratio)})
        _activities(rng, union, year, today, count)
        _money(rng, union, year, today, ratio)
    _login(education)
    # 上报: three schools have handed up their plans (accepted, sent back, waiting), a deadline set
    handup_demo.seed(education, year, today, get_user_model().objects.get(username=USERNAME))
    return education


def _roster(rng, count, women, migrant, retired, year, new_union):
    """(name, gender, status, migrant worker, joined on) of a school's members: the last `retired` retired;
    in a union founded this year everyone joined this year, elsewhere a few did."""
    people = []
    for n in range(count):
        gender = "F" if rng.random() < women else "M"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_FEMALE if gender == "F" else GIVEN_MALE)
        status = Member.Status.RETIRED if n >= count - retired else Member.Status.ACTIVE
        if new_union:
            joined = date(year, 4, 18)
        elif n % 12 == 5:
            joined = date(year, 9, 1)  # new teachers of the school year
        else:
            joined = date(rng.randint(1990, year - 1), 9, 1)
        people.append((name, gender, status, n < migrant, joined))
    return people


def _people(union, people):
    """Members of `union` in one bulk insert, numbered D0001…; none added where the union has members."""
    if Member.objects.filter(union=union).exists():
        return
    members = [
        Member(union=union, name=name, gender=gender, status=status, migrant_worker=migrant, joined_on=joined,
               employee_number=f"D{n + 1:04d}")
        for n, (name, gender, status, migrant, joined) in enumerate(people)
    ]
    for member in members:
        member.fill_derived()
    Member.objects.bulk_create(members)


ACTIVITIES = [("元旦迎新长跑", 1), ("三八节女教职工活动", 3), ("教职工趣味运动会", 5), ("教师节表彰", 9),
              ("教职工合唱比赛", 11)]


def _activities(rng, union, year, today, members):
    """The school's few activities of the year: held (with attendance and an outcome) before today."""
    if Activity.objects.filter(union=union, year=year).exists():
        return
    category, _ = ActivityCategory.objects.get_or_create(union=union, name="文体活动", defaults={"colour": "blue"})
    rows = []
    for title, month in ACTIVITIES:
        day = date(year, month, 15)
        held = day <= today
        rows.append(Activity(
            union=union, category=category, title=title, start_date=day, year=year, month=month,
            status=Activity.Status.DONE if held else Activity.Status.PLANNED,
            attendance=round(members * rng.uniform(0.5, 0.9)) if held else None,
            outcome="活动按计划开展。" if held else "",
        ))
    Activity.objects.bulk_create(rows)


def _money(rng, union, year, today, ratio):
    """The school's books of the year up to today, so that the roll-up's dues, allocation and spending are
    figures: wage bases, the dues deducted from the payroll on the 15th (a member behind this month), the
    2% allocation paid on the 25th with its kept part as income, and the year's few expenses. Recorded by
    no user: the demo has no treasurer there. Nothing is added where the school has dues of the year."""
    if year > today.year or Dues.objects.for_union(union).filter(year=year).exists():
        return
    FundSettings.for_union(union)
    payers = Member.objects.for_union(union).current().exclude(status=Member.Status.RETIRED).order_by("employee_number")
    bases = [WageBase(union=union, member=member, year=year, amount=Decimal(rng.randrange(4200, 8800, 10)))
             for member in payers]
    if not bases:
        return
    WageBase.objects.bulk_create(bases)
    founded = union.founded_on if union.founded_on and union.founded_on.year == year else date(year, 1, 1)
    months = range(founded.month, (today.month if year == today.year else 12) + 1)
    generate_dues(union, year, months, by=None)
    behind = bases[len(bases) // 2].member_id
    for month in months:
        paid_on = date(year, month, 15)
        if paid_on <= today:
            unpaid = Dues.objects.for_union(union).unpaid().filter(year=year, month=month)
            if month == today.month and year == today.year:
                unpaid = unpaid.exclude(member_id=behind)
            mark_paid(union, list(unpaid.values_list("pk", flat=True)), paid_on, Dues.Method.PAYROLL, by=None)
    # The employer pays 2% of the whole staff's payroll, not only the members'.
    payroll = (sum(b.amount for b in bases) * Decimal(str(ratio))).quantize(Decimal("100"))
    for month in months:
        paid_on = date(year, month, 25)
        if paid_on > today:
            break
        allocation = new_allocation(union, year, Allocation.Period.MONTH, month)
        allocation.payroll = payroll
        allocation.compute()
        allocation.paid, allocation.paid_on = allocation.due, paid_on
        save_recorded(allocation, None)
        save_recorded(Income(union=union, date=paid_on, source=Income.Source.ALLOCATED, amount=allocation.kept,
                             payer="学校财务处", description=f"{month}月拨缴经费（留成部分）"), None)
    categories = {c.name: c for c in ExpenseCategory.objects.for_union(union)}
    spending = [(Decimal(a.attendance) * 40, "职工活动支出", a.start_date, f"{a.title}活动经费", "学校食堂及文体用品店")
                for a in Activity.objects.for_union(union).filter(year=year, status=Activity.Status.DONE)]
    spending += [(Decimal(len(bases)) * 200, "维权支出", date(year, 1, 20), "春节送温暖慰问品", "步步高超市"),
                 (Decimal("1600.00"), "业务支出", date(year, 6, 18), "工会干部培训费", EDUCATION_UNION)]
    for amount, category, day, description, payee in spending:
        if founded <= day <= today:
            save_recorded(Expense(union=union, date=day, category=categories[category], amount=amount,
                                  description=description, payee=payee), None)


def _login(education):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=USERNAME, defaults={"first_name": STAFF[0][0]})
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    member = Member.objects.get(union=education, employee_number="D0001")
    if member.user_id != user.pk:
        member.user = user
        member.save(update_fields=["user"])
    user.groups.set([Group.objects.get(name=FEDERATION)])
