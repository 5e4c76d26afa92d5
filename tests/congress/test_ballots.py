"""Ballots through HTTP: the committee prepares, opens and closes; members vote once; results only after
closing; the export; tenancy; query budgets; bad input."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from congress import ballots
from congress.models import Answer, Ballot, BallotResponse, BallotVoter, Question
from tests.factories import BallotFactory, DepartmentFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

LEADERS = "张三 校长\n李四 副校长\n王五 工会主席"


@pytest.fixture(autouse=True)
def today(clock):
    return clock(date(2026, 12, 5))


def voter(union, name, **fields):
    user = UserFactory(role="member")
    MemberFactory(union=union, user=user, name=name, **fields)
    return user


def evaluation(union, committee_user, **fields):
    """An open 民主测评 of three leaders plus a free-text question, for every member."""
    ballot = BallotFactory(union=union, **fields)
    ballots.add_questions(ballot, Question.Kind.RATING, LEADERS)
    ballots.add_questions(ballot, Question.Kind.TEXT, "对领导班子的意见和建议")
    ballots.open_ballot(ballot, committee_user)
    return ballot


def paper(ballot, grades=(0, 1, 2), text=""):
    """POST data: the i-th grade for each leader in turn, and the free text."""
    data = {}
    ratings = [q for q in ballot.questions.all() if q.kind == Question.Kind.RATING]
    for question, grade in zip(ratings, grades, strict=False):
        data[f"q{question.pk}"] = str(list(question.choices.all())[grade].pk)
    for question in ballot.questions.filter(kind=Question.Kind.TEXT):
        data[f"q{question.pk}"] = text
    return data


# -- the committee prepares and opens ---------------------------------------------------------------


def test_the_committee_creates_a_ballot_adds_leaders_in_one_go_and_opens_it(login, committee_user, union):
    client = login(committee_user)
    response = client.post("/congress/ballots/new/", {
        "kind": "evaluation", "title": "2026年度校级领导干部民主测评", "description": "请如实评议。",
        "audience": "all", "closes_at": "2026-12-10T17:00",
    })
    ballot = Ballot.objects.get(title="2026年度校级领导干部民主测评")
    assert response.status_code == 302 and response.url == f"/congress/ballots/{ballot.pk}/"
    client.post(f"/congress/ballots/{ballot.pk}/questions/", {"kind": "rating", "text": LEADERS})
    client.post(f"/congress/ballots/{ballot.pk}/questions/", {"kind": "single", "text": "对今年工会工作总体评价",
                                                               "choices": "满意\n基本满意\n不满意"})
    questions = list(ballot.questions.all())
    assert [q.text for q in questions] == ["张三 校长", "李四 副校长", "王五 工会主席", "对今年工会工作总体评价"]
    assert [c.text for c in questions[0].choices.all()] == ["优秀", "称职", "基本称职", "不称职"]
    assert [c.text for c in questions[3].choices.all()] == ["满意", "基本满意", "不满意"]
    MemberFactory.create_batch(3, union=union)
    response = client.post(f"/congress/ballots/{ballot.pk}/open/", follow=True)
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.OPEN and ballot.opened_at is not None
    assert ballot.eligible_count == 4  # 李委员 and three members
    assert "投票已开始：4 名会员可以投票。" in response.content.decode()
    # Open: no more edits, no more questions.
    response = client.post(f"/congress/ballots/{ballot.pk}/questions/", {"kind": "text", "text": "再加一题"})
    assert ballot.questions.count() == 4
    response = client.get(f"/congress/ballots/{ballot.pk}/edit/")
    assert response.status_code == 302
    # eligible_count is frozen at opening.
    MemberFactory(union=union)
    ballot.refresh_from_db()
    assert ballot.eligible_count == 4


def test_a_ballot_without_questions_does_not_open(login, committee_user, union):
    ballot = BallotFactory(union=union)
    response = login(committee_user).post(f"/congress/ballots/{ballot.pk}/open/", follow=True)
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.DRAFT
    assert "请先添加至少一个问题，再开始投票。" in response.content.decode()


def test_bad_ballot_input_is_a_form_error_and_nothing_is_saved(login, committee_user, union):
    client = login(committee_user)
    for data in [
        {"kind": "evaluation", "title": "", "audience": "all"},
        {"kind": "nonsense", "title": "x", "audience": "all"},
        {"kind": "poll", "title": "x", "audience": "department"},  # no department
        {"kind": "poll", "title": "x", "audience": "representatives"},  # no congress
        {"kind": "poll", "title": "x", "audience": "all", "closes_at": "2026-12-01T08:00"},  # past
        {"kind": "poll", "title": "x", "audience": "all", "closes_at": "明天"},
        {"kind": "poll", "title": "x" * 101, "audience": "all"},
    ]:
        response = client.post("/congress/ballots/new/", data)
        assert response.status_code == 200, data
        assert response.context["form"].errors, data
    assert not Ballot.objects.exists()
    ballot = BallotFactory(union=union)
    for data in [{"kind": "rating", "text": ""}, {"kind": "single", "text": "去哪儿", "choices": "只有一个"},
                 {"kind": "single", "text": "去哪儿", "choices": "甲\n甲"}, {"kind": "rating", "text": "张三\n" * 51},
                 {"kind": "bogus", "text": "x"}]:
        response = client.post(f"/congress/ballots/{ballot.pk}/questions/", data)
        assert response.status_code == 302, data
    assert not ballot.questions.exists()


def test_another_unions_department_is_refused(login, committee_user, union, other_union):
    foreign = DepartmentFactory(union=other_union)
    response = login(committee_user).post("/congress/ballots/new/", {
        "kind": "poll", "title": "春游去哪儿", "audience": "department", "department": foreign.pk})
    assert response.status_code == 200 and "department" in response.context["form"].errors


# -- voting ---------------------------------------------------------------------------------------


def test_each_member_votes_once_and_a_second_attempt_changes_nothing(login, committee_user, union):
    ballot = evaluation(union, committee_user)
    member = voter(union, "刘会员")
    client = login(member)
    page = client.get(f"/congress/ballots/{ballot.pk}/")
    assert "投票" in page.content.decode() and page.context["may_vote"]
    response = client.post(f"/congress/ballots/{ballot.pk}/vote/", paper(ballot, text="多听老师意见"), follow=True)
    assert "您的投票已计入" in response.content.decode()
    assert BallotVoter.objects.filter(ballot=ballot).count() == 1
    assert BallotResponse.objects.filter(ballot=ballot, member__isnull=True).count() == 1
    assert Answer.objects.filter(response__ballot=ballot).count() == 4
    again = client.post(f"/congress/ballots/{ballot.pk}/vote/", paper(ballot, grades=(3, 3, 3)), follow=True)
    assert "您已经投过票" in again.content.decode()
    assert BallotResponse.objects.filter(ballot=ballot).count() == 1
    assert Answer.objects.filter(response__ballot=ballot).count() == 4
    assert not again.context["may_vote"]


def test_a_lost_race_between_two_submits_of_the_same_member_is_refused(union, committee_user):
    """The unique voter row refuses the second of two submits that both passed the has-voted check."""
    ballot = evaluation(union, committee_user)
    member = voter(union, "刘会员").member
    answers = {q: [q.choices.first()] for q in ballot.questions.filter(kind=Question.Kind.RATING)}
    ballots.vote(ballot, member, answers)
    original = ballots.has_voted
    ballots.has_voted = lambda ballot, member: False  # as if the other request had not committed yet
    try:
        with pytest.raises(ballots.BallotRefused):
            ballots.vote(ballot, member, answers)
    finally:
        ballots.has_voted = original
    assert BallotResponse.objects.filter(ballot=ballot).count() == 1
    assert BallotVoter.objects.filter(ballot=ballot).count() == 1


def test_a_paper_with_a_leader_left_unrated_is_refused_with_a_chinese_message(login, committee_user, union):
    ballot = evaluation(union, committee_user)
    client = login(voter(union, "刘会员"))
    response = client.post(f"/congress/ballots/{ballot.pk}/vote/", paper(ballot, grades=(0, 1)))
    assert response.status_code == 400
    assert "请选择一项" in response.content.decode()
    assert not BallotVoter.objects.exists() and not BallotResponse.objects.exists()


@pytest.mark.parametrize("value", ["999999999999", "abc", "", "-1", "1" * 40])
def test_a_choice_that_is_not_the_questions_is_refused(login, committee_user, union, value):
    ballot = evaluation(union, committee_user)
    data = paper(ballot)
    first = ballot.questions.first()
    data[f"q{first.pk}"] = value
    response = login(voter(union, "刘会员")).post(f"/congress/ballots/{ballot.pk}/vote/", data)
    assert response.status_code == 400
    assert not BallotVoter.objects.exists()


def test_another_questions_choice_is_refused(login, committee_user, union):
    ballot = evaluation(union, committee_user)
    data = paper(ballot)
    first, second = list(ballot.questions.all())[:2]
    data[f"q{first.pk}"] = str(second.choices.first().pk)
    response = login(voter(union, "刘会员")).post(f"/congress/ballots/{ballot.pk}/vote/", data)
    assert response.status_code == 400 and not BallotVoter.objects.exists()


def test_eligibility_follows_the_audience(login, committee_user, union):
    teaching, admin = DepartmentFactory(union=union, name="语文组"), DepartmentFactory(union=union, name="后勤处")
    inside, outside = voter(union, "甲", department=teaching), voter(union, "乙", department=admin)
    ballot = BallotFactory(union=union, kind=Ballot.Kind.POLL, title="语文组教研活动时间",
                           audience=Ballot.Audience.DEPARTMENT, department=teaching)
    ballots.add_questions(ballot, Question.Kind.SINGLE, "哪天", "周二\n周四")
    ballots.open_ballot(ballot, committee_user)
    assert ballot.eligible_count == 1
    assert list(Ballot.objects.open_for(inside.member)) == [ballot]
    assert not Ballot.objects.open_for(outside.member).exists()
    choice = ballot.questions.get().choices.first()
    data = {f"q{ballot.questions.get().pk}": str(choice.pk)}
    response = login(outside).post(f"/congress/ballots/{ballot.pk}/vote/", data)
    assert response.status_code == 403
    assert login(outside).get(f"/congress/ballots/{ballot.pk}/").status_code == 403
    assert not BallotVoter.objects.exists()
    login(inside).post(f"/congress/ballots/{ballot.pk}/vote/", data)
    assert BallotVoter.objects.filter(member=inside.member).exists()
    assert not Ballot.objects.open_for(inside.member).exists()  # voted: no longer offered


def test_representatives_vote_on_a_representatives_ballot(login, committee_user, union):
    from congress.models import Congress, Representative

    congress = Congress.objects.create(union=union, kind=Congress.Kind.TEACHERS, term=9, session=6,
                                       starts_on=date(2026, 3, 1))
    rep, plain = voter(union, "代表甲"), voter(union, "会员乙")
    Representative.objects.create(union=union, congress=congress, member=rep.member, term_starts_on=date(2024, 3, 1))
    ballot = BallotFactory(union=union, audience=Ballot.Audience.REPRESENTATIVES, congress=congress)
    ballots.add_questions(ballot, Question.Kind.RATING, "张三 校长")
    ballots.open_ballot(ballot, committee_user)
    assert ballot.eligible_count == 1
    assert list(Ballot.objects.open_for(rep.member)) == [ballot]
    assert not Ballot.objects.open_for(plain.member).exists()


def test_a_draft_is_not_shown_to_members(login, union):
    ballot = BallotFactory(union=union)
    assert login(voter(union, "刘会员")).get(f"/congress/ballots/{ballot.pk}/").status_code == 404


def test_another_unions_ballot_is_404(login, committee_user, union, chair_of_other_union):
    ballot = evaluation(union, committee_user)
    client = login(chair_of_other_union)
    for url in ["", "edit/", "results/", "results.xlsx"]:
        assert client.get(f"/congress/ballots/{ballot.pk}/{url}").status_code == 404, url
    for url in ["vote/", "open/", "close/", "questions/"]:
        assert client.post(f"/congress/ballots/{ballot.pk}/{url}", {}).status_code == 404, url
    assert ballot.title not in client.get("/congress/ballots/").content.decode()


# -- closing and results --------------------------------------------------------------------------


def test_results_are_hidden_until_closed_for_everyone_and_the_committee_sees_only_turnout(
        login, committee_user, chair_user, union, admin_user):
    ballot = evaluation(union, committee_user)
    member = voter(union, "刘会员")
    login(member).post(f"/congress/ballots/{ballot.pk}/vote/", paper(ballot))
    for user in (member, committee_user, chair_user):
        client = login(user)
        response = client.get(f"/congress/ballots/{ballot.pk}/results/")
        assert response.status_code == 302 and response.url == f"/congress/ballots/{ballot.pk}/", user
        assert client.get(f"/congress/ballots/{ballot.pk}/results.xlsx").status_code in (403, 404), user
    page = login(committee_user).get(f"/congress/ballots/{ballot.pk}/").content.decode()
    assert "已投票：<strong>1</strong>" in page
    assert "优秀率" not in page and "称职以上率" not in page


def test_closing_shows_counts_percentages_charts_and_the_leader_summary(login, committee_user, union):
    ballot = evaluation(union, committee_user)
    for i, grades in enumerate([(0, 0, 1), (0, 1, 1), (1, 2, 3), (0, 0, 0)]):
        login(voter(union, f"会员{i}")).post(f"/congress/ballots/{ballot.pk}/vote/",
                                             paper(ballot, grades, text=["乙意见", "甲意见", "", "丙意见"][i]))
    client = login(committee_user)
    response = client.post(f"/congress/ballots/{ballot.pk}/close/", follow=True)
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.CLOSED
    page = response.content.decode()
    results = response.context["results"]
    assert results.voted == 4
    zhang = results.ratings[0]
    assert [c.count for c in zhang.choices] == [3, 1, 0, 0]
    assert str(zhang.excellent_rate) == "75.0" and str(zhang.competent_rate) == "100.0"
    li = results.ratings[1]
    assert str(li.excellent_rate) == "50.0" and str(li.competent_rate) == "75.0"
    wang = results.ratings[2]
    assert [c.count for c in wang.choices] == [1, 2, 0, 1]
    assert "优秀率" in page and "称职以上率" in page and "<svg" in page and "3（75.0%）" in page
    texts = results.questions[3].texts
    assert texts == sorted(texts) == sorted(["乙意见", "甲意见", "丙意见"])


def test_a_ballot_past_its_closing_time_closes_when_read(login, committee_user, union, clock):
    ballot = evaluation(union, committee_user, closes_at=timezone.now() + timedelta(hours=2))
    member = voter(union, "刘会员")
    clock(date(2026, 12, 6))
    assert not Ballot.objects.open_for(member.member).exists()
    response = login(member).post(f"/congress/ballots/{ballot.pk}/vote/", paper(ballot), follow=True)
    assert "不在投票期" in response.content.decode()
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.CLOSED and ballot.closed_at == ballot.closes_at
    assert not BallotVoter.objects.exists()


def test_the_excel_export_holds_the_counts_and_the_summary_but_no_papers(login, committee_user, union):
    ballot = evaluation(union, committee_user)
    for i, grades in enumerate([(0, 0, 1), (1, 1, 3)]):
        login(voter(union, f"会员{i}")).post(f"/congress/ballots/{ballot.pk}/vote/",
                                             paper(ballot, grades, text=f"意见{2 - i}"))
    ballots.close_ballot(ballot, committee_user)
    response = login(committee_user).get(f"/congress/ballots/{ballot.pk}/results.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = [[c for c in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0][0] == ballot.title
    assert ["张三 校长", 1, 1, 0, 0, 2, "50.0%", "100.0%"] in [list(r[:8]) for r in rows]
    free = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    assert free[1:] == [["对领导班子的意见和建议", "意见1"], ["对领导班子的意见和建议", "意见2"]]
    assert len(book.worksheets) == 2  # anonymous: no sheet of names
    assert login(voter(union, "普通会员")).get(f"/congress/ballots/{ballot.pk}/results.xlsx").status_code == 403


def test_a_named_poll_shows_the_committee_who_chose_what(login, committee_user, union):
    ballot = BallotFactory(union=union, kind=Ballot.Kind.POLL, title="春游去哪儿")
    ballots.add_questions(ballot, Question.Kind.SINGLE, "春游去哪儿", "西湖\n千岛湖\n乌镇")
    ballots.open_ballot(ballot, committee_user)
    question = ballot.questions.get()
    west, _lake, town = question.choices.all()
    a, b = voter(union, "张老师"), voter(union, "艾老师")
    login(a).post(f"/congress/ballots/{ballot.pk}/vote/", {f"q{question.pk}": str(west.pk)})
    login(b).post(f"/congress/ballots/{ballot.pk}/vote/", {f"q{question.pk}": str(town.pk)})
    assert BallotResponse.objects.filter(ballot=ballot, member=a.member).exists()
    ballots.close_ballot(ballot, committee_user)
    response = login(committee_user).get(f"/congress/ballots/{ballot.pk}/results/")
    assert [(m.name, answer) for m, _q, answer in response.context["names"]] == [("艾老师", "乌镇"), ("张老师", "西湖")]
    # A member sees the counts, not the names.
    response = login(a).get(f"/congress/ballots/{ballot.pk}/results/")
    assert response.status_code == 200 and not response.context["names"]
    assert "艾老师" not in response.content.decode()
    book = load_workbook(io.BytesIO(login(committee_user).get(f"/congress/ballots/{ballot.pk}/results.xlsx").content))
    assert [list(r) for r in book.worksheets[-1].iter_rows(values_only=True)][1:] == [
        ["艾老师", "春游去哪儿", "乌镇"], ["张老师", "春游去哪儿", "西湖"]]


def test_a_multiple_choice_question_counts_each_choice(login, committee_user, union):
    ballot = BallotFactory(union=union, kind=Ballot.Kind.SURVEY, title="工会活动需求问卷")
    ballots.add_questions(ballot, Question.Kind.MULTIPLE, "希望开展哪些活动", "羽毛球\n瑜伽\n读书会")
    ballots.open_ballot(ballot, committee_user)
    question = ballot.questions.get()
    badminton, yoga, books = (str(c.pk) for c in question.choices.all())
    login(voter(union, "甲")).post(f"/congress/ballots/{ballot.pk}/vote/", {f"q{question.pk}": [badminton, yoga]})
    login(voter(union, "乙")).post(f"/congress/ballots/{ballot.pk}/vote/", {f"q{question.pk}": [yoga]})
    ballots.close_ballot(ballot, committee_user)
    result = ballots.results(ballot).questions[0]
    assert [(c.text, c.count, str(c.percent)) for c in result.choices] == [
        ("羽毛球", 1, "50.0"), ("瑜伽", 2, "100.0"), ("读书会", 0, "0.0")]


# -- pages ----------------------------------------------------------------------------------------


def test_the_list_shows_members_what_to_vote_on(login, committee_user, union):
    ballot = evaluation(union, committee_user)
    draft = BallotFactory(union=union, title="尚未开放的问卷")
    member = voter(union, "刘会员")
    page = login(member).get("/congress/ballots/").content.decode()
    assert ballot.title in page and "请投票" in page and draft.title not in page
    page = login(committee_user).get("/congress/ballots/").content.decode()
    assert draft.title in page and "已投 0 / " in page


def test_the_my_ballots_fragment_lists_open_ballots(rf, committee_user, union):
    from django.template.loader import render_to_string

    ballot = evaluation(union, committee_user)
    member = voter(union, "刘会员").member
    html = render_to_string("congress/_my_ballots.html", {"ballots": Ballot.objects.open_for(member)})
    assert ballot.title in html and f"/congress/ballots/{ballot.pk}/" in html


def test_query_budgets(login, committee_user, union, django_assert_max_num_queries):
    """The ballot page, the list, the results and the export: a fixed number of queries, whatever the
    number of questions, choices and papers."""
    ballot = evaluation(union, committee_user)
    for i in range(8):
        data = paper(ballot, (i % 4, 1, 2), "意见")
        login(voter(union, f"会员{i}")).post(f"/congress/ballots/{ballot.pk}/vote/", data)
    member = voter(union, "新会员")
    client = login(member)
    with django_assert_max_num_queries(10):
        assert client.get(f"/congress/ballots/{ballot.pk}/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/congress/ballots/").status_code == 200
    ballots.close_ballot(ballot, committee_user)
    client = login(committee_user)
    with django_assert_max_num_queries(11):
        assert client.get(f"/congress/ballots/{ballot.pk}/results/").status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(f"/congress/ballots/{ballot.pk}/results.xlsx").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(f"/congress/ballots/{ballot.pk}/").status_code == 200


def test_closing_a_ballot_whose_time_has_come_shows_its_results(login, committee_user, union, clock):
    ballot = evaluation(union, committee_user, closes_at=timezone.now() + timedelta(hours=2))
    clock(date(2026, 12, 6))
    response = login(committee_user).post(f"/congress/ballots/{ballot.pk}/close/")
    assert response.status_code == 302 and response.url == f"/congress/ballots/{ballot.pk}/results/"
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.CLOSED and ballot.closed_at == ballot.closes_at


def test_a_department_ballot_without_a_department_is_nobodys(union, committee_user):
    """Only the admin can leave the department out: then nobody votes, not the members without one."""
    homeless = voter(union, "无部门").member
    ballot = BallotFactory(union=union, audience=Ballot.Audience.DEPARTMENT, department=None)
    ballots.add_questions(ballot, Question.Kind.TEXT, "意见")
    assert not ballots.eligible_members(ballot).exists()
    with pytest.raises(ballots.BallotRefused):  # 没有可以参加投票的人
        ballots.open_ballot(ballot, committee_user)
    Ballot.objects.filter(pk=ballot.pk).update(status=Ballot.Status.OPEN)
    assert not Ballot.objects.open_for(homeless).exists()
