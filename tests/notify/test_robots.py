"""The robots' pages: connecting a chat, the write-only webhook and secret, permissions, query budgets."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from members.encryption import decrypt, encrypt
from members.models import HistoryEntry
from notify.models import OutboxMessage, Platform, Robot, mask_url
from notify.outbox import enqueue
from tests.notify.fake_robot import KEY

pytestmark = pytest.mark.django_db

WECOM_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7a1b-4c3d-9e8f-0123456789ab"
FORM = {"name": "工会委员群", "platform": "wecom", "webhook_url": WECOM_URL, "is_active": "on",
        "posts_activity_open": "on"}


def test_committee_connects_a_wecom_chat(login, committee_user):
    client = login(committee_user)
    response = client.post(reverse("notify:add"), {**FORM, "committee_chat": "on", "posts_birthdays": "on"})
    robot = Robot.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("notify:robot", args=[robot.pk])
    assert robot.webhook_url == WECOM_URL and robot.committee_chat and robot.posts_birthdays
    page = client.get(reverse("notify:robot", args=[robot.pk])).content.decode()
    assert "https://qyapi.weixin.qq.com/…key=****89ab" in page
    assert "693a91f6" not in page


def test_the_webhook_and_secret_are_encrypted_in_the_database(union):
    robot = Robot.objects.create(union=union, name="钉钉群", platform=Platform.DINGTALK,
                                 webhook_url="https://oapi.dingtalk.com/robot/send?access_token=tok123",
                                 secret="SECverysecret")
    with connection.cursor() as cursor:
        cursor.execute("SELECT webhook_url, secret FROM notify_robot WHERE id = %s", [robot.pk])
        url, secret = cursor.fetchone()
    assert url.startswith("fernet:") and "tok123" not in url
    assert secret.startswith("fernet:") and "verysecret" not in secret
    assert decrypt(url) == robot.webhook_url
    fresh = Robot.objects.get(pk=robot.pk)
    assert (fresh.webhook_url, fresh.secret) == ("https://oapi.dingtalk.com/robot/send?access_token=tok123",
                                                 "SECverysecret")


def test_encryption_is_randomised_and_keyed_by_the_setting(settings):
    assert encrypt("abc") != encrypt("abc")
    token = encrypt("abc")
    settings.FIELD_ENCRYPTION_KEYS = ["0" * 43 + "="]  # another key: the old value no longer opens
    assert decrypt(token) == ""
    assert decrypt(encrypt("abc")) == "abc"


def test_masked_webhooks():
    assert mask_url(WECOM_URL) == "https://qyapi.weixin.qq.com/…key=****89ab"
    assert mask_url("https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa") == "https://open.feishu.cn/…****aaaa"
    assert mask_url("") == ""


def test_the_edit_form_never_shows_the_webhook_or_the_secret_and_keeps_them_when_left_empty(login, chair_user, union):
    robot = Robot.objects.create(union=union, name="钉钉群", platform=Platform.DINGTALK,
                                 webhook_url="https://oapi.dingtalk.com/robot/send?access_token=tok123",
                                 secret="SECverysecret")
    client = login(chair_user)
    page = client.get(reverse("notify:edit", args=[robot.pk])).content.decode()
    assert "tok123" not in page and "verysecret" not in page
    assert "https://oapi.dingtalk.com/…access_token=****k123" in page
    response = client.post(reverse("notify:edit", args=[robot.pk]), {
        "name": "钉钉工会群", "platform": "dingtalk", "webhook_url": "", "secret": "", "is_active": "on",
        "version": robot.version,
    })
    assert response.status_code == 302
    robot.refresh_from_db()
    assert robot.name == "钉钉工会群"
    assert robot.webhook_url.endswith("tok123") and robot.secret == "SECverysecret"


def test_the_history_says_the_secret_changed_never_what_it_is(login, chair_user, union):
    robot = Robot.objects.create(union=union, name="飞书群", platform=Platform.FEISHU,
                                 webhook_url="https://open.feishu.cn/open-apis/bot/v2/hook/abc", secret="old-secret")
    client = login(chair_user)
    client.post(reverse("notify:edit", args=[robot.pk]), {
        "name": "飞书群", "platform": "feishu", "webhook_url": "", "secret": "new-secret", "is_active": "on",
        "version": robot.version,
    })
    client.post(reverse("notify:delete", args=[robot.pk]))
    assert not Robot.objects.exists()
    entries = str(list(HistoryEntry.objects.values_list("changes", "note")))
    assert "签名密钥" in entries
    assert "secret" not in entries.replace("签名密钥", "") and "hook/abc" not in entries


def test_the_birthday_list_is_refused_on_a_members_chat(login, committee_user):
    response = login(committee_user).post(reverse("notify:add"), {**FORM, "posts_birthdays": "on"})
    assert response.status_code == 200
    assert "只发到工会委员会的群，不发到会员群" in response.content.decode()
    assert not Robot.objects.exists()


@pytest.mark.parametrize("data, error", [
    ({"webhook_url": "https://evil.example.com/cgi-bin/webhook/send?key=1"}, "https://qyapi.weixin.qq.com/"),
    ({"webhook_url": "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1"}, "https://qyapi.weixin.qq.com/"),
    ({"webhook_url": "not a url"}, "这不是有效的网址"),
    ({"webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a b"}, "这不是有效的网址"),
    ({"webhook_url": ""}, "请粘贴机器人的 Webhook 地址"),
    ({"platform": "dingtalk", "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=1"},
     "请粘贴机器人的密钥"),
    ({"platform": "qq"}, "平台"),
])
def test_bad_robots_are_refused_in_chinese(login, committee_user, data, error):
    response = login(committee_user).post(reverse("notify:add"), {**FORM, **data})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Robot.objects.exists()


def test_another_unions_robot_is_a_404(login, chair_of_other_union, union):
    robot = Robot.objects.create(union=union, name="群", webhook_url=WECOM_URL)
    client = login(chair_of_other_union)
    for name in ("notify:robot", "notify:edit"):
        assert client.get(reverse(name, args=[robot.pk])).status_code == 404
    for name in ("notify:delete", "notify:test"):
        assert client.post(reverse(name, args=[robot.pk])).status_code == 404
    assert Robot.objects.filter(pk=robot.pk).exists()


@pytest.mark.parametrize("role", ["member_user", "treasurer_user", "reviewer_user"])
def test_members_and_money_roles_get_403(request, login, role, union):
    client = login(request.getfixturevalue(role))
    assert client.get(reverse("notify:index")).status_code == 403
    assert client.get(reverse("notify:add")).status_code == 403


def test_the_test_button_shows_the_platforms_answer(login, committee_user, union, fake):
    robot = Robot.objects.create(union=union, name="群", webhook_url=fake.url("wecom"))
    client = login(committee_user)
    page = client.post(reverse("notify:test", args=[robot.pk]), follow=True).content.decode()
    assert "测试消息已发送" in page and "errcode" in page
    fake.answer_error(1)
    page = client.post(reverse("notify:test", args=[robot.pk]), follow=True).content.decode()
    assert "测试消息未被接受" in page and "310000" in page
    assert "发送失败" in page  # the failure is on the robot's page
    assert len(fake.messages) == 1 and KEY not in page


def test_robots_pages_queries_do_not_grow(login, committee_user, union, django_assert_max_num_queries):
    for n in range(6):
        robot = Robot.objects.create(union=union, name=f"群{n}", webhook_url=WECOM_URL)
        for m in range(8):
            enqueue([robot], "activity_open", f"k{m}", lambda m=m: (f"消息{m}", ["一行"], "/"))
    OutboxMessage.objects.filter(dedup_key="k1").update(status="failed", last_error="HTTP 500")
    client = login(committee_user)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("notify:index"))
    assert page.status_code == 200 and page.content.decode().count("****") == 6
    with django_assert_max_num_queries(9):
        assert client.get(reverse("notify:robot", args=[robot.pk])).status_code == 200


def test_a_message_waiting_for_its_retry_is_shown_on_the_robots_page(login, committee_user, union, fake):
    from notify.delivery import deliver

    robot = Robot.objects.create(union=union, name="群", webhook_url=fake.url("wecom"))
    enqueue([robot], "activity_open", "k", lambda: ("新活动", [], "/"))
    fake.fail(1)
    deliver()
    message = OutboxMessage.objects.get()
    assert message.is_retrying and message.next_attempt_at > message.last_attempt_at + timedelta(seconds=29)
    page = login(committee_user).get(reverse("notify:robot", args=[robot.pk])).content.decode()
    assert "已失败 1 次" in page and "HTTP 500" in page
