"""A committee member connects the committee's DingTalk chat (加签) in two minutes: pastes the webhook
and the secret, ticks the weekly birthday list, saves, presses "发送测试消息" — the fake DingTalk on
127.0.0.1 checks the signature and answers — and reads the answer on the robot's page, where the
webhook shows only its last four characters."""

import pytest
from playwright.sync_api import expect

from notify.models import Robot
from tests.factories import MemberFactory, UnionFactory, UserFactory
from tests.notify.fake_robot import TOKEN, FakeRobot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fake(settings):
    settings.NOTIFY_ANY_WEBHOOK_HOST = True  # the fake listens on 127.0.0.1 over plain HTTP
    with FakeRobot() as receiver:
        yield receiver


@pytest.fixture
def committee():
    union = UnionFactory(name="第七中学工会")
    user = UserFactory(username="lihong", role="committee")
    MemberFactory(union=union, user=user, name="李红", position="committee")
    return union


@pytest.mark.parametrize("width", [375, 1280])
def test_committee_connects_dingtalk_and_sends_a_test_message(live_server, page, committee, fake, width,
                                                              screenshot_dir):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "lihong")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/notifications/")
    expect(page.locator("body")).to_contain_text("还没有接入群机器人")
    page.click("text=接入群机器人")
    page.fill("#id_name", "工会委员群")
    page.select_option("#id_platform", "dingtalk")
    page.fill("#id_webhook_url", fake.url("dingtalk"))
    page.check("#id_posts_birthdays")  # without 委员会的群: refused
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/notify-form-{width}.png", full_page=True)
    page.click("form.card button[type=submit]")
    expect(page.locator("main")).to_contain_text("只发到工会委员会的群")  # waits for the form sent back
    expect(page.locator("body")).to_contain_text("请粘贴机器人的密钥")
    assert page.input_value("#id_webhook_url") == fake.url("dingtalk")  # kept while the form is corrected
    page.check("#id_committee_chat")
    page.fill("#id_secret", fake.secret)
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/notifications/*/")

    robot = Robot.objects.get()
    assert robot.committee_chat and robot.posts_birthdays and robot.secret == fake.secret
    content = page.content()
    assert TOKEN not in content and fake.secret not in content
    assert "****1234" in content

    page.click("text=发送测试消息")
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("测试消息已发送。平台应答")
    assert '"errcode": 0' in page.content() or "errcode" in page.content()
    [received] = fake.messages
    assert received.platform == "dingtalk" and "工会工作台测试消息" in received.text
    assert "李红" in received.text
    expect(page.locator("table tbody tr").first).to_contain_text("已发送")

    fake.answer_error(1)  # DingTalk refuses the next one: the answer is on the page, the row marked
    page.click("text=发送测试消息")
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("测试消息未被接受。平台应答")
    expect(page.locator("body")).to_contain_text("310000")
    expect(page.locator("table tbody tr.table-danger").first).to_contain_text("发送失败")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/notify-robot-{width}.png", full_page=True)

    page.goto(f"{live_server.url}/notifications/")
    expect(page.locator("body")).to_contain_text("工会委员群")
    expect(page.locator("body")).to_contain_text("委员会群")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/notify-index-{width}.png", full_page=True)
