"""Paste from Word: the parser on the ten reference plans and on the paste corpus, and the paste page."""

import json
import re
from pathlib import Path

import pytest

from plans.models import AnnualPlan
from plans.numbering import ITEM, PART, SECTION
from plans.paste import lost_text, month_of_heading, month_range_of_heading, parse, title_for_year, with_title_year

REFERENCE = Path(__file__).parent / "data" / "union-annual-work-plans.zh.txt"
CORPUS = Path(__file__).parent / "data" / "paste_corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))

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


@pytest.mark.parametrize("number", sorted(EXPECTED_PARTS))
def test_lost_text_finds_nothing_lost_in_the_reference_plans(number):
    assert lost_text(PLANS[number], parse(PLANS[number])) == ""


# The paste corpus: plans written in every numbering style (tests/plans/data/paste_corpus/compose.py
# and hand_*.txt), each with what it must parse to in expected.json.


def test_the_corpus_holds_forty_plans_or_more():
    assert len(EXPECTED) >= 40
    assert sorted(EXPECTED) == sorted(path.name for path in CORPUS.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_plan(name):
    text = (CORPUS / name).read_text(encoding="utf-8")
    expected = EXPECTED[name]
    parsed = parse(text)
    assert 10 <= len(text.splitlines()) <= 90
    assert lost_text(text, parsed) == ""
    assert parsed.title == expected["title"]
    assert parsed.part_count == expected["parts"]
    assert parsed.levels == expected["levels"]
    assert len(parsed.rows) == expected["rows"]


def test_lost_text_tells_what_went_missing():
    parsed = parse("一、建会\n1、发展会员。年内发展一百人。")
    parsed.rows[1].body = "年内发展"
    assert "一百人" in lost_text("一、建会\n1、发展会员。年内发展一百人。", parsed)


@pytest.mark.parametrize(
    "line",
    [
        "一、建会",
        "一，建会",
        "一.建会",
        "一．建会",
        "第一部分 建会",
        "第一部分：建会",
        "第一、建会",
        "第一，建会",
        "一、 建会",
    ],
)
def test_every_top_level_numbering(line):
    parsed = parse(f"{line}\n1、发展会员\n2、规范档案")
    assert [(r.level, r.title) for r in parsed.rows] == [(PART, "建会"), (ITEM, "发展会员"), (ITEM, "规范档案")]


@pytest.mark.parametrize("number", ["（一）", "(一)", "（一）、", "(一)、", "（一） "])
@pytest.mark.parametrize("item", ["1、", "1.", "1．", "1，", "1)", "1）", "1. "])
def test_every_second_and_third_level_numbering(number, item):
    parsed = parse(f"一、维权\n{number}集体合同\n{item}起草合同草案\n二、服务")
    assert [r.level for r in parsed.rows] == [PART, SECTION, ITEM, PART]
    assert parsed.rows[2].title == "起草合同草案"


@pytest.mark.parametrize("point", ["（1）", "(1)", "①", "①、", "⑴"])
def test_points_under_items_stay_lines_of_the_item(point):
    parsed = parse(f"一、维权\n1、签订集体合同\n{point}起草草案；\n2、厂务公开")
    assert [r.title for r in parsed.rows] == ["维权", "签订集体合同", "厂务公开"]
    assert parsed.rows[1].body == f"{point}起草草案；"


def test_points_are_items_when_the_plan_has_no_numbered_items():
    parsed = parse("一、维权\n（一）集体合同\n（1）起草草案\n（2）协商签订")
    assert [r.level for r in parsed.rows] == [PART, SECTION, ITEM, ITEM]


def test_a_plan_numbered_1_has_parts_numbered_1():
    parsed = parse("1.建会\n①发展会员\n2.维权")
    assert [(r.level, r.title) for r in parsed.rows] == [(PART, "建会"), (SECTION, "发展会员"), (PART, "维权")]


def test_a_plan_opening_at_the_second_level_has_those_as_parts():
    parsed = parse("（一）建会\n1、发展会员\n（二）维权")
    assert [r.level for r in parsed.rows] == [PART, SECTION, PART]


def test_yi_shi_opening_the_outline_numbers_its_parts():
    parsed = parse("今年的重点：\n一是加强引领。组织学习。\n1、学理论\n二是维护权益")
    assert [(r.level, r.title) for r in parsed.rows] == [(PART, "加强引领"), (ITEM, "学理论"), (PART, "维护权益")]
    assert parsed.foreword == "今年的重点："


def test_yi_shi_inside_a_numbered_plan_is_text():
    parsed = parse("一是坚持。\n二是服务。\n一、建会\n1、发展会员\n一是企业；\n二是社区。")
    assert parsed.foreword == "一是坚持。\n二是服务。"
    assert parsed.rows[1].body == "一是企业；\n二是社区。"


def test_whole_parts_above_numbered_parts():
    parsed = parse("第一部分 重点任务\n一、引领\n1、宣讲\n第二部分 保障措施\n一、领导")
    assert [r.level for r in parsed.rows] == [PART, SECTION, ITEM, PART, SECTION]


def test_a_number_alone_on_its_line_takes_the_next_line_as_title():
    parsed = parse("第一部分\n重点任务\n1、宣讲")
    assert [(r.level, r.title) for r in parsed.rows] == [(PART, "重点任务"), (ITEM, "宣讲")]


def test_a_plan_organised_by_months_has_the_months_as_parts():
    parsed = parse("工会活动安排\n指导思想：\n服务职工。\n二月份\n1、元宵节\n七、八月份：\n1、送清凉\n9-10月\n1、体检")
    assert parsed.guiding_ideology == "服务职工。"
    assert [(r.level, r.month) for r in parsed.rows] == [
        (PART, 2),
        (ITEM, None),
        (PART, 7),
        (ITEM, None),
        (PART, 9),
        (ITEM, None),
    ]


@pytest.mark.parametrize(
    "text, months",
    [
        ("9-10月", (9, 10)),
        ("七、八月份：", (7, 8)),
        ("4、5月份", (4, 5)),
        ("二月份", (2, 2)),
        ("十一、十二月份", (11, 12)),
        ("第一季度", (1, 3)),
        ("第三季度：", (7, 9)),
        ("二季度", (4, 6)),
        ("第4季度", (10, 12)),
    ],
)
def test_month_ranges(text, months):
    assert month_range_of_heading(text) == months


@pytest.mark.parametrize(
    "line",
    [
        "工会工作计划",
        "工作要点",
        "2025年工会工作总结",
        "XX公司工会2026年工作计划（草案）",
        "二〇二六年工作安排",
        "关于2026年工会工作的安排意见",
    ],
)
def test_a_line_naming_the_document_is_its_title(line):
    parsed = parse(f"附件1\n{line}\n为做好今年工作，制定本计划。\n一、建会")
    assert parsed.title == line
    assert parsed.foreword == "附件1\n为做好今年工作，制定本计划。"


def test_a_heading_with_a_colon_is_no_title():
    parsed = parse("工作要点：\n1、学习为先。")
    assert parsed.title == "" and parsed.rows[0].title == "工作要点"


@pytest.mark.parametrize(
    "title, year, fixed",
    [
        ("2025年工会工作计划", 2026, "2026年工会工作计划"),
        ("二〇二五年工作要点", 2026, "二〇二六年工作要点"),
        ("2025—2026学年工作计划", 2027, "2027—2028学年工作计划"),
        ("2025—2026学年工作计划", 2026, None),
        ("工会工作计划", 2026, None),
        ("2026年工作计划", 2026, None),
    ],
)
def test_title_for_year(title, year, fixed):
    assert title_for_year(title, year) == fixed


def test_with_title_year_fixes_the_line_the_title_came_from_or_the_typed_title():
    text = "　　2025年工会工作计划\n一、建会\n1、2025年发展会员"
    assert with_title_year(text, "", 2026) == ("　　2026年工会工作计划\n一、建会\n1、2025年发展会员", "")
    assert with_title_year(text, "2024年计划", 2026) == (text, "2026年计划")


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


def test_preview_warns_when_the_title_names_another_year_and_fixes_it_in_one_click(login, committee_user):
    client = login(committee_user)
    text = "　　2025年工会工作计划\n一、建会\n1、发展会员。年内发展一百人。"
    page = client.post("/plans/paste/", {"year": 2026, "text": text, "preview": "1"}).content.decode()
    assert "标题写的是 2025 年" in page and "把标题改为“2026年工会工作计划”" in page
    response = client.post("/plans/paste/", {"year": 2026, "text": text, "fix_title_year": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "标题写的是" not in page
    assert "　　2026年工会工作计划\n一、建会" in page  # the text itself, in the form, now names 2026
    assert not AnnualPlan.objects.exists()


def test_preview_fixes_a_typed_title(login, committee_user):
    client = login(committee_user)
    data = {"year": 2026, "title": "二〇二五年工作要点", "text": "一、建会\n1、发展会员。", "fix_title_year": "1"}
    page = client.post("/plans/paste/", data).content.decode()
    assert 'value="二〇二六年工作要点"' in page and "标题写的是" not in page


def test_no_warning_when_the_title_names_the_plans_year(login, committee_user):
    page = login(committee_user).post("/plans/paste/", {"year": 2026, "text": PLANS[7], "preview": "1"})
    assert "标题写的是" not in page.content.decode()


def test_items_under_a_range_of_months_are_due_by_its_last_month(login, committee_user):
    text = "工会活动安排\n4、5月份\n1、春季运动会\n六月份\n1、端午节活动"
    login(committee_user).post("/plans/paste/", {"year": 2026, "text": text, "save": "1"})
    plan = AnnualPlan.objects.get()
    sports, dragon_boat = plan.items.filter(level=ITEM).order_by("position")
    assert (sports.month, sports.due_month, dragon_boat.month, dragon_boat.due_month) == (4, 5, 6, None)


@pytest.mark.parametrize("heading", ["一、总体要求", "总体要求："])
def test_zong_ti_yao_qiu_is_the_guiding_ideology(heading):
    parsed = parse(f"{heading}\n服务职工。\n二、主要目标\n建会十家。\n三、重点工作\n1、建会")
    assert (parsed.guiding_ideology, parsed.goals) == ("服务职工。", "建会十家。")
    assert [r.title for r in parsed.rows] == ["重点工作", "建会"] and parsed.part_count == 3


def test_a_whole_part_zong_ti_yao_qiu_is_the_guiding_ideology():
    parsed = parse("第一部分 总体要求\n服务职工。\n第二部分 重点任务\n一、建会\n1、发展会员")
    assert parsed.guiding_ideology == "服务职工。"
    assert [(r.level, r.title) for r in parsed.rows] == [(PART, "重点任务"), (SECTION, "建会"), (ITEM, "发展会员")]


def test_items_under_a_month_section_sit_below_it_when_the_plan_starts_at_the_second_level():
    parsed = parse("（一）关爱职工\n1．体检\n（二）月度安排\n9-10月\n1．运动会\n2．重阳节\n（三）保障措施")
    assert [(r.level, r.title) for r in parsed.rows] == [
        (PART, "关爱职工"),
        (SECTION, "体检"),
        (PART, "月度安排"),
        (SECTION, "9-10月"),
        (ITEM, "运动会"),
        (ITEM, "重阳节"),
        (PART, "保障措施"),
    ]


def test_a_letter_spaced_title_is_the_title():
    parsed = parse("市 税 务 局 机 关 工 会\n2026 年 工 作 计 划\n一、学习\n1、读书")
    assert parsed.title == "2026 年 工 作 计 划" and parsed.foreword == "市 税 务 局 机 关 工 会"


# Each numbering style the paste reads, as it opens a line; the hand-written plans use each in three
# plans or more (一是 at the top is counted in the test below, as it is a style only there).
STYLES = {
    "一、": r"[一二三四五六七八九十]+\s*、(?!.*月)",
    "一，": r"[一二三四五六七八九十]+\s*，",
    "一.": r"[一二三四五六七八九十]+\s*\.",
    "一．": r"[一二三四五六七八九十]+\s*．",
    "第一部分": r"第[一二三四五六七八九十]+部分",
    "第一、": r"第[一二三四五六七八九十]+\s*、",
    "第一，": r"第[一二三四五六七八九十]+\s*，",
    "（一）": r"（\s*[一二三四五六七八九十]+\s*）(?!、)",
    "(一)": r"\(\s*[一二三四五六七八九十]+\s*\)",
    "（一）、": r"（[一二三四五六七八九十]+）、",
    "1、": r"\d+、(?!.*月)",
    "1.": r"\d+\.(?!\d)",
    "1．": r"\d+．",
    "1，": r"\d+，",
    "1)": r"\d+\)",
    "（1）": r"（\d+）",
    "(1)": r"\(\d+\)",
    "①": r"[①-⑳](?!、)",
    "①、": r"[①-⑳]、",
    "二月份": r"[一二三四五六七八九十]+月份",
    "4、5月份": r"\d+、\d+月份",
    "七、八月份：": r"[一二三四五六七八九十]+、[一二三四五六七八九十]+月份[:：]",
    "9-10月": r"\d+-\d+月$",
    "第一季度": r"第?[一二三四]季度",
}
HAND = sorted(CORPUS.glob("hand_*.txt"))


def plans_using(pattern):
    found = []
    for path in HAND:
        lines = [line.replace("\u3000", " ").strip() for line in path.read_text(encoding="utf-8").splitlines()]
        if any(re.match(pattern, line) for line in lines):
            found.append(path.name)
    return found


@pytest.mark.parametrize("style", sorted(STYLES))
def test_each_style_is_in_three_hand_written_plans(style):
    assert len(plans_using(STYLES[style])) >= 3


def test_the_hand_written_plans_open_their_outline_with_each_top_level():
    tops = [
        next((row.number for row in parse(path.read_text(encoding="utf-8")).rows if row.number), "") for path in HAND
    ]
    assert sum(bool(re.match(r"[一二三四五六七八九十]是", top)) for top in tops) >= 3
    assert sum(bool(re.match(r"1[.．]", top)) for top in tops) >= 3
    assert sum(bool(re.match(r"[（(]一[）)]", top)) for top in tops) >= 3
    assert len(HAND) >= 40


def test_items_under_a_quarter_are_due_by_its_last_month(login, committee_user):
    text = "工会活动安排\n第二季度\n1、技能比武\n第三季度：\n1、送清凉"
    login(committee_user).post("/plans/paste/", {"year": 2026, "text": text, "save": "1"})
    plan = AnnualPlan.objects.get()
    contest, cooling = plan.items.filter(level=ITEM).order_by("position")
    assert (contest.month, contest.due_month, cooling.month, cooling.due_month) == (4, 6, 7, 9)
