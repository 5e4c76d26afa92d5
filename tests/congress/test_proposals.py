"""Proposals (提案) from draft to rating, through HTTP as the people would do it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from congress.models import Cosignature, Proposal, ProposalReply, Suggestion
from members.models import HistoryEntry
from tests.congress.proposal_cast import build_cast, submitted
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(union):
    return build_cast(union)


def url(name, proposal):
    return reverse(f"congress:{name}", args=[proposal.pk])


def text(response):
    return response.content.decode()


def follow(client, path, data=None):
    return client.post(path, data or {}, follow=True)


# -- writing ---------------------------------------------------------------------------------------------


def test_representative_writes_edits_and_submits_a_draft(cast):
    client = cast.client("proposer")
    response = client.post(reverse("congress:proposal-create"), {
        "congress": cast.congress.pk, "title": "关于增设教工午休室的提案", "reason": "午休无处休息。",
        "measures": "腾出两间教室。",
    })
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.status == Proposal.Status.DRAFT
    assert proposal.proposer == cast.reps["proposer"]
    response = client.post(url("proposal-edit", proposal), {
        "title": "关于增设教工午休室的提案（修改）", "reason": "午休无处休息。", "measures": "腾出两间教室。",
        "version": proposal.version,
    })
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title.endswith("（修改）")
    follow(client, url("proposal-submit", proposal), {"version": proposal.version})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.submitted_at


def test_a_member_who_is_not_a_representative_cannot_write(cast):
    client = cast.client("member")
    response = client.get(reverse("congress:proposal-create"))
    assert response.status_code == 403 and "只有正在征集提案的代表大会的代表才能提交提案" in text(response)
    response = client.post(reverse("congress:proposal-create"), {
        "congress": cast.congress.pk, "title": "x", "reason": "x", "measures": "x"})
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_nobody_else_reads_or_edits_a_draft(cast):
    draft = ProposalFactory(proposer=cast.reps["proposer"])
    for name in ("signer1", "member", "reviewer"):
        client = cast.client(name)
        assert client.get(url("proposal-detail", draft)).status_code == 403
        edit = {"title": "改", "reason": "r", "measures": "m"}
        assert client.post(url("proposal-edit", draft), edit).status_code == 403
    draft.refresh_from_db()
    assert draft.title.startswith("关于改善")


def test_bad_input_is_a_chinese_error_and_nothing_is_saved(cast):
    client = cast.client("proposer")
    response = client.post(reverse("congress:proposal-create"), {"congress": cast.congress.pk, "title": "",
                                                                 "reason": "", "measures": "x" * 10})
    assert response.status_code == 400
    assert "这个字段是必填项" in text(response)
    assert not Proposal.objects.exists()


def test_a_stale_edit_is_refused_with_a_clear_message(cast):
    proposal = ProposalFactory(proposer=cast.reps["proposer"])
    client = cast.client("proposer")
    data = {"title": "第一次", "reason": "r", "measures": "m", "version": proposal.version}
    assert client.post(url("proposal-edit", proposal), data).status_code == 302
    response = client.post(url("proposal-edit", proposal), {**data, "title": "第二次"})
    assert response.status_code == 400 and "已有其他人保存了这条记录" in text(response)
    proposal.refresh_from_db()
    assert proposal.title == "第一次"


# -- co-signing --------------------------------------------------------------------------------------------


def test_representatives_cosign_once_and_not_their_own(cast):
    proposal = submitted(cast)
    follow(cast.client("signer1"), url("proposal-cosign", proposal))
    response = follow(cast.client("signer1"), url("proposal-cosign", proposal))
    assert "您已经附议过" in text(response)
    response = follow(cast.client("proposer"), url("proposal-cosign", proposal))
    assert "不能附议自己的提案" in text(response)
    assert list(proposal.cosignatures.values_list("representative__member__name", flat=True)) == ["李明"]


def test_a_member_who_is_not_a_representative_cannot_cosign(cast):
    proposal = submitted(cast)
    response = cast.client("member").post(url("proposal-cosign", proposal))
    assert response.status_code == 403 and "只有本次大会的代表才能附议提案" in text(response)
    assert not Cosignature.objects.exists()


def test_a_draft_cannot_be_cosigned(cast):
    draft = ProposalFactory(proposer=cast.reps["proposer"])
    cast.client("signer1").post(url("proposal-cosign", draft))
    assert not Cosignature.objects.exists()


# -- review ------------------------------------------------------------------------------------------------


def test_registering_needs_enough_cosigners(cast):
    proposal = submitted(cast, ["signer1"])
    response = follow(cast.client("reviewer"), url("proposal-register", proposal), {"version": proposal.version})
    assert "需要 2 人附议" in text(response)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.number is None


def test_registered_proposals_are_numbered_in_order(cast):
    first, second = submitted(cast, ["signer1", "signer2"]), submitted(cast, ["signer1", "signer2"])
    client = cast.client("reviewer")
    for proposal in (second, first):
        follow(client, url("proposal-register", proposal), {"version": proposal.version})
    first.refresh_from_db(), second.refresh_from_db()
    assert (second.number, first.number) == (1, 2)
    assert first.status == Proposal.Status.REGISTERED
    assert "第2号" in text(client.get(url("proposal-detail", first)))


def test_only_the_proposal_committee_reviews(cast):
    proposal = submitted(cast, ["signer1", "signer2"])
    for name in ("proposer", "signer1", "member"):
        assert cast.client(name).post(url("proposal-register", proposal)).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    follow(cast.client("chair"), url("proposal-register", proposal), {"version": proposal.version})  # review_proposal
    proposal.refresh_from_db()
    assert proposal.number == 1


def test_two_reviewers_never_overwrite_each_other(cast):
    proposal = submitted(cast, ["signer1", "signer2"])
    seen = proposal.version
    follow(cast.client("reviewer"), url("proposal-register", proposal), {"version": seen})
    response = follow(cast.client("chair"), url("proposal-decline", proposal),
                      {"version": seen, "outcome": "not_registered", "reason": "不属于职权范围"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REGISTERED
    assert "现在不能进行这一步" in text(response)


def test_merge_into_a_registered_proposal(cast):
    target = submitted(cast, ["signer1", "signer2"])
    follow(cast.client("reviewer"), url("proposal-register", target), {"version": target.version})
    proposal = submitted(cast)
    follow(cast.client("reviewer"), url("proposal-merge", proposal),
           {"version": proposal.version, "into": target.pk, "reason": "内容相同"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.MERGED and proposal.merged_into == target
    assert proposal.review_note == "内容相同"


def test_merge_needs_a_reason_and_nothing_changes(cast):
    proposal = submitted(cast)
    response = cast.client("reviewer").post(url("proposal-merge", proposal), {"version": proposal.version,
                                                                              "into": "999999", "reason": ""})
    assert response.status_code == 400 and "这个字段是必填项" in text(response)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


def test_not_registered_with_a_reason(cast):
    proposal = submitted(cast)
    follow(cast.client("reviewer"), url("proposal-decline", proposal),
           {"version": proposal.version, "outcome": "not_registered", "reason": "属于个人诉求"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.NOT_REGISTERED and proposal.review_note == "属于个人诉求"
    assert not Suggestion.objects.exists()


def test_turned_into_a_suggestion_in_the_proposers_name(cast):
    proposal = submitted(cast)
    follow(cast.client("reviewer"), url("proposal-decline", proposal),
           {"version": proposal.version, "outcome": "to_suggestion", "reason": "作为意见建议办理"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.TO_SUGGESTION
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == Suggestion.Kind.SUGGESTION and suggestion.author == cast.reps["proposer"].member
    assert suggestion.title == proposal.title


def test_decline_without_a_reason_is_refused(cast):
    proposal = submitted(cast)
    response = cast.client("reviewer").post(url("proposal-decline", proposal),
                                            {"version": proposal.version, "outcome": "not_registered", "reason": ""})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


# -- handling, reply, rating ------------------------------------------------------------------------------


def registered(cast):
    proposal = submitted(cast, ["signer1", "signer2"])
    follow(cast.client("reviewer"), url("proposal-register", proposal), {"version": proposal.version})
    proposal.refresh_from_db()
    return proposal


def assign_and_reply(cast, proposal, text_="已增设午休室两间。"):
    client = cast.client("reviewer")
    follow(client, url("proposal-assign", proposal),
           {"version": proposal.version, "handler": "总务处", "reply_due_on": "2026-06-30"})
    proposal.refresh_from_db()
    follow(client, url("proposal-reply", proposal), {"version": proposal.version, "text": text_,
                                                     "replied_by": "总务处", "replied_on": "2026-05-20"})
    proposal.refresh_from_db()
    return proposal


def test_the_reply_needs_a_handler_first(cast):
    proposal = registered(cast)
    response = follow(cast.client("reviewer"), url("proposal-reply", proposal),
                      {"version": proposal.version, "text": "答复", "replied_on": "2026-05-20"})
    assert "请先指定承办" in text(response)
    assert not ProposalReply.objects.exists()


def test_satisfied_closes_the_proposal(cast):
    proposal = assign_and_reply(cast, registered(cast))
    assert proposal.status == Proposal.Status.REPLIED and proposal.handler == "总务处"
    assert proposal.reply_due_on == date(2026, 6, 30)
    follow(cast.client("proposer"), url("proposal-rate", proposal),
           {"version": proposal.version, "rating": "mostly", "comment": "基本解决"})
    proposal.refresh_from_db()
    reply = proposal.replies.get()
    assert proposal.status == Proposal.Status.CLOSED
    assert (reply.rating, reply.rating_comment, reply.round) == ("mostly", "基本解决", 1)


def test_only_the_proposer_rates(cast):
    proposal = assign_and_reply(cast, registered(cast))
    for name in ("signer1", "reviewer"):
        assert cast.client(name).post(url("proposal-rate", proposal), {"rating": "satisfied"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REPLIED


def test_unsatisfied_asks_a_second_reply_once(cast):
    proposal = assign_and_reply(cast, registered(cast))
    client = cast.client("proposer")
    follow(client, url("proposal-rate", proposal),
           {"version": proposal.version, "rating": "unsatisfied", "ask_second": "on", "comment": "未落实"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REGISTERED
    assert proposal.reply_due_on > date(2026, 6, 30) or proposal.reply_due_on >= date.today()
    follow(cast.client("reviewer"), url("proposal-reply", proposal),
           {"version": proposal.version, "text": "已再次落实", "replied_on": "2026-07-10"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REPLIED
    assert list(proposal.replies.values_list("round", flat=True)) == [1, 2]
    assert 'name="ask_second"' not in text(client.get(url("proposal-detail", proposal)))
    response = follow(client, url("proposal-rate", proposal),
                      {"version": proposal.version, "rating": "unsatisfied", "ask_second": "on"})
    assert "已经第二次答复" in text(response)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REPLIED
    follow(client, url("proposal-rate", proposal), {"version": proposal.version, "rating": "unsatisfied"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CLOSED


def test_a_bad_rating_is_a_chinese_error(cast):
    proposal = assign_and_reply(cast, registered(cast))
    response = cast.client("proposer").post(url("proposal-rate", proposal), {"version": proposal.version,
                                                                             "rating": "great"})
    assert response.status_code == 400 and "选择一个有效的选项" in text(response)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REPLIED


def test_a_bad_deadline_is_a_chinese_error(cast):
    proposal = registered(cast)
    response = cast.client("reviewer").post(url("proposal-assign", proposal),
                                            {"version": proposal.version, "handler": "总务处",
                                             "reply_due_on": "2026-02-30"})
    assert response.status_code == 400 and "日期无效" in text(response)
    proposal.refresh_from_db()
    assert proposal.handler == "" and proposal.reply_due_on is None


def test_every_step_is_in_the_history_with_who(cast):
    proposal = assign_and_reply(cast, registered(cast))
    entries = HistoryEntry.objects.for_object(proposal).order_by("at", "id")
    notes = [e.note for e in entries]
    assert "已提交" not in notes  # the factory made it submitted; the steps below went through HTTP
    assert any("第1号" in n for n in notes) and any("总务处" in n for n in notes)
    assert all(e.actor for e in entries)
    page = text(cast.client("proposer").get(url("proposal-detail", proposal)))
    assert "赵审核" in page and "已增设午休室两间。" in page


def test_overdue_lists_registered_proposals_past_their_deadline(cast):
    proposal = registered(cast)
    follow(cast.client("reviewer"), url("proposal-assign", proposal),
           {"version": proposal.version, "handler": "总务处", "reply_due_on": "2026-06-30"})
    assert list(Proposal.objects.for_union(cast.union).overdue(today=date(2026, 7, 1))) == [proposal]
    assert not Proposal.objects.for_union(cast.union).overdue(today=date(2026, 6, 30)).exists()
    proposal = assign_and_reply(cast, Proposal.objects.get(pk=proposal.pk))
    assert not Proposal.objects.for_union(cast.union).overdue(today=date(2026, 7, 1) + timedelta(days=1)).exists()


# -- tenancy and lists ----------------------------------------------------------------------------------------


def test_another_unions_proposal_is_404(cast, chair_of_other_union, client):
    proposal = submitted(cast, ["signer1", "signer2"])
    client.force_login(chair_of_other_union)
    for name in ("proposal-detail", "proposal-edit"):
        assert client.get(url(name, proposal)).status_code == 404
    for name in ("proposal-register", "proposal-cosign", "proposal-submit", "proposal-rate"):
        assert client.post(url(name, proposal)).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


def test_list_filters_by_status_and_congress(cast):
    proposal = submitted(cast)
    ProposalFactory(proposer=cast.reps["signer1"], title="草稿不显示")
    client = cast.client("signer2")
    page = text(client.get(reverse("congress:proposal-list")))
    assert proposal.title in page and "草稿不显示" not in page
    page = text(client.get(reverse("congress:proposal-list"), {"status": "closed"}))
    assert proposal.title not in page
    page = text(client.get(reverse("congress:proposal-list"), {"status": "submitted", "congress": cast.congress.pk}))
    assert proposal.title in page
    assert client.get(reverse("congress:proposal-list"), {"status": "<x>", "congress": "²"}).status_code == 200


def test_my_proposals_are_those_i_wrote_or_cosigned(cast):
    mine = submitted(cast, ["signer1"])
    ProposalFactory(proposer=cast.reps["signer2"], status=Proposal.Status.SUBMITTED, title="别人的提案")
    page = text(cast.client("signer1").get(reverse("congress:proposal-mine")))
    assert mine.title in page and "别人的提案" not in page


def _proposals(cast, n):
    for i in range(n):
        p = submitted(cast, ["signer1", "signer2"])
        p.title = f"提案{i}"
        p.save()


@pytest.mark.parametrize("n", [2, 20])
def test_list_queries_do_not_grow(cast, n, django_assert_max_num_queries):
    _proposals(cast, n)
    client = cast.client("signer1")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("congress:proposal-list")).status_code == 200


@pytest.mark.parametrize("n", [1, 10])
def test_detail_queries_do_not_grow(cast, n, django_assert_max_num_queries):
    proposal = assign_and_reply(cast, registered(cast))
    for i in range(n):
        rep = cast.reps["signer1"].__class__.objects.create(
            union=cast.union, congress=cast.congress, term_starts_on=date(2026, 1, 1),
            member=cast.users["member"].member.__class__.objects.create(union=cast.union, name=f"代表{i}",
                                                                        employee_number=f"X{i}"))
        Cosignature.objects.create(union=cast.union, proposal=proposal, representative=rep)
    client = cast.client("proposer")
    with django_assert_max_num_queries(16):
        assert client.get(url("proposal-detail", proposal)).status_code == 200


def test_the_second_of_two_reviewers_saving_the_same_page_is_refused(cast):
    proposal = registered(cast)
    seen = proposal.version
    follow(cast.client("reviewer"), url("proposal-assign", proposal),
           {"version": seen, "handler": "总务处", "reply_due_on": "2026-06-30"})
    response = follow(cast.client("chair"), url("proposal-assign", proposal),
                      {"version": seen, "handler": "教务处", "reply_due_on": "2026-07-30"})
    assert "已有其他人保存了这条记录" in text(response)
    proposal.refresh_from_db()
    assert proposal.handler == "总务处"


def test_no_proposal_after_the_deadline(cast):
    draft = ProposalFactory(proposer=cast.reps["proposer"])
    cast.congress.proposals_until = date(2020, 1, 1)
    cast.congress.save()
    client = cast.client("proposer")
    assert client.get(reverse("congress:proposal-create")).status_code == 403
    response = follow(client, url("proposal-submit", draft), {"version": draft.version})
    assert "本次大会已不再接受提案" in text(response)
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.DRAFT


def test_an_overdue_proposal_is_marked_in_the_list(cast, clock):
    proposal = registered(cast)
    follow(cast.client("reviewer"), url("proposal-assign", proposal),
           {"version": proposal.version, "handler": "总务处", "reply_due_on": "2026-06-30"})
    clock(date(2026, 7, 1))
    badge = 'text-bg-danger">逾期</span>'
    assert badge in text(cast.client("reviewer").get(reverse("congress:proposal-list")))
    clock(date(2026, 6, 30))
    assert badge not in text(cast.client("reviewer").get(reverse("congress:proposal-list")))


def test_the_list_shows_only_overdue_replies_when_asked(cast, clock):
    late = registered(cast)
    follow(cast.client("reviewer"), url("proposal-assign", late),
           {"version": late.version, "handler": "总务处", "reply_due_on": "2026-06-30"})
    on_time = submitted(cast)
    clock(date(2026, 7, 1))
    page = text(cast.client("reviewer").get(reverse("congress:proposal-list"), {"overdue": "on"}))
    assert late.title in page and on_time.title not in page
