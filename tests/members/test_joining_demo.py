"""The demo union's join link and its two pending applications (members/demo.py, seed_joining)."""

from datetime import date

import pytest

from members import joining
from members.demo import JOIN_APPLICANTS, seed, seed_joining
from members.models import JoinApplication

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def test_the_demo_has_a_join_link_and_two_pending_applications(client):
    union = seed(2026, TODAY)
    union.refresh_from_db()
    assert union.join_token and joining.next_card_number(union).startswith("JY2026-")
    token = union.join_token
    seed_joining(union, 2026, TODAY)  # again: nothing new, the link kept
    union.refresh_from_db()
    assert union.join_token == token
    applications = JoinApplication.objects.for_union(union)
    assert applications.filter(status=JoinApplication.Status.PENDING).count() == len(JOIN_APPLICANTS) == 2
    assert applications.get(name="宋晓雯").masked_id_number == "1101**********002X"
    assert client.get(f"/join/{token}/").status_code == 200
    page = client.post(f"/join/{token}/status/", {"code": JOIN_APPLICANTS[0][0]})
    assert page.context["application"].name == "宋晓雯"
