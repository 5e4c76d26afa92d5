"""Each platform's signature scheme, checked by the fake receiver exactly as the platform checks it."""

import base64
import hashlib
import hmac

import pytest

from notify.delivery import deliver, send_test
from notify.models import OutboxMessage, Platform
from notify.platforms import dingtalk_sign, feishu_sign

pytestmark = pytest.mark.django_db


def test_dingtalk_sign_is_hmac_of_timestamp_and_secret_keyed_by_the_secret():
    secret, ts = "SECabc", 1700000000000
    expected = base64.b64encode(hmac.new(b"SECabc", b"1700000000000\nSECabc", hashlib.sha256).digest()).decode()
    assert dingtalk_sign(secret, ts) == expected


def test_feishu_sign_is_hmac_of_nothing_keyed_by_timestamp_and_secret():
    secret, ts = "abc", 1700000000
    expected = base64.b64encode(hmac.new(b"1700000000\nabc", b"", hashlib.sha256).digest()).decode()
    assert feishu_sign(secret, ts) == expected


@pytest.mark.parametrize("platform", list(Platform))
def test_each_platform_accepts_the_signed_test_message(platform, make_robot, fake):
    robot = make_robot(platform)
    message = send_test(robot, by_name="王芳")
    assert message.status == OutboxMessage.Status.SENT, message.last_error
    assert not fake.rejected
    [received] = fake.messages
    assert received.platform == platform
    assert "王芳" in received.text
    assert "https://union.example.org/" in received.text


@pytest.mark.parametrize("platform", [Platform.DINGTALK, Platform.FEISHU])
def test_a_wrong_secret_is_refused_and_shown(platform, make_robot, fake):
    robot = make_robot(platform)
    robot.secret = "SECwrong"
    robot.save()
    message = send_test(robot)
    assert message.status == OutboxMessage.Status.FAILED
    assert "sign" in message.last_error
    assert fake.rejected and not fake.messages


def test_dingtalk_message_has_a_title_and_markdown(make_robot, fake):
    robot = make_robot(Platform.DINGTALK)
    send_test(robot)
    body = fake.messages[0].body
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "工会工作台测试消息"
    assert body["markdown"]["text"].startswith("#### 工会工作台测试消息")


def test_feishu_message_is_a_post_with_a_link(make_robot, fake):
    robot = make_robot(Platform.FEISHU)
    send_test(robot)
    body = fake.messages[0].body
    assert body["msg_type"] == "post"
    rows = body["content"]["post"]["zh_cn"]["content"]
    assert rows[-1][0] == {"tag": "a", "text": "查看详情", "href": "https://union.example.org/"}


def test_nothing_due_sends_nothing(make_robot, fake):
    make_robot(Platform.WECOM)
    assert deliver().sent == 0
    assert fake.requests == 0


def test_an_error_never_quotes_the_webhooks_key(make_robot):
    from notify.delivery import post
    from notify.platforms import Request

    status, answer = post(Request("http://127.0.0.1:9/cgi-bin/webhook/send?key=abc secret", {}))
    assert status is None and "abc secret" not in answer and "key=" not in answer
