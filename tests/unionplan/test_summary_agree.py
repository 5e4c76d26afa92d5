"""Issue 16, point 3: the summary's numbers agree — on the page, in the chair's draft and in the Word,
PDF and Excel files.

One completion rate (plans.completion: done ÷ (all − dropped), the denominator written out), the
unfinished items all named or counted (等N项) and never cut in half, none of the plan's numbering
inside the summary's own 一、二、三, a closed year in the past tense and dated at its end, and a
saved text that says when the figures have moved since it was written.
"""

import io
import re
from datetime import date

import docx
import openpyxl
import pypdf
import pytest
from lxml import html

from plans.models import AnnualPlan, PlanItem
from tests.factories import AnnualPlanFactory, PlanItemFactory
from tests.unionplan import summary_data
from unionplan.models import YearSummary

pytestmark = pytest.mark.django_db

RATE = "完成率50%（已完成2项÷应完成4项，不含已取消1项）"  # summary_data's plan: 5 items, 2 done, 1 dropped


def page_text(client, year=2026):
    response = client.get(f"/summary/{year}/")
    assert response.status_code == 200
    doc = html.fromstring(response.content.decode())
    for hidden in doc.xpath("//script|//style"):
        hidden.drop_tree()
    return re.sub(r"\s+", "", doc.text_content()), doc


def word_text(client, year=2026):
    content = client.get(f"/summary/{year}.docx").content
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return re.sub(r"\s+", "", "\n".join(texts)), document


def pdf_text(client, year=2026):
    reader = pypdf.PdfReader(io.BytesIO(client.get(f"/summary/{year}.pdf").content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def excel_text(client, year=2026):
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/summary/{year}.xlsx").content))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                if cell.number_format.endswith("%") and isinstance(cell.value, (int, float)):
                    values.append(f"{round(cell.value * 100)}%")  # as Excel shows it (half away from zero)
                else:
                    values.append(str(cell.value))
    return re.sub(r"\s+", "", "\n".join(values))


# -- one completion rate ----------------------------------------------------------------------------------


def test_the_rate_is_done_over_the_items_still_owed_rounded_half_up():
    from plans.completion import Completion

    rate = Completion(done=23, total=40, dropped=0)
    assert (rate.counted, rate.percent) == (40, 58)  # 57.5 → 58: not round()'s 58 here and 57 there
    assert Completion(done=1, total=8, dropped=0).percent == 13  # 12.5 → 13 (round() gives 12)
    assert Completion(done=2, total=5, dropped=1).percent == 50
    assert Completion(done=0, total=2, dropped=2).percent is None  # nothing owed: no rate, not 0%
    assert str(Completion(done=2, total=5, dropped=1)) == "50%"
    assert Completion(done=2, total=5, dropped=1).explained == RATE


def test_the_page_the_draft_and_the_three_files_state_the_same_rate_with_its_denominator(
    login, chair_user, union, other_union
):
    summary_data.build(union, other_union)
    client = login(chair_user)
    page, doc = page_text(client)
    assert RATE in page
    # the card under the rate no longer says "2 of 5" beside 50%
    card = re.sub(r"\s+", "", doc.xpath('//*[@data-figure="plan-percent"]/..')[0].text_content())
    assert "2/5" not in card and "5项中" not in card
    assert RATE in word_text(client)[0]
    assert RATE in pdf_text(client)
    assert RATE in excel_text(client)


def test_a_rate_on_a_half_is_the_same_everywhere(login, chair_user, union):
    """23 of 40: the page said 58% (round(57.5)), Word and PDF 57% (0.575 × 100 = 57.4999…)."""
    plan = AnnualPlanFactory(union=union, year=2026, title="2026年工作计划")
    part = PlanItemFactory(plan=plan, union=union, level=PlanItem.Level.PART, title="重点工作", position=0)
    assert part
    for i in range(40):
        PlanItemFactory(
            plan=plan,
            union=union,
            level=PlanItem.Level.ITEM,
            title=f"第{i}项工作",
            position=i + 1,
            status=PlanItem.Status.DONE if i < 23 else PlanItem.Status.NOT_STARTED,
        )
    client = login(chair_user)
    page = page_text(client)[0]
    word = word_text(client)[0]
    pdf = pdf_text(client)
    excel = excel_text(client)
    for text in (page, word, pdf, excel):
        assert "58%" in text
        assert "57%" not in text


# -- the unfinished items ---------------------------------------------------------------------------------

LONG = "组织全体教职工开展以师德师风建设为主题的系列学习教育活动并形成长效机制"


def _plan_with_open_items(union, n, year=2026):
    plan = AnnualPlanFactory(union=union, year=year, title=f"{year}年工作计划")
    PlanItemFactory(plan=plan, union=union, level=PlanItem.Level.PART, title="主要工作", position=0)
    PlanItemFactory(plan=plan, union=union, level=PlanItem.Level.ITEM, title=LONG, position=1)
    for i in range(1, n):
        PlanItemFactory(plan=plan, union=union, level=PlanItem.Level.ITEM, title=f"未完成事项{i}", position=i + 1)
    return plan


def _draft(client, field):
    doc = html.fromstring(client.get("/summary/2026/").content.decode())
    return doc.xpath(f'//textarea[@name="{field}"]')[0].text_content().strip()


def test_the_unfinished_items_are_all_counted_and_none_is_cut_in_half(login, chair_user, union):
    _plan_with_open_items(union, 7)
    problems = _draft(login(chair_user), "problems")
    line = problems.splitlines()[0]
    assert "…" not in problems
    assert LONG in line  # a long item keeps its words
    assert "等7项" in line  # five named, the count of all


def test_a_few_unfinished_items_are_all_named(login, chair_user, union):
    _plan_with_open_items(union, 3)
    line = _draft(login(chair_user), "problems").splitlines()[0]
    assert all(name in line for name in (LONG, "未完成事项1", "未完成事项2"))
    assert "等" not in line


def test_the_plans_numbering_does_not_appear_inside_the_summarys_own(login, chair_user, union, other_union):
    """The summary numbers its sections 一、二、三 and its areas （一）…; a plan item named 二、2、 inside
    the summary's 二、存在的问题 reads as a heading of the summary."""
    summary_data.build(union, other_union)
    client = login(chair_user)
    assert not re.search(r"[一二三四五六七八九十]、\d", _draft(client, "problems"))
    _text, document = word_text(client)
    body = [
        p.text
        for p in document.paragraphs
        if p.text and not re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", p.text)
    ]
    plan_numbers = re.compile(r"[一二三四五六七八九十]+、")
    assert not [t for t in body if plan_numbers.search(t) and "附件" not in t]
    # the table of the parts names them by title, not by the plan's 一、二、
    parts = document.tables[0]
    assert [row.cells[0].text for row in parts.rows[1:3]] == ["民主管理", "关爱职工"]


# -- a closed year ---------------------------------------------------------------------------------------


def test_a_closed_year_is_told_in_the_past_and_dated_at_its_end(login, chair_user, union, other_union, clock):
    summary_data.build(union, other_union)
    clock(date(2027, 2, 10))
    client = login(chair_user)
    achievements = _draft(client, "achievements")
    assert "正在推进" not in achievements
    assert "年底" in achievements.splitlines()[0]
    assert "年末共有会员4人，全年新入会1人，退休1人，离会1人。" in achievements.splitlines()
    assert "目前" not in achievements
    assert "继续推进本年度" not in _draft(client, "next_year")
    text, document = word_text(client)
    assert "2026年12月31日" in text
    assert "2027年2月10日" not in text
    assert "2026年12月31日" in pdf_text(client)


def test_the_chair_can_date_the_document(login, chair_user, union, other_union, clock):
    summary_data.build(union, other_union)
    clock(date(2027, 2, 10))
    YearSummary.objects.create(union=union, year=2026, achievements="甲。", problems="乙。", dated=date(2027, 1, 15))
    client = login(chair_user)
    text = word_text(client)[0]
    assert "2027年1月15日" in text and "2026年12月31日" not in text


# -- the saved text and the figures that moved ------------------------------------------------------------


def _save(client, **changes):
    doc = html.fromstring(client.get("/summary/2026/").content.decode())
    values = {t.name: t.text_content() for t in doc.xpath("//form//textarea")}
    values["version"] = doc.xpath('//input[@name="version"]/@value')[0]
    values["dated"] = ""
    values.update(changes)
    response = client.post("/summary/2026/", values)
    assert response.status_code == 302, response.content.decode()[:2000]
    return values


def test_a_text_saved_before_the_figures_moved_says_so_everywhere(
    login, chair_user, union, other_union, clock, transactional_db
):
    clock(date(2026, 12, 5))  # 2026 still open: told in the present
    summary_data.build(union, other_union)
    client = login(chair_user)
    values = _save(client)
    page, doc = page_text(client)
    assert not doc.xpath('//*[@id="text-stale"]')  # just saved: up to date

    plan = AnnualPlan.objects.get(union=union, year=2026)
    item = plan.items.get(title="校务公开")
    item.status = PlanItem.Status.DONE
    item.save()  # committed (transactional_db): the plan's version moves on, and the figures follow

    page, doc = page_text(client)
    notice = doc.xpath('//*[@id="text-stale"]')
    assert notice
    changed = re.sub(r"\s+", "", notice[0].text_content())
    assert "已完成事项2→3" in changed
    assert "完成率50%→75%" in changed
    assert doc.xpath('//*[@id="text-stale"]//a[contains(@href, "refresh=1")]')
    assert "已完成事项2→3" in word_text(client)[0]
    assert "已完成事项2→3" in pdf_text(client)
    assert "已完成事项2→3" in excel_text(client)
    assert values  # the saved text is not touched by reading


def test_refreshing_replaces_the_generated_paragraphs_and_keeps_the_chairs_own(
    login, chair_user, union, other_union, clock, transactional_db
):
    clock(date(2026, 12, 5))  # 2026 still open: told in the present
    summary_data.build(union, other_union)
    client = login(chair_user)
    values = _save(client)
    generated = values["achievements"].strip().splitlines()
    own = "一年来，在学校党委的领导下，工会各项工作稳步推进。"
    edited_generated = generated[1] + "广受好评。"  # the chair changed a generated line: now the chair's
    text = "\n".join([own, generated[0], edited_generated, *generated[2:]])
    _save(client, achievements=text, version="1")

    item = AnnualPlan.objects.get(union=union, year=2026).items.get(title="校务公开")
    item.status = PlanItem.Status.DONE
    item.save()  # committed (transactional_db): the plan's version moves on, and the figures follow

    doc = html.fromstring(client.get("/summary/2026/?refresh=1").content.decode())
    refreshed = doc.xpath('//textarea[@name="achievements"]')[0].text_content().strip().splitlines()
    assert refreshed[0] == own
    assert "已完成3项" in refreshed[1] and RATE not in refreshed[1]
    assert refreshed[2] == edited_generated
    assert refreshed[3:] == generated[2:]
    # saved as refreshed: up to date again
    values = {t.name: t.text_content() for t in doc.xpath("//form//textarea")}
    values["version"] = doc.xpath('//input[@name="version"]/@value')[0]
    values["dated"] = ""
    assert client.post("/summary/2026/", values).status_code == 302
    assert not page_text(client)[1].xpath('//*[@id="text-stale"]')
