"""A 民主测评 in the browser: the committee creates it, rates three leaders (one line each), opens it;
two members vote on their phones (375 px), one tries again and is told they have voted; the committee
sees only the turnout while it is open, closes it and sees the summary per leader and a chart per
leader. Nothing scrolls sideways on a phone; no CSP breach."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from congress import ballots
from congress.models import Ballot, BallotResponse, Question
from tests.factories import MemberFactory, UnionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEADERS = ["张校长 校长", "李副校长 副校长", "王主席 工会主席"]


@pytest.fixture
def school():
    union = UnionFactory(name="第九中学工会")
    MemberFactory(union=union, user=UserFactory(username="weiyuan", role="committee"), name="周委员",
                  position="committee")
    for username, name in (("laoshi1", "陈老师"), ("laoshi2", "林老师")):
        MemberFactory(union=union, user=UserFactory(username=username, role="member"), name=name)
    return union


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def shoot(page, screenshot_dir, name):
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/{name}.png", full_page=True)


def vote_on_a_phone(browser, live_server, username, grades, text, screenshot_dir):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    log_in(page, live_server, username)
    page.goto(f"{live_server.url}/congress/ballots/")
    expect(page.locator("body")).to_contain_text("请投票")
    no_sideways_scroll(page)
    shoot(page, screenshot_dir, f"ballot-list-{username}-375")
    page.get_by_text("2026年度校级领导班子民主测评").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("任何人（包括系统管理员）都无法知道您投了什么")
    for fieldset, grade in zip(page.locator("fieldset").all(), grades, strict=False):
        fieldset.get_by_label(grade, exact=True).check()
    page.locator("textarea").fill(text)
    no_sideways_scroll(page)
    shoot(page, screenshot_dir, f"ballot-vote-{username}-375")
    page.get_by_role("button", name="提交投票").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("谢谢，您的投票已计入。")
    expect(page.locator("body")).to_contain_text("您已投票，谢谢。")
    return context, page


@pytest.mark.parametrize("width", [375, 1280])
def test_a_democratic_evaluation_from_creation_to_chart(live_server, browser, page, school, width, screenshot_dir):
    page.set_viewport_size({"width": width, "height": 900})
    asked = []  # opening and closing ask first
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    log_in(page, live_server, "weiyuan")

    # 1. The committee creates the ballot and rates three leaders in one go.
    page.goto(f"{live_server.url}/congress/ballots/")
    page.get_by_role("link", name="新建测评/投票").click()
    page.select_option("#id_kind", "evaluation")
    page.fill("#id_title", "2026年度校级领导班子民主测评")
    page.fill("#id_description", "请根据德、能、勤、绩、廉如实评议。")
    page.select_option("#id_audience", "all")
    shoot(page, screenshot_dir, f"ballot-form-{width}")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("已保存。请添加题目，然后开始投票。")
    page.select_option("#id_kind", "rating")
    page.fill("#id_text", "\n".join(LEADERS))
    page.get_by_role("button", name="添加", exact=True).click()
    page.wait_for_load_state()
    page.select_option("#id_kind", "text")
    page.fill("#id_text", "对领导班子的意见和建议")
    page.get_by_role("button", name="添加", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("已添加 1 道题。")
    for leader in LEADERS:
        assert leader in page.content()
    assert page.content().count("优秀 / 称职 / 基本称职 / 不称职") == 3
    no_sideways_scroll(page)
    shoot(page, screenshot_dir, f"ballot-draft-{width}")
    page.get_by_role("button", name="开始投票").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("投票已开始：3 名会员可以投票。")

    # 2. Two members vote on their phones; the first tries a second time.
    first, first_page = vote_on_a_phone(browser, live_server, "laoshi1", ["优秀", "称职", "优秀"], "多听一线教师意见",
                                        screenshot_dir)
    first_page.goto(first_page.url)
    assert "提交投票" not in first_page.content()
    second, _page = vote_on_a_phone(browser, live_server, "laoshi2", ["优秀", "基本称职", "不称职"], "减少会议",
                                    screenshot_dir)
    ballot = Ballot.objects.get()
    assert BallotResponse.objects.filter(ballot=ballot, member__isnull=True).count() == 2
    first.close()
    second.close()

    # 3. While open the committee sees the turnout only; then closes it and reads the results.
    page.reload()
    assert "已投票：2 / 应投 3 人。" in page.inner_text("body")
    assert "优秀率" not in page.content()
    shoot(page, screenshot_dir, f"ballot-open-{width}")
    page.get_by_role("button", name="结束投票").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("投票已结束，结果如下。")
    assert [m[:5] for m in asked] == ["开始投票？", "结束投票？"]
    summary = page.locator("table").first.inner_text()
    assert "优秀率" in summary and "称职以上率" in summary
    assert "100.0%" in summary and "50.0%" in summary
    expect(page.locator("svg[role=img]")).to_have_count(3)
    assert "2（100.0%）" in page.content()  # 张校长: 优秀 from both
    assert page.content().index("减少会议") < page.content().index("多听一线教师意见")  # sorted by the words
    no_sideways_scroll(page)
    shoot(page, screenshot_dir, f"ballot-results-{width}")


def test_a_named_spring_outing_poll(live_server, page, school, screenshot_dir):
    """春游去哪儿: a named poll; a member votes on a phone, the committee closes it and sees who chose what."""
    committee = get_user_model().objects.get(username="weiyuan")
    poll = Ballot.objects.create(union=school, kind=Ballot.Kind.POLL, title="春游去哪儿")
    ballots.add_questions(poll, Question.Kind.SINGLE, "春游地点", "西湖\n千岛湖\n乌镇")
    ballots.add_questions(poll, Question.Kind.MULTIPLE, "可以参加的日期", "4月11日\n4月18日")
    ballots.open_ballot(poll, committee)

    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, "laoshi1")
    page.goto(f"{live_server.url}/congress/ballots/{poll.pk}/")
    expect(page.locator("body")).to_contain_text("记名投票：工会委员会可以看到每人的选择。")
    page.get_by_label("千岛湖", exact=True).check()
    page.get_by_label("4月11日", exact=True).check()
    page.get_by_label("4月18日", exact=True).check()
    no_sideways_scroll(page)
    page.get_by_role("button", name="提交投票").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("谢谢，您的投票已计入。")

    page.context.clear_cookies()
    page.on("dialog", lambda dialog: dialog.accept())  # closing asks first
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/congress/ballots/{poll.pk}/")
    page.get_by_role("button", name="结束投票").click()
    page.wait_for_load_state()
    names = page.locator("table").last.inner_text()
    assert "陈老师" in names and "千岛湖" in names and "4月18日" in names
    expect(page.locator("body")).to_contain_text("1（100.0%）")
    shoot(page, screenshot_dir, "ballot-poll-results-1280")
