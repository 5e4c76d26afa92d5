"""Messages written in the event's own transaction: an activity opened for sign-up, a plan submitted,
a fund review drafted."""

from datetime import date, timedelta

import pytest
from django.db import transaction

from activities.models import Audience
from notify.models import OutboxMessage, Platform
from tests.factories import ActivityFactory, AnnualPlanFactory, FundReviewFactory, UnionGroupFactory
from tests.notify.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_an_activity_opened_for_sign_up_is_announced_once(clock, union, make_robot, fake):
    clock(TODAY)
    robot = make_robot(Platform.WECOM)
    activity = ActivityFactory(union=union, title="迎新年健步走", start_date=TODAY + timedelta(days=10))
    assert not OutboxMessage.objects.exists()  # not open for sign-up yet
    activity.signup_open = True
    activity.save()
    activity.location = "滨江公园"
    activity.save()  # a later edit announces nothing more
    message = robot.messages.get()
    assert message.kind == "activity_open" and message.title == "活动开始报名：迎新年健步走"
    assert "报名截止：2026年12月17日 00:00" in message.text


def test_a_rolled_back_change_leaves_no_message(clock, union, make_robot):
    clock(TODAY)
    make_robot(Platform.WECOM)
    with pytest.raises(RuntimeError), transaction.atomic():
        ActivityFactory(union=union, start_date=TODAY + timedelta(days=3), signup_open=True)
        raise RuntimeError
    assert not OutboxMessage.objects.exists()


def test_a_members_chat_hears_only_of_activities_for_everyone(clock, union, make_robot):
    clock(TODAY)
    members_chat = make_robot(Platform.WECOM, name="全体会员群")
    committee_chat = make_robot(Platform.FEISHU, name="委员群", committee_chat=True)
    ActivityFactory(union=union, start_date=TODAY + timedelta(days=3), signup_open=True,
                    audience=Audience.GROUP, audience_group=UnionGroupFactory(union=union))
    assert not members_chat.messages.exists()
    assert committee_chat.messages.count() == 1


def test_a_past_or_closed_activity_is_not_announced(clock, union, make_robot):
    clock(TODAY)
    make_robot(Platform.WECOM)
    ActivityFactory(union=union, start_date=TODAY - timedelta(days=1), signup_open=True)
    ActivityFactory(union=union, start_date=TODAY + timedelta(days=5), signup_open=True, status="cancelled")
    assert not OutboxMessage.objects.exists()


def test_a_submitted_plan_waits_for_approval_in_the_committee_chat(clock, union, chair_user, make_robot):
    clock(TODAY)
    committee_chat = make_robot(Platform.DINGTALK, committee_chat=True, posts_approvals=True)
    members_chat = make_robot(Platform.WECOM, posts_approvals=True)  # refused by the form; never posted
    plan = AnnualPlanFactory(union=union, year=2027, title="2027年工会工作计划")
    plan.submit(chair_user)
    message = committee_chat.messages.get()
    assert message.title == "待审批：2027年工会工作计划"
    assert "https://union.example.org/plans/2027/" in message.text
    assert not members_chat.messages.exists()
    plan.return_to_draft(chair_user)
    plan.submit(chair_user)  # submitted again later: a new message
    assert committee_chat.messages.count() == 2


def test_a_drafted_fund_review_waits_for_signatures(clock, union, make_robot):
    clock(TODAY)
    robot = make_robot(Platform.FEISHU, committee_chat=True, posts_approvals=True)
    review = FundReviewFactory(union=union, year=2026, start=date(2026, 7, 1), end=date(2026, 12, 31))
    review.findings = "账目清楚"
    review.save()
    message = robot.messages.get()
    assert message.title.startswith("待签署：") and "/funds/reviews/" in message.link


def test_a_published_notice_and_a_proposal_reply_are_announced_once(clock, union, make_robot, chair_user):
    from congress import notices, proposals
    from congress.models import Notice, Proposal
    from tests.factories import NoticeFactory, ProposalFactory

    clock(TODAY)
    members_chat = make_robot(Platform.WECOM, posts_congress=True)
    committee_chat = make_robot(Platform.DINGTALK, name="工会委员群", committee_chat=True, posts_congress=True)
    make_robot(Platform.FEISHU, name="不发民主管理")
    notice = NoticeFactory(union=union, title="食堂承包公示", publicity_ends_on=date(2026, 12, 14))
    assert not OutboxMessage.objects.exists()  # a draft is news to nobody
    notices.publish(notice, chair_user)
    department_notice = NoticeFactory(union=union, title="语文组评优公示", audience=Notice.Audience.DEPARTMENT,
                                      department=union.department_set.create(name="语文组"))
    notices.publish(department_notice, chair_user)
    proposal = ProposalFactory(proposer__congress__union=union, title="关于延长午休的提案",
                               status=Proposal.Status.REGISTERED, number=1, handler="总务处")
    proposals.record_reply(proposal, "已调整作息时间。", "总务处", TODAY, chair_user)

    assert list(members_chat.messages.values_list("title", flat=True)) == ["新公示：食堂承包公示"]
    assert "公示期至2026年12月14日" in members_chat.messages.get().text
    assert sorted(committee_chat.messages.values_list("title", flat=True)) == [
        "提案已答复：关于延长午休的提案", "新公示：语文组评优公示", "新公示：食堂承包公示"]
    assert f"/congress/proposals/{proposal.pk}/" in committee_chat.messages.get(dedup_key__startswith="proposal").link
    assert OutboxMessage.objects.count() == 4


def test_the_worker_stops_when_told(monkeypatch):
    from notify import delivery

    passes = []
    monkeypatch.setattr(delivery, "deliver", lambda **kw: passes.append(1))
    monkeypatch.setattr(delivery.time, "sleep", lambda s: None)
    delivery.run_forever(every=3, stop=lambda: len(passes) >= 2)
    assert len(passes) == 2
