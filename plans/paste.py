"""Paste from Word: turn a plan's plain text into an outline.

The text is read line by line, as a committee's Word plan reads:

- `一、` / `一.` → a part; `（一）` or `(一)` → a section; `1、` / `1.` → an item;
- an unnumbered heading a plan uses for its parts (`指导思想:`, `工作要点:`, `主要活动安排`) → a part;
- a month heading (`二月份`, `4、5月份`, `七—八月份:`, also after a number: `一、1月份:`) → a heading
  of the month schedule, its items listed under it;
- any other line is text: before the first heading it is the plan's foreword, after a heading it
  belongs to the row above it;
- an item opening with a short sentence (`1、积极宣传。通过内部会议…`) keeps that sentence as its
  title and the rest as its text.

A leading part `指导思想` (or `工作目标`) that is only text becomes the plan's guiding ideology
(or goals). Nothing is dropped: every character of the pasted text, bar the numbers and the
whitespace, ends up in the result in the same order (see tests/plans/test_paste.py).
"""

import re
from dataclasses import dataclass, field

from plans.numbering import ITEM, PART, SECTION, parse_chinese_numeral

CN = "一二三四五六七八九十"
NUMBER_SEP = r"\s*[、.．]\s*"
PART_RE = re.compile(rf"^([{CN}百]+){NUMBER_SEP}(.*)$")
SECTION_RE = re.compile(rf"^[（(]\s*([{CN}]+)\s*[）)]\s*[、.．]?\s*(.*)$")
ITEM_RE = re.compile(r"^(\d{1,3})(?:\s*[、．]|\.(?!\d))\s*(.*)$")
RANGE = r"\s*[、,，—\-~～至到和]+\s*"
# 二月份, 4、5月份, 七—八月份: both ends of a range are written alike (一、1月份 is part 一 of March).
MONTH_RE = re.compile(
    rf"^(?:(\d{{1,2}})(?:{RANGE}\d{{1,2}})?|([{CN}]{{1,3}})(?:{RANGE}[{CN}]{{1,3}})?)\s*月份?\s*[:：]?$"
)
HEADING_WORDS = re.compile(
    r"(指导思想|总体思路|工作目标|目标任务|工作要点|工作重点|主要工作|重点工作|工作措施|保障措施|"
    r"活动安排|具体安排|工作安排|月度安排)"
)
SENTENCE_END = "。！？!?；;：:"
OPENING, CLOSING = "（(“《【", "）)”》】"
TITLE_MAX = 30  # a longer opening sentence is text, not a title
TRAILING_COLON = re.compile(r"\s*[:：]\s*$")
GUIDING_WORDS = ("指导思想", "总体思路")
GOALS_WORDS = ("工作目标", "目标任务")


@dataclass
class ParsedRow:
    level: int
    title: str = ""
    body: str = ""
    month: int | None = None  # set on month headings (二月份)

    def add_text(self, line):
        self.body = f"{self.body}\n{line}" if self.body else line


@dataclass
class ParsedPlan:
    title: str = ""
    foreword: str = ""
    guiding_ideology: str = ""
    goals: str = ""
    rows: list[ParsedRow] = field(default_factory=list)

    @property
    def part_count(self):
        """Top-level parts as the document numbers them: guiding ideology, goals, then the outline's."""
        fixed = bool(self.guiding_ideology) + bool(self.goals)
        return fixed + sum(1 for row in self.rows if row.level == PART)


def month_of_heading(text):
    """二月份 → 2, 4、5月份 → 4, 七—八月份: → 7; None when the text is not a month heading."""
    match = MONTH_RE.match(text.strip())
    if not match:
        return None
    month = parse_chinese_numeral(match.group(1) or match.group(2))
    return month if month and 1 <= month <= 12 else None


def clean(line):
    return line.replace("\u3000", " ").replace("\xa0", " ").strip()


def split_title(text):
    """An item's opening short sentence is its title: 积极宣传。通过… → (积极宣传, 通过…)."""
    depth = 0
    for i, char in enumerate(text[: TITLE_MAX + 1]):
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(depth - 1, 0)
        elif char in SENTENCE_END and depth == 0:
            rest = text[i + 1 :].strip()
            if rest and i > 0:
                return text[:i], rest
            break
    if len(text) <= TITLE_MAX and not any(c in text[:-1] for c in SENTENCE_END):
        return text.rstrip(SENTENCE_END), ""
    return "", text


def heading_title(text):
    return TRAILING_COLON.sub("", text)


def classify(line):
    """(level, text, is_numbered) of a heading line, or None for a line of plain text."""
    if match := SECTION_RE.match(line):
        return SECTION, match.group(2), True
    if month_of_heading(line):
        return None  # an unnumbered month heading: the parser places it
    if (match := ITEM_RE.match(line)) and int(match.group(1)) > 0:
        return ITEM, match.group(2), True
    if (match := PART_RE.match(line)) and parse_chinese_numeral(match.group(1)):
        if match.group(2):
            return PART, match.group(2), True
    return None


def is_unnumbered_heading(line):
    bare = heading_title(line)
    return len(bare) <= 12 and HEADING_WORDS.search(bare) is not None and not any(c in bare for c in "，,。；;")


def parse(text, title=""):
    """The plan in `text` as a ParsedPlan (see the module docstring for the rules)."""
    plan = ParsedPlan(title=title)
    lines = [clean(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not plan.title and lines and _looks_like_title(lines[0]):
        plan.title = lines.pop(0)
    foreword = []
    for line in lines:
        row = _heading_row(line, plan.rows)
        if row is not None:
            plan.rows.append(row)
        elif plan.rows:
            plan.rows[-1].add_text(line)
        else:
            foreword.append(line)
    plan.foreword = "\n".join(foreword)
    _lift_fixed_parts(plan)
    return plan


def _looks_like_title(line):
    return len(line) <= 40 and "计划" in line and classify(line) is None and not any(c in line for c in "。，,：:；;")


def _heading_row(line, rows):
    month = month_of_heading(line)
    if month:
        return ParsedRow(level=_month_level(rows), title=heading_title(line), month=month)
    kind = classify(line)
    if kind is None:
        if is_unnumbered_heading(line):
            return ParsedRow(level=PART, title=heading_title(line))
        return None
    level, rest, _numbered = kind
    if level == ITEM:
        title, body = split_title(rest)
        return ParsedRow(level=ITEM, title=title, body=body)
    title = heading_title(rest)
    return ParsedRow(level=level, title=title, month=month_of_heading(title) if level == PART else None)


def _month_level(rows):
    """An unnumbered month heading sits under the current part, beside the month headings before it."""
    for row in reversed(rows):
        if row.month:
            return row.level
        if row.level == PART:
            return SECTION
    return PART


def _lift_fixed_parts(plan):
    """Leading text-only parts 指导思想 / 工作目标 become the plan's guiding ideology and goals."""
    while plan.rows:
        first = plan.rows[0]
        has_children = len(plan.rows) > 1 and plan.rows[1].level > first.level
        if first.level != PART or has_children or first.month or not first.body:
            return
        if first.title in GUIDING_WORDS and not plan.guiding_ideology:
            plan.guiding_ideology = first.body
        elif first.title in GOALS_WORDS and not plan.goals:
            plan.goals = first.body
        else:
            return
        plan.rows.pop(0)
