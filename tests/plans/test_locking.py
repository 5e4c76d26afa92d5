"""Two people edit the plan at once: the second save is refused, the first stays intact."""

import pytest
from django.test import Client

from plans.models import AnnualPlan
from tests.factories import UserFactory
from tests.plans.conftest import editor_fields, item, row_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_committee_user(union):
    from tests.factories import MemberFactory

    user = UserFactory(username="committee-2", role="committee")
    MemberFactory(union=union, user=user, name="赵委员", position="committee")
    return user


def test_the_second_save_is_refused_and_the_first_is_kept(committee_user, second_committee_user, plan):
    first, second = Client(), Client()
    first.force_login(committee_user)
    second.force_login(second_committee_user)
    mine = editor_fields(first.get("/plans/2026/edit/"))
    theirs = editor_fields(second.get("/plans/2026/edit/"))

    mine[f"rows-{row_index(mine, '完善会员档案')}-title"] = "完善会员档案（李委员）"
    assert first.post("/plans/2026/edit/", {**mine, "save": "1"}).status_code == 302

    theirs[f"rows-{row_index(theirs, '完善会员档案')}-title"] = "完善会员档案（赵委员）"
    theirs["goals"] = "赵委员写的目标"
    response = second.post("/plans/2026/edit/", {**theirs, "save": "1"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "已有其他人保存了这份计划" in page and 'href="/plans/2026/edit/"' in page and "重新加载计划" in page
    assert "完善会员档案（赵委员）" in page  # their text is still on the page to copy

    plan.refresh_from_db()
    assert plan.version == 2 and plan.goals == ""
    assert item(plan, "完善会员档案（李委员）")
    assert not plan.items.filter(title="完善会员档案（赵委员）").exists()


def test_moving_rows_does_not_take_a_newer_version(committee_user, second_committee_user, plan):
    first, second = Client(), Client()
    first.force_login(committee_user)
    second.force_login(second_committee_user)
    theirs = editor_fields(second.get("/plans/2026/edit/"))
    mine = editor_fields(first.get("/plans/2026/edit/"))
    assert first.post("/plans/2026/edit/", {**mine, "save": "1"}).status_code == 302
    rearranged = editor_fields(second.post("/plans/2026/edit/", {**theirs, "op": "down:1"}))
    assert rearranged["version"] == "1"
    assert second.post("/plans/2026/edit/", {**rearranged, "save": "1"}).status_code == 409


def test_a_workflow_step_also_makes_an_open_editor_stale(committee_user, chair_user, plan, login):
    client = login(committee_user)
    fields = editor_fields(client.get("/plans/2026/edit/"))
    plan.submit(chair_user)
    plan.return_to_draft(chair_user, "请补充工作目标")
    response = client.post("/plans/2026/edit/", {**fields, "save": "1"})
    assert response.status_code == 409
    assert AnnualPlan.objects.get().version == 3


def test_two_progress_updates_on_one_item_the_second_is_refused(committee_user, second_committee_user, plan):
    target = item(plan, "完善会员档案")
    first, second = Client(), Client()
    first.force_login(committee_user)
    second.force_login(second_committee_user)
    url = f"/plans/2026/items/{target.pk}/progress/"
    seen = {"version": target.version, "progress_note": "", "outcome": ""}
    first.post(url, {**seen, "status": "done", "outcome": "档案已全部更新"})
    response = second.post(url, {**seen, "status": "dropped", "outcome": "不做了"}, follow=True)
    assert "已有其他人保存了这条记录" in response.content.decode()
    target.refresh_from_db()
    assert target.status == "done" and target.outcome == "档案已全部更新"
