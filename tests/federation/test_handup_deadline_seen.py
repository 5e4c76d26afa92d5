"""A union sees the deadlines the unions above it set for handing up, and when it has missed one."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from federation import handup
from tests.factories import MemberFactory, UserFactory
from tests.federation.conftest import YEAR
from tests.federation.test_handup import approved_plan, client_for

pytestmark = pytest.mark.django_db


def set_deadline(client, user, kind, due_on):
    response = client_for(client, user).post(
        reverse("federation:submissions-deadline"), {"year": YEAR, "kind": kind, "due_on": due_on}
    )
    assert response.status_code == 302


def cards(client, user):
    """The hand-up page's two cards, plan and summary, as their text."""
    page = client_for(client, user).get(reverse("federation:handup"), {"year": YEAR}).content.decode()
    return page.split('class="card h-100 handup-plan"')[1].split('class="card h-100 handup-summary"')


def test_the_union_reads_the_deadline_its_higher_level_union_set(client, federation):
    f = federation
    set_deadline(client, f.federation_user, "plan", "2026-03-31")
    with time_machine.travel(date(YEAR, 3, 1), tick=False):
        plan, summary = cards(client.__class__(), f.school_chair)
    assert "和平区教育工会要求2026年3月31日前上报" in plan
    assert "要求" not in summary  # no deadline for the summary
    assert "逾期未上报" not in plan


def test_a_missed_deadline_is_red_until_the_document_is_handed_up(client, federation):
    f = federation
    set_deadline(client, f.federation_user, "plan", "2026-03-31")
    with time_machine.travel(date(YEAR, 4, 1), tick=False):
        plan, _summary = cards(client.__class__(), f.school_chair)
        assert "逾期未上报" in plan and "已过截止日期" in plan
        approved_plan(f.school_a, f.school_chair)
        handup.submit(f.school_a, YEAR, "plan", f.school_chair)
        plan, _summary = cards(client.__class__(), f.school_chair)
        assert "逾期未上报" not in plan and "已过截止日期" not in plan


def test_every_union_above_may_set_one_and_the_nearest_comes_first(client, federation):
    """The 联合工会 between the district and the second school sets an earlier day than the district."""
    f = federation
    cluster_chair = UserFactory(username="cluster-chair", role="chair")
    MemberFactory(union=f.cluster, user=cluster_chair, name="片区主席", position="chair")
    b_chair = UserFactory(username="b-chair", role="chair")
    MemberFactory(union=f.school_b, user=b_chair, name="乙校主席", position="chair")
    set_deadline(client, f.federation_user, "summary", "2027-01-20")
    handup.set_deadline(f.cluster, YEAR, "summary", date(2027, 1, 10), cluster_chair)
    _plan, summary = cards(client.__class__(), b_chair)
    nearest, district = "和平区北片联合工会要求2027年1月10日前上报", "和平区教育工会要求2027年1月20日前上报"
    assert summary.index(nearest) < summary.index(district)
    _plan, summary = cards(client.__class__(), f.school_chair)  # the first school is not below the cluster
    assert "和平区北片联合工会" not in summary and "和平区教育工会要求2027年1月20日前上报" in summary


def test_another_federations_deadline_is_not_shown(client, federation):
    f = federation
    other_chair = UserFactory(username="outside-chair", role="chair")
    MemberFactory(union=f.outside, user=other_chair, name="外单位主席", position="chair")
    handup.set_deadline(f.outside, YEAR, "plan", date(YEAR, 2, 1), other_chair)
    plan, _summary = cards(client, f.school_chair)
    assert "另一家公司工会" not in plan and "要求" not in plan
