from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from notify.models import Platform, Robot
from tests.notify.fake_robot import FakeRobot

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 12, 7)  # a Monday


def at(day, hour=9, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def fake(settings):
    settings.NOTIFY_ANY_WEBHOOK_HOST = True
    settings.SITE_URL = "https://union.example.org"
    with FakeRobot() as receiver:
        yield receiver


@pytest.fixture
def make_robot(union, fake):
    """make_robot("dingtalk", committee_chat=True, posts_birthdays=True) -> a robot posting to the fake."""

    def _make(platform=Platform.WECOM, **fields):
        fields.setdefault("name", f"{platform}群")
        return Robot.objects.create(
            union=union, platform=platform, webhook_url=fake.url(platform),
            secret="" if platform == Platform.WECOM else fake.secret, **fields,
        )

    return _make
