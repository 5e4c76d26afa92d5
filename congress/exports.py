"""What a proposal committee (提案工作委员会) hands in after a congress: the proposal register
(提案汇总表, Excel) and the report on how the proposals were handled (提案办理情况报告, Word and PDF in
the official layout of members/official.py).

Both read one list, `proposals_of(congress)`: every proposal past its draft (a draft is its proposer's
own), registered ones by number, then the others grouped by outcome. The figures of the report
(`Figures`) are counted from that list in Python, so each export costs a fixed handful of queries.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from congress.models import Cosignature, Proposal, ProposalReply
from members import official
from members.spreadsheets import xlsx_bytes
from plans.numbering import chinese_numeral

S = Proposal.Status
R = ProposalReply.Rating
REGISTERED = (S.REGISTERED, S.REPLIED, S.CLOSED)  # 立案: numbered, whatever came of it since
# The unregistered ones after the registered, in this order (a register lists what was decided first).
OTHERS = (S.MERGED, S.TO_SUGGESTION, S.NOT_REGISTERED, S.SUBMITTED)
SUMMARY_CHARS = 80  # a reply's summary: its first sentence, at most this long


def proposals_of(congress):
    """The congress's proposals past their draft, in the register's order, with everything the
    exports print (proposer, delegation, co-signers in pinyin order, replies) fetched at once."""
    cosignatures = Cosignature.objects.select_related("representative__member").order_by(
        "representative__member__name_pinyin", "representative__member__id"
    )
    proposals = list(
        Proposal.objects.filter(congress=congress)
        .exclude(status=S.DRAFT)
        .select_related("proposer__member", "proposer__delegation", "merged_into")
        .prefetch_related(Prefetch("cosignatures", queryset=cosignatures),
                          Prefetch("replies", queryset=ProposalReply.objects.order_by("round")))
    )
    registered = sorted((p for p in proposals if p.number is not None), key=lambda p: p.number)
    others = sorted(
        (p for p in proposals if p.number is None),
        key=lambda p: (OTHERS.index(p.status) if p.status in OTHERS else len(OTHERS), p.submitted_at or p.created_at,
                       p.pk),
    )
    return registered, others


def final_rating(proposal):
    """The rating of the proposal's last rated reply (after a second reply: that one's), or ""."""
    rated = [reply for reply in proposal.replies.all() if reply.rating]
    return rated[-1].rating if rated else ""


def is_overdue(proposal, today):
    return proposal.status == S.REGISTERED and proposal.reply_due_on is not None and proposal.reply_due_on < today


def number_label(proposal):
    return _("No. %(number)s") % {"number": proposal.number} if proposal.number is not None else ""


def summary(text):
    """A reply's first sentence, cut to SUMMARY_CHARS: what the register and the report quote."""
    text = re.sub(r"\s+", "", text or "")
    first = re.match(r"[^。！？]*[。！？]?", text).group(0) or text
    if len(first) > SUMMARY_CHARS:
        return first[: SUMMARY_CHARS - 1].rstrip("，、；：") + "…"
    return first


def round_label(n):
    return _("Reply %(n)s") % {"n": chinese_numeral(n)} if n > 1 else _("Reply")


def replies_text(proposal):
    """答复：… （2026年4月10日，总务处）, one line per reply (a second reply on its own line)."""
    lines = []
    for reply in proposal.replies.all():
        who = "，".join(x for x in (official.written_date(reply.replied_on), reply.replied_by) if x)
        lines.append(f"{round_label(reply.round)}（{who}）：{summary(reply.text)}")
    return "\n".join(lines)


def status_label(proposal, today):
    """办理中 / 逾期未答复 / 已答复待评价 / 已办结 for a registered proposal; the outcome for the others."""
    second = any(reply.second_reply_asked for reply in proposal.replies.all())
    if proposal.status == S.REGISTERED:
        if is_overdue(proposal, today):
            return pgettext("proposal", "Overdue")
        return pgettext("proposal", "Second reply being prepared") if second else pgettext("proposal", "Being handled")
    if proposal.status == S.REPLIED:
        return pgettext("proposal", "Replied, awaiting rating")
    if proposal.status == S.CLOSED:
        return pgettext("proposal", "Closed after a second reply") if second else pgettext("proposal", "Closed")
    if proposal.status == S.MERGED:
        into = proposal.merged_into
        return _("Merged into No. %(number)s") % {"number": into.number} if into else pgettext("proposal", "Merged")
    if proposal.status == S.NOT_REGISTERED:
        return pgettext("proposal", "Not registered")
    if proposal.status == S.TO_SUGGESTION:
        return pgettext("proposal", "Turned into a suggestion")
    return pgettext("proposal", "Awaiting review")


def rating_label(proposal):
    rating = final_rating(proposal)
    return str(R(rating).label) if rating else ""


def cosigner_names(proposal):
    return "、".join(c.representative.member.name for c in proposal.cosignatures.all())


def delegation_name(proposal):
    return proposal.proposer.delegation.name if proposal.proposer.delegation_id else ""


# -- the figures -------------------------------------------------------------------------------------------


@dataclass
class Figures:
    received: int = 0  # 收到: every proposal past its draft
    registered: int = 0  # 立案
    merged: int = 0  # 并案
    not_registered: int = 0  # 不立案
    to_suggestion: int = 0  # 转为意见建议
    awaiting_review: int = 0
    replied: int = 0  # registered with at least one reply
    second_replies: int = 0
    handling: int = 0  # registered, the (second) reply still awaited
    overdue: int = 0
    awaiting_rating: int = 0
    closed: int = 0  # 办结
    satisfied: int = 0
    mostly: int = 0
    unsatisfied: int = 0

    @property
    def rated(self):
        return self.satisfied + self.mostly + self.unsatisfied

    @property
    def satisfaction(self):
        """满意和基本满意率, a percentage to one decimal, or None before any rating."""
        if not self.rated:
            return None
        rate = Decimal(100 * (self.satisfied + self.mostly)) / self.rated
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def figures(registered, others, today):
    f = Figures(received=len(registered) + len(others), registered=len(registered))
    for p in others:
        if p.status == S.MERGED:
            f.merged += 1
        elif p.status == S.NOT_REGISTERED:
            f.not_registered += 1
        elif p.status == S.TO_SUGGESTION:
            f.to_suggestion += 1
        else:
            f.awaiting_review += 1
    for p in registered:
        replies = list(p.replies.all())
        f.replied += bool(replies)
        f.second_replies += len(replies) > 1
        f.handling += p.status == S.REGISTERED
        f.overdue += is_overdue(p, today)
        f.awaiting_rating += p.status == S.REPLIED
        f.closed += p.status == S.CLOSED
        rating = final_rating(p)
        f.satisfied += rating == R.SATISFIED
        f.mostly += rating == R.MOSTLY
        f.unsatisfied += rating == R.UNSATISFIED
    return f


def percent(value):
    return f"{value.normalize():f}%" if value is not None else ""


def figures_sentence(f, today):
    """收到提案N件，立案M件，并案…；截至…，已答复…，满意率…。 (the report's opening and the register's foot)."""
    review = [_("%(n)s proposals received") % {"n": f.received}, _("%(n)s registered") % {"n": f.registered}]
    for count, text in ((f.merged, _("%(n)s merged with another")), (f.not_registered, _("%(n)s not registered")),
                        (f.to_suggestion, _("%(n)s turned into suggestions")),
                        (f.awaiting_review, _("%(n)s awaiting review"))):
        if count:
            review.append(text % {"n": count})
    handling = [_("by %(date)s, %(n)s of the registered proposals had been replied to") % {
        "date": official.written_date(today), "n": f.replied}]
    if f.second_replies:
        handling.append(_("%(n)s of them a second time") % {"n": f.second_replies})
    if f.handling:
        handling.append(_("%(n)s are being handled") % {"n": f.handling})
    if f.overdue:
        handling.append(_("%(n)s of them past their deadline") % {"n": f.overdue})
    if f.rated:
        handling.append(_("of %(rated)s rated replies the proposers found %(satisfied)s satisfactory and "
                          "%(mostly)s mostly satisfactory, %(unsatisfied)s unsatisfactory: a satisfaction "
                          "rate of %(rate)s") % {"rated": f.rated, "satisfied": f.satisfied, "mostly": f.mostly,
                                                 "unsatisfied": f.unsatisfied, "rate": percent(f.satisfaction)})
    return "，".join(review) + "；" + "，".join(handling) + "。"


def title(congress, what):
    return f"{congress}{what}"


def file_name(congress, what, extension):
    return f"{title(congress, what)}.{extension}".replace("/", "-")


# -- 提案汇总表 (Excel) ----------------------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Calibri", bold=True)
RED = Font(name="Calibri", color="C00000")
CHINESE_DATE = 'yyyy"年"m"月"d"日"'
WIDTHS = [8, 30, 8, 18, 15, 15, 18, 14, 42, 9]


def register_headers():
    return [
        pgettext("proposal register", "No."), pgettext("proposal register", "Subject"),
        pgettext("proposal register", "Proposer"), pgettext("proposal register", "Co-signers"),
        pgettext("proposal register", "Delegation"), pgettext("proposal register", "Status"),
        pgettext("proposal register", "Handled by"), pgettext("proposal register", "Reply due"),
        pgettext("proposal register", "Replies"), pgettext("proposal register", "Rating"),
    ]


def register_title(congress):
    return title(congress, pgettext("export", "proposal register"))


def register_row(p, today):
    """One proposal's row; an unregistered one gives the committee's reason where the replies would be."""
    handling = replies_text(p) if p.number is not None else p.review_note
    return [number_label(p), p.title, p.proposer.member.name, cosigner_names(p), delegation_name(p),
            status_label(p, today), p.handler, p.reply_due_on, handling, rating_label(p)]


def register_xlsx(congress, today=None):
    """The 提案汇总表: a title, the header (repeated on every printed page), one row a proposal,
    the registered by number under one group row and the others under another, and the figures."""
    today = today or timezone.localdate()
    registered, others = proposals_of(congress)
    headers = register_headers()
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("export", "Proposal register")
    sheet.append([f"{congress.union.name}{register_title(congress)}"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(name="Calibri", bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([""] * (len(headers) - 3) + [_("As of %(date)s") % {"date": official.written_date(today)}])
    sheet.merge_cells(start_row=2, start_column=len(headers) - 2, end_row=2, end_column=len(headers))
    sheet.cell(row=2, column=len(headers) - 2).alignment = Alignment(horizontal="right")
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font, cell.border = BOLD, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    groups = [(_("Registered proposals (%(n)s)") % {"n": len(registered)}, registered),
              (_("Proposals not registered (%(n)s)") % {"n": len(others)}, others)]
    for label, proposals in groups:
        if not proposals:
            continue
        sheet.append([label])
        row = sheet.max_row
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        sheet.cell(row=row, column=1).font = BOLD
        for col in range(1, len(headers) + 1):
            sheet.cell(row=row, column=col).border = BOX
        for p in proposals:
            sheet.append(register_row(p, today))
            _style_row(sheet, sheet.max_row, len(headers), overdue=is_overdue(p, today))
    if not registered and not others:
        sheet.append([_("No proposals yet.")])
    sheet.append([])
    sheet.append([figures_sentence(figures(registered, others, today), today)])
    for n, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[sheet.cell(row=3, column=n).column_letter].width = width
    sheet.print_title_rows = "3:3"
    sheet.freeze_panes = "C4"
    return xlsx_bytes(book)


def _style_row(sheet, row, columns, overdue):
    for col in range(1, columns + 1):
        cell = sheet.cell(row=row, column=col)
        cell.border = BOX
        cell.alignment = Alignment(vertical="top", wrap_text=True,
                                   horizontal="center" if col in (1, 3, 10) else None)
    sheet.cell(row=row, column=8).number_format = CHINESE_DATE
    if overdue:
        sheet.cell(row=row, column=6).font = RED


# -- 提案办理情况报告 (Word, PDF) -----------------------------------------------------------------------------


def report_title(congress):
    return _("Report on the handling of the proposals of the %(congress)s") % {"congress": congress}


def _entry(n, p, today, *, registered=True):
    """（一）第1号：关于……。承办：总务处。答复：…。代表评价：满意。 — one proposal of a section."""
    head = f"{number_label(p)}　{p.title}" if registered else p.title
    parts = [_("Proposed by %(name)s") % {"name": p.proposer.member.name}]
    if registered:
        if p.handler:
            parts.append(_("handled by %(handler)s") % {"handler": p.handler})
        if p.reply_due_on and p.status == S.REGISTERED:
            due = official.written_date(p.reply_due_on)
            parts.append((_("reply was due on %(date)s and is overdue") if is_overdue(p, today)
                          else _("reply due by %(date)s")) % {"date": due})
        text = "；".join(parts) + "。"
        for reply in p.replies.all():
            text += f"{round_label(reply.round)}（{official.written_date(reply.replied_on)}）：{summary(reply.text)}"
            if not text.endswith(("。", "…")):
                text += "。"
            if reply.rating:
                text += _("Rated %(rating)s by the proposer.") % {"rating": reply.get_rating_display()}
                if reply.second_reply_asked:
                    text += _("A second reply was asked.")
    else:
        outcome = status_label(p, today)
        text = "；".join(parts) + "。" + outcome + (f"：{p.review_note}" if p.review_note else "")
        if not text.endswith("。"):
            text += "。"
    return official.Heading(2, f"（{chinese_numeral(n)}）", head, text)


def report_document(congress, today=None):
    """The report as an official.Document, signed by the union's proposal committee today."""
    today = today or timezone.localdate()
    registered, others = proposals_of(congress)
    f = figures(registered, others, today)
    held = official.written_date(congress.starts_on)
    opening = _("The %(congress)s was held on %(date)s.") % {"congress": congress, "date": held}
    blocks = [official.Paragraph(opening + _("The proposal committee ") + figures_sentence(f, today)
                                 + _("The handling of the proposals is reported as follows."))]
    sections = [
        (_("Proposals closed"), [p for p in registered if p.status == S.CLOSED], True),
        (_("Proposals replied to, awaiting the proposer's rating"),
         [p for p in registered if p.status == S.REPLIED], True),
        (_("Proposals being handled"), [p for p in registered if p.status == S.REGISTERED], True),
        (_("Proposals merged, declined or awaiting review"), others, False),
    ]
    part = 0
    for heading, proposals, numbered in sections:
        if not proposals:
            continue
        part += 1
        blocks.append(official.Heading(1, f"{chinese_numeral(part)}、",
                                       f"{heading}" + _("(%(n)s)") % {"n": len(proposals)}))
        blocks += [_entry(n, p, today, registered=numbered) for n, p in enumerate(proposals, 1)]
    if not registered and not others:
        blocks.append(official.Paragraph(_("No proposals have been submitted yet.")))
    if f.overdue or f.handling or f.awaiting_rating:
        part += 1
        blocks.append(official.Heading(1, f"{chinese_numeral(part)}、", _("Next steps")))
        blocks.append(official.Paragraph(next_steps(f)))
    signer = _("%(union)s proposal committee") % {"union": congress.union.name}
    return official.Document(title=report_title(congress), blocks=blocks,
                             signature=official.Signature(signer, official.written_date(today)),
                             author=signer)


def next_steps(f):
    parts = []
    if f.overdue:
        parts.append(_("The proposal committee will urge the handlers of the %(n)s overdue proposals to reply "
                       "without delay") % {"n": f.overdue})
    if f.handling - f.overdue > 0:
        parts.append(_("follow the %(n)s proposals still being handled until they are replied to")
                     % {"n": f.handling - f.overdue})
    if f.awaiting_rating:
        parts.append(_("ask the proposers of the %(n)s replied proposals to rate the replies")
                     % {"n": f.awaiting_rating})
    return "，".join(parts) + _(", and report the outcome to the next session of the congress.")
