"""Festival distributions (节日慰问): whom one covers, who would go over the festival cap, creating it
with its expense, ticking the sign-for list (签收表), and the list as Excel and PDF."""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from funds.models import DistributionRecipient, Expense, ExpenseCategory, FundSettings
from funds.welfare import allowed_festivals, festival_gifts
from members.history import record, save_recorded
from members.models import HistoryEntry, Member, name_order

EXPENSE_CATEGORY = "职工活动支出"  # festival greetings are members' welfare (职工活动支出)


def covered_members(union, *, statuses, include_retirees, department=None, group=None):
    """The members a distribution covers, in the roster's order (pinyin, employee number)."""
    wanted = list(statuses) + ([Member.Status.RETIRED] if include_retirees else [])
    members = Member.objects.for_union(union).filter(status__in=wanted).exclude(status=Member.Status.LEFT)
    if department is not None:
        members = members.filter(department=department)
    if group is not None:
        members = members.filter(group=group)
    return members.select_related("department").order_by(*name_order())


@dataclass
class OverCap:
    member: Member
    before: Decimal
    after: Decimal
    cap: Decimal

    @property
    def over_by(self):
        return self.after - self.cap


def over_cap(union, standard, year, members, amount, exclude_distribution=None):
    """The members whom `amount` more would take over the year's festival cap (two queries)."""
    cap = standard.festival_per_year if standard else None
    if cap is None or not members:
        return []
    gifts = festival_gifts(union, [year], [m.pk for m in members], exclude_distribution)
    found = []
    for member in members:
        before = sum((row[1] for row in gifts.get((member.pk, year), [])), Decimal("0.00"))
        if before + amount > cap:
            found.append(OverCap(member, before, before + amount, cap))
    return found


def check_festival(standard, festival):
    if festival not in allowed_festivals(standard):
        raise ValidationError(
            gettext("%(festival)s is not a festival the rules allow greetings on. Allowed: %(allowed)s.")
            % {"festival": festival, "allowed": "、".join(allowed_festivals(standard))},
            code="festival_not_allowed",
        )


@transaction.atomic
def create_distribution(distribution, members, by, category=None):
    """Save `distribution` (unsaved, its fields set) with a row per member and one expense for the
    total, each through `save_recorded` (versioned, with history). Raises PeriodLocked."""
    if not members:
        raise ValidationError(gettext("No member matches the choice."), code="no_members")
    union = distribution.union
    if category is None:
        FundSettings.for_union(union)  # the default categories, on first use
        category = ExpenseCategory.objects.for_union(union).filter(name=EXPENSE_CATEGORY).first()
    if category is None:
        raise ValidationError(gettext("Choose the expense category."), code="no_category")
    total = distribution.amount_per_person * len(members)
    expense = Expense(
        union=union,
        date=distribution.date,
        category=category,
        amount=total,
        payee=distribution.supplier,
        description=gettext("%(festival)s greetings: %(item)s (%(count)d members × %(amount)s yuan)")
        % {
            "festival": distribution.festival,
            "item": distribution.item,
            "count": len(members),
            "amount": distribution.amount_per_person,
        },
        receipt_number=distribution.invoice_number,
    )
    save_recorded(expense, by)
    distribution.expense = expense
    save_recorded(distribution, by)
    DistributionRecipient.objects.bulk_create(
        DistributionRecipient(union=union, distribution=distribution, member=m, amount=distribution.amount_per_person)
        for m in members
    )
    record(
        distribution,
        by,
        HistoryEntry.Action.OTHER,
        note=gettext("%(count)d members on the sign-for list") % {"count": len(members)},
    )
    return distribution


def tick(recipient, by, signed):
    """Mark one member as having signed for the goods (or not), with a history entry on the distribution."""
    recipient.signed_at = timezone.now() if signed else None
    recipient.save(update_fields=["signed_at"])
    note = gettext("%(name)s signed") if signed else gettext("%(name)s's signature removed")
    record(recipient.distribution, by, HistoryEntry.Action.OTHER, note=note % {"name": recipient.member.name})
    return recipient


# --- the sign-for list ------------------------------------------------------------------------------


def sheet_rows(distribution):
    """(序号, 姓名, 部门, 物品, 金额, 签字, 日期) per member, in pinyin order."""
    rows = distribution.recipients.select_related("member__department").order_by(*name_order("member__"))
    return [
        (n, r.member.name, str(r.member.department or ""), distribution.item, r.amount, "",
         f"{timezone.localtime(r.signed_at):%Y-%m-%d}" if r.signed_at else "")
        for n, r in enumerate(rows, 1)
    ]


def headers():
    return [gettext("No."), gettext("Name"), gettext("Department"), pgettext("sign-for list", "Item"),
            gettext("Amount"), gettext("Signature"), gettext("Date")]


def title(distribution):
    return gettext("%(union)s %(festival)s greetings sign-for list") % {
        "union": distribution.union.name, "festival": distribution.festival
    }


def caption(distribution):
    return gettext("Date: %(date)s  Item: %(item)s  Supplier: %(supplier)s  Invoice: %(invoice)s") % {
        "date": f"{distribution.date:%Y-%m-%d}",
        "item": distribution.item,
        "supplier": distribution.supplier,
        "invoice": distribution.invoice_number or "—",
    }


def sign_sheet_xlsx(distribution):
    """The sign-for list on A4 portrait: title, caption and 单位：元 above the table, its header row repeated
    on every page, rows tall enough to sign in and a 签字 column wide enough for a handwritten name."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from members.spreadsheets import xlsx_bytes

    rows = sheet_rows(distribution)
    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Sign-for list")
    sheet.append([title(distribution)])
    sheet.merge_cells("A1:G1")
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 24
    sheet.append([caption(distribution)])
    sheet.merge_cells("A2:E2")
    sheet["F2"] = gettext("Unit: yuan")
    sheet.merge_cells("F2:G2")
    sheet["F2"].alignment = Alignment(horizontal="right")
    sheet.append(headers())
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for values in rows:
        sheet.append(list(values))
        sheet.cell(row=sheet.max_row, column=5).number_format = "#,##0.00"
        sheet.row_dimensions[sheet.max_row].height = 30  # room for a handwritten name
    total = sum((r[4] for r in rows), Decimal("0.00"))
    sheet.append([gettext("Total"), "", "", "", total, "", ""])
    last = sheet.max_row
    sheet.merge_cells(start_row=last, start_column=1, end_row=last, end_column=4)
    sheet.cell(row=last, column=5).number_format = "#,##0.00"
    sheet.row_dimensions[last].height = 22
    for row in sheet.iter_rows(min_row=3, max_row=last):
        for cell in row:
            cell.border = box
            cell.alignment = Alignment(
                horizontal="right" if cell.column == 5 else ("center" if cell.column in (1, 7) else "left"),
                vertical="center", wrap_text=cell.column in (3, 4),
            )
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for cell in sheet[last]:
        cell.font = Font(bold=True)
    sheet.cell(row=last, column=1).alignment = Alignment(horizontal="center", vertical="center")
    # 90 characters across: A4 portrait (members.spreadsheets.printable), 签字 the widest column.
    for letter, width in zip("ABCDEFG", [6, 10, 14, 16, 12, 21, 11], strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.print_title_rows = "3:3"  # the header row repeats on every printed page
    return xlsx_bytes(book)


def _page_number(canvas, doc):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    from members.official import pdf_fonts

    canvas.saveState()
    canvas.setFont(pdf_fonts()[0], 9)
    canvas.drawCentredString(A4[0] / 2, 8 * mm, f"— {doc.page} —")
    canvas.restoreState()


def sign_sheet_pdf(distribution):
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from members.official import pdf_fonts

    song, hei = pdf_fonts()
    heading = ParagraphStyle("t", fontName=hei, fontSize=16, leading=24, alignment=1, wordWrap="CJK")
    small = ParagraphStyle("c", fontName=song, fontSize=10, leading=14, wordWrap="CJK")
    unit = ParagraphStyle("u", parent=small, alignment=2)
    cell = ParagraphStyle("cell", fontName=song, fontSize=10.5, leading=14, wordWrap="CJK")
    rows = sheet_rows(distribution)
    data = [headers()] + [
        [str(n), Paragraph(escape(name), cell), Paragraph(escape(dept), cell), Paragraph(escape(item), cell),
         f"{amount:,.2f}", "", day]
        for n, name, dept, item, amount, _sig, day in rows
    ]
    total = sum((r[4] for r in rows), Decimal("0.00"))
    data.append([gettext("Total"), "", "", "", f"{total:,.2f}", "", ""])
    # 180 mm across; 签字 34 mm: room for a handwritten name in each 10 mm row.
    table = Table(data, colWidths=[c * mm for c in (12, 22, 30, 36, 24, 34, 22)], repeatRows=1,
                  rowHeights=[8 * mm] + [10 * mm] * len(rows) + [8 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), song, 10.5),
                ("FONT", (0, 0), (-1, 0), hei, 10.5),
                ("FONT", (0, -1), (-1, -1), hei, 10.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (6, 1), (6, -1), "CENTER"),
                ("ALIGN", (4, 1), (4, -1), "RIGHT"),
                ("SPAN", (0, -1), (3, -1)),
            ]
        )
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=18 * mm, title=title(distribution), lang="zh-CN")
    head = Table([[Paragraph(escape(caption(distribution)).replace("  ", "　　"), small),
                   Paragraph(gettext("Unit: yuan"), unit)]], colWidths=[155 * mm, 25 * mm])
    head.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    doc.build([Paragraph(escape(title(distribution)), heading), head, Spacer(1, 2 * mm), table],
              onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()
