"""Compose the paste corpus: plans in the numbering styles committees use, with what each must parse to.

Run `python tests/plans/data/paste_corpus/compose.py` to rewrite plan_01.txt … plan_NN.txt and
expected.json (hand-written plans, `hand_*.txt`, are listed in expected.json by hand and kept).
The words are ours, written for this corpus in the vocabulary of tests/plans/data's reference plans;
each plan draws its parts, items, numbering style, indents, punctuation, forewords, titles and
signatures (落款) from the lists below with a fixed seed, so the files do not change between runs.

What a plan must parse to is worked out here from how it was written, not by the parser: its parts
(a leading 指导思想 with only text counts, as the plan document numbers it), its outline levels, its
rows (headings and items; （1）/① points under a 1、 level stay text), and its title.
"""

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
CN = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

UNIONS = [
    ("华东精密机械有限公司工会", "company"),
    ("城关第二小学工会", "school"),
    ("青石镇总工会", "township"),
    ("市第三人民医院工会", "hospital"),
    ("南湖街道总工会", "street"),
    ("远航物流股份有限公司工会委员会", "company"),
    ("实验中学教育工会", "school"),
    ("市供水集团工会", "company"),
    ("县农业技术推广中心工会", "office"),
    ("明德职业技术学院工会", "school"),
]

# Part title → items: (title, text). Texts are one or more sentences; "" means the title is the item.
THEMES = {
    "加强思想政治引领": [
        ("组织理论学习", "每季度组织一次工会委员集中学习，结合单位实际开展交流讨论。"),
        ("开展形势政策宣讲", "邀请上级工会和单位领导为职工作宣讲，全年不少于两场。"),
        ("选树先进典型", "评选本年度优秀会员和先进工会小组，在宣传栏和工作群中集中展示。"),
        ("办好职工书屋", "补充新书两百册，延长开放时间，开展读书分享会。"),
    ],
    "推进民主管理": [
        ("开好职工代表大会", "按期召开职代会，审议工作报告和职工福利方案，做好提案征集与答复。"),
        ("落实厂务公开", "通过公开栏、内部网站公开涉及职工切身利益的事项，接受职工监督。"),
        ("征集合理化建议", "设立工会信箱，对采纳的建议给予奖励，年底汇总办理情况。"),
        ("开展民主评议", ""),
    ],
    "依法维护职工权益": [
        ("签订集体合同", "五月前完成集体合同草案起草，经职工代表讨论后与行政方协商签订。"),
        ("开展工资集体协商", "会同人力资源部门测算工资增长幅度，形成工资专项集体协议。"),
        ("维护女职工特殊权益", "落实女职工特殊劳动保护规定，组织女职工健康检查。"),
        ("做好劳动争议调解", "健全劳动争议调解委员会，及时化解矛盾。"),
        ("关注安全生产", "配合安全部门开展隐患排查，组织群众安全监督员培训。"),
    ],
    "关心职工生活": [
        ("开展送温暖活动", "春节前走访慰问困难职工和退休老同志，做到底数清、情况明。"),
        ("落实五必访制度", "会员生病住院、结婚、生育、退休及家中有丧事时，工会及时上门看望。"),
        ("组织职工健康体检", "联系定点医院，九月底前完成全员体检，女职工增加专项检查项目。"),
        ("开展送清凉活动", "七月为一线岗位职工送去防暑降温用品。"),
        ("做好生日慰问", "每月为当月过生日的会员送上生日蛋糕券和贺卡。"),
    ],
    "丰富职工文化生活": [
        ("举办迎新春联欢会", "各工会小组至少出一个节目，一月下旬举行。"),
        ("组织春季健步走", "四月组织全体会员沿湖健步走，设置签到点和纪念品。"),
        ("开展职工运动会", "设乒乓球、羽毛球、拔河等项目，以工会小组为单位组队参赛。"),
        ("组建兴趣小组", "成立摄影、书法、瑜伽兴趣小组，每月至少活动一次。"),
        ("举办中秋游园活动", ""),
    ],
    "提升职工素质": [
        ("开展劳动竞赛", "围绕生产经营重点开展岗位练兵和技能比武，获奖者优先推荐评先。"),
        ("组织技能培训", "与培训中心合作，全年举办技能提升培训班四期。"),
        ("推进创新工作室建设", "支持劳模创新工作室开展技术攻关，年内申报一项小发明。"),
        ("开展师德师风教育", "结合教师节组织师德演讲比赛和优秀教师事迹报告会。"),
    ],
    "加强工会自身建设": [
        ("健全会员档案", "一季度完成会员信息核对，做好会籍接转和新会员入会工作。"),
        ("规范经费管理", "严格执行经费预算，经审委员会每半年审查一次经费收支。"),
        ("培训工会干部", "组织工会委员和小组长参加上级工会业务培训。"),
        ("建好职工之家", "更新活动室器材，完善母婴室设施，争创模范职工之家。"),
        ("做好年终总结", "十二月召开工会委员会议，总结全年工作，研究下年度计划。"),
    ],
    "做好困难职工帮扶": [
        ("更新困难职工档案", "对困难职工逐户走访核实，实行动态管理。"),
        ("开展金秋助学", "对困难职工家庭考入大学的子女给予助学金。"),
        ("落实医疗互助", "组织会员参加职工医疗互助保障，帮助大病职工减轻负担。"),
    ],
}

SECTION_GROUPS = {
    "主要工作": ["加强思想政治引领", "推进民主管理", "依法维护职工权益"],
    "服务职工": ["关心职工生活", "做好困难职工帮扶", "丰富职工文化生活"],
    "自身建设": ["提升职工素质", "加强工会自身建设"],
}

POINTS = [
    "制定活动方案，明确责任人和时间节点",
    "各工会小组做好宣传发动",
    "活动结束后及时总结，材料存档",
    "费用按标准从工会经费中列支",
]

FOREWORDS = [
    "为深入贯彻上级工会工作部署，团结动员广大职工立足岗位建功立业，结合本单位实际，制定本计划。",
    "今年是实施“十五五”规划的重要一年，工会工作要紧紧围绕单位中心任务，突出维权服务，增强组织活力。",
    "根据县总工会年度工作要点和单位党组织的要求，经工会委员会讨论，现将全年工作安排如下：",
    "过去一年，在党组织的领导和上级工会的指导下，我们较好地完成了各项任务，会员对工会工作的满意度明显提高。",
    "新的一年，工会将坚持以职工为中心，把好事办实、把实事办好。",
]
GUIDING = (
    "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届历次全会精神，"
    "认真落实上级工会的部署，坚持服务大局、服务职工，团结动员广大会员为单位高质量发展贡献力量。"
)

MONTHS = {
    1: ["召开工会委员会议，研究全年工作计划", "开展春节送温暖走访慰问"],
    2: ["举办元宵节猜灯谜活动", "布置新学期工会小组工作"],
    3: ["庆祝三八妇女节，组织女职工踏青活动", "召开职工代表大会"],
    4: ["组织春季健步走", "开展清明节缅怀先烈活动"],
    5: ["庆祝五一劳动节，表彰劳动模范", "开展五四青年座谈会"],
    6: ["组织端午节包粽子比赛", "半年工作小结"],
    7: ["开展送清凉慰问", "组织优秀会员疗休养"],
    8: ["走访慰问退役军人职工", "金秋助学申报"],
    9: ["庆祝教师节", "组织职工健康体检"],
    10: ["国庆节升旗仪式", "重阳节慰问退休职工"],
    11: ["举办职工运动会", "经费收支半年审查"],
    12: ["召开工会委员会议总结全年工作", "评选优秀会员和先进工会小组"],
}
MONTH_HEADINGS = [  # (heading as written, first month, last month)
    ("一月份", 1, 1),
    ("二月份", 2, 2),
    ("3月份", 3, 3),
    ("4、5月份", 4, 5),
    ("六月份：", 6, 6),
    ("七、八月份：", 7, 8),
    ("9-10月", 9, 10),
    ("十一月份", 11, 11),
    ("12月：", 12, 12),
]
MONTH_HEADINGS_ALT = [
    ("1-2月", 1, 2),
    ("三月份:", 3, 3),
    ("四月", 4, 4),
    ("五、六月份", 5, 6),
    ("七—八月份", 7, 8),
    ("九月份", 9, 9),
    ("10月份", 10, 10),
    ("十一、十二月份：", 11, 12),
]

TOP_STYLES = ["{c}、", "{c}，", "{c}.", "{c}．", "第{c}部分 ", "第{c}、", "第{c}，", "{c}是", "{c}、 ", "{c}. "]
SECTION_STYLES = ["（{c}）", "({c})", "（{c}）、", "（{c}） "]
ITEM_STYLES = ["{n}、", "{n}.", "{n}．", "{n}，", "{n})", "{n}. ", "{n}）"]
POINT_STYLES = ["（{n}）", "({n})", "{o}", "{o}、"]
INDENTS = ["", "　　", "  ", "\t", "　"]
TITLES = [
    "{union}{year}年工作计划",
    "{union}{year}年度工作要点",
    "{year}年工会工作计划",
    "工会工作计划",
    "{union}{cnyear}年工作安排（草案）",
    "工作要点",
    "{union}{year}年工会工作要点",
    "{year}年度工会工作计划",
]
SIGNATURES = [["{union}", "{year}年1月10日"], ["{union}委员会", "{cnyear}年二月"], ["{year}年12月28日"]]


def cn_year(year):
    return "".join("〇一二三四五六七八九"[int(d)] for d in str(year))


class Plan:
    """One plan being written: its lines, and what it must parse to."""

    def __init__(self, rng):
        self.rng, self.lines, self.parts, self.rows, self.levels = rng, [], 0, 0, set()

    def line(self, text, indent=None):
        self.lines.append((self.rng.choice(INDENTS) if indent is None else indent) + text)
        if self.rng.random() < 0.35:
            self.lines.append(self.rng.choice(["", "", "　　", " "]))

    def heading(self, text, level):
        self.line(text)
        self.rows += 1
        self.levels.add(level)
        if level == 1:
            self.parts += 1


def numbered(style, n):
    return style.format(c=CN[n - 1] if n <= 10 else "十" + CN[n - 11], n=n, o=CIRCLED[n - 1])


def punctuate(rng, text):
    """Half-width punctuation in some plans, as pasted from older documents."""
    return text.replace("，", ",").replace("：", ":").replace("；", ";") if rng.random() < 0.5 else text


def write_items(plan, rng, items, item_style, item_level, point_style, points_are_items):
    for n, (title, text) in enumerate(items, start=1):
        form = rng.random()
        if text and form < 0.45:
            plan.heading(numbered(item_style, n) + f"{title}。{text}", item_level)
        elif text and form < 0.7:
            plan.heading(numbered(item_style, n) + title, item_level)
            plan.line(punctuate(rng, text))
        elif text:
            plan.heading(numbered(item_style, n) + title + "：" + text, item_level)
        else:
            plan.heading(numbered(item_style, n) + title + rng.choice(["", "。", "；"]), item_level)
        if point_style and rng.random() < 0.4:
            for k, point in enumerate(rng.sample(POINTS, 2), start=1):
                if points_are_items:
                    plan.heading(numbered(point_style, k) + point + "。", item_level + 1)
                else:
                    plan.line(numbered(point_style, k) + point + "。")


def compose(number):
    rng = random.Random(number)
    union, _kind = rng.choice(UNIONS)
    year = rng.choice([2025, 2026, 2026, 2027])
    plan = Plan(rng)
    title = ""
    if rng.random() < 0.85:
        title = rng.choice(TITLES).format(union=union, year=year, cnyear=cn_year(year))
        if rng.random() < 0.15:
            plan.line("附件1", "")
        plan.line(title, rng.choice(["", "        ", "　　　　"]))
    for paragraph in rng.sample(FOREWORDS, rng.randint(0, 2)):
        plan.line(punctuate(rng, paragraph))

    shape = rng.choice(
        [
            "full",
            "full",
            "no_sections",
            "no_sections",
            "months",
            "top_item",
            "top_section",
            "weak",
            "full_points",
            "sections_points",
        ]
    )
    top = rng.choice(TOP_STYLES[:7] + TOP_STYLES[8:])
    section = rng.choice(SECTION_STYLES)
    item = rng.choice(ITEM_STYLES)
    point = rng.choice(POINT_STYLES) if rng.random() < 0.5 else ""
    themes = rng.sample(list(THEMES), rng.randint(3, 4))
    guiding = rng.random() < 0.5
    part_no = 0

    def part(text):
        nonlocal part_no
        part_no += 1
        plan.heading(numbered(top, part_no) + text, 1)

    if shape == "months":  # a plan organised by months: the months are its parts
        if guiding:
            plan.heading(rng.choice(["指导思想：", "指导思想"]), 1)
            plan.line(GUIDING)
        months = rng.choice([MONTH_HEADINGS, MONTH_HEADINGS_ALT])
        for heading, first, last in months:
            plan.heading(heading, 1)
            activities = MONTHS[first] + (MONTHS[last] if last != first else [])
            for n, activity in enumerate(activities[: rng.randint(1, 3)], start=1):
                plan.heading(numbered(item, n) + activity + rng.choice(["", "。", "；"]), 3)
        if guiding:
            plan.rows -= 1  # 指导思想 with only text is lifted out of the outline (still a part)
            plan.levels = {1, 3}
    elif shape == "top_item":  # numbered 1. only (points below become its second level)
        for n, theme in enumerate(themes, start=1):
            plan.heading(numbered(item, n) + theme, 1)
            for k, (heading, text) in enumerate(THEMES[theme][:3], start=1):
                plan.heading(numbered(point or "（{n}）", k) + heading + "。" + text, 2)
    elif shape == "top_section":  # （一） with no 一、 above it: （一） are the parts
        for n, theme in enumerate(themes, start=1):
            plan.heading(numbered(section, n) + theme, 1)
            write_items(plan, rng, THEMES[theme][:3], item, 2, point, True)  # （1） under 1、 under （一）
    elif shape == "weak":  # 一是…二是… opening the outline: the parts
        if guiding:
            plan.heading("指导思想：", 1)
            plan.line(GUIDING)
            plan.rows -= 1
        for n, theme in enumerate(themes, start=1):
            plan.heading(f"{CN[n - 1]}是{theme}。{punctuate(rng, THEMES[theme][0][1])}", 1)
            write_items(plan, rng, THEMES[theme][1:3], item, 3, "", False)
    else:
        if guiding:
            part(rng.choice(["指导思想", "指导思想：", "指导思想:"]))
            plan.line(GUIDING)
            plan.rows -= 1
        with_sections = shape in ("full", "full_points", "sections_points")
        if with_sections:
            for name, group in rng.sample(list(SECTION_GROUPS.items()), 2):
                part(name)
                if rng.random() < 0.4:
                    plan.line(punctuate(rng, "围绕上述目标，重点抓好以下几方面工作："))
                for s, theme in enumerate(group[: rng.randint(2, 3)], start=1):
                    plan.heading(numbered(section, s) + theme, 2)
                    if shape == "sections_points":  # （一） then （1）: the points are the items
                        for k, (heading, text) in enumerate(THEMES[theme][:2], start=1):
                            plan.heading(numbered(point or "{o}", k) + f"{heading}。{text}", 3)
                    else:
                        write_items(
                            plan,
                            rng,
                            THEMES[theme][: rng.randint(2, 4)],
                            item,
                            3,
                            point if shape == "full_points" else "",
                            False,
                        )
        else:
            for theme in themes:
                part(theme)
                write_items(plan, rng, THEMES[theme][: rng.randint(2, 4)], item, 3, point, False)
        if shape != "sections_points" and rng.random() < 0.5:  # a month schedule under its own part
            part(rng.choice(["具体安排", "月度安排：", "主要活动安排"]))
            for heading, first, last in rng.choice([MONTH_HEADINGS, MONTH_HEADINGS_ALT])[: rng.randint(3, 6)]:
                plan.heading(heading, 2)
                activities = MONTHS[first] + (MONTHS[last] if last != first else [])
                for n, activity in enumerate(activities[: rng.randint(1, 2)], start=1):
                    plan.heading(numbered(item, n) + activity, 3)

    if rng.random() < 0.6:
        for line in rng.choice(SIGNATURES):
            plan.line(line.format(union=union, year=year, cnyear=cn_year(year)), rng.choice(["", "　　　　　　　　"]))
    text = "\n".join(plan.lines).rstrip() + "\n"
    expected = {"parts": plan.parts, "levels": sorted(plan.levels), "rows": plan.rows, "title": title, "shape": shape}
    return text, expected


def main():
    path = HERE / "expected.json"
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    expected = {name: value for name, value in old.items() if name.startswith("hand_")}
    for number in range(1, 41):
        text, facts = compose(number)
        name = f"plan_{number:02d}.txt"
        (HERE / name).write_text(text, encoding="utf-8")
        expected[name] = facts
    path.write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
