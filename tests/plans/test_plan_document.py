"""The plan as an official document (GB/T 9704): /plans/<year>.docx .pdf and each approved version's."""

import io
from datetime import date
from urllib.parse import quote

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from plans import document
from plans.models import AnnualPlan
from tests.plans.conftest import item

pytestmark = pytest.mark.django_db


def word(response):
    assert response.status_code == 200, response.status_code
    return Document(io.BytesIO(response.content))


def east_asian(run_or_style):
    return run_or_style.element.rPr.rFonts.get(qn("w:eastAsia"))


def body_texts(doc):
    return [p.text for p in doc.paragraphs if p.text]


def test_the_plan_as_a_word_file(login, member_user, committee_user, approved_plan, union):
    response = login(member_user).get("/plans/2026.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert quote(f"{approved_plan.title}.docx") in response["Content-Disposition"]
    doc = word(response)
    section = doc.sections[0]
    assert [round(s.mm) for s in (section.page_width, section.page_height)] == [210, 297]
    assert [
        round(s.mm) for s in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [37, 35, 28, 26]
    texts = body_texts(doc)
    assert texts[0] == approved_plan.title and doc.paragraphs[0].style.name == "Title"
    dated = approved_plan.approved_at.astimezone().date()
    assert texts[1:] == [
        "一、指导思想",
        "围绕学校中心工作，服务教职工。",
        "二、组织建设",
        f"1.完善会员档案（责任人：{committee_user.member.name}；完成时限：3月31日）",
        "2.召开会员代表大会（完成时限：5月底前）",
        "三、关爱职工",
        "（一）送温暖",
        "1.春节走访困难职工（完成时限：2月10日）",
        "（二）健康体检",
        "1.组织教职工体检（完成时限：10月底前）",
        union.name,
        f"{dated.year}年{dated.month}月{dated.day}日",
    ]


def test_each_level_has_its_font(login, member_user, approved_plan):
    doc = word(login(member_user).get("/plans/2026.docx"))
    by_text = {p.text.split("（责任人")[0].split("（完成")[0]: p for p in doc.paragraphs}
    assert east_asian(doc.styles["Title"]) == "方正小标宋简体"
    assert east_asian(doc.styles["Normal"]) == "仿宋_GB2312"
    assert by_text["二、组织建设"].style.name == "Heading 1" and east_asian(doc.styles["Heading 1"]) == "黑体"
    assert by_text["（一）送温暖"].style.name == "Heading 2" and east_asian(doc.styles["Heading 2"]) == "楷体_GB2312"
    item_paragraph = by_text["1.春节走访困难职工"]
    assert item_paragraph.style.name == "Heading 3" and doc.styles["Heading 3"].font.bold
    assert item_paragraph.runs[1].bold is False and east_asian(item_paragraph.runs[1]) == "仿宋_GB2312"


def test_page_numbers_and_the_signature(login, member_user, approved_plan):
    doc = word(login(member_user).get("/plans/2026.docx"))
    section = doc.sections[0]
    for footer in (section.footer, section.even_page_footer):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"
        assert " PAGE " in [t.text for t in paragraph._p.iter(qn("w:instrText"))]
    last, name, dated = doc.paragraphs[-3:]
    assert last.paragraph_format.keep_with_next and name.paragraph_format.keep_with_next


def test_owners_in_a_table_annex(login, member_user, approved_plan):
    doc = word(login(member_user).get("/plans/2026.docx?owners=annex"))
    texts = body_texts(doc)
    assert "1.完善会员档案" in texts and not any("责任人" in t for t in texts)
    assert texts[-2:] == ["附件", "重点工作责任分解表"]
    assert "附件：重点工作责任分解表" in texts
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows[0] == ["序号", "工作事项", "责任人", "完成时限"]
    assert rows[1][0] == "二、组织建设"  # a part across the table
    assert rows[3] == ["2", "2.召开会员代表大会", "", "5月底前"]
    assert [r[1] for r in rows if r[0].isdigit()] == [
        "1.完善会员档案",
        "2.召开会员代表大会",
        "1.春节走访困难职工",
        "1.组织教职工体检",
    ]


def test_the_pdf(login, member_user, approved_plan):
    response = login(member_user).get("/plans/2026.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = "".join(page.extract_text() for page in pages)
    assert approved_plan.title in text and "二、组织建设" in text and "1.完善会员档案" in text
    assert "— 1 —" in pages[0].extract_text()


def test_a_draft_is_dated_today_and_only_the_committee_gets_it(login, committee_user, member_user, plan, clock):
    clock(date(2026, 2, 3))
    doc = word(login(committee_user).get("/plans/2026.docx"))
    assert body_texts(doc)[-1] == "2026年2月3日"
    assert login(member_user).get("/plans/2026.docx").status_code == 404


def test_an_approved_version_says_that_version(login, member_user, committee_user, approved_plan, chair_user):
    approved_plan.revise(chair_user, "调整体检时间")
    target = item(approved_plan, "组织教职工体检")
    target.title = "组织教职工秋季体检"
    target.save()
    # Members get the version in force while the plan is revised; the committee gets the draft.
    response = login(member_user).get("/plans/2026.docx?owners=annex")
    assert response.status_code == 302 and response["Location"] == "/plans/2026/versions/1.docx?owners=annex"
    assert "组织教职工秋季体检" in "".join(body_texts(word(login(committee_user).get("/plans/2026.docx"))))
    response = login(member_user).get("/plans/2026/versions/1.docx")
    assert quote("（第1版）.docx") in response["Content-Disposition"]
    doc = word(response)
    assert doc.core_properties.subject.startswith("第1版")
    texts = body_texts(doc)
    assert "1.组织教职工体检（完成时限：10月底前）" in texts and "组织教职工秋季体检" not in "".join(texts)
    assert login(member_user).get("/plans/2026/versions/1.pdf").content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "url", ["/plans/2026.docx", "/plans/2026.pdf", "/plans/2026/versions/1.docx", "/plans/2026/versions/1.pdf"]
)
def test_another_union_gets_404(login, chair_of_other_union, approved_plan, url):
    assert login(chair_of_other_union).get(url).status_code == 404


@pytest.mark.parametrize("url", ["/plans/2026/versions/2.docx", "/plans/2027.docx", "/plans/2026/versions/9.pdf"])
def test_unknown_year_or_version_is_404(login, member_user, approved_plan, url):
    assert login(member_user).get(url).status_code == 404


def test_anonymous_is_sent_to_log_in(client, approved_plan):
    response = client.get("/plans/2026.docx")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_big_plan_renders(approved_plan):
    content = {
        "title": "大计划",
        "rows": [
            {
                "number": f"{n}、",
                "level": 3,
                "title": f"事项{n}",
                "body": "内容" * 40,
                "owner": "张三",
                "due": "",
                "work": True,
            }
            for n in range(1, 306)
        ],
    }
    doc = document.build(content, "工会", date(2026, 3, 1), document.OWNERS_ANNEX)
    assert len(doc.annexes[0].blocks[0].rows) == 305
    assert AnnualPlan.objects.count() == 1


def test_an_item_of_text_only_is_body_text_after_its_number():
    content = {
        "title": "计划",
        "rows": [
            {
                "number": "1、",
                "level": 3,
                "title": "",
                "body": "做好会员档案。",
                "owner": "张三",
                "due": "",
                "work": True,
            }
        ],
    }
    heading = document.build(content, "工会", date(2026, 3, 1)).blocks[0]
    assert (heading.words, heading.text) == ("1.", "做好会员档案。（责任人：张三）")
