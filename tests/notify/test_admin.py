"""The robots' admin: scoped like every admin (tests/unionplan/test_admin_scoping.py), and write-only
for the webhook and the secret."""

import pytest
from django.urls import reverse

from notify.models import Platform, Robot

pytestmark = pytest.mark.django_db


def test_the_admin_never_shows_the_webhook_or_the_secret(client, union):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    robot = Robot.objects.create(union=union, name="钉钉群", platform=Platform.DINGTALK,
                                 webhook_url="https://oapi.dingtalk.com/robot/send?access_token=tok123456",
                                 secret="SECverysecret")
    client.force_login(root)
    for url in (reverse("admin:notify_robot_changelist"), reverse("admin:notify_robot_change", args=[robot.pk])):
        page = client.get(url).content.decode()
        assert "tok123456" not in page and "verysecret" not in page
        assert "****3456" in page
