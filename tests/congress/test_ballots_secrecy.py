"""What an administrator with the admin, every page and every export can and cannot learn about an
anonymous ballot (民主测评 / 问卷).

CAN learn: who is eligible, how many voted and — from the voter rows, as the committee must to stop a
second vote — whether a given member has voted; after closing, the counts per choice and the free
texts, sorted by their words.

CANNOT learn, through the app: how any one member voted. Proved below:
- the schema: a ballot paper, its answers and the voter rows carry random (version 4) UUID keys and
  no date or time; an anonymous paper has no member;
- a vote writes no history entry and no log line, and leaves nothing in the session;
- the admin registers neither voters, papers nor answers, and no page or export names a voter;
- the results and the export do not depend on the order in which members voted.

The residual, which only the database itself can reveal, not the app: the database's own storage
order and bookkeeping — SQLite's rowid (every table without an integer key still has one, in insertion
order), PostgreSQL's physical row order and the xmin transaction id of each row, and the database's
logs — pair the n-th voter row with the n-th paper. Whoever can read the database files or run SQL
on them directly is outside what an application can protect against; such access must be kept from
the union's administrators (docs: README "Democratic management").
"""

import io
import logging
import uuid
from datetime import date

import pytest
from django.contrib import admin
from django.db import models
from openpyxl import load_workbook

from congress import ballots
from congress.models import Answer, Ballot, BallotResponse, BallotVoter, Question
from members.models import HistoryEntry
from tests.factories import BallotFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_MODELS = (BallotVoter, BallotResponse, Answer)


@pytest.fixture(autouse=True)
def today(clock):
    return clock(date(2026, 12, 5))


@pytest.fixture
def admin_chair(union):
    """The union's chair, who is also a superuser with the Django admin: the most anyone has."""
    user = UserFactory(username="root-chair", role="chair", is_staff=True, is_superuser=True)
    MemberFactory(union=union, user=user, name="王主席")
    return user


def make_ballot(union, by, title="2026年度中层干部民主测评"):
    ballot = BallotFactory(union=union, title=title)
    ballots.add_questions(ballot, Question.Kind.RATING, "张三 校长")
    ballots.add_questions(ballot, Question.Kind.TEXT, "意见建议")
    ballots.open_ballot(ballot, by)
    return ballot


def member(union, name):
    user = UserFactory(username=f"u-{name}", role="member")
    MemberFactory(union=union, user=user, name=name)
    return user


def cast(client, ballot, grade, text):
    rating, free = ballot.questions.order_by("order")
    return client.post(f"/congress/ballots/{ballot.pk}/vote/", {
        f"q{rating.pk}": str(list(rating.choices.all())[grade].pk), f"q{free.pk}": text}, follow=True)


def test_the_schema_stores_no_time_and_random_keys():
    for model in SECRET_MODELS:
        kinds = {type(f) for f in model._meta.concrete_fields}
        assert not kinds & {models.DateTimeField, models.DateField, models.TimeField}, model
        assert isinstance(model._meta.pk, models.UUIDField), model
        assert not model._meta.ordering, model  # no default order to fall back on


def test_an_anonymous_vote_stores_no_member_on_the_paper_and_random_keys(login, union, admin_chair):
    ballot = make_ballot(union, admin_chair)
    cast(login(member(union, "甲老师")), ballot, 0, "甲的意见")
    paper = BallotResponse.objects.get(ballot=ballot)
    assert paper.member_id is None
    assert uuid.UUID(str(paper.pk)).version == 4
    assert uuid.UUID(str(BallotVoter.objects.get(ballot=ballot).pk)).version == 4
    assert all(uuid.UUID(str(a.pk)).version == 4 for a in Answer.objects.filter(response=paper))


def test_a_vote_writes_no_history_no_log_line_and_leaves_nothing_in_the_session(
        login, union, admin_chair, caplog, settings):
    ballot = make_ballot(union, admin_chair)
    voter = member(union, "甲老师")
    client = login(voter)
    client.get(f"/congress/ballots/{ballot.pk}/")
    before_session = dict(client.session.items())
    history_before = HistoryEntry.objects.count()
    caplog.set_level(logging.DEBUG)
    response = cast(client, ballot, 3, "甲的意见")
    assert "谢谢，您的投票已计入。" in response.content.decode()
    assert HistoryEntry.objects.count() == history_before
    assert not HistoryEntry.objects.filter(actor=voter).exists()
    for record in caplog.records:
        line = record.getMessage()
        for trace in (voter.username, "甲老师", "甲的意见", str(voter.member.pk)):
            assert trace not in line, line
    assert dict(client.session.items()) == before_session


def test_the_admin_has_no_voters_papers_or_answers(login, union, admin_chair):
    for model in SECRET_MODELS:
        assert model not in admin.site._registry, model
    ballot = make_ballot(union, admin_chair)
    cast(login(member(union, "甲老师")), ballot, 0, "甲的意见")
    paper, voter_row = BallotResponse.objects.get(), BallotVoter.objects.get()
    client = login(admin_chair)
    for name in ("ballotvoter", "ballotresponse", "answer"):
        assert client.get(f"/admin/congress/{name}/").status_code == 404, name
    question = ballot.questions.first()
    for url in ("/admin/congress/", f"/admin/congress/ballot/{ballot.pk}/change/",
                f"/admin/congress/question/{question.pk}/change/", "/admin/congress/ballot/?q=甲"):
        page = client.get(url).content.decode()
        for trace in ("ballotvoter", "ballotresponse", "甲老师", "甲的意见", str(paper.pk), str(voter_row.pk)):
            assert trace not in page, (url, trace)


def test_no_page_and_no_export_names_a_voter_of_an_anonymous_ballot(login, union, admin_chair):
    ballot = make_ballot(union, admin_chair)
    cast(login(member(union, "甲老师")), ballot, 0, "甲的意见")
    cast(login(member(union, "乙老师")), ballot, 3, "乙的意见")
    client = login(admin_chair)
    open_pages = [client.get(url).content.decode() for url in
                  (f"/congress/ballots/{ballot.pk}/", "/congress/ballots/", f"/congress/ballots/{ballot.pk}/results/")]
    ballots.close_ballot(ballot, admin_chair)
    closed_pages = [client.get(url).content.decode() for url in
                    (f"/congress/ballots/{ballot.pk}/", "/congress/ballots/", f"/congress/ballots/{ballot.pk}/results/",
                     f"/admin/congress/ballot/{ballot.pk}/change/", "/admin/congress/question/")]
    book = load_workbook(io.BytesIO(client.get(f"/congress/ballots/{ballot.pk}/results.xlsx").content))
    cells = " ".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row)
    for text in [*open_pages, *closed_pages, cells]:
        assert "甲老师" not in text and "乙老师" not in text
    assert not any("甲的意见" in page for page in open_pages)  # nothing of the answers while open
    assert "甲的意见" in closed_pages[2] and "甲的意见" in cells  # the texts, once closed


PAPERS = {"甲": (0, "赞成延长午休"), "乙": (3, "希望减少会议"), "丙": (1, "")}


def results_of(login, union, admin_chair, voters, order, title):
    """Vote with the same papers in the given order; what the committee's results page and export show."""
    ballot = make_ballot(union, admin_chair, title=title)
    for name in order:
        grade, text = PAPERS[name]
        cast(login(voters[name]), ballot, grade, text)
    ballots.close_ballot(ballot, admin_chair)
    client = login(admin_chair)
    shown = [(r.question.text, [(c.text, c.count) for c in r.choices], r.texts)
             for r in client.get(f"/congress/ballots/{ballot.pk}/results/").context["results"].questions]
    book = load_workbook(io.BytesIO(client.get(f"/congress/ballots/{ballot.pk}/results.xlsx").content))
    cells = [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)][1:]  # no title
    return shown, cells


def test_results_and_export_do_not_depend_on_the_order_of_voting(login, union, admin_chair):
    voters = {name: member(union, f"{name}老师") for name in PAPERS}
    forwards = results_of(login, union, admin_chair, voters, ["甲", "乙", "丙"], "先甲")
    backwards = results_of(login, union, admin_chair, voters, ["丙", "乙", "甲"], "先丙")
    assert forwards == backwards
    shown, _cells = forwards
    assert shown[1][2] == ["希望减少会议", "赞成延长午休"]  # sorted by the words


def test_while_open_nobody_sees_results_administrators_included(login, union, admin_chair):
    ballot = make_ballot(union, admin_chair)
    cast(login(member(union, "甲老师")), ballot, 0, "甲的意见")
    client = login(admin_chair)
    assert client.get(f"/congress/ballots/{ballot.pk}/results/").status_code == 302
    assert client.get(f"/congress/ballots/{ballot.pk}/results.xlsx").status_code == 404
    page = client.get(f"/congress/ballots/{ballot.pk}/").content.decode()
    assert "已投票：<strong>1</strong> / 应投" in page and "甲的意见" not in page and "优秀：" not in page


def test_a_named_poll_is_the_only_kind_that_keeps_the_member(login, union, admin_chair):
    ballot = BallotFactory(union=union, kind=Ballot.Kind.POLL, title="春游去哪儿")
    ballots.add_questions(ballot, Question.Kind.SINGLE, "去哪儿", "西湖\n乌镇")
    ballots.open_ballot(ballot, admin_chair)
    voter = member(union, "甲老师")
    question = ballot.questions.get()
    login(voter).post(f"/congress/ballots/{ballot.pk}/vote/", {f"q{question.pk}": str(question.choices.first().pk)})
    assert BallotResponse.objects.get(ballot=ballot).member == voter.member
    assert ballot.anonymous is False
    assert all(kind.anonymous for kind in (Ballot(kind=Ballot.Kind.EVALUATION), Ballot(kind=Ballot.Kind.SURVEY)))


def test_the_admin_cannot_turn_an_open_anonymous_ballot_into_a_named_poll(client, union, admin_chair):
    ballot = make_ballot(union, admin_chair)
    client.force_login(admin_chair)
    page = client.get(f"/admin/congress/ballot/{ballot.pk}/change/").content.decode()
    assert 'name="kind"' not in page and 'name="status"' not in page
    changed = {"kind": "poll", "title": ballot.title, "status": "draft"}
    client.post(f"/admin/congress/ballot/{ballot.pk}/change/", changed)
    ballot.refresh_from_db()
    assert ballot.kind == Ballot.Kind.EVALUATION and ballot.status == Ballot.Status.OPEN
