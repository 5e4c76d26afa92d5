"""A small federation: 区教育工会 above two schools and a 联合工会 with a school of its own (two levels
down), and a company union outside it; a federation user, a member and a chair of a school."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from activities.models import Activity
from funds.models import DuesMonthTotal
from members.models import Member, Union, Workforce
from tests.factories import (
    ActivityFactory,
    ExpenseCategoryFactory,
    ExpenseFactory,
    HardshipRecordFactory,
    MemberFactory,
    UnionFactory,
    UserFactory,
)

YEAR = 2026


@dataclass
class Federation:
    root: Union
    school_a: Union
    cluster: Union
    school_b: Union
    outside: Union
    federation_user: object
    member_user: object
    school_chair: object


def people(union, count, women=0, migrant=0, joined_in_year=0, prefix="人"):
    """`count` members of `union`, the first `women` women, the first `migrant` migrant workers, the first
    `joined_in_year` joined in YEAR (the others in 2015)."""
    return [
        MemberFactory(
            union=union, name=f"{prefix}{union.pk}号{n}", gender="F" if n < women else "M", migrant_worker=n < migrant,
            joined_on=date(YEAR, 3, 1) if n < joined_in_year else date(2015, 9, 1),
        )
        for n in range(count)
    ]


@pytest.fixture
def federation(db):
    root = UnionFactory(name="和平区教育工会", kind=Union.Kind.EDUCATION)
    school_a = UnionFactory(name="和平区第一小学工会", kind=Union.Kind.SCHOOL, parent=root, founded_on=date(2001, 5, 4))
    cluster = UnionFactory(name="和平区北片联合工会", kind=Union.Kind.OTHER, parent=root, founded_on=date(YEAR, 4, 1))
    school_b = UnionFactory(name="和平区第二小学工会", kind=Union.Kind.SCHOOL, parent=cluster,
                            founded_on=date(YEAR, 6, 1))
    outside = UnionFactory(name="另一家公司工会")
    people(school_a, 6, women=4, migrant=1, joined_in_year=2, prefix="甲校")
    MemberFactory(union=school_a, name="甲校退休", status=Member.Status.RETIRED, gender="F")
    people(cluster, 2, women=1, prefix="片区")
    b = people(school_b, 4, women=2, migrant=2, joined_in_year=1, prefix="乙校")
    MemberFactory(union=school_b, name="乙校离会", status=Member.Status.LEFT, left_on=date(2020, 1, 1))
    people(outside, 3, prefix="外单位")
    Workforce.objects.create(union=school_a, year=YEAR, employees=10)
    Workforce.objects.create(union=school_b, year=YEAR, employees=5)
    HardshipRecordFactory(union=school_b, member=b[0], since=date(2025, 1, 1))
    ActivityFactory(union=school_a, status=Activity.Status.DONE, attendance=5)
    ActivityFactory(union=school_b, status=Activity.Status.DONE, attendance=3)
    ActivityFactory(union=school_b)  # planned, not held
    DuesMonthTotal.objects.create(union=school_a, year=YEAR, month=1, collected=Decimal("120.50"))
    category = ExpenseCategoryFactory(union=school_b, name="文体活动", account="activities")
    ExpenseFactory(union=school_b, category=category, date=date(YEAR, 5, 1), amount=Decimal("300.00"))
    federation_user = UserFactory(username="fed", role="federation")
    MemberFactory(union=root, user=federation_user, name="区工会干事")
    member_user = UserFactory(username="fed-member", role="member")
    MemberFactory(union=root, user=member_user, name="区工会会员")
    school_chair = UserFactory(username="school-chair", role="chair")
    MemberFactory(union=school_a, user=school_chair, name="甲校主席", position="chair")
    return Federation(root, school_a, cluster, school_b, outside, federation_user, member_user, school_chair)
