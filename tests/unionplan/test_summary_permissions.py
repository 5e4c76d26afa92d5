"""Who may read and write the year-end summary: the chair and the committee; nobody else."""

import pytest
from django.utils import timezone
from lxml import html

from tests.unionplan import summary_data
from unionplan.models import YearSummary

pytestmark = pytest.mark.django_db

PAGES = [
    "/summary/2026/",
    "/summary/2026/history/",
    "/summary/2026.docx",
    "/summary/2026.xlsx",
    "/summary/2026.pdf",
]
TEXT = {"version": "0", "achievements": "写的成绩。", "problems": "", "next_year": ""}


@pytest.mark.parametrize("url", PAGES)
def test_chair_and_committee_read_the_summary_and_its_files(login, chair_user, committee_user, url):
    assert login(chair_user).get(url).status_code == 200
    assert login(committee_user).get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", ["member_user", "treasurer_user", "reviewer_user"])
def test_other_roles_are_refused(login, request, role, url):
    assert login(request.getfixturevalue(role)).get(url).status_code == 403


def test_a_member_cannot_save_the_text(login, member_user):
    assert login(member_user).post("/summary/2026/", TEXT).status_code == 403
    assert not YearSummary.objects.exists()


def test_the_committee_may_write_the_text(login, committee_user, union):
    assert login(committee_user).post("/summary/2026/", TEXT).status_code == 302
    assert YearSummary.objects.get(union=union).achievements == "写的成绩。"


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/summary/2026.docx")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_another_unions_chair_sees_their_own_union_only(
    login, chair_user, chair_of_other_union, union, other_union
):
    summary_data.build(union)
    YearSummary.objects.create(union=union, year=2026, achievements="第一中学的成绩。")
    page = login(chair_of_other_union).get("/summary/2026/").content.decode()
    assert "另一家公司工会2026年工作总结" in page
    assert "第一中学的成绩。" not in page and "乒乓球赛" not in page and "开好教代会" not in page
    # Saving writes their own union's text, never ours.
    login(chair_of_other_union).post("/summary/2026/", TEXT)
    assert YearSummary.objects.get(union=union).achievements == "第一中学的成绩。"
    assert YearSummary.objects.get(union=other_union).achievements == "写的成绩。"
    history = login(chair_of_other_union).get("/summary/2026/history/").content.decode()
    assert "第一中学的成绩。" not in history


def test_the_navigation_links_the_summary_for_those_who_may_read_it(
    login, chair_user, member_user, treasurer_user
):
    def nav_links(user):
        doc = html.fromstring(login(user).get("/activities/2026/3/").content.decode())
        return doc.xpath(f'//nav//a[@href="/summary/{timezone.localdate().year}/"]')

    assert nav_links(chair_user)
    assert not nav_links(member_user)
    assert not nav_links(treasurer_user)


def test_only_get_and_post(login, chair_user):
    assert login(chair_user).put("/summary/2026/").status_code == 405
    assert login(chair_user).post("/summary/2026.docx").status_code == 405
