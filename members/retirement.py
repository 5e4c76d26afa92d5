"""Statutory retirement ages by the 2025 rules: when a member reaches the retirement age, and who does so
in a given year (as a birth-date range, so that lists can filter in SQL).

Source: 《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》 (13 September 2024) and
its annex 《国务院关于渐进式延迟法定退休年龄的办法》, article 1: from 1 January 2025 the statutory
retirement age of men rises from 60 by one month every four months to 63, of women whose age was 55
(cadres and professionals) by one month every four months to 58, and of women whose age was 50 (workers)
by one month every two months to 55. The annex's tables give the new age and the retirement month by
birth month:

- 附件1 男职工: born 1965-01 to 1965-04 → 60岁1个月, retiring 2025-02 to 2025-05; … ;
  born 1976-09 and later → 63岁 (2039-09 onwards).
- 附件2 原法定退休年龄55周岁的女职工: born 1970-01 to 1970-04 → 55岁1个月, retiring 2025-02 to 2025-05;
  … ; born 1981-09 and later → 58岁.
- 附件3 原法定退休年龄50周岁的女职工: born 1975-01 to 1975-02 → 50岁1个月, retiring 2025-02 to 2025-03;
  … ; born 1984-11 and later → 55岁 (the table's last row is 1984-11 to 1984-12, 55岁, 2039-11 to
  2039-12).

The arithmetic behind the tables: counting birth months from the first one the reform reaches (the
first whose old retirement month would fall in 2025: 1965-01, 1970-01, 1975-01), the n-th step of
`months_per_step` birth months (n = 0, 1, …) retires n + 1 months later than the old age, up to the
new age. Earlier births keep the old age.

The date: the tables give a month, the one in which the member reaches the age (born 1965-01 + 60
years 1 month = 2025-02, the table's 退休时间), not a day. `retirement_date` returns the first day of
that month, so every date compares the way the tables' months do (retirement procedures are done by
month; the pension starts the month after).
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.db.models.lookups import Exact

from members.models import Member, RetirementRule

MALE = Member.Gender.MALE


@dataclass(frozen=True)
class Schedule:
    old_age: int  # years, before 2025
    first_birth: tuple  # (year, month): the first birth month whose age rises
    months_per_step: int  # birth months per month of delay
    most_delay: int  # months: the new age is old_age years + most_delay months

    def delay(self, birth_month):
        """Months added to the old age for someone born in `birth_month` (a month number, see _month)."""
        steps = birth_month - _month(*self.first_birth)
        if steps < 0:
            return 0
        return min(steps // self.months_per_step + 1, self.most_delay)

    def age_in_months(self, birth_month):
        return self.old_age * 12 + self.delay(birth_month)


SCHEDULES = {
    MALE: Schedule(60, (1965, 1), 4, 36),  # 附件1
    RetirementRule.CADRE: Schedule(55, (1970, 1), 4, 36),  # 附件2
    RetirementRule.WORKER: Schedule(50, (1975, 1), 2, 60),  # 附件3
}


def schedule_for(gender, rule):
    """Men have one schedule; a woman's `rule` is RetirementRule.CADRE or WORKER (resolve a member's
    empty rule to the union's default first, see `rule_of`)."""
    if gender == MALE:
        return SCHEDULES[MALE]
    try:
        return SCHEDULES[RetirementRule(rule)]
    except ValueError:
        raise ValueError(f"a woman's retirement rule is 'cadre' or 'worker', not {rule!r}") from None


def rule_of(member, default_rule):
    """The rule that applies to `member`: their own, or the union's default for women."""
    return member.retirement_rule or default_rule


def retirement_age(birth_date, gender, rule):
    """The statutory retirement age as (years, months), e.g. (60, 1)."""
    return divmod(schedule_for(gender, rule).age_in_months(_month(birth_date.year, birth_date.month)), 12)


def retirement_date(birth_date, gender, rule):
    """The first day of the month in which the member reaches the statutory retirement age (the
    official tables' 退休时间)."""
    born = _month(birth_date.year, birth_date.month)
    return _first_day(born + schedule_for(gender, rule).age_in_months(born))


def reaches_age_on(birth_date, gender, rule):
    """The day within that month on which the member reaches the age (the birthday's day of the
    month, or the month's last day for one born on a later day, such as 29 February)."""
    month = retirement_date(birth_date, gender, rule)
    return month.replace(day=min(birth_date.day, calendar.monthrange(month.year, month.month)[1]))


def born_between_for_retirement_in(year, gender, rule):
    """(first, last) birth dates, both inclusive, of those whose retirement month falls in `year`.

    The retirement month rises with the birth month (by 1, 5/4 or 3/2 months a month), so the births
    form one unbroken range, and no year is skipped."""
    schedule = schedule_for(gender, rule)
    first_month, last_month = _month(year, 1), _month(year, 12)
    # Retirement comes between old_age and old_age + most_delay after birth: look only there.
    candidates = range(
        first_month - schedule.old_age * 12 - schedule.most_delay, last_month - schedule.old_age * 12 + 1
    )
    born = [m for m in candidates if first_month <= m + schedule.age_in_months(m) <= last_month]
    last = _first_day(born[-1])
    return _first_day(born[0]), last.replace(day=calendar.monthrange(last.year, last.month)[1])


def reaching_retirement_in(year, default_rule):
    """A Q for members whose statutory retirement month falls in `year`, by their own rule (women
    without one: `default_rule`, a value or an expression such as a subquery of the union's settings)."""
    reaching = Q(gender=MALE, birth_date__range=born_between_for_retirement_in(year, MALE, None))
    for rule in RetirementRule.values:
        if isinstance(default_rule, str):
            applies = Q(retirement_rule__in=[rule, ""]) if default_rule == rule else Q(retirement_rule=rule)
        else:
            applies = Q(retirement_rule=rule) | Q(Q(retirement_rule=""), Exact(default_rule, rule))
        women = Q(gender=Member.Gender.FEMALE, birth_date__range=born_between_for_retirement_in(year, "F", rule))
        reaching |= women & applies
    return reaching


def retired_in(year, default_rule):
    """A Q for members who retired in `year`: on the date recorded, or, for retirees without one, by
    the statutory age."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return Q(retired_on__gte=start, retired_on__lte=end) | Q(
        Q(status=Member.Status.RETIRED, retired_on__isnull=True), reaching_retirement_in(year, default_rule)
    )


def _month(year, month):
    return year * 12 + month - 1


def _first_day(month):
    return date(month // 12, month % 12 + 1, 1)
