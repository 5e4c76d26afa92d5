"""Handing documents up (上报): a union submits a frozen copy of its approved plan or its year-end
summary to its higher-level union, which accepts it or sends it back with a comment.

federation may not import unionplan, where the summary's Word file is built: unionplan hands its
builder over at start-up (`register_builder`, from its AppConfig.ready).
"""

import io
import zipfile
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from federation.models import Kind, Submission, SubmissionDeadline
from members import official
from members.history import save_recorded
from members.models import Union
from members.names import pinyin_key
from plans import document
from plans.models import AnnualPlan

# kind → fn(union, year) returning (title, .docx bytes); filled by the apps that build the documents.
DOCUMENT_BUILDERS = {Kind.SUMMARY: None}
RECORDED = ["year", "kind", "title", "status", "comment"]  # never the file's bytes in the history
LISTED = ["id", "union_id", "year", "kind", "title", "status", "comment", "submitted_at", "reviewed_at"]


class Refused(Exception):
    """What the user is told when a document cannot be handed up or reviewed."""


def register_builder(kind, builder):
    DOCUMENT_BUILDERS[kind] = builder


def plan_document(union, year):
    """(title, .docx bytes) of the union's approved plan of `year`; Refused if there is none."""
    plan = AnnualPlan.objects.for_union(union).filter(year=year).select_related("union").first()
    if plan is None:
        raise Refused(_("There is no work plan for %(year)d to hand up.") % {"year": year})
    if plan.status not in AnnualPlan.READABLE_BY_MEMBERS:
        raise Refused(_("Only an approved plan can be handed up: approve the %(year)d plan first.") % {"year": year})
    doc = document.for_plan(plan)
    return doc.title or plan.title, official.word(doc)


def build_document(union, year, kind):
    if kind == Kind.PLAN:
        return plan_document(union, year)
    builder = DOCUMENT_BUILDERS.get(kind)
    if builder is None:
        raise Refused(_("This document cannot be handed up here."))
    return builder(union, year)


@transaction.atomic
def submit(union, year, kind, by):
    """Hand up a frozen copy of the document; the union's earlier submissions stay as history."""
    if union.parent_id is None:
        raise Refused(_("%(union)s has no higher-level union to hand documents up to.") % {"union": union.name})
    title, content = build_document(union, year, kind)
    submission = Submission(union=union, year=year, kind=kind, title=title[:200], docx=content, submitted_by=by)
    return save_recorded(submission, by, fields=RECORDED)


def is_latest(submission):
    latest = (
        Submission.objects.for_union(submission.union_id).filter(year=submission.year, kind=submission.kind)
        .order_by("-submitted_at", "-id").values_list("id", flat=True).first()
    )
    return latest == submission.pk


@transaction.atomic
def review(submission, by, accept, comment=""):
    """Accept the submission, or send it back: sending back needs a comment saying why."""
    comment = comment.strip()
    if not accept and not comment:
        raise Refused(_("Say why the document is sent back: the union reads your comment."))
    if not is_latest(submission):
        raise Refused(_("The union has handed up a newer copy since: review that one."))
    submission.status = Submission.Status.ACCEPTED if accept else Submission.Status.RETURNED
    submission.comment = comment
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = by
    return save_recorded(submission, by, fields=RECORDED)


def set_deadline(federation, year, kind, due_on, by):
    deadline = SubmissionDeadline.objects.for_union(federation).filter(year=year, kind=kind).first()
    deadline = deadline or SubmissionDeadline(union=federation, year=year, kind=kind)
    deadline.due_on = due_on
    return save_recorded(deadline, by)


def deadlines_above(union, year):
    """{kind: [SubmissionDeadline]} that the unions above `union` set for `year`, the nearest union first:
    each reads what every union below it hands up (status_lines), so each may set its own day. Two queries."""
    parents = dict(Union.objects.order_by().values_list("id", "parent_id"))
    above, parent = [], parents.get(union.pk)
    while parent is not None and parent not in above and parent != union.pk:  # a loop typed in the admin ends
        above.append(parent)
        parent = parents.get(parent)
    found = {kind: [] for kind in Kind.values}
    deadlines = SubmissionDeadline.objects.filter(union_id__in=above, year=year).select_related("union")
    for deadline in sorted(deadlines, key=lambda d: above.index(d.union_id)):
        found[deadline.kind].append(deadline)
    return found


def is_overdue(submission, deadline, today):
    """Nothing accepted or waiting to be read once the deadline has passed (a copy sent back is not)."""
    waiting = submission is not None and submission.status != Submission.Status.RETURNED
    return deadline is not None and today > deadline.due_on and not waiting


def latest_of(submissions):
    """{(union id, kind): the latest submission} of submissions sorted newest first."""
    latest = {}
    for submission in submissions:
        latest.setdefault((submission.union_id, submission.kind), submission)
    return latest


def own_submissions(union, year):
    """The union's submissions of `year`, newest first, without their files."""
    return list(
        Submission.objects.for_union(union).filter(year=year).only(*LISTED).order_by("-submitted_at", "-id")
    )


@dataclass
class StatusLine:
    union_id: int
    name: str
    depth: int
    submission: Submission | None
    overdue: bool

    @property
    def status(self):
        return self.submission.status if self.submission else ""


def pinyin_order(tree, root_id):
    """The unions below `root_id` as tree.below lists them, but each union's children in the pinyin order
    of their names (a list people read, not the roll-up's 200-row table, where code points are cheaper)."""
    below = set(tree.below(root_id))
    found, stack = [], [root_id]
    while stack:
        union_id = stack.pop()
        if union_id != root_id:
            found.append(union_id)
        children = [child for child in tree.children.get(union_id, []) if child in below and child not in found]
        children.sort(key=lambda child: pinyin_key(tree.unions[child]["name"]), reverse=True)
        stack.extend(children)
    return found


def status_lines(tree, root_id, year, kind, today):
    """One line per union below `root_id` (tree order): its latest submission of `kind`, and whether it
    is overdue (nothing accepted or waiting once the deadline has passed). Two queries."""
    ids = pinyin_order(tree, root_id)
    deadline = SubmissionDeadline.objects.for_union(root_id).filter(year=year, kind=kind).first()
    submissions = (
        Submission.objects.filter(union_id__in=ids, year=year, kind=kind).only(*LISTED)
        .order_by("-submitted_at", "-id")
    )
    latest = latest_of(submissions)
    depth = {root_id: 0}
    lines = []
    for union_id in ids:
        data = tree.unions[union_id]
        depth[union_id] = depth.get(data["parent_id"], 0) + 1
        submission = latest.get((union_id, kind))
        lines.append(StatusLine(union_id, data["name"], depth[union_id], submission,
                                is_overdue(submission, deadline, today)))
    return lines, deadline


def file_name(union_name, year, kind):
    """单位名_2026年工作计划.docx / 单位名_2026年工作总结.docx."""
    what = _("%(year)d work plan") if kind == Kind.PLAN else _("%(year)d work summary")
    return f"{union_name}_{what % {'year': year}}.docx".replace("/", "-")


def zip_of(tree, lines, year, kind):
    """One zip of the Word files of every union's latest submission that was not sent back (UTF-8 names)."""
    ids = [line.submission.pk for line in lines if line.submission and line.status != Submission.Status.RETURNED]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        used = set()
        for submission in Submission.objects.filter(pk__in=ids).only("id", "union_id", "docx").order_by("id"):
            name = file_name(tree.unions[submission.union_id]["name"], year, kind)
            if name in used:  # two unions of one name (the admin names unions): keep both files
                name = name.removesuffix(".docx") + f"_{submission.union_id}.docx"
            used.add(name)
            archive.writestr(name, bytes(submission.docx))
    return buffer.getvalue()
