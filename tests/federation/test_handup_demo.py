"""The demo's hand-up (上报): three schools have handed their plans up to the education union, one
accepted, one sent back with a comment, one waiting; the plans' deadline is set; seeding twice adds nothing."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from federation.demo import EDUCATION_UNION, USERNAME
from federation.models import Submission, SubmissionDeadline

pytestmark = pytest.mark.django_db


def test_the_demo_federation_has_plans_handed_up(seed_demo):
    seed_demo()
    seed_demo()  # idempotent
    statuses = sorted(Submission.objects.values_list("union__name", "status"))
    assert statuses == [
        ("天心区实验小学教职工工会", "returned"), ("天心区第一小学教职工工会", "accepted"),
        ("天心区育才中学教职工工会", "submitted"),
    ]
    assert Submission.objects.get(status="returned").comment.startswith("请补充")
    deadline = SubmissionDeadline.objects.get(union__name=EDUCATION_UNION)
    assert deadline.due_on == date(2026, 3, 31)
    client = Client()
    client.force_login(get_user_model().objects.get(username=USERNAME))
    page = client.get(reverse("federation:submissions"), {"year": 2026, "kind": "plan"})
    assert page.context["overdue"] == 3  # the demo school, the kindergarten and the school sent back
