"""Paste from Word: turn a plan's plain text into an outline.

The text is read line by line, as a committee's Word plan reads. Each numbering style has a rank:

1. parts: `一、` `一，` `一.` `一．` `第一部分` `第一、` `第一，`, and `一是` when a plan opens its
   outline with it and numbers nothing else with 一、 or （一） (elsewhere `一是…二是…` is text);
2. sections: `（一）` `(一)` `（一）、`;
3. items: `1、` `1.` `1．` `1，` `1)` `1）` (not `1.5万元`);
4. points: `（1）` `(1)` `①` `①、` `⑴`.

Levels are relative: the highest rank a plan uses becomes its parts (a plan numbered only `1.` has
`1.` parts; one that starts at `（一）` has `（一）` parts), and the others keep their depth below it.
The model has three levels, so points (rank 4) become items when the plan has no `1、` level, and
otherwise stay, number and all, as lines of the body of the item above them.

Besides numbers:

- an unnumbered heading a plan uses for its parts (`指导思想:`, `工作要点:`, `主要活动安排`) → a part;
- a month heading (`二月份`, `4、5月份`, `七、八月份：`, `9-10月`, a quarter `第一季度`, also after a
  number: `一、1月份:`) → a heading of the month schedule with its items under it: a part when the
  plan is organised by months, else a section under the part above it;
- a line naming the document (`XX工会2026年工作计划`, `工会工作计划`, `工作要点`, `工作总结`,
  `关于2026年工会工作的安排意见`) before the outline starts is the plan's title;
- any other line is text: before the first heading it is the plan's foreword, after a heading it
  belongs to the row above it (so the signature, 落款, ends the last row's text);
- a numbered line opening with a short sentence (`1、积极宣传。通过内部会议…`) keeps that sentence as
  its title and the rest as its text; a number alone on its line takes the next short line as title.

A leading part `指导思想` / `总体思路` / `总体要求` (or `工作目标` / `目标任务` / `主要目标` / `总体目标`)
that is only text becomes the plan's guiding ideology (or goals). Nothing is dropped: every
character of the pasted text, bar the numbers, the whitespace and the colon or full stop after a
heading, ends up in the result in the same order (see `lost_text`, and tests/plans/test_paste.py
over tests/plans/data/paste_corpus/).
"""

import re
from dataclasses import dataclass, field

from plans.numbering import ITEM, PART, SECTION, parse_chinese_numeral

CN = "一二三四五六七八九十"
SEP = r"\s*[、，,.．]\s*"
OPT_SEP = r"\s*[、，,.．:：]?\s*"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
WHOLE_PART, WEAK_PART = 0, -1  # 第一部分 (above 一、 when both are used); 一是 (see `_levels`)
# (rank, pattern): the number is group 1, the rest of the line the last group.
MARKERS = [
    (WHOLE_PART, re.compile(rf"^第([{CN}百]+)部分{OPT_SEP}(.*)$")),
    (PART, re.compile(rf"^第([{CN}百]+){SEP}(.*)$")),
    (PART, re.compile(rf"^([{CN}百]+){SEP}(.*)$")),
    (SECTION, re.compile(rf"^[（(]\s*([{CN}]+)\s*[）)]{OPT_SEP}(.*)$")),
    (4, re.compile(rf"^[（(]\s*(\d{{1,2}})\s*[）)]{OPT_SEP}(.*)$")),
    (4, re.compile(rf"^([{CIRCLED}]){OPT_SEP}(.*)$")),
    (ITEM, re.compile(r"^(\d{1,3})(?:\s*[、，．)）]|[.,](?!\d))\s*(.*)$")),
    (WEAK_PART, re.compile(rf"^([{CN}]{{1,3}})是\s*(\S.*)$")),
]
POINT = 4
RANGE = r"\s*[、,，—–\-~～至到和]+\s*"
# 二月份, 4、5月份, 七—八月份:, 9-10月: both ends of a range are written alike (一、1月份 is part 一 of March).
MONTH_RE = re.compile(
    rf"^(?:(\d{{1,2}})(?:{RANGE}(\d{{1,2}}))?|([{CN}]{{1,3}})(?:{RANGE}([{CN}]{{1,3}}))?)\s*月份?\s*[:：]?$"
)
# 第一季度, 二季度, 第3季度: the quarter's three months.
QUARTER_RE = re.compile(r"^第?\s*([一二三四1-4])\s*季度\s*[:：]?$")
HEADING_WORDS = re.compile(
    r"(指导思想|总体思路|总体要求|工作目标|目标任务|主要目标|总体目标|工作要点|工作重点|主要工作|重点工作|工作措施|保障措施|"
    r"活动安排|具体安排|工作安排|月度安排)"
)
# A document's title ends with what it is: 工作计划, 工作要点, 工作总结, 工作安排, 安排意见 (maybe （草案）).
TITLE_RE = re.compile(r"(计划|要点|总结|安排|打算|思路|方案|意见)\s*(?:[（(][^）)]{1,8}[）)])?$")
SENTENCE_END = "。！？!?；;：:"
OPENING, CLOSING = "（(“《【", "）)”》】"
TITLE_MAX = 30  # a longer opening sentence is text, not a title
TRAILING_COLON = re.compile(r"\s*[:：]\s*$")
GUIDING_WORDS = ("指导思想", "总体思路", "总体要求")
GOALS_WORDS = ("工作目标", "目标任务", "主要目标", "总体目标")


@dataclass
class ParsedRow:
    level: int
    title: str = ""
    body: str = ""
    month: int | None = None  # set on month headings (二月份)
    number: str = ""  # the number it had in the text (一、, （一）, 1.), for the record: outlines renumber

    def add_text(self, line):
        self.body = f"{self.body}\n{line}" if self.body else line


@dataclass
class ParsedPlan:
    title: str = ""
    foreword: str = ""
    guiding_ideology: str = ""
    goals: str = ""
    rows: list[ParsedRow] = field(default_factory=list)
    guiding_heading: str = ""  # the heading the guiding ideology had in the text (一、指导思想, 总体思路:)
    goals_heading: str = ""

    @property
    def part_count(self):
        """Top-level parts as the document numbers them: guiding ideology, goals, then the outline's."""
        fixed = bool(self.guiding_ideology) + bool(self.goals)
        return fixed + sum(1 for row in self.rows if row.level == PART)

    @property
    def levels(self):
        """The outline levels the plan uses, e.g. [1, 2, 3]."""
        return sorted({row.level for row in self.rows})


def month_range_of_heading(text):
    """二月份 → (2, 2), 4、5月份 → (4, 5), 七—八月份: → (7, 8), 第一季度 → (1, 3); None when the text is not
    a month heading."""
    text = text.strip()
    if quarter := QUARTER_RE.match(text):
        last = 3 * parse_chinese_numeral(quarter.group(1))
        return last - 2, last
    match = MONTH_RE.match(text)
    if not match:
        return None
    first = parse_chinese_numeral(match.group(1) or match.group(3))
    last = parse_chinese_numeral(match.group(2) or match.group(4) or "") or first
    if not (first and 1 <= first <= 12 and 1 <= last <= 12):
        return None
    return first, last


def month_of_heading(text):
    """二月份 → 2, 4、5月份 → 4, 七—八月份: → 7; None when the text is not a month heading."""
    months = month_range_of_heading(text)
    return months[0] if months else None


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


def numbered(line):
    """(rank, number, rest) of a line opening with an outline number, or None."""
    for rank, pattern in MARKERS:
        if (match := pattern.match(line)) and _is_number(match.group(1)):
            rest = match.group(match.lastindex)
            return rank, line[: len(line) - len(rest)].rstrip() if rest else line, rest
    return None


def _is_number(text):
    return text in CIRCLED or bool(parse_chinese_numeral(text))


def classify(line):
    """(level, text, is_numbered) of a heading line read on its own (ranks as levels), or None."""
    if month_of_heading(line):
        return None  # an unnumbered month heading: the parser places it
    found = numbered(line)
    if found is None or found[0] in (WEAK_PART, POINT):
        return None
    return max(found[0], PART), found[2], True


def is_unnumbered_heading(line):
    bare = heading_title(line)
    return len(bare) <= 12 and HEADING_WORDS.search(bare) is not None and not any(c in bare for c in "，,。；;")


def is_title_line(line):
    """A line naming the document: XX工会2026年工作计划, 工作要点, 二〇二六年工作安排（草案）, also
    letter-spaced as Word titles often are (2026 年 工 作 计 划)."""
    bare = re.sub(r"\s+", "", line)
    return (
        len(bare) <= 40
        and TITLE_RE.search(bare) is not None
        and not any(c in line for c in "。，,：:；;")
        and numbered(line) is None
        and month_of_heading(line) is None
    )


def parse(text, title=""):
    """The plan in `text` as a ParsedPlan (see the module docstring for the rules)."""
    plan = ParsedPlan(title=title)
    lines = [line for line in (clean(line) for line in text.splitlines()) if line]
    marks = [_mark(line) for line in lines]
    title_at = _title_line(lines, marks)
    if title_at is not None and (not plan.title or plan.title == lines[title_at]):
        plan.title = lines[title_at]
        marks[title_at] = None
    else:
        title_at = None
    levels = _levels(marks)
    foreword, pending = [], None  # pending: a row whose number stood alone, waiting for its title
    month = None  # the unnumbered month heading whose items are being read
    for i, (line, mark) in enumerate(zip(lines, marks, strict=True)):
        if i == title_at:
            continue
        row = None if pending and mark and mark[0] == "heading" else _row(line, mark, levels, plan.rows)
        if row is not None:
            month = _under_month(row, month)
            plan.rows.append(row)
            pending = row if not (row.title or row.body or row.month) else None
        elif pending is not None and len(line) <= TITLE_MAX and not any(c in line[:-1] for c in SENTENCE_END):
            pending.title, pending = heading_title(line).rstrip(SENTENCE_END), None
        elif plan.rows:
            plan.rows[-1].add_text(line)
            pending = None
        else:
            foreword.append(line)
    plan.foreword = "\n".join(foreword)
    _lift_fixed_parts(plan)
    return plan


def _mark(line):
    """What a line is on its own: ("month", None, line) / ("heading", None, line) / (rank, number, rest) / None."""
    if month_of_heading(line):
        return "month", None, line
    found = numbered(line)
    if found is not None:
        return found
    if is_unnumbered_heading(line):
        return "heading", None, line
    return None


def _levels(marks):
    """{rank: level} for the ranks this plan uses as headings (see the module docstring)."""
    kinds = [mark[0] for mark in marks if mark is not None]
    ranks = {kind for kind in kinds if isinstance(kind, int)} - {WEAK_PART}
    whole_above_parts = {WHOLE_PART, PART} <= ranks
    first = next((k for k in kinds if isinstance(k, int)), None)
    weak = first == WEAK_PART and not ranks & {WHOLE_PART, PART, SECTION}
    if weak:
        ranks.add(PART)
    # Unnumbered headings (指导思想:, 二月份) before the first number are the plan's parts.
    first_numbered = next((i for i, k in enumerate(kinds) if k in ranks or (weak and k == WEAK_PART)), len(kinds))
    if any(isinstance(k, str) for k in kinds[:first_numbered]):
        ranks.add(PART)
    if not ranks:
        return {}
    if whole_above_parts:
        # 第一部分 above 一、: each style present one level down from it, the deepest left as text.
        levels = {rank: level for level, rank in enumerate(sorted(ranks), start=1)}
    else:
        ranks = {PART if rank == WHOLE_PART else rank for rank in ranks}
        shift = min(ranks) - 1
        levels = {rank: rank - shift for rank in ranks}
        if POINT in levels and levels[POINT] > ITEM and ITEM not in ranks:
            levels[POINT] = ITEM  # （1） items under （一） when the plan has no 1、
    levels.setdefault(WHOLE_PART, levels.get(PART))
    if weak:
        levels[WEAK_PART] = levels[PART]
    return {rank: level for rank, level in levels.items() if level is not None and level <= ITEM}


def _title_line(lines, marks):
    """Index of the line naming the document among those before the outline starts, or None."""
    for i, (line, mark) in enumerate(zip(lines, marks, strict=True)):
        if is_title_line(line) and not TRAILING_COLON.search(line):
            return i
        if mark is not None and mark[0] not in (WEAK_PART, POINT):
            return None
    return None


def _row(line, mark, levels, rows):
    """The row a heading line starts, or None for a line of text."""
    if mark is None:
        return None
    kind, number, rest = mark
    if kind == "month":
        return ParsedRow(level=_month_level(rows), title=heading_title(line), month=month_of_heading(line))
    if kind == "heading":
        return ParsedRow(level=PART, title=heading_title(line))
    level = levels.get(kind)
    if level is None:
        return None
    title, body = split_title(rest) if rest else ("", "")
    month = month_of_heading(title) if level < ITEM and not body else None
    return ParsedRow(level=level, title=title, body=body, month=month, number=number)


def _under_month(row, month):
    """Numbered rows under an unnumbered month heading sit one level below it, whatever their rank
    ((五)月度安排 → 9-10月 → 1．…), until a row above it. Returns the month heading read from then on."""
    if row.month and not row.number:
        return row
    if month is None or row.level < month.level:
        return None
    if row.level == month.level:
        if not row.number or row.level == ITEM:
            return None
        row.level += 1
    return month


def _month_level(rows):
    """An unnumbered month heading sits under the current part, beside the month headings before it."""
    for row in reversed(rows):
        if row.month:
            return row.level
        if row.level == PART:
            return PART if row.title in GUIDING_WORDS + GOALS_WORDS else SECTION
    return PART


def _lift_fixed_parts(plan):
    """Leading text-only parts 指导思想 / 工作目标 become the plan's guiding ideology and goals."""
    while plan.rows:
        first = plan.rows[0]
        has_children = len(plan.rows) > 1 and plan.rows[1].level > first.level
        if first.level != PART or has_children or first.month or not first.body:
            return
        if first.title in GUIDING_WORDS and not plan.guiding_ideology:
            plan.guiding_ideology, plan.guiding_heading = first.body, first.number + first.title
        elif first.title in GOALS_WORDS and not plan.goals:
            plan.goals, plan.goals_heading = first.body, first.number + first.title
        else:
            return
        plan.rows.pop(0)


# Nothing is lost


IGNORED = re.compile(r"[\s。：:；;！？!?]")


def _squash(text):
    return IGNORED.sub("", text)


def kept_text(parsed):
    """Everything the parser kept, in document order (title apart), as one string without whitespace."""
    pieces = [parsed.foreword]
    if parsed.guiding_ideology:
        pieces += [parsed.guiding_heading, parsed.guiding_ideology]
    if parsed.goals:
        pieces += [parsed.goals_heading, parsed.goals]
    for row in parsed.rows:
        pieces += [row.number, row.title, row.body]
    return _squash("".join(pieces))


def lost_text(text, parsed):
    """What of `text` the parse does not show, "" when nothing: every character of the text but
    whitespace and the colon or full stop after a heading must come back in the title, the foreword,
    the fixed parts, the rows' numbers, titles and texts, in the same order."""
    lines = [clean(line) for line in text.splitlines()]
    if parsed.title and parsed.title in lines:
        lines.remove(parsed.title)
    source, kept = _squash("".join(lines)), kept_text(parsed)
    if source == kept:
        return ""
    pairs = enumerate(zip(source, kept, strict=False))
    start = next((i for i, (a, b) in pairs if a != b), min(len(source), len(kept)))
    return f"…{source[max(start - 10, 0) : start + 30]}… became …{kept[max(start - 10, 0) : start + 30]}…"


# The title's year


CN_DIGITS = "〇一二三四五六七八九"
YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|[〇零一二三四五六七八九]{4}(?=年)")


def _year_value(text):
    return int(text) if text.isdigit() else int("".join(str(CN_DIGITS.index(c.replace("零", "〇"))) for c in text))


def _year_text(year, like):
    return str(year) if like.isdigit() else "".join(CN_DIGITS[int(d)] for d in str(year))


def title_years(title):
    """The years a title names: 2025年工作计划 → [2025], 二〇二六年 → [2026], 2025—2026学年 → [2025, 2026]."""
    return [_year_value(match.group()) for match in YEAR_RE.finditer(title)]


def title_for_year(title, year):
    """The title moved to `year` when it names other years, else None: 2025年工作计划 → 2026年工作计划,
    2025—2026学年 → 2026—2027学年 (each year moves by as much as the first)."""
    years = title_years(title)
    if not years or year in years:
        return None
    shift = year - years[0]
    return YEAR_RE.sub(lambda m: _year_text(_year_value(m.group()) + shift, m.group()), title)


def with_title_year(text, title, year):
    """(text, title) with the title's years moved to `year`: the title typed in the form when there is
    one, else the line of the text the title was read from."""
    if title:
        return text, title_for_year(title, year) or title
    found = parse(text).title
    fixed = title_for_year(found, year) if found else None
    if not fixed:
        return text, title
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if clean(line) == found:
            lines[i] = line.replace(found, fixed, 1)
            break
    return "".join(lines), title
