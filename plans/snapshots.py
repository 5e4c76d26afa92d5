"""What an approved plan said: its content frozen at approval, and a readable diff between two."""

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from plans import outline
from plans.numbering import chinese_numeral


def due_label(item):
    """五月底前 style, as short as the plan allows: a date, or a month."""
    if item.due_date:
        return item.due_date.isoformat()
    if item.due_month:
        return _("by the end of month %(month)s") % {"month": item.due_month}
    return ""


def content_of(plan):
    """The plan's texts and outline as plain JSON, numbers included, as people read it that day."""
    tree = outline.for_plan(plan)
    return {
        "year": plan.year,
        "title": plan.title,
        "foreword": plan.foreword,
        "guiding_ideology": plan.guiding_ideology,
        "goals": plan.goals,
        "rows": [
            {
                "number": entry.number,
                "level": entry.level,
                "title": entry.item.title,
                "body": entry.item.body,
                "owner": entry.item.owner.name if entry.item.owner else "",
                "due": due_label(entry.item),
                "work": entry.is_work,
            }
            for entry in tree.entries
        ],
    }


def fixed_parts_of(content):
    """(number, label, text) of the guiding ideology and goals in a snapshot, numbered as the plan was."""
    texts = [
        (_("Guiding ideology"), content.get("guiding_ideology", "")),
        (_("Goals"), content.get("goals", "")),
    ]
    present = [(label, text) for label, text in texts if text]
    return [(f"{chinese_numeral(n)}、", label, text) for n, (label, text) in enumerate(present, start=1)]


def lines_of(content):
    """The document as lines of text, the unit of the diff."""
    lines = [content.get("title", "")]
    lines += [line for line in content.get("foreword", "").splitlines() if line.strip()]
    for number, label, text in fixed_parts_of(content):
        lines.append(f"{number}{label}")
        lines += [line for line in text.splitlines() if line.strip()]
    for row in content.get("rows", []):
        indent = "　" * (row["level"] - 1)
        lines.append(f"{indent}{row['number']}{row['title']}".rstrip())
        lines += [f"{indent}{line}" for line in row["body"].splitlines() if line.strip()]
        details = "；".join(
            part
            for part in [
                _("Owner: %(name)s") % {"name": row["owner"]} if row["owner"] else "",
                _("Due: %(due)s") % {"due": row["due"]} if row["due"] else "",
            ]
            if part
        )
        if details:
            lines.append(f"{indent}（{details}）")
    return [line for line in lines if line.strip()]


@dataclass
class DiffLine:
    tag: str  # "same", "added", "removed", "gap"
    text: str


def diff(old_content, new_content, context=2):
    """What changed from one version to the next, line by line, unchanged stretches shortened.

    Lines are compared without their numbers, so a row inserted above does not show every row
    below it as changed merely because they were renumbered.
    """
    old, new = lines_of(old_content), lines_of(new_content)
    matcher = difflib.SequenceMatcher(a=[_unnumbered(x) for x in old], b=[_unnumbered(x) for x in new], autojunk=False)
    result = []
    for group in matcher.get_grouped_opcodes(context):
        if result:
            result.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                result += [DiffLine("same", line) for line in new[j1:j2]]
                continue
            result += [DiffLine("removed", line) for line in old[i1:i2]]
            result += [DiffLine("added", line) for line in new[j1:j2]]
    return result


NUMBER = re.compile(r"^(\u3000*)(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十百]+）|\d+、)")


def _unnumbered(line):
    return NUMBER.sub(r"\1", line)
