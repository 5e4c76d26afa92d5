"""Writing a plan's outline: the editor's save, its move/indent buttons, and building from parsed text.

Each function that writes runs in one transaction and leaves one history entry on the plan.
"""

import difflib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from members.access import id_or_none
from members.history import changes_between, record, snapshot
from members.versioning import save_versioned
from plans import outline, paste
from plans.forms import OUTLINE_MAX_ROWS, TEXT_FIELDS
from plans.models import AnnualPlan, PlanItem
from plans.numbering import ITEM, PART
from plans.starters import default_title

ROW_FIELDS = ["level", "title", "body", "owner", "due_date", "due_month"]
ROW_INPUTS = ["id", "level", "title", "body", "owner", "due_date", "due_month", "DELETE"]

# The editor posts the whole outline (or part) as one form: every input of every row, the plan's
# texts, the formset's counts, the token and the button pressed. Far more than Django's global 1000
# fields for a long plan, so the editor's view has a limit of its own (plans/large_posts.py), as
# large as the outline it accepts.
POST_FIELDS = OUTLINE_MAX_ROWS * len(ROW_INPUTS) + 100


# The editor's buttons work on the rows as posted (not yet saved): move a row with the rows below
# it, indent or outdent it, add a row, remove or restore one. Without JavaScript each button posts
# the form and the page comes back rearranged; with htmx only the editor is swapped.


def posted_rows(data, prefix, count):
    """The first `count` rows of a posted outline formset as plain dicts of raw strings, in posted
    order. `count` is the formset's own reading of its TOTAL_FORMS, so that rows and forms pair up
    whatever was posted there ("1.0", "-3", …)."""
    rows = []
    for i in range(count):
        row = {name: data.get(f"{prefix}-{i}-{name}", "") for name in ROW_INPUTS}
        row["level"] = _level(row["level"])
        rows.append(row)
    return rows


def _level(value):
    try:
        return min(max(int(value), PART), ITEM)
    except (TypeError, ValueError):
        return ITEM


def block_end(rows, i):
    """The index after row i and the rows below it (its children, their children)."""
    j = i + 1
    while j < len(rows) and rows[j]["level"] > rows[i]["level"]:
        j += 1
    return j


def apply_op(rows, op, i):
    """Apply one editor button to the posted rows; returns the index of the row to focus."""
    if not 0 <= i < len(rows):
        return None
    end = block_end(rows, i)
    level = rows[i]["level"]
    if op == "up":
        k = i - 1
        while k >= 0 and rows[k]["level"] > level:
            k -= 1
        if k >= 0 and rows[k]["level"] == level:
            rows[k:end] = rows[i:end] + rows[k:i]
            return k
    elif op == "down":
        if end < len(rows) and rows[end]["level"] == level:
            after = block_end(rows, end)
            rows[i:after] = rows[end:after] + rows[i:end]
            return i + (after - end)
    elif op in ("indent", "outdent"):
        step = 1 if op == "indent" else -1
        block = rows[i:end]
        if all(PART <= row["level"] + step <= ITEM for row in block):
            for row in block:
                row["level"] += step
        elif PART <= level + step <= ITEM:
            rows[i]["level"] += step
    elif op in ("add", "add-below"):
        if len(rows) >= OUTLINE_MAX_ROWS:  # the form takes no more: the row would be lost, or break the page
            return i
        child = op == "add-below" and level < ITEM
        new = {name: "" for name in ROW_INPUTS} | {"level": level + 1 if child else level}
        at = i + 1 if child else end
        rows.insert(at, new)
        return at
    elif op == "remove":
        if rows[i]["id"]:
            rows[i]["DELETE"] = "on"
        else:
            del rows[i]
            return max(i - 1, 0) if rows else None
    elif op == "restore":
        rows[i]["DELETE"] = ""
    return i


def rows_as_data(data, rows, prefix):
    """A copy of the posted data with the outline rows replaced by `rows` (renumbered)."""
    new = {k: v for k, v in data.items() if not k.startswith(f"{prefix}-")}
    new.update(
        {
            f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    )
    for i, row in enumerate(rows):
        for name in ROW_INPUTS:
            if name == "DELETE" and not row.get(name):
                continue
            new[f"{prefix}-{i}-{name}"] = str(row.get(name, ""))
    return new


def working_outline(plan, rows, first_part=None):
    """Numbers for the editor's rows as they stand (removed rows get none)."""
    kept = [
        PlanItem(level=row["level"], title=row.get("title") or "", body=row.get("body") or "")
        for row in rows
        if not row.get("DELETE")
    ]
    tree = outline.build(kept, first_part=first_part or len(outline.fixed_parts(plan)) + 1)
    numbers = iter(tree.entries)
    return [None if row.get("DELETE") else next(numbers) for row in rows]


def row_summary(row, owners):
    """王建国 · 2026-05-31, for the folded owner-and-deadline line of a row."""
    parts = [owners.get(str(row.get("owner") or ""), ""), str(row.get("due_date") or "")]
    if row.get("due_month") and not row.get("due_date"):
        parts.append(_("by the end of month %(month)s") % {"month": row["due_month"]})
    return " · ".join(part for part in parts if part)


# What the editor shows: the whole outline, or one part of a long plan


# A longer plan is edited one top-level part at a time, to keep the page quick to use; a part may
# itself be long (a pasted plan of 300 items under one heading), which the editor's own POST limit
# (POST_FIELDS) allows.
PART_LIMIT = 120


@dataclass
class Scope:
    items: list  # the rows the editor shows, in document order
    first_part: int  # the number of the first part shown (一、 is 1)
    parts: list = field(default_factory=list)  # [(index, label)] when editing one part at a time
    part: int | None = None

    @property
    def ids(self):
        return [item.pk for item in self.items]

    def rows(self):
        """The rows as the editor's initial data; an empty plan starts with one part to type in."""
        if not self.items:
            return [{name: "" for name in ROW_INPUTS} | {"level": PART}]
        return [
            {
                "id": i.pk,
                "level": i.level,
                "title": i.title,
                "body": i.body,
                "owner": i.owner_id or "",
                "due_date": i.due_date or "",
                "due_month": i.due_month or "",
                "DELETE": "",
            }
            for i in self.items
        ]

    @classmethod
    def of(cls, plan, part=None):
        """The whole outline, or (for a long plan, or when asked) the `part`-th top-level part."""
        tree = outline.for_plan(plan)
        fixed = len(outline.fixed_parts(plan))
        if part is None and len(tree.entries) <= PART_LIMIT or not tree.roots:
            return cls(items=[e.item for e in tree.entries], first_part=fixed + 1)
        part = "0" if part is None else str(part)
        index = id_or_none(part)  # not int(): "²" passes isdigit()
        if index is None or not 0 <= index < len(tree.roots):
            raise LookupError(part)
        earlier_parts = sum(1 for root in tree.roots[:index] if root.level == PART)
        labels = [(n, f"{root.number}{root.item.text[:16]}") for n, root in enumerate(tree.roots)]
        return cls(
            items=list(_subtree(tree.roots[index])),
            first_part=fixed + earlier_parts + 1,
            parts=labels,
            part=index,
        )


def _subtree(entry):
    yield entry.item
    for child in entry.children:
        yield from _subtree(child)


# Saving


def save_outline(plan, texts, rows, removed_ids, user, seen_version, scope_ids=None):
    """Save the editor: the plan's texts and its rows, or raise StaleEdit if someone saved since.

    `rows` are cleaned row dicts in document order (id None for a new row); `removed_ids` the rows
    the editor removed. `scope_ids`, when the editor showed one part of a long plan, are the rows
    it showed: they are replaced by `rows` in place and the other rows are kept as they are.
    Status, progress and outcome are not touched: they are updated in place.
    """
    with transaction.atomic():
        old_plan = AnnualPlan.objects.get(pk=plan.pk)
        for name in TEXT_FIELDS:
            setattr(plan, name, texts[name])
        save_versioned(plan, seen_version, update_fields=[*TEXT_FIELDS, "updated_at"])
        existing = {item.pk: item for item in plan.items.select_related("owner")}
        old_tree = outline.for_plan(old_plan, sorted(existing.values(), key=lambda i: i.position))
        before = {e.item.pk: (e.path, snapshot(e.item, ROW_FIELDS)) for e in old_tree.entries}

        ordered = [e.item for e in old_tree.entries]
        scope_ids = set(existing) if scope_ids is None else set(scope_ids)
        start = next((n for n, item in enumerate(ordered) if item.pk in scope_ids), len(ordered))
        above = [item for item in ordered[:start] if item.pk not in scope_ids]
        below = [item for item in ordered[start:] if item.pk not in scope_ids]

        edited = []
        for row in rows:
            item = existing.pop(row["id"]) if row.get("id") else PlanItem(plan=plan, union_id=plan.union_id)
            for name in ROW_FIELDS:
                setattr(item, "owner_id" if name == "owner" else name, row[name])
            edited.append(item)
        items = [*above, *edited, *below]
        for position, item in enumerate(items):
            item.position = position
        removed = [existing[pk] for pk in removed_ids if pk in existing]
        new_tree = _assign_months(plan, items)

        PlanItem.objects.filter(pk__in=[item.pk for item in removed]).delete()
        PlanItem.objects.bulk_update(
            [item for item in items if item.pk],
            ["position", "month", *[f if f != "owner" else "owner_id" for f in ROW_FIELDS]],
        )
        PlanItem.objects.bulk_create([item for item in items if not item.pk])

        changes = changes_between(snapshot(old_plan, TEXT_FIELDS), snapshot(plan, TEXT_FIELDS))
        changes.update(_outline_changes(before, new_tree, removed, old_tree))
        if changes:
            record(plan, user, "change", changes, note=_("Edited the plan"))
    return plan


def _assign_months(plan, items):
    """Items under a month heading (二月份) belong to that month of the schedule."""
    tree = outline.build(items, first_part=len(outline.fixed_parts(plan)) + 1)
    for entry in tree.entries:
        entry.item.month = entry.schedule_month if entry.is_work else None
    return tree


def _outline_changes(before, new_tree, removed, old_tree):
    changes = {}
    old_order = [e.item.pk for e in old_tree.entries if e.item.pk in {n.item.pk for n in new_tree.entries}]
    new_order = [e.item.pk for e in new_tree.entries if e.item.pk in before]
    kept_in_place = set()
    for a, _b, size in difflib.SequenceMatcher(a=old_order, b=new_order, autojunk=False).get_matching_blocks():
        kept_in_place.update(old_order[a : a + size])
    for entry in new_tree.entries:
        item, label = entry.item, f"{entry.path}{entry.item.text[:30]}"
        if item.pk not in before:
            changes[label] = ["", _("added")]
            continue
        old_path, old_values = before[item.pk]
        for label_of_field, values in changes_between(old_values, snapshot(item, ROW_FIELDS)).items():
            changes[f"{label} · {label_of_field}"] = values
        if item.pk not in kept_in_place:
            changes[f"{label} · {_('position')}"] = [old_path, entry.path]
    for item in removed:
        old_path, _values = before[item.pk]
        changes[f"{old_path}{item.text[:30]}"] = [item.text[:200], _("removed")]
    return changes


def build_plan(union, year, parsed, user, title="", note=""):
    """A new draft plan from a ParsedPlan (paste, built-in template)."""
    with transaction.atomic():
        plan = AnnualPlan.objects.create(
            union=union,
            year=year,
            title=title or parsed.title or default_title(union, year),
            foreword=parsed.foreword,
            guiding_ideology=parsed.guiding_ideology,
            goals=parsed.goals,
        )
        _create_rows(plan, parsed.rows)
        record(plan, user, "create", note=note)
    return plan


def replace_outline(plan, parsed, user, note=""):
    """Replace a draft plan's texts and outline with pasted ones (the old rows are in the history)."""
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        if not plan.is_editable:
            raise ValueError("only a draft's outline can be replaced")
        old_rows = [f"{e.path} {e.item.text}" for e in outline.for_plan(plan).entries]
        plan.items.all().delete()
        if parsed.title:
            plan.title = parsed.title
        plan.foreword, plan.guiding_ideology, plan.goals = (
            parsed.foreword,
            parsed.guiding_ideology,
            parsed.goals,
        )
        plan.version += 1
        plan.save()
        _create_rows(plan, parsed.rows)
        record(
            plan,
            user,
            "change",
            {_("outline"): ["\n".join(old_rows)[:5000], _("replaced by pasted text")]},
            note=note,
        )
    return plan


def _create_rows(plan, parsed_rows):
    items = [
        PlanItem(
            plan=plan,
            union_id=plan.union_id,
            position=i,
            level=row.level,
            title=row.title[:300],
            body=row.body,
        )
        for i, row in enumerate(parsed_rows)
    ]
    tree = _assign_months(plan, items)
    for entry in tree.entries:  # 4、5月份: due by the end of May, listed in April
        heading = entry.parent if entry.item.month else None
        while heading is not None and not heading.heading_month:
            heading = heading.parent
        months = heading and paste.month_range_of_heading(heading.item.title)
        if months and months[1] != months[0] and not entry.item.due_month:
            entry.item.due_month = months[1]
    PlanItem.objects.bulk_create(items)
