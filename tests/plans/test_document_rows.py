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


def test_a_rows_progress_form_posts_to_the_items_progress(login, committee_user, approved_plan):
    target = item(approved_plan, "完善会员档案")
    page = login(committee_user).get("/plans/2026/").content.decode()
    form = html.fromstring(row_of(page, target.pk)).xpath("//form")[0]
    url = reverse("plans:item-progress", args=[2026, target.pk])
    assert form.get("action") == url and form.get("hx-post") == url
    assert form.xpath('.//input[@name="csrfmiddlewaretoken"]')[0].get("value") not in ("", "<csrf-token>")


def test_the_htmx_answer_is_the_row_the_page_shows(login, committee_user, approved_plan):
    target = item(approved_plan, "完善会员档案")
    client = login(committee_user)
    fields = {"version": target.version, "status": "in_progress", "progress_note": "<b>已启动</b>", "outcome": ""}
    answer = client.post(reverse("plans:item-progress", args=[2026, target.pk]), fields,
                         headers={"HX-Request": "true"}).content.decode()
    page = client.get("/plans/2026/").content.decode()
    without_token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    answered, shown = (without_token.sub("", row_of(text, target.pk)) for text in (answer, page))
    saved = '<div class="small text-success" role="status">进度已保存。</div>'  # the answer's one addition
    assert saved in answered and answered.replace(saved, "") == shown
    assert "&lt;b&gt;已启动&lt;/b&gt;" in shown
