"""Large plans save (issue 14, part 6): the editor posts one form for the whole outline, about seven
fields a row, so a plan of 300 items is more than Django's global limit of 1000 fields. The editor
takes as many fields as its outline can hold (1000 rows); every other page keeps the global limit,
and the editor still checks the CSRF token."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from plans.models import AnnualPlan, PlanItem
from tests.factories import AnnualPlanFactory, PlanItemFactory
from tests.plans.conftest import editor_fields, row_index

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"  # how a browser (and htmx) posts the editor


def pasted_text(items):
    lines = ["2026年第一中学工会工作计划", "一、主要工作"]
    lines += [f"{n}、工作事项{n}。按学期安排落实，年底检查。" for n in range(1, items + 1)]
    return "\n".join(lines)


def post_form(client, url, fields):
    return client.post(url, urlencode(fields, doseq=True), content_type=FORM)


def test_a_pasted_plan_of_300_items_is_edited_and_saved(login, committee_user):
    client = login(committee_user)
    response = client.post(
        "/plans/paste/", {"year": "2026", "title": "", "text": pasted_text(300), "save": "1"}, follow=True
    )
    assert response.status_code == 200
    plan = AnnualPlan.objects.get(year=2026)
    assert plan.items.count() == 301
    fields = editor_fields(response)
    assert int(fields["rows-TOTAL_FORMS"]) == 301 and len(fields) > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    fields[f"rows-{row_index(fields, '工作事项250')}-title"] = "工作事项250（已改）"
    fields["goals"] = "会员满意度达到95%。"
    response = post_form(client, "/plans/2026/edit/", {**fields, "save": "1"})
    assert response.status_code == 302 and response["Location"] == "/plans/2026/"
    plan.refresh_from_db()
    assert plan.goals == "会员满意度达到95%。" and plan.version == 2
    assert plan.items.filter(title="工作事项250（已改）").exists() and plan.items.count() == 301


def test_a_500_item_outline_posted_to_the_editor_is_saved(login, committee_user, union):
    plan = AnnualPlanFactory(union=union, year=2026)
    client = login(committee_user)
    fields = editor_fields(client.get("/plans/2026/edit/"))
    rows = [(1, "主要工作")] + [(3, f"事项{n}") for n in range(1, 501)]
    fields = {k: v for k, v in fields.items() if not k.startswith("rows-")}
    fields.update({"rows-TOTAL_FORMS": len(rows), "rows-INITIAL_FORMS": 0, "rows-MIN_NUM_FORMS": 0})
    fields["rows-MAX_NUM_FORMS"] = 1000
    for i, (level, title) in enumerate(rows):
        fields.update({f"rows-{i}-id": "", f"rows-{i}-level": level, f"rows-{i}-title": title})
        fields.update({f"rows-{i}-body": "", f"rows-{i}-owner": "", f"rows-{i}-due_date": ""})
        fields[f"rows-{i}-due_month"] = ""
    assert len(fields) > 3500
    response = post_form(client, "/plans/2026/edit/", {**fields, "save": "1"})
    assert response.status_code == 302
    titles = list(plan.items.order_by("position").values_list("title", flat=True))
    assert len(titles) == 501 and titles[-1] == "事项500"


def test_the_editors_buttons_work_on_a_large_plan(login, committee_user, union):
    plan = AnnualPlanFactory(union=union, year=2026)
    PlanItemFactory(plan=plan, position=0, level=1, title="主要工作")
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, union=union, position=n, level=3, title=f"事项{n}") for n in range(1, 301)
    )
    client = login(committee_user)
    fields = editor_fields(client.get("/plans/2026/edit/"))
    response = post_form(client, "/plans/2026/edit/", {**fields, "op": f"add:{row_index(fields, '事项300')}"})
    assert response.status_code == 200
    assert int(editor_fields(response)["rows-TOTAL_FORMS"]) == 302


def test_the_editor_still_checks_the_csrf_token(committee_user, union):
    plan = AnnualPlanFactory(union=union, year=2026, goals="旧目标")
    client = Client(enforce_csrf_checks=True)
    client.force_login(committee_user)
    fields = {**editor_fields(client.get("/plans/2026/edit/")), "rows-0-title": "主要工作"}
    response = post_form(client, "/plans/2026/edit/", {**fields, "goals": "伪造", "save": "1"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.goals == "旧目标"
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    fields = {**fields, "goals": "新目标", "save": "1", "csrfmiddlewaretoken": token}
    assert post_form(client, "/plans/2026/edit/", fields).status_code == 302
    plan.refresh_from_db()
    assert plan.goals == "新目标"


def test_the_editor_has_a_limit_of_its_own(login, committee_user, union):
    AnnualPlanFactory(union=union, year=2026)
    client = login(committee_user)
    flood = {f"x{n}": "1" for n in range(20_000)}
    assert post_form(client, "/plans/2026/edit/", flood).status_code == 400


def test_other_pages_still_refuse_more_fields_than_the_global_limit(login, committee_user, union):
    AnnualPlanFactory(union=union, year=2026)
    client = login(committee_user)
    too_many = {f"x{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    text = {"year": "2026", "title": "", "text": pasted_text(3)}
    assert post_form(client, "/plans/paste/", {**text, **too_many}).status_code == 400
    assert post_form(client, "/plans/new/", too_many).status_code == 400
    assert client.post("/plans/paste/", {**text, **too_many}).status_code == 400  # multipart too
