"""The annual plan as an official document (GB/T 9704—2012): what it says, as an official.Document.

It reads the plan's content as `snapshots.content_of` writes it (and an approved version keeps it),
so the current plan and every approved version come out the same way:

    XX工会2026年工作计划
        foreword
        一、指导思想 … (the fixed parts)
        二、组织建设            ← a part (level 1)
        （一）送温暖。text      ← level 2, its text run into it
        1.春节走访困难职工。text（责任人：张三；完成时限：2月10日）
                                                    XX工会
                                                2026年3月1日

GB/T 9704 numbers the third level "1." where the plan page writes "1、". Owners and deadlines are
either that compact line at the end of each item (OWNERS_INLINE) or a table annex, 重点工作责任分解表,
after the 落款 (OWNERS_ANNEX).
"""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from members import official
from plans import snapshots

OWNERS_INLINE, OWNERS_ANNEX = "inline", "annex"
ITEM_NUMBER = re.compile(r"^(\d+)、$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def official_number(number):
    """一、 and （一） as they are; 1、 → 1. (GB/T 9704's third level)."""
    return ITEM_NUMBER.sub(r"\1.", number)


def deadline(due):
    """A snapshot's deadline as a plan writes it: 2026-02-10 → 2月10日; 5月底前 stays."""
    match = ISO_DATE.match(due or "")
    if match:
        return f"{int(match[2])}月{int(match[3])}日"
    return due or ""


def responsibility(row):
    """（责任人：张三；完成时限：6月底前）, or "" when the item names neither."""
    parts = []
    if row.get("owner"):
        parts.append(_("Responsible: %(name)s") % {"name": row["owner"]})
    if row.get("due"):
        parts.append(_("To be completed by: %(due)s") % {"due": deadline(row["due"])})
    return f"（{'；'.join(parts)}）" if parts else ""


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _row_blocks(row, owners):
    """A row of the outline as blocks: a heading alone, or a heading with its text run in."""
    level = min(row["level"], 4)
    lines = _lines(row["body"])
    if owners == OWNERS_INLINE and row.get("work", True):
        note = responsibility(row)
        if note:
            if lines:
                lines[-1] += note
            elif row["title"]:
                lines = [note]
    number = official_number(row["number"])
    if level == 1:  # a part: its heading on a line of its own, its text below
        return [official.Heading(1, number, row["title"]), *(official.Paragraph(line) for line in lines)]
    first, rest = (lines[0], lines[1:]) if lines else ("", [])
    # A row of text only (no title): its number is the heading's words, its text body text.
    return [official.Heading(level, number, row["title"], first), *(official.Paragraph(line) for line in rest)]


def responsibility_table(content):
    """The annex's table: every work item with its owner and deadline, under its part."""
    rows, n = [], 0
    for row in content.get("rows", []):
        if row["level"] == 1 and not row.get("work", True):
            rows.append(f"{row['number']}{row['title']}")
            continue
        if not row.get("work", True):
            continue
        n += 1
        text = row["title"] or (_lines(row["body"]) or [""])[0]
        rows.append([n, f"{official_number(row['number'])}{text}", row.get("owner") or "", deadline(row.get("due"))])
    return official.Table(
        [
            pgettext("responsibility table", "No."),
            pgettext("responsibility table", "Work item"),
            pgettext("responsibility table", "Responsible"),
            pgettext("responsibility table", "To be completed by"),
        ],
        rows,
        widths=[1.2, 7, 2, 2.4],
    )


def build(content, union_name, dated, owners=OWNERS_INLINE):
    """The official.Document of a plan's content (snapshots.content_of), signed by `union_name` on
    `dated` (a date)."""
    blocks = [official.Paragraph(line) for line in _lines(content.get("foreword"))]
    for number, label, text in snapshots.fixed_parts_of(content):
        blocks.append(official.Heading(1, number, label))
        blocks += [official.Paragraph(line) for line in _lines(text)]
    for row in content.get("rows", []):
        blocks += _row_blocks(row, owners)
    annexes = []
    if owners == OWNERS_ANNEX and any(row.get("work", True) for row in content.get("rows", [])):
        annexes.append(official.Annex(_("Responsibilities for the key tasks"), [responsibility_table(content)]))
    return official.Document(
        title=content.get("title", ""),
        blocks=blocks,
        signature=official.Signature(union_name, official.written_date(dated)),
        annexes=annexes,
        author=union_name,
    )


def for_plan(plan, owners=OWNERS_INLINE, today=None):
    """The plan as it stands, dated the day it was approved (a draft: today)."""
    approved = plan.status in plan.READABLE_BY_MEMBERS and plan.approved_at
    dated = timezone.localdate(plan.approved_at) if approved else (today or timezone.localdate())
    return build(snapshots.content_of(plan), plan.union.name, dated, owners)


def for_version(version, owners=OWNERS_INLINE):
    """An approved version as it was approved, dated that day."""
    dated = timezone.localdate(version.approved_at)
    document = build(version.content, version.plan.union.name, dated, owners)
    document.subject = _("Version %(n)d, approved on %(date)s") % {
        "n": version.number,
        "date": official.written_date(dated),
    }
    return document


def file_name(title, extension, version=None):
    """XX工会2026年工作计划.docx, or with the version: XX工会2026年工作计划（第2版）.docx."""
    suffix = _("(version %(n)d)") % {"n": version.number} if version else ""
    return f"{title}{suffix}.{extension}".replace("/", "-")
