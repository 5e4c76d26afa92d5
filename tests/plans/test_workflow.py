"""Submit, approve (recorded, with a snapshot), revise with a reason, approve again, close."""

import pytest

from members.models import HistoryEntry
from plans.models import AnnualPlan, PlanSnapshot
from tests.plans.conftest import editor_fields, row_index

pytestmark = pytest.mark.django_db


def test_committee_submits_and_chair_approves(login, committee_user, chair_user, plan):
    response = login(committee_user).post("/plans/2026/submit/")
    assert response.status_code == 302
    assert AnnualPlan.objects.get().status == AnnualPlan.Status.SUBMITTED

    client = login(chair_user)
    form = client.get("/plans/2026/approve/").content.decode()
    assert "批准计划" in form and "职代会（教代会）" in form
    client.post("/plans/2026/approve/", {"body": "congress", "note": "经第九届六次教代会审议通过"})
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.APPROVED
    assert plan.approved_by == chair_user.member and plan.approved_at is not None
    assert plan.approval_body == "congress"
    page = client.get("/plans/2026/").content.decode()
    assert "经职代会（教代会）批准（王主席）" in page

    version = PlanSnapshot.objects.get()
    assert version.number == 1 and version.approved_by == chair_user.member
    assert version.content["rows"][0] == {
        "number": "二、",
        "level": 1,
        "title": "组织建设",
        "body": "",
        "owner": "",
        "due": "",
        "work": False,
    }
    assert version.content["rows"][1]["owner"] == "李委员"
    notes = [e.note for e in HistoryEntry.objects.for_object(plan)]
    assert "经第九届六次教代会审议通过" in notes


def test_an_approval_needs_a_body(login, chair_user, plan):
    plan.submit(chair_user)
    response = login(chair_user).post("/plans/2026/approve/", {"body": "", "note": ""})
    assert response.status_code == 400 and "这个字段是必填项。" in response.content.decode()
    assert AnnualPlan.objects.get().status == AnnualPlan.Status.SUBMITTED


def test_chair_returns_a_plan_for_changes(login, chair_user, plan):
    plan.submit(chair_user)
    login(chair_user).post("/plans/2026/return/", {"note": "请补充工作目标"})
    assert AnnualPlan.objects.get().status == AnnualPlan.Status.DRAFT
    assert HistoryEntry.objects.for_object(plan).first().note == "请补充工作目标"


def test_revision_keeps_the_approved_version_readable_and_shows_what_changed(
    login, committee_user, chair_user, member_user, approved_plan
):
    committee = login(committee_user)
    assert committee.post("/plans/2026/revise/", {"reason": ""}).status_code == 400
    committee.post("/plans/2026/revise/", {"reason": "下半年工作修订：增加心理健康讲座"})
    approved_plan.refresh_from_db()
    assert approved_plan.status == AnnualPlan.Status.DRAFT
    assert approved_plan.revision_reason == "下半年工作修订：增加心理健康讲座"

    # Members keep reading the version in force while the committee revises.
    member = login(member_user)
    response = member.get("/plans/2026/")
    assert response.status_code == 302 and response["Location"] == "/plans/2026/versions/1/"
    page = member.get("/plans/2026/versions/1/").content.decode()
    assert "组织建设" in page and "计划正在修订中，这是现行有效的版本。" in page

    committee = login(committee_user)
    fields = editor_fields(committee.get("/plans/2026/edit/"))
    fields[f"rows-{row_index(fields, '组织教职工体检')}-title"] = "组织教职工体检和心理健康讲座"
    committee.post("/plans/2026/edit/", {**fields, "save": "1"})
    committee.post("/plans/2026/submit/")
    login(chair_user).post("/plans/2026/approve/", {"body": "committee", "note": "委员会会议通过"})

    second = PlanSnapshot.objects.get(number=2)
    assert second.revision_reason == "下半年工作修订：增加心理健康讲座"
    assert PlanSnapshot.objects.get(number=1).content["rows"][-1]["title"] == "组织教职工体检"
    page = login(member_user).get("/plans/2026/versions/2/").content.decode()
    assert "与第1版相比的变化" in page
    assert "<del>　　1、组织教职工体检</del>" in page
    assert "<ins>　　1、组织教职工体检和心理健康讲座</ins>" in page
    assert "修订理由" in page
    assert "此后又批准了新的版本" in login(member_user).get("/plans/2026/versions/1/").content.decode()


def test_history_page_lists_versions_and_changes(login, committee_user, approved_plan):
    page = login(committee_user).get("/plans/2026/history/").content.decode()
    assert "第1版" in page and "/plans/2026/versions/1/" in page
    assert "待批准" in page and "已批准" in page  # the status changes, in order


def test_chair_closes_the_year_and_progress_stops(login, chair_user, committee_user, approved_plan):
    login(chair_user).post("/plans/2026/close/")
    assert AnnualPlan.objects.get().status == AnnualPlan.Status.CLOSED
    page = login(committee_user).get("/plans/2026/").content.decode()
    assert "已结束" in page and "更新进度" not in page and "已逾期" not in page
    target = approved_plan.items.get(title="完善会员档案")
    response = login(committee_user).post(f"/plans/2026/items/{target.pk}/progress/", {"status": "done", "version": 1})
    assert response.status_code == 400


def test_steps_out_of_order_are_refused_politely(login, chair_user, plan):
    client = login(chair_user)
    response = client.post("/plans/2026/approve/", {"body": "committee"}, follow=True)
    assert "计划当前的状态不允许这项操作。" in response.content.decode()
    assert client.post("/plans/2026/close/").status_code == 302
    assert AnnualPlan.objects.get().status == AnnualPlan.Status.DRAFT


def test_the_same_step_twice_moves_the_plan_once(chair_user, plan):
    from plans.models import PlanStateError

    stale = AnnualPlan.objects.get(pk=plan.pk)
    plan.submit(chair_user)
    with pytest.raises(PlanStateError):
        stale.submit(chair_user)
    assert HistoryEntry.objects.for_object(plan).count() == 1


def test_the_diff_shows_an_inserted_item_not_the_renumbering_below_it():
    from plans.snapshots import diff

    def content(titles):
        rows = [
            {"number": f"{n}、", "level": 3, "title": t, "body": "", "owner": "", "due": ""}
            for n, t in enumerate(titles, start=1)
        ]
        return {
            "title": "计划",
            "rows": [
                {"number": "一、", "level": 1, "title": "活动", "body": "", "owner": "", "due": ""},
                *rows,
            ],
        }

    lines = diff(content(["春游", "体检", "运动会"]), content(["春游", "读书会", "体检", "运动会"]))
    assert [(line.tag, line.text.strip("\u3000")) for line in lines if line.tag != "same"] == [("added", "2、读书会")]
    assert ("same", "3、体检") in [(line.tag, line.text.strip("\u3000")) for line in lines]


def test_history_shows_changes_made_by_the_system(login, committee_user, plan):
    from members.history import record

    record(plan, None, "change", {"状态": ["草稿", "待批准"]}, note="导入")
    page = login(committee_user).get("/plans/2026/history/").content.decode()
    assert "系统" in page and "导入" in page
