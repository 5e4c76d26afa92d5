"""Nothing lost, nothing twice: reminders reach the fake receiver once, after it recovers from failures."""

from datetime import date, timedelta

import pytest

from notify.delivery import claim, deliver
from notify.models import OutboxMessage, Platform
from notify.outbox import enqueue
from tests.factories import ActivityFactory, AnnualPlanFactory, MemberFactory, PlanItemFactory
from tests.notify.conftest import TODAY, at

pytestmark = pytest.mark.django_db


def test_the_day_before_reminder_arrives_once_after_the_receiver_recovers(clock, union, make_robot, fake):
    clock(TODAY)
    make_robot(Platform.WECOM, name="全体会员群")
    ActivityFactory(union=union, title="冬季长跑", start_date=TODAY + timedelta(days=1), location="操场")
    fake.fail(2)
    now = at(TODAY, 9)

    first = deliver(now=now)
    assert (first.enqueued, first.sent, first.failed) == (1, 0, 1)
    assert deliver(now=now + timedelta(seconds=10)).sent == 0  # waiting for its retry: nothing sent, nothing new
    assert fake.requests == 1
    assert deliver(now=now + timedelta(seconds=31)).failed == 1  # the second failure: next try a minute later
    assert deliver(now=now + timedelta(seconds=60)).sent == 0
    assert deliver(now=now + timedelta(seconds=92)).sent == 1

    [received] = fake.messages
    assert "明天：冬季长跑" in received.text
    assert "地点：操场" in received.text
    assert "https://union.example.org/activities/" in received.text
    for minutes in (5, 60, 600):  # the timer goes on firing all day
        assert deliver(now=now + timedelta(minutes=minutes)).sent == 0
    assert len(fake.messages) == 1
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 3)


def test_the_weekly_birthday_list_reaches_the_committee_chat_once(clock, union, make_robot, fake):
    clock(TODAY)
    committee = make_robot(Platform.DINGTALK, name="工会委员群", committee_chat=True, posts_birthdays=True)
    members_chat = make_robot(Platform.FEISHU, name="全体会员群")
    MemberFactory(union=union, name="王芳", birth_date=date(1985, 12, 9))
    MemberFactory(union=union, name="李明", birth_date=date(1979, 12, 13))
    MemberFactory(union=union, name="不在本周", birth_date=date(1979, 12, 20))
    fake.answer_error(1)
    now = at(TODAY, 8, 5)

    assert deliver(now=now).failed == 1
    assert deliver(now=now + timedelta(minutes=1)).sent == 1
    assert deliver(now=now + timedelta(days=2)).sent == 0  # still this week: nothing new

    [received] = fake.messages
    assert received.platform == "dingtalk"
    assert "本周生日" in received.text
    assert "12月9日 王芳" in received.text and "12月13日 李明" in received.text
    assert "不在本周" not in received.text
    assert not members_chat.messages.exists()
    assert committee.messages.get().dedup_key == "birthdays:2026-W50"


def test_nothing_is_posted_before_eight_in_the_morning(clock, union, make_robot, fake):
    clock(TODAY)
    make_robot(Platform.WECOM)
    ActivityFactory(union=union, start_date=TODAY + timedelta(days=1))
    assert deliver(now=at(TODAY, 7, 59)).enqueued == 0
    assert deliver(now=at(TODAY, 8, 0)).enqueued == 1


def test_running_the_pass_twice_sends_nothing_twice(clock, union, make_robot, fake):
    clock(TODAY)
    make_robot(Platform.WECOM, committee_chat=True, posts_birthdays=True)
    ActivityFactory(union=union, start_date=TODAY + timedelta(days=1))
    MemberFactory(union=union, birth_date=date(1985, 12, 9))
    now = at(TODAY, 10)
    assert deliver(now=now).sent == 2
    again = deliver(now=now)
    assert (again.enqueued, again.sent) == (0, 0)
    assert len(fake.messages) == 2 and OutboxMessage.objects.count() == 2


def test_a_claimed_message_is_nobody_elses(clock, union, make_robot, fake):
    clock(TODAY)
    robot = make_robot(Platform.WECOM)
    enqueue([robot], "test", "one", lambda: ("标题", ["内容"], "/"))
    mine, _more = claim(robot)
    theirs, _more = claim(robot)  # a second worker at the same moment
    assert len(mine) == 1 and theirs == []


def test_wecom_rate_limit_twenty_a_minute(clock, union, make_robot, fake):
    clock(TODAY)
    robot = make_robot(Platform.WECOM)
    for n in range(25):
        enqueue([robot], "test", f"m{n}", lambda n=n: (f"消息{n}", [], ""), now=at(TODAY, 10))
    now = at(TODAY, 10)
    first = deliver(now=now)
    assert first.sent == 20 and first.deferred == [robot]
    assert deliver(now=now + timedelta(seconds=30)).sent == 0  # the same minute
    assert deliver(now=now + timedelta(seconds=61)).sent == 5
    assert len(fake.messages) == 25


def test_feishu_five_a_second(clock, union, make_robot, fake):
    clock(TODAY)
    robot = make_robot(Platform.FEISHU)
    for n in range(6):
        enqueue([robot], "test", f"m{n}", lambda n=n: (f"消息{n}", [], ""), now=at(TODAY, 10))
    pauses = []
    assert deliver(now=at(TODAY, 10), sleep=pauses.append).sent == 6
    assert pauses == [0.2] * 5


def test_a_message_is_given_up_after_the_last_attempt(clock, union, make_robot, fake):
    clock(TODAY)
    robot = make_robot(Platform.WECOM)
    enqueue([robot], "activity_open", "x", lambda: ("标题", [], ""), now=at(TODAY, 10))
    fake.fail(100)
    now = at(TODAY, 10)
    for _attempt in range(10):
        deliver(now=now)
        now += timedelta(hours=1, seconds=1)
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.FAILED and message.attempts == 10
    assert "HTTP 500" in message.last_error
    deliver(now=now + timedelta(days=1))
    assert fake.requests == 10


def test_the_command_runs_one_pass(clock, union, make_robot, fake):
    from io import StringIO

    from django.core.management import call_command

    clock(TODAY)
    make_robot(Platform.WECOM)
    ActivityFactory(union=union, start_date=TODAY + timedelta(days=1))
    out = StringIO()
    call_command("deliver_notifications", stdout=out)
    assert "sent 1" in out.getvalue()
    assert len(fake.messages) == 1


def test_plan_items_overdue_and_due_soon_reach_the_committee_chat_once_a_week(clock, union, make_robot, fake):
    clock(TODAY)
    committee = make_robot(Platform.WECOM, committee_chat=True, posts_plan_items=True)
    members_chat = make_robot(Platform.FEISHU, posts_plan_items=True)  # the form refuses it; never posted
    plan = AnnualPlanFactory(union=union, year=2026)
    owner = MemberFactory(union=union, name="王建国")
    PlanItemFactory(plan=plan, title="端午节活动", due_date=date(2026, 6, 30), owner=owner)
    PlanItemFactory(plan=plan, title="年终总结表彰", due_date=TODAY + timedelta(days=5))
    PlanItemFactory(plan=plan, title="已完成的事项", due_date=date(2026, 5, 1), status="done")
    PlanItemFactory(plan=plan, title="明年的事", due_date=TODAY + timedelta(days=30))
    now = at(TODAY, 9)
    assert deliver(now=now).sent == 1
    assert deliver(now=now + timedelta(days=3)).sent == 0  # the same week
    [received] = fake.messages
    assert "已逾期：\n· 端午节活动（6月30日） 王建国" in received.text
    assert "一周内到期：\n· 年终总结表彰（12月12日）" in received.text
    assert "已完成" not in received.text and "明年的事" not in received.text
    assert not members_chat.messages.exists()
    clock(TODAY + timedelta(days=7))
    assert deliver(now=now + timedelta(days=7)).sent == 1  # next Monday: the week's list again
    assert committee.messages.count() == 2


def test_a_message_a_day_late_is_dropped_not_posted(clock, union, make_robot, fake):
    clock(TODAY)
    robot = make_robot(Platform.WECOM)
    ActivityFactory(union=union, title="冬季长跑", start_date=TODAY + timedelta(days=1))
    deliver(now=at(TODAY, 9), send=lambda request: (None, "switched off"))
    robot.is_active = False
    robot.save()
    deliver(now=at(TODAY, 10))
    robot.is_active = True
    robot.save()
    assert deliver(now=at(TODAY + timedelta(days=3), 9)).sent == 0
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.FAILED and message.last_error == "未发送：已晚了一天以上。"
    assert fake.requests == 0
