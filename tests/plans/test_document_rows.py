"""The plan document's rows come from one template (plans/_rows.html), for the page and for the
progress form's htmx answer alike: the same row either way, its form posting where it should."""

import re

import pytest
from django.urls import reverse
from lxml import html

from tests.plans.conftest import item

pytestmark = pytest.mark.django_db


def row_of(page, pk):
    match = re.search(rf'<section class="[^"]*" id="item-{pk}">.*?</section>', page, re.S)
    return match.group(0)


def test_a_rows_progress_form_is_fetched_when_opened_and_posts_to_the_items_progress(
    login, committee_user, approved_plan
):
    target = item(approved_plan, "完善会员档案")
    client = login(committee_user)
    page = client.get("/plans/2026/").content.decode()
    url = reverse("plans:item-progress", args=[2026, target.pk])
    row = html.fromstring(row_of(page, target.pk))
    assert not row.xpath("//form")  # 300 forms are not sent with the page
    opener = row.xpath("//details/a")[0]  # plans.js fetches the form in its place; a page of its own without it
    assert opener.get("href") == url and opener.get("data-progress-form") is not None

    form = html.fromstring(client.get(url, headers={"HX-Request": "true"}).content.decode())
    assert form.tag == "form" and form.get("action") == url and form.get("hx-post") == url
    assert form.get("hx-target") == f"#item-{target.pk}"
    assert form.xpath('.//input[@name="csrfmiddlewaretoken"]')[0].get("value") not in ("", "<csrf-token>")
    assert form.xpath('.//input[@name="version"]')[0].get("value") == str(target.version)
    assert form.xpath('.//select[@name="status"]/option[@selected]')[0].get("value") == target.status


def test_without_javascript_the_form_is_a_page_that_posts_back_to_the_plan(login, committee_user, approved_plan):
    target = item(approved_plan, "完善会员档案")
    client = login(committee_user)
    url = reverse("plans:item-progress", args=[2026, target.pk])
    page = client.get(url)
    assert page.status_code == 200 and "完善会员档案" in page.content.decode()
    form = html.fromstring(page.content.decode()).xpath("//main//form")[0]
    assert form.get("action") == url and form.get("hx-post") is None
    fields = {"version": target.version, "status": "in_progress", "progress_note": "已启动", "outcome": ""}
    assert client.post(url, fields)["Location"] == f"/plans/2026/#item-{target.pk}"


def test_a_member_gets_no_progress_form(login, member_user, approved_plan):
    target = item(approved_plan, "完善会员档案")
    url = reverse("plans:item-progress", args=[2026, target.pk])
    assert login(member_user).get(url, headers={"HX-Request": "true"}).status_code == 403


def test_a_refused_progress_answers_the_row_with_its_form_open(login, committee_user, approved_plan):
    target = item(approved_plan, "完善会员档案")
    fields = {"version": target.version + 5, "status": "in_progress", "progress_note": "", "outcome": ""}
    answer = login(committee_user).post(reverse("plans:item-progress", args=[2026, target.pk]), fields,
                                        headers={"HX-Request": "true"}).content.decode()
    row = html.fromstring(answer)
    assert row.xpath("//details")[0].get("open") is not None
    assert row.xpath("//form//div[contains(@class, 'alert-danger')]")
    assert row.xpath('//form//input[@name="version"]')[0].get("value") == str(target.version)


def test_the_htmx_answer_is_the_row_the_page_shows(login, committee_user, approved_plan):
    target = item(approved_plan, "完善会员档案")
    client = login(committee_user)
    fields = {"version": target.version, "status": "in_progress", "progress_note": "<b>已启动</b>", "outcome": ""}
    answer = client.post(reverse("plans:item-progress", args=[2026, target.pk]), fields,
                         headers={"HX-Request": "true"}).content.decode()
    page = client.get("/plans/2026/").content.decode()
    without_token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    answered, shown = (" ".join(without_token.sub("", row_of(text, target.pk)).split()) for text in (answer, page))
    saved = '<div class="small text-success" role="status">进度已保存。</div>'  # the answer's one addition
    assert saved in answered and " ".join(answered.replace(saved, "").split()) == shown
    assert "&lt;b&gt;已启动&lt;/b&gt;" in shown
