"""Who may see and do what: members read approved plans, the committee edits, the chair approves."""

import pytest

from plans.models import AnnualPlan
from tests.factories import AnnualPlanFactory
from tests.plans.conftest import item

pytestmark = pytest.mark.django_db


def test_member_cannot_see_a_draft(login, member_user, plan):
    assert login(member_user).get("/plans/2026/").status_code == 404
    assert "2026" not in login(member_user).get("/plans/").content.decode().split('id="main"')[1]


def test_member_reads_the_approved_plan_without_edit_controls(login, member_user, approved_plan):
    page = login(member_user).get("/plans/2026/").content.decode()
    assert "组织建设" in page and "已批准" in page
    for control in ["编辑计划", "更新进度", "修订", "修改记录和版本"]:
        assert control not in page


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/plans/2026/edit/"),
        ("post", "/plans/2026/edit/"),
        ("post", "/plans/2026/submit/"),
        ("get", "/plans/2026/revise/"),
        ("get", "/plans/2026/history/"),
        ("post", "/plans/2026/rollover/"),
        ("get", "/plans/new/"),
        ("get", "/plans/paste/"),
    ],
)
def test_member_cannot_change_anything(login, member_user, approved_plan, method, url):
    assert getattr(login(member_user), method)(url).status_code == 403


def test_member_cannot_update_progress(login, member_user, approved_plan):
    target = item(approved_plan, "完善会员档案")
    response = login(member_user).post(f"/plans/2026/items/{target.pk}/progress/", {"status": "done", "version": 1})
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)  # the save commits, as in the shell: cached pages see it
def test_treasurer_reads_but_does_not_see_drafts(login, treasurer_user, plan):
    client = login(treasurer_user)
    assert client.get("/plans/2026/").status_code == 404
    plan.status = AnnualPlan.Status.APPROVED
    plan.save()
    assert client.get("/plans/2026/").status_code == 200
    assert client.get("/plans/2026/edit/").status_code == 403


def test_committee_cannot_approve(login, committee_user, plan, chair_user):
    plan.submit(chair_user)
    client = login(committee_user)
    assert client.get("/plans/2026/approve/").status_code == 403
    assert client.post("/plans/2026/approve/", {"body": "committee"}).status_code == 403
    assert AnnualPlan.objects.get().status == AnnualPlan.Status.SUBMITTED
    assert not committee_user.has_perm("plans.approve_annualplan")


def test_another_unions_plan_is_404(login, chair_of_other_union, approved_plan):
    client = login(chair_of_other_union)
    target = item(approved_plan, "完善会员档案")
    for url in [
        "/plans/2026/",
        "/plans/2026/print/",
        "/plans/2026/edit/",
        "/plans/2026/history/",
        "/plans/2026/versions/1/",
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(f"/plans/2026/items/{target.pk}/progress/", {"status": "done", "version": 1})
    assert response.status_code == 404


def test_an_item_id_of_another_union_under_my_year_is_404(login, committee_user, plan, other_union):
    from tests.factories import PlanItemFactory

    stranger = PlanItemFactory(plan=AnnualPlanFactory(union=other_union, year=2026))
    response = login(committee_user).post(
        f"/plans/2026/items/{stranger.pk}/progress/", {"status": "done", "version": 1}
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == "not_started"


def test_anonymous_visitors_are_sent_to_log_in(client, approved_plan):
    response = client.get("/plans/2026/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_year_without_a_plan_is_404(login, chair_user):
    assert login(chair_user).get("/plans/2031/").status_code == 404


@pytest.mark.parametrize("year", [32767, 99999, 10**30])
def test_a_year_no_database_holds_is_404(login, member_user, approved_plan, year):
    assert login(member_user).get(f"/plans/{year}/").status_code == 404
