from datetime import timedelta

import pytest
from django.utils import timezone

from activities.models import ActivityCategory
from tests.factories import ActivityFactory


@pytest.fixture
def categories(union):
    """The union's built-in categories by key (festival, sports, meeting, …)."""
    return ActivityCategory.ensure_defaults(union)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def open_activity(union, categories, today):
    """An activity next week that members can sign up for, 3 places."""
    return ActivityFactory(
        union=union,
        category=categories["sports"],
        title="教职工羽毛球赛",
        start_date=today + timedelta(days=7),
        signup_open=True,
        capacity=3,
    )
