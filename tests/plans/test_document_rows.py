"""The plan document's rows come from one template (plans/_rows.html), for the page and for the
progress form's htmx answer alike: the same row either way, its form posting where it should."""

import re

import pytest
from django.urls import reverse
from lxml import html

from plans.models import PlanItem
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
    answer = (
        login(committee_user)
        .post(reverse("plans:item-progress", args=[2026, target.pk]), fields, headers={"HX-Request": "true"})
        .content.decode()
    )
    row = html.fromstring(answer)
    assert row.xpath("//details")[0].get("open") is not None
    assert row.xpath("//form//div[contains(@class, 'alert-danger')]")
    assert row.xpath('//form//input[@name="version"]')[0].get("value") == str(target.version)


def test_the_htmx_answer_is_the_row_the_page_shows(login, committee_user, approved_plan):
    target = item(approved_plan, "完善会员档案")
    client = login(committee_user)
    fields = {"version": target.version, "status": "in_progress", "progress_note": "<b>已启动</b>", "outcome": ""}
    answer = client.post(
        reverse("plans:item-progress", args=[2026, target.pk]), fields, headers={"HX-Request": "true"}
    ).content.decode()
    page = client.get("/plans/2026/").content.decode()
    without_token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    answered, shown = (" ".join(without_token.sub("", row_of(text, target.pk)).split()) for text in (answer, page))
    saved = '<div class="small text-success" role="status">进度已保存。</div>'  # the answer's one addition
    assert saved in answered and " ".join(answered.replace(saved, "").split()) == shown
    assert "&lt;b&gt;已启动&lt;/b&gt;" in shown


@pytest.mark.parametrize(
    "text", ["", "落实责任，按时完成。", "<b>已启动</b> & 'ok'", "一\n二", "一\r\n二\r三", "\n\n<b>"]
)
@pytest.mark.parametrize("autoescape", [True, False])
def test_text_br_is_linebreaksbr(text, autoescape):
    from django.template.defaultfilters import linebreaksbr
    from django.utils.safestring import mark_safe

    from plans.templatetags.plans_tags import text_br

    assert text_br(text, autoescape) == linebreaksbr(text, autoescape)
    assert text_br(mark_safe(text), autoescape) == linebreaksbr(mark_safe(text), autoescape)


def test_a_row_reads_its_deadline_status_and_outcome(login, member_user, approved_plan, mid_june):
    dropped, by_month = item(approved_plan, "完善会员档案"), item(approved_plan, "召开会员代表大会")
    PlanItem.objects.filter(pk=dropped.pk).update(status="dropped", outcome="并入<会员管理>")
    page = login(member_user).get("/plans/2026/").content.decode()
    row = row_of(page, dropped.pk)
    assert f'<section class="plan-row lvl-3 plan-work status-dropped" id="item-{dropped.pk}">' in row  # not overdue
    assert '<span class="plan-due">时限：3月31日</span>' in row and "取消原因：</span>并入&lt;会员管理&gt;" in row
    row = row_of(page, by_month.pk)
    assert f'<section class="plan-row lvl-3 plan-work status-not_started is-overdue" id="item-{by_month.pk}">' in row
    assert '<span class="plan-due">时限：5月底前</span>' in row and "已逾期" in row
