"""Paste from Word: the parser on the ten reference plans, and the paste page with its preview."""

import re
from pathlib import Path

import pytest

from plans.models import AnnualPlan
from plans.numbering import ITEM, PART, SECTION
from plans.paste import month_of_heading, parse

REFERENCE = Path(__file__).parent / "data" / "union-annual-work-plans.zh.txt"

# Top-level parts of each reference plan, counted by hand from the text (一、二、… or the
# unnumbered 指导思想 / 工作要点 / 主要活动安排 headings of plan 10).
EXPECTED_PARTS = {1: 3, 2: 4, 3: 4, 4: 8, 5: 3, 6: 4, 7: 3, 8: 3, 9: 8, 10: 3}


def reference_plans():
    text = REFERENCE.read_text(encoding="utf-8")
    chunks = re.split(r"^2022工会年度工作计划必备(\d+)\s*$", text, flags=re.M)
    plans = {int(chunks[i]): chunks[i + 1] for i in range(1, len(chunks), 2)}
    plans[10] = plans[10].split("【工会年度工作计划】")[0]  # the web page's footer is no part of the plan
    return plans


PLANS = reference_plans()
NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,3}\s*(?:[、．]|\.(?!\d)))"
)
IGNORED = re.compile(r"[\s。：:；;]")


def squash(text):
    return IGNORED.sub("", text)


def source_text(text):
    """The pasted text without its outline numbers: what must all come back."""
    return squash("".join(NUMBERING.sub("", line, count=1) for line in text.splitlines()))


def parsed_text(parsed):
    """Everything the parser kept, in document order."""
    pieces = [parsed.title, parsed.foreword]
    if parsed.guiding_ideology:
        pieces += ["指导思想", parsed.guiding_ideology]
    if parsed.goals:
        pieces += ["工作目标", parsed.goals]
    for row in parsed.rows:
        pieces += [row.title, row.body]
    return squash("".join(pieces))


def test_the_reference_file_holds_ten_plans():
    assert sorted(PLANS) == list(range(1, 11))


@pytest.mark.parametrize("number", sorted(EXPECTED_PARTS))
def test_each_reference_plan_gives_the_right_number_of_parts(number):
    assert parse(PLANS[number]).part_count == EXPECTED_PARTS[number]


@pytest.mark.parametrize("number", sorted(EXPECTED_PARTS))
def test_no_text_is_lost_or_reordered(number):
    # 指导思想 may have been written "一、指导思想" or "指导思想:"; either way it comes back whole.
    parsed = parse(PLANS[number])
    assert parsed_text(parsed) == source_text(PLANS[number])


def test_plan_7_keeps_its_guiding_ideology_sections_and_month_schedule():
    parsed = parse(PLANS[7])
    assert parsed.guiding_ideology.startswith("根据市教育工会20xx年工作要点")
    parts = [row.title for row in parsed.rows if row.level == PART]
    assert parts == ["主要工作", "具体安排"]
    sections = [row.title for row in parsed.rows if row.level == SECTION and not row.month]
    assert sections == ["民主管理工程", "素质建设工程", "生活保障工程"]
    months = [row.month for row in parsed.rows if row.month]
    assert months == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1]
    february = next(i for i, row in enumerate(parsed.rows) if row.title == "二月份")
    assert [r.title for r in parsed.rows[february + 1 : february + 5]] == [
        "召开工会委员工会组长会议,布置本学期学校工会工作",
        "长沙市第二届“魅力教师”评选工作",
        "教工之家栏目的宣传布置",
        "庆祝元宵节",
    ]


def test_an_item_opening_with_a_short_sentence_keeps_it_as_title():
    parsed = parse(PLANS[1])
    first_item = next(row for row in parsed.rows if row.level == ITEM)
    assert first_item.title == "积极宣传"
    assert first_item.body.startswith("通过公司内部会议")


def test_a_long_single_sentence_item_is_text_without_title():
    parsed = parse(PLANS[7])
    item = next(row for row in parsed.rows if row.body.startswith("发挥教职工的主体作用"))
    assert item.title == ""


def test_unnumbered_lines_after_an_item_belong_to_it():
    parsed = parse(PLANS[5])
    item = next(row for row in parsed.rows if row.title.startswith("努力为教职工办实事"))
    assert "一是倾听教职工的呼声" in item.body and "三是重视关心退休教师生活" in item.body


def test_text_before_the_first_heading_is_the_foreword():
    parsed = parse(PLANS[1])
    assert parsed.foreword.startswith("xx有限公司工会委员会")
    assert "20xx年工会工作总体思路" in parsed.foreword


def test_ascii_brackets_and_numbered_month_parts():
    parsed = parse(PLANS[5])
    assert [r.title for r in parsed.rows if r.level == SECTION][:2] == ["增强三个意识", "营造五种氛围"]
    parsed = parse(PLANS[4])
    assert [(r.title, r.month) for r in parsed.rows if r.level == PART][:4] == [
        ("1月份", 1),
        ("2月份", 2),
        ("3月份", 3),
        ("4、5月份", 4),
    ]


def test_unnumbered_part_headings_of_plan_10():
    parsed = parse(PLANS[10])
    assert parsed.guiding_ideology.startswith("以xx为指南")
    assert [r.title for r in parsed.rows if r.level == PART] == ["工作要点", "主要活动安排"]
    assert [r.month for r in parsed.rows if r.month] == [3, 4, 5, 6, 7]


@pytest.mark.parametrize(
    "text, month",
    [
        ("二月份", 2),
        ("十一月份", 11),
        ("十二月份", 12),
        ("4、5月份", 4),
        ("七—八月份:", 7),
        ("3月份：", 3),
        ("一、1月份", None),
        ("召开会议", None),
        ("13月份", None),
    ],
)
def test_month_headings(text, month):
    assert month_of_heading(text) == month


def test_a_decimal_is_not_an_item_number():
    parsed = parse("一、经费\n1.5万元用于职工活动。")
    assert len(parsed.rows) == 1 and parsed.rows[0].body == "1.5万元用于职工活动。"


def test_first_line_naming_a_plan_is_its_title():
    parsed = parse("第一中学工会2026年工作计划\n一、主要工作\n1、开好教代会。")
    assert parsed.title == "第一中学工会2026年工作计划"
    assert [r.title for r in parsed.rows] == ["主要工作", "开好教代会"]


# The paste page


def test_paste_shows_a_preview_and_saves_nothing_yet(login, committee_user):
    response = login(committee_user).post("/plans/paste/", {"year": 2026, "text": PLANS[7], "preview": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "二、主要工作" in page and "（一）民主管理工程" in page and "三、具体安排" in page
    assert "二月份" in page and "识别出 3 个部分" in page
    assert not AnnualPlan.objects.exists()


def test_paste_saves_a_draft_and_opens_the_editor(login, committee_user):
    client = login(committee_user)
    response = client.post("/plans/paste/", {"year": 2026, "title": "", "text": PLANS[7], "save": "1"})
    assert response.status_code == 302 and response["Location"] == "/plans/2026/edit/"
    plan = AnnualPlan.objects.get()
    assert plan.status == AnnualPlan.Status.DRAFT and plan.title == "第一中学工会2026年工作计划"
    assert plan.items.filter(month=2).count() == 4
    assert plan.items.scheduled().count() == 4 + 4 + 3 + 3 + 6 + 2 + 2 + 5 + 3 + 5 + 3 + 3


def test_paste_into_an_existing_draft_needs_the_replace_box(login, committee_user):
    client = login(committee_user)
    client.post("/plans/paste/", {"year": 2026, "text": PLANS[9], "save": "1"})
    response = client.post("/plans/paste/", {"year": 2026, "text": PLANS[7], "save": "1"})
    assert response.status_code == 400 and "勾选" in response.content.decode()
    client.post("/plans/paste/", {"year": 2026, "text": PLANS[7], "save": "1", "replace": "on"})
    plan = AnnualPlan.objects.get()
    assert plan.items.filter(title="具体安排").exists()
    assert not plan.items.filter(title__startswith="起草集体合同草案").exists()


def test_empty_paste_is_an_error_beside_the_field(login, committee_user):
    response = login(committee_user).post("/plans/paste/", {"year": 2026, "text": "", "preview": "1"})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()


def test_member_cannot_paste(login, member_user):
    assert login(member_user).get("/plans/paste/").status_code == 403
