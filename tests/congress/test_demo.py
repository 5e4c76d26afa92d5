"""The demo's democratic management: a 教代会 with its delegations and proposal committee, proposals in
every state, a closed anonymous 民主测评 whose papers name nobody, an open named poll, suggestions and
notices — on any day of the year, built twice without a second copy."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from congress import suggestions
from congress.models import (
    Answer,
    Ballot,
    BallotResponse,
    BallotVoter,
    Congress,
    Notice,
    Proposal,
    ProposalReply,
    Representative,
    Suggestion,
)
from funds.models import Expense
from members.models import HistoryEntry

pytestmark = pytest.mark.django_db

# New Year's Day, the day before 春节 2026, the last day of the first half, New Year's Eve, a leap day.
DAYS = [date(2026, 1, 1), date(2026, 2, 16), date(2026, 6, 30), date(2026, 12, 31), date(2028, 2, 29)]
S = Proposal.Status


def _counts():
    models = [Congress, Representative, Proposal, ProposalReply, Ballot, BallotVoter, BallotResponse, Answer,
              Suggestion, Notice, Expense]
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_every_state_on_any_day(seed_demo, clock, today):
    clock(today)
    seed_demo(today=today)
    congress = Congress.objects.get()
    assert congress.starts_on < today and congress.kind == Congress.Kind.TEACHERS
    assert 18 <= congress.representatives.count() <= 22
    assert 4 <= congress.delegations.count() <= 5
    assert all(d.departments.exists() for d in congress.delegations.all())
    assert 3 <= congress.proposal_committee.count() <= 5
    proposals = Proposal.objects.filter(congress=congress)
    assert set(proposals.values_list("status", flat=True)) == set(S.values)
    assert list(proposals.exclude(number=None).order_by("number").values_list("number", flat=True)) == [
        *range(1, proposals.exclude(number=None).count() + 1)]
    assert proposals.overdue(today).count() == 1
    assert proposals.filter(status=S.REGISTERED, reply_due_on__gte=today).exists()  # being handled, not late
    second = proposals.get(replies__round=2)
    assert second.status == S.CLOSED and second.replies.get(round=1).second_reply_asked
    assert proposals.filter(status=S.SUBMITTED, cosignatures__isnull=True).count() == 0
    short = [p for p in proposals.filter(status=S.SUBMITTED) if p.cosignatures.count() < congress.cosigners_required]
    assert short, "a proposal still waits for co-signers"
    # Nothing is dated after the demo's today.
    assert not ProposalReply.objects.filter(replied_on__gt=today).exists()
    assert not proposals.filter(reviewed_at__date__gt=today).exists()
    assert not Notice.objects.filter(publicity_starts_on__gt=today).exists()
    assert not Suggestion.objects.filter(submitted_on__gt=today).exists()
    # The ballots: a closed 民主测评 with about sixty papers, an open named poll.
    evaluation = Ballot.objects.get(kind=Ballot.Kind.EVALUATION)
    assert evaluation.status == Ballot.Status.CLOSED
    assert evaluation.responses.count() == evaluation.voters.count() == 60
    poll = Ballot.objects.get(kind=Ballot.Kind.POLL)
    assert poll.status == Ballot.Status.OPEN and poll.closes_at.date() > today
    # Suggestions: named, anonymous (one readable with the printed code), adopted and rewarded.
    assert Suggestion.objects.filter(anonymous=True, author=None).count() >= 2
    found = Suggestion.objects.get(receipt_hash=suggestions.receipt_hash("7KQM-3XWD-H9PA"))
    assert found.anonymous and found.reply
    rewarded = Suggestion.objects.get(reward_expense__isnull=False)
    assert rewarded.reward_expense.amount == rewarded.reward and rewarded.author is not None
    # Notices: 校务公开 asking for feedback, the 测评's 公示, a correction.
    assert Notice.objects.filter(category=Notice.Category.UNIT_AFFAIRS, asks_feedback=True,
                                 feedback__isnull=False).exists()
    assert Notice.objects.filter(category=Notice.Category.PUBLICITY, title__contains="民主测评").exists()
    assert Notice.objects.filter(corrects__isnull=False).exists()
    assert not Notice.objects.filter(published_at__isnull=True).exists()


def test_the_demo_member_has_something_to_do(seed_demo, clock):
    today = clock(date(2026, 12, 5))
    seed_demo(today=today)
    member = get_user_model().objects.get(username="member").member
    representative = Representative.objects.get(member=member)
    assert representative.delegation.departments.filter(pk=member.department_id).exists()
    assert Proposal.objects.filter(proposer=representative, status=S.REPLIED).exists()  # to rate
    assert Proposal.objects.filter(proposer=representative, status=S.DRAFT).exists()
    cosignable = Proposal.objects.filter(status=S.SUBMITTED).exclude(proposer=representative).exclude(
        cosignatures__representative=representative)
    assert cosignable.exists()
    assert Ballot.objects.open_for(member).exists()  # the spring poll
    assert Suggestion.objects.filter(author=member).exists()


def test_seeding_twice_adds_nothing(seed_demo, clock):
    today = clock(date(2026, 12, 5))
    seed_demo(today=today)
    before = _counts()
    seed_demo(today=today)
    assert _counts() == before


def test_the_evaluation_papers_name_nobody(seed_demo, clock):
    today = clock(date(2026, 12, 5))
    seed_demo(today=today)
    evaluation = Ballot.objects.get(kind=Ballot.Kind.EVALUATION)
    assert evaluation.anonymous
    assert not BallotResponse.objects.filter(ballot=evaluation, member__isnull=False).exists()
    # No history entry of the ballot's papers or answers, nor of the anonymous suggestions.
    assert not HistoryEntry.objects.filter(content_type__model__in=["ballotresponse", "answer", "ballotvoter"]).exists()
    anonymous = Suggestion.objects.filter(anonymous=True).values_list("pk", flat=True)
    assert not HistoryEntry.objects.filter(content_type__model="suggestion", object_id__in=[str(pk) for pk in anonymous]
                                           ).exists()
    # Nothing on a paper or a voter row tells when it was written: no field of time to line them up by.
    for model in (BallotResponse, BallotVoter, Answer):
        assert not [f for f in model._meta.fields if f.get_internal_type() in ("DateTimeField", "DateField")]


def test_a_future_year_has_no_congress(seed_demo, clock):
    today = clock(date(2026, 12, 5))
    seed_demo(today=today, year=2027)
    assert not Congress.objects.exists()
