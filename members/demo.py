"""Demo data for the union itself: a school's teachers' union modelled on reference plan 7."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from members.birthdays import birthdays_of
from members.care import lantern_festival
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
from members.retirement import born_between_for_retirement_in, reaches_age_on
from members.roles import POSITION_ROLES

UNION_NAME = "长沙市第七中学教职工工会"

DEPARTMENTS = ["语文组", "数学组", "英语组", "理化生组", "政史地组", "艺体组", "行政后勤", "退休"]

# Union groups and the departments whose members they hold.
GROUPS = {
    "文科工会小组": ["语文组", "英语组", "政史地组"],
    "理科工会小组": ["数学组", "理化生组"],
    "艺体后勤工会小组": ["艺体组", "行政后勤"],
    "退休教师小组": ["退休"],
}

SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许邓韩冯曹彭曾萧田董潘袁蔡蒋"
    "余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛"
    "尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_FEMALE = (
    "丽 红梅 静 敏 燕 艳 娟 霞 芳 玲 婷 雪 慧 琳 晓燕 秀英 "
    "桂兰 淑华 海燕 佳怡 雨欣 思琪 欣怡 文静 丹 颖 倩 晶 露 莉"
).split()
GIVEN_MALE = (
    "伟 强 磊 军 洋 勇 杰 涛 明 超 刚 平 辉 鹏 华 飞 "
    "志强 建国 建华 国庆 海涛 晓东 文博 宇航 子豪 浩然 俊杰 立新 永红 振华"
).split()

# The five demo logins: username, name, gender, department, position.
DEMO_USERS = [
    ("chair", "王建国", "M", "行政后勤", Member.Position.CHAIR),
    ("committee", "李红梅", "F", "语文组", Member.Position.COMMITTEE),
    ("treasurer", "张丽", "F", "行政后勤", Member.Position.TREASURER),
    ("reviewer", "陈志强", "M", "数学组", Member.Position.REVIEWER),
    ("member", "刘洋", "M", "英语组", Member.Position.NONE),
]

MEMBER_COUNT = 80
MONTH_ONLY = (25, 26)  # members whose birth date is known only to the month (Member.birth_month_only)
NEW_TEACHERS = (60, 61, 62)  # hired this year: they join the union with the new school year, on 1 September


def _phone(rng):
    return f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}"


def seed(year, today):
    """The union, its departments, groups and ~80 members; the five demo users. Idempotent."""
    rng = random.Random(7)  # the same demo every time
    union, _ = Union.objects.get_or_create(name=UNION_NAME, defaults={"kind": Union.Kind.SCHOOL})
    Union.objects.filter(pk=union.pk, login_contact="").update(login_contact="校工会办公室（行政楼203，电话 88881234）")
    departments = {
        name: Department.objects.get_or_create(union=union, name=name, defaults={"order": i})[0]
        for i, name in enumerate(DEPARTMENTS)
    }
    groups = {
        name: UnionGroup.objects.get_or_create(
            union=union, name=name,
            defaults={"kind": UnionGroup.Kind.RETIREES if name == "退休教师小组" else UnionGroup.Kind.ORDINARY},
        )[0]
        for name in GROUPS
    }
    UnionGroup.objects.get_or_create(union=union, name="女职工委员会", defaults={"kind": UnionGroup.Kind.WOMEN})
    group_of = {dept: groups[g] for g, depts in GROUPS.items() for dept in depts}

    members = []
    for i in range(MEMBER_COUNT):
        number = f"T{i + 1:04d}"
        if i < len(DEMO_USERS):
            _, name, gender, dept, position = DEMO_USERS[i]
        else:
            gender = "F" if rng.random() < 0.62 else "M"  # a school staff is mostly women
            name = rng.choice(SURNAMES) + rng.choice(GIVEN_FEMALE if gender == "F" else GIVEN_MALE)
            dept = DEPARTMENTS[-1] if i >= MEMBER_COUNT - 8 else rng.choice(DEPARTMENTS[:-1])
            position = Member.Position.NONE
        retired = dept == "退休"
        birth = date(rng.randint(1948, 1958) if retired else rng.randint(1966, 1999), rng.randint(1, 12),
                     rng.randint(1, 28))
        if i == 12:
            birth = date(1984, 2, 29)  # someone always asks about 29 February
        if i in (20, 21):  # two retire this year (the 2025 rules): one at its start, one in December
            gender = "F" if i == 20 else gender
            first, last = born_between_for_retirement_in(year, gender, CareSettings().female_retirement_rule)
            birth = (last if i == 20 else first).replace(day=14)
        if i == 31:
            birth = date(1979, 8, 3)  # lunar 1979年闰六月十一: a leap-month lunar birthday, entered as 农历
        if i == 40:
            birth = date(1988, 10, 10)  # lunar 1988年八月三十, entered as 农历: on 廿九 where 八月 has 29 days
        # Two whose roster gave 出生年月 only (kept as the month's first day): one born in this month, so
        # that this month's birthday list shows its group of members without a day.
        month_only = i in MONTH_ONLY
        if month_only:
            birth = date(birth.year, today.month if i == MONTH_ONLY[0] else birth.month, 1)
        joined = min(date(max(birth.year + 22, 1990), rng.randint(7, 9), 1), date(year, 1, 1))
        if i in NEW_TEACHERS and date(year, 9, 1) <= today:  # the year's summary counts them as 新入会
            birth, joined = birth.replace(year=2000 + i % 3), date(year, 9, 1)
        status, retired_on = _status(retired, birth, gender, year, today)
        member, _ = Member.objects.update_or_create(
            union=union, employee_number=number,
            defaults={
                "name": name, "gender": gender, "department": departments[dept], "group": group_of[dept],
                "birth_date": birth, "birth_month_only": month_only,
                "lunar_birthday": not month_only and (i % 9 == 4 or i in (31, 40) or retired and i % 2 == 0),
                "birth_calendar": "lunar" if i in (31, 40) else "solar",
                "phone": _phone(rng), "joined_on": joined,
                "status": status, "retired_on": retired_on, "position": position,
            },
        )
        members.append(member)
    for group in groups.values():
        if group.leader_id is None:
            group.leader = next(m for m in members if m.group_id == group.pk and not m.position)
            group.save(update_fields=["leader"])
    _seed_users(union)
    seed_care(union, year, members, today)
    seed_joining(union, year, today)
    return union


# Joining online (members/joining.py): the demo's receipt codes, so the status page can be tried.
JOIN_APPLICANTS = [
    # (receipt code, name, gender, phone, department, employer, ID number, days before today)
    ("DEMO-JOIN-0001", "宋晓雯", "F", "13971234501", "语文组", "市第一中学", "11010519491231002X", 2),
    ("DEMO-JOIN-0002", "韩立新", "M", "13971234502", "", "市第一中学（食堂，外包）", "", 1),
]


def seed_joining(union, year, today):
    """The demo union's join link (kept when it exists) and two pending applications. Idempotent."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from members import joining
    from members.models import JoinApplication

    if not union.join_token:
        Union.objects.filter(pk=union.pk).update(join_token=joining.new_join_token(), card_prefix=f"JY{year}-",
                                                 card_next=MEMBER_COUNT + 1)
    departments = {d.name: d for d in Department.objects.for_union(union)}
    for code, name, gender, phone, department, employer, id_number, days in JOIN_APPLICANTS:
        if JoinApplication.objects.for_union(union).filter(receipt_hash=joining.receipt_hash(code)).exists():
            continue
        JoinApplication.objects.create(
            union=union, name=name, gender=gender, phone=phone, department=departments.get(department),
            department_text="" if department else "后勤", employer=employer, id_number=id_number,
            id_digest=joining.id_digest(id_number), receipt_hash=joining.receipt_hash(code),
            submitted_at=datetime.combine(today - timedelta(days=days), time(20, 15), tzinfo=ZoneInfo("Asia/Shanghai")),
        )


# Standard gifts and amounts (yuan) per visit reason, as a school union sets them.
STANDARDS = {
    CareReason.ILLNESS: ("水果、营养品", "500"), CareReason.WEDDING: ("贺礼", "500"),
    CareReason.FUNERAL: ("慰问金", "500"), CareReason.CHILDBIRTH: ("营养品", "300"),
    CareReason.RETIREMENT: ("纪念品", "800"), CareReason.HARDSHIP: ("慰问金", "1000"),
    CareReason.WARMTH: ("米、油、慰问金", "800"), CareReason.COOLING: ("清凉饮品", "200"),
    CareReason.BIRTHDAY: ("生日蛋糕券", "200"), CareReason.FESTIVAL: ("节日慰问品", "300"),
}

# (member index, level, reason, family situation, since)
HARDSHIP = [
    (23, HardshipRecord.Level.SPECIAL, "本人患重病，长期治疗", "配偶无固定收入，孩子读高中", (2024, 3, 1)),
    (37, HardshipRecord.Level.GENERAL, "配偶重病住院", "一家三口，家庭负担重", (2025, 9, 1)),
    (45, HardshipRecord.Level.GENERAL, "单亲家庭，子女上学", "独自抚养两个孩子", (2023, 9, 1)),
    (58, HardshipRecord.Level.SPECIAL, "家庭遭遇意外，房屋受损", "父母年迈多病", (2025, 12, 1)),
    (66, HardshipRecord.Level.GENERAL, "子女残疾，需长期照料", "配偶下岗", (2022, 2, 1)),
]


def seed_care(union, year, members, today):
    """Care standards, five hardship records, a year of visits, two occasions still waiting. Idempotent."""
    CareSettings.objects.get_or_create(union=union)
    for reason, (gift, amount) in STANDARDS.items():
        CareStandard.objects.update_or_create(union=union, reason=reason,
                                              defaults={"gift": gift, "amount": Decimal(amount)})
    hardship = []
    for index, level, reason, family, since in HARDSHIP:
        record, _ = HardshipRecord.objects.update_or_create(
            union=union, member=members[index], since=date(*since),
            defaults={"level": level, "reason": reason, "family_situation": family,
                      "last_reviewed": date(year, 1, 10)},
        )
        hardship.append(record.member)
    visitors = [m for m in members if m.position in (Member.Position.CHAIR, Member.Position.COMMITTEE)]
    festival = lantern_festival(year)
    visits = [(m, festival - timedelta(days=20), CareReason.WARMTH) for m in hardship]
    visits += [(m, date(year, 7, 10), CareReason.COOLING) for m in hardship[:3]]
    visits += [
        (members[23], date(year, 4, 8), CareReason.ILLNESS), (members[41], date(year, 5, 20), CareReason.CHILDBIRTH),
        (members[52], date(year, 10, 3), CareReason.WEDDING), (members[61], date(year, 11, 2), CareReason.FUNERAL),
        (members[37], date(year, 9, 9), CareReason.HARDSHIP), (members[75], date(year, 9, 10), CareReason.FESTIVAL),
    ]
    visits += [(m, m.retired_on, CareReason.RETIREMENT) for m in members if m.retired_on and m.retired_on.year == year]
    for i, member in enumerate(members):
        for day in birthdays_of(member, year):
            if i % 3 == 0:
                visits.append((member, day, CareReason.BIRTHDAY))
    for member, day, reason in visits:
        if day > today:
            continue  # the demo never records a visit in the future
        gift, amount = STANDARDS[reason]
        visit, created = CareVisit.objects.get_or_create(
            union=union, member=member, date=day, reason=reason,
            defaults={"gift": gift, "amount": Decimal(amount)},
        )
        if created:
            visit.visitors.set(visitors)
    # Occasions reported but not visited yet: they head the worklist.
    for index, reason, days_ago, notes in [(29, CareReason.ILLNESS, 3, "阑尾炎手术，市一医院住院"),
                                           (47, CareReason.CHILDBIRTH, 6, "喜得千金")]:
        CareEvent.objects.get_or_create(union=union, member=members[index], reason=reason,
                                        defaults={"occurred_on": today - timedelta(days=days_ago), "notes": notes})


def _status(retired, birth, gender, year, today):
    """Status and retirement date: whoever reaches the statutory age in the demo year by `today` has
    retired on that day (and is visited for it, see seed_care); those still to come are on the worklist."""
    if retired:
        return Member.Status.RETIRED, None
    day = reaches_age_on(birth, gender, CareSettings().female_retirement_rule)  # the union's default rule
    if day.year == year and day <= today:
        return Member.Status.RETIRED, day
    return Member.Status.ACTIVE, None


def _seed_users(union):
    User = get_user_model()
    for i, (username, name, *_rest) in enumerate(DEMO_USERS):
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        member = Member.objects.get(union=union, employee_number=f"T{i + 1:04d}")
        if member.user_id != user.pk:
            member.user = user
            member.save(update_fields=["user"])
        role = POSITION_ROLES.get(member.position, "member")
        user.groups.set([Group.objects.get(name=role)])
