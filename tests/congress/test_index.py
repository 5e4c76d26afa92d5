"""The /congress/ index (issue 18, point 6) and the dashboard panels of democratic management: what a member
sees (their representatives, open ballots, current notices, their suggestions), the committee's cards
with counts, and fixed query budgets."""

from datetime import date

import pytest
from django.urls import reverse

from congress import ballots, notices
from congress.dashboard import panels
from congress.models import Ballot, Proposal, Question, Suggestion
from tests.factories import (
    BallotFactory,
    CongressFactory,
    DelegationFactory,
    DepartmentFactory,
    MemberFactory,
    NoticeFactory,
    ProposalFactory,
    RepresentativeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 5)
INDEX = reverse("congress:index")


@pytest.fixture(autouse=True)
def today(clock):
    return clock(TODAY)


@pytest.fixture
def school(union, committee_user, member_user):
    """A department with its delegation and representative, a current notice, an open ballot, a suggestion
    of the member, and proposals in the committee's worklist."""
    department = DepartmentFactory(union=union, name="语文组")
    member_user.member.department = department
    member_user.member.save()
    congress = CongressFactory(union=union)
    delegation = DelegationFactory(congress=congress, name="语文代表团")
    delegation.departments.set([department])
    representative = RepresentativeFactory(congress=congress, delegation=delegation,
                                           member=MemberFactory(union=union, name="周代表"))
    notices.publish(NoticeFactory(union=union, title="食堂承包结果公示", asks_feedback=True), committee_user)
    notices.publish(NoticeFactory(union=union, title="去年的公示", publicity_starts_on=date(2025, 12, 1),
                                  publicity_ends_on=date(2025, 12, 8)), committee_user)
    NoticeFactory(union=union, title="还没发布的草稿")
    ballot = BallotFactory(union=union, title="领导班子民主测评")
    ballots.add_questions(ballot, Question.Kind.RATING, "王校长 校长")
    ballots.open_ballot(ballot, committee_user)
    Suggestion.objects.create(union=union, author=member_user.member, title="增设教工书屋", text="希望……")
    ProposalFactory(proposer=representative, status=Proposal.Status.SUBMITTED, title="待审查的提案")
    for i, due in enumerate((date(2026, 11, 20), date(2026, 10, 1), date(2026, 11, 30), date(2026, 12, 20))):
        ProposalFactory(proposer=representative, status=Proposal.Status.REGISTERED, number=i + 1,
                        title=f"承办中的提案{i + 1}", handler="后勤处", reply_due_on=due)
    return congress


def test_a_member_sees_what_concerns_them(login, member_user, school):
    page = login(member_user).get(INDEX).content.decode()
    assert "周代表" in page  # who represents them
    assert "领导班子民主测评" in page and "请投票" in page
    assert "食堂承包结果公示" in page and "去年的公示" not in page and "还没发布的草稿" not in page
    assert "增设教工书屋" in page
    assert "data-committee-cards" not in page and "待审查" not in page


def test_another_departments_member_has_no_representative_and_no_department_notice(login, union, committee_user,
                                                                                 school):
    other = MemberFactory(union=union, department=DepartmentFactory(union=union, name="数学组"),
                          user=UserFactory(role="member"))
    notices.publish(NoticeFactory(union=union, title="语文组内公示", audience="department",
                                  department=school.delegations.get().departments.get()), committee_user)
    page = login(other.user).get(INDEX).content.decode()
    assert "周代表" not in page and "语文组内公示" not in page and "食堂承包结果公示" in page


def test_the_committee_sees_a_card_for_every_area_with_counts(login, committee_user, school):
    page = login(committee_user).get(INDEX).content.decode()
    assert 'data-count="awaiting-review">1<' in page
    assert 'data-count="being-handled">4<' in page
    assert "3件答复逾期" in page  # due 10-01, 11-20 and 11-30; the one due 12-20 is not late yet
    assert 'data-count="unanswered">1<' in page
    assert 'data-count="open-ballots">1<' in page
    assert 'data-count="notices">1<' in page and "1份草稿" in page
    for name in ("congress:proposal-list", "congress:suggestion-list", "congress:ballot-list", "congress:notice-list",
                 "congress:congress-list"):
        assert reverse(name) in page


def test_the_other_unions_chair_sees_none_of_it(login, chair_of_other_union, school):
    page = login(chair_of_other_union).get(INDEX).content.decode()
    assert "食堂承包结果公示" not in page and "周代表" not in page
    assert 'data-count="awaiting-review">0<' in page and 'data-count="notices">0<' in page


def test_the_index_stays_within_its_query_budget(login, union, committee_user, member_user, school,
                                                 django_assert_max_num_queries):
    for i in range(20):
        notices.publish(NoticeFactory(union=union, title=f"公示{i}"), committee_user)
        ballot = BallotFactory(union=union)
        ballots.add_questions(ballot, Question.Kind.TEXT, "意见")
        ballots.open_ballot(ballot, committee_user)
        Suggestion.objects.create(union=union, author=member_user.member, title=f"建议{i}", text="……")
    # the request (session, user and member, permissions), then the committee's four counts and the
    # reader's four lists (representatives, ballots, notices, suggestions)
    for user, budget in ((member_user, 7), (committee_user, 11)):
        client = login(user)
        with django_assert_max_num_queries(budget):
            assert client.get(INDEX).status_code == 200


# -- the dashboard ------------------------------------------------------------------------------------


def test_the_committee_dashboard_shows_overdue_replies_oldest_first(login, committee_user, school):
    page = login(committee_user).get("/").content.decode()
    panel = page[page.index('data-panel="overdue-proposals"'):]
    panel = panel[:panel.index("</section>")]
    assert ">3</a>" in panel
    oldest = [panel.index(f"承办中的提案{n}") for n in (2, 1, 3)]
    assert oldest == sorted(oldest) and "承办中的提案4" not in panel
    proposal = Proposal.objects.get(title="承办中的提案2")
    assert reverse("congress:proposal-detail", args=[proposal.pk]) in panel and "2026年10月1日" in panel


def test_more_overdue_than_shown_are_counted(login, committee_user, school):
    representative = school.representatives.get()
    ProposalFactory(proposer=representative, status=Proposal.Status.REGISTERED, number=9, title="又一件",
                    reply_due_on=date(2026, 11, 1))
    page = login(committee_user).get("/").content.decode()
    assert "另有1件" in page


def test_a_dashboard_reader_who_is_a_member_sees_notices_and_ballots(login, treasurer_user, school):
    page = login(treasurer_user).get("/").content.decode()
    panel = page[page.index('data-panel="congress"'):]
    assert "食堂承包结果公示" in panel and "领导班子民主测评" in panel and "征求意见" in panel
    assert 'data-panel="overdue-proposals"' not in page  # the treasurer reviews no proposals


def test_the_dashboard_panels_cost_one_query_each(rf, committee_user, school, django_assert_max_num_queries):
    request = rf.get("/")
    request.user, request.member, request.union = committee_user, committee_user.member, committee_user.member.union
    committee_user.has_perm("congress.review_proposal")  # the permissions are read once per request anyway
    with django_assert_max_num_queries(2):
        found = panels(request)
    assert [p.template for p in found] == ["congress/_dashboard_overdue.html", "congress/_dashboard_congress.html"]
    assert found[0].context["count"] == 3 and len(found[0].context["rows"]) == 3
    assert [n["title"] for n in found[1].context["notices"]] == ["食堂承包结果公示"]
    assert Ballot.objects.count() == 1
