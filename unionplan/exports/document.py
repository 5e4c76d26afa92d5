"""The year-end summary as a document: sections, paragraphs, tables and charts, in the order a Chinese
union report reads (一、主要工作和成绩 with its figures as （一）…（五）, 二、存在的问题, 三、明年工作打算).

The Word, PDF and Excel writers all render this one outline, so the three files say the same thing.
Table cells keep their types (int, Decimal money, Percent, str, None) so that Excel gets numbers.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from members import money, official
from plans.numbering import chinese_numeral
from unionplan import charts
from unionplan.summary import Percent, listing  # noqa: F401  (Percent: the writers read it here)

# Characters XML 1.0 (so Word and Excel) cannot hold; pasting from Word brings \x0b (a manual line break).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value):
    """Text as the files can hold it: Word's line and page breaks become newlines, other control
    characters go."""
    if not isinstance(value, str):
        return value
    return CONTROL.sub("", value.replace("\x0b", "\n").replace("\x0c", "\n"))


def cell_text(value):
    """How a cell reads in Word and PDF."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return money.yuan_number(value)  # the table heading says 金额（元）
    return str(value)


@dataclass
class Table:
    caption: str
    headers: list
    rows: list
    total: list | None = None
    widths: list | None = None  # relative column widths; the first column takes the rest by default

    def __post_init__(self):
        self.rows = [[clean(v) for v in row] for row in self.rows]
        if self.total:
            self.total = [clean(v) for v in self.total]

    @property
    def numeric(self):
        """Columns holding numbers, right-aligned (judged on the first row that has a value)."""
        found = set()
        for row in [*self.rows, *([self.total] if self.total else [])]:
            for i, value in enumerate(row):
                if isinstance(value, (int, Decimal, Percent)) and not isinstance(value, bool):
                    found.add(i)
        return found


@dataclass
class Paragraphs:
    texts: list

    def __post_init__(self):
        self.texts = [clean(text) for text in self.texts]

    @classmethod
    def of(cls, text):
        """A text area's content, one paragraph per non-empty line."""
        return cls([line.strip() for line in clean(text or "").splitlines() if line.strip()])


@dataclass
class Figure:
    scene: charts.Scene
    number: int = 0  # 图1, 图2 … in document order, set by `report`

    @property
    def caption(self):
        return _("Figure %(number)d %(title)s") % {"number": self.number, "title": self.scene.title}


@dataclass
class Area:
    """A part of the figures: one subsection of the document, one sheet of the workbook."""

    number: str
    title: str
    sheet: str
    blocks: list = field(default_factory=list)


@dataclass
class Section:
    number: str
    title: str
    blocks: list = field(default_factory=list)
    areas: list = field(default_factory=list)


@dataclass
class Report:
    title: str
    union: str
    year: int
    dated: str  # the document's date, written out (Summary.dated)
    sections: list = field(default_factory=list)
    text: object = None  # the chair's YearSummary (saved or draft)
    stale: str = ""  # a note that the figures moved since the chair saved the text, or ""
    annex: Table | None = None  # 附件: the plan's items one by one, after the 落款

    @property
    def areas(self):
        return [area for section in self.sections for area in section.areas]

    @property
    def tables(self):
        return [b for area in self.areas for b in area.blocks if isinstance(b, Table)]


def _chinese():
    return (get_language() or "").startswith("zh")


def section_number(n):
    return f"{chinese_numeral(n)}、" if _chinese() else f"{n}. "


def area_number(n):
    return f"（{chinese_numeral(n)}）" if _chinese() else f"({n}) "


def written_date(day):
    return _("%(year)d-%(month)02d-%(day)02d") % {"year": day.year, "month": day.month, "day": day.day}


def stale_note(summary):
    """注：… when the figures moved since the chair saved the text (Summary.changes), else ""."""
    if not summary.changes:
        return ""
    changes = listing(
        _("%(label)s %(before)s → %(now)s") % {"label": c.label, "before": c.before, "now": c.now}
        for c in summary.changes
    )
    return _(
        "Note: these figures changed after the text was saved on %(saved)s: %(changes)s. Refresh the text "
        "on the summary page before handing it in."
    ) % {"saved": written_date(timezone.localtime(summary.saved.updated_at).date()), "changes": changes}


def report(summary, today=None):
    text = summary.text
    areas = [
        (
            "plan",
            _("How the work plan was carried out"),
            pgettext("summary", "Work plan"),
            plan_blocks(summary),
        ),
        ("activities", _("Activities held"), pgettext("summary", "Activities"), activity_blocks(summary)),
        ("members", _("Membership"), pgettext("summary", "Members"), member_blocks(summary)),
        ("care", _("Care for members"), pgettext("summary", "Care"), care_blocks(summary)),
        (
            "funds",
            _("Income and spending of the union's funds"),
            pgettext("summary", "Funds"),
            fund_blocks(summary),
        ),
    ]
    first = Section(section_number(1), _("Main work and achievements"), [Paragraphs.of(text.achievements)])
    first.areas = [
        Area(area_number(i), title, sheet, blocks) for i, (_key, title, sheet, blocks) in enumerate(areas, 1)
    ]
    figures = [b for area in first.areas for b in area.blocks if isinstance(b, Figure) and not b.scene.empty]
    for number, figure in enumerate(figures, 1):
        figure.number = number
    return Report(
        title=summary.title,
        union=summary.union.name,
        year=summary.year,
        dated=written_date(today or summary.dated),
        text=text,
        stale=stale_note(summary),
        annex=plan_annex(summary),
        sections=[
            first,
            Section(section_number(2), _("Problems"), [Paragraphs.of(text.problems)]),
            Section(section_number(3), _("Plans for next year"), [Paragraphs.of(text.next_year)]),
        ],
    )


# -- the five areas -------------------------------------------------------------------------------------


def plan_blocks(s):
    plan = s.plan
    if not plan.exists:
        return [Paragraphs([_("No work plan was recorded for %(year)d.") % {"year": s.year}])]
    blocks = [
        Paragraphs(
            [
                _(
                    "%(title)s: %(planned)d work items planned, %(done)d done, %(in_progress)d in progress, "
                    "%(not_started)d not started, %(dropped)d dropped; %(rate)s."
                )
                % {
                    "title": plan.title,
                    "planned": plan.planned,
                    "done": plan.done,
                    "in_progress": plan.in_progress,
                    "not_started": plan.not_started,
                    "dropped": plan.dropped,
                    "rate": plan.completion.explained,
                }
            ]
        ),
        Table(
            _("Progress per part of the plan"),
            [
                pgettext("summary", "Part"),
                pgettext("summary", "Planned"),
                pgettext("summary", "Done"),
                pgettext("summary", "In progress"),
                pgettext("summary", "Not started"),
                pgettext("summary", "Dropped"),
                pgettext("summary", "Done rate"),
            ],
            # By title: the plan's own 一、二、 would read as the summary's headings.
            [[p.title, p.planned, p.done, p.in_progress, p.not_started, p.dropped, rate(p)] for p in plan.parts],
            total=[
                pgettext("summary", "Total"),
                plan.planned,
                plan.done,
                plan.in_progress,
                plan.not_started,
                plan.dropped,
                rate(plan),
            ],
            widths=[50, 17.5, 17.5, 17.5, 17.5, 17.5, 18.5],  # mm of the 156 mm text block
        ),
    ]
    if any(part.items for part in plan.parts):
        blocks.append(Paragraphs([_("Each work item and what came of it is listed in the annex.")]))
    return blocks


def plan_annex(s):
    """附件：2026年工作计划完成情况一览表 — the plan's work items one by one, after the 落款."""
    items = [item for part in s.plan.parts for item in part.items]
    if not items:
        return None
    return Table(
        _("Annex: completion of the %(year)d work plan, item by item") % {"year": s.year},
        [
            pgettext("summary", "No."),
            pgettext("summary", "Work item"),
            pgettext("summary", "Owner"),
            pgettext("summary", "Status"),
            _("Outcome, or why it was dropped"),
        ],
        [[i.number, i.text, i.owner, i.status_label, i.reason or i.outcome or i.progress_note] for i in items],
        widths=[29, 50, 17, 17, 43],  # mm: 负责人 and 状态 hold three characters of 小四 on a line
    )


def rate(counts):
    """The completion rate of a plan or part (plans.completion), as the rounded share every file shows."""
    return Percent(counts.completion.fraction)


def _activity_row(label, f):
    return [label, f.planned, f.held, f.cancelled, f.participants, f.signups, Percent(f.attendance_rate)]


def activity_blocks(s):
    acts = s.activities
    headers = [
        pgettext("summary", "Planned"),
        pgettext("summary", "Held"),
        pgettext("summary", "Cancelled"),
        pgettext("summary", "Participants"),
        pgettext("summary", "Signed up"),
        pgettext("summary", "Attendance rate"),
    ]
    if not (acts.total.planned or acts.total.cancelled):
        return [Paragraphs([_("No activities were recorded for %(year)d.") % {"year": s.year}])]
    blocks = [
        Paragraphs(
            [
                _("%(held)d of %(planned)d planned activities were held, with %(participants)d participations.")
                % {
                    "held": acts.total.held,
                    "planned": acts.total.planned,
                    "participants": acts.total.participants,
                }
            ]
        ),
        Figure(charts.activities_per_month(acts)),
        Table(
            pgettext("summary", "Activities per month"),
            [pgettext("summary", "Month"), *headers],
            [_activity_row(_("Month %(month)d") % {"month": m.month}, m) for m in acts.months],
            total=_activity_row(pgettext("summary", "Total"), acts.total),
            widths=[1.6, 1, 1, 1, 1.2, 1.2, 1.4],
        ),
        Table(
            _("Activities per category"),
            [pgettext("summary", "Category"), *headers],
            [_activity_row(c.name, c) for c in acts.categories],
            total=_activity_row(pgettext("summary", "Total"), acts.total),
            widths=[2.2, 1, 1, 1, 1.2, 1.2, 1.4],
        ),
    ]
    if acts.highlights:
        blocks.append(
            Table(
                pgettext("summary", "Highlights"),
                [
                    pgettext("summary", "Activity"),
                    pgettext("summary", "Date"),
                    pgettext("summary", "Category"),
                    pgettext("summary", "Participants"),
                    pgettext("summary", "Outcome"),
                ],
                [
                    [
                        h.title,
                        h.date.isoformat() if h.date else _("Month %(month)d") % {"month": h.month},
                        h.category,
                        h.participants,
                        h.outcome,
                    ]
                    for h in acts.highlights
                ],
                widths=[34, 24, 23, 21, 54],  # mm
            )
        )
    return blocks


def member_blocks(s):
    m = s.members
    return [
        Table(
            pgettext("summary", "Members"),
            [pgettext("summary", "Figure"), pgettext("summary", "People")],
            [
                [_("Members at the end of the year"), m.total],
                [_("Joined during the year"), m.joined],
                [_("Left during the year"), m.left],
                [_("Retired during the year"), m.retired],
                [pgettext("summary", "Men"), m.men],
                [pgettext("summary", "Women"), m.women],
            ],
            widths=[4, 1.5],
        ),
        Table(
            _("Members by department"),
            [pgettext("summary", "Department"), pgettext("summary", "People")],
            [[d.label, d.count] for d in m.by_department],
            total=[pgettext("summary", "Total"), m.total],
            widths=[4, 1.5],
        ),
    ]


def care_blocks(s):
    m = s.members
    return [
        Table(
            _("Care visits by reason"),
            [pgettext("summary", "Reason"), pgettext("summary", "Visits"), _("Amount (yuan)")],
            [[r.label, r.visits, r.amount] for r in m.visits_by_reason],
            total=[pgettext("summary", "Total"), m.visits, m.care_amount],
            widths=[4, 1.5, 2],
        ),
        Table(
            _("Members reached"),
            [pgettext("summary", "Figure"), pgettext("summary", "People")],
            [
                [_("Members visited"), m.members_reached],
                [_("Birthday greetings"), m.birthdays_greeted],
                [_("Members in hardship"), m.hardship_members],
                [_("Members in hardship supported"), m.hardship_members_supported],
            ],
            widths=[4, 1.5],
        ),
    ]


def fund_blocks(s):
    f = s.funds
    categories = s.spent_categories
    budget, spent = f.budget_total, f.expense_total
    blocks = [
        Table(
            pgettext("summary", "Dues"),
            [pgettext("summary", "Figure"), _("Amount (yuan)")],
            [
                [_("Dues expected"), f.dues_expected],
                [_("Dues collected"), f.dues_collected],
                [_("Dues in arrears"), f.dues_arrears],
                [_("Members in arrears"), f.members_in_arrears],
            ],
            widths=[4, 2],
        ),
        Table(
            _("Budget and spending per category"),
            [
                pgettext("summary", "Expense category"),
                pgettext("summary", "Budget"),
                pgettext("summary", "Spent"),
                pgettext("summary", "Remaining"),
                pgettext("summary", "Used"),
            ],
            [[c.name, c.budget, c.spent, c.remaining, _funds_percent(c.percent)] for c in categories],
            total=[
                pgettext("summary", "Total"),
                budget,
                spent,
                budget - spent,
                Percent(float(spent / budget) if budget else None, 1),
            ],
            widths=[3, 2, 2, 2, 1.4],
        ),
    ]
    if categories:
        blocks.append(Figure(charts.spending_per_category(categories)))
    blocks.append(
        Table(
            _("Income and expense"),
            [pgettext("summary", "Item"), _("Amount (yuan)")],
            [
                *[[line.label, line.amount] for line in f.income],
                [_("Income in all"), f.income_total],
                [_("Expense in all"), f.expense_total],
            ],
            total=[pgettext("summary", "Balance"), f.balance],
            widths=[4, 2],
        )
    )
    if f.reviews:
        blocks.append(
            Table(
                _("Fund review"),
                [
                    pgettext("summary", "Review"),
                    pgettext("summary", "Period"),
                    _("Reviewed on"),
                    pgettext("summary", "Conclusion"),
                    pgettext("summary", "Reviewers"),
                ],
                [
                    [
                        r.title,
                        r.period,
                        r.reviewed_on.isoformat() if r.reviewed_on else "",
                        r.conclusion or r.status,
                        listing(r.reviewers),
                    ]
                    for r in f.reviews
                ],
                widths=[3, 3, 1.8, 1.8, 2.4],
            )
        )
        findings = [r.findings for r in f.reviews if r.findings]
        if findings:
            blocks.append(Paragraphs([_("Findings of the fund review: %(text)s") % {"text": t} for t in findings]))
    return blocks


def _funds_percent(value):
    return Percent(None if value is None else float(value) / 100, 1)


# -- the official document (GB/T 9704) that the Word and PDF files print --------------------------------


@dataclass
class Chart:
    """A chart in the official document: members.official draws headings, paragraphs and
    tables; docx.py and pdf.py add this block to its writers (official.WORD_BLOCKS, PDF_BLOCKS)."""

    scene: charts.Scene
    caption: str


def _official_table(table):
    rows = [[cell_text(v) for v in row] for row in [*table.rows, *([table.total] if table.total else [])]]
    return official.Table([str(h) for h in table.headers], rows, widths=table.widths, caption=table.caption)


def _official_blocks(blocks):
    for block in blocks:
        if isinstance(block, Paragraphs):
            yield from (official.Paragraph(text) for text in block.texts)
        elif isinstance(block, Table):
            yield _official_table(block)
        elif isinstance(block, Figure) and not block.scene.empty:
            yield Chart(block.scene, block.caption)


def official_document(report):
    """The report as an official.Document: the chair's narrative under 一、二、三, the figures under
    （一）…（五）, the 落款 (the union, the document's date) and the plan's items as the annex."""
    blocks = [official.Paragraph(report.stale)] if report.stale else []
    for section in report.sections:
        blocks.append(official.Heading(1, section.number, section.title))
        blocks += _official_blocks(section.blocks)
        for area in section.areas:
            blocks.append(official.Heading(2, area.number, area.title))
            blocks += _official_blocks(area.blocks)
    annexes = []
    if report.annex is not None:
        table = _official_table(report.annex)
        table.caption = ""  # the annex's title says it
        annexes.append(official.Annex(report.annex.caption, [table]))
    return official.Document(
        title=report.title,
        blocks=blocks,
        signature=official.Signature(report.union, report.dated),
        annexes=annexes,
        author=report.union,
    )
