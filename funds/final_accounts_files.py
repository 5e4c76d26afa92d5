"""The final accounts as the higher-level union asks for them: "XX工会2026年度经费收支决算表", 单位：元,
yuan to two decimals — as Excel (members.spreadsheets.xlsx_bytes: A4, the header row repeated) and as
a PDF (reportlab with the official document's fonts, members.official.pdf_fonts)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from members.spreadsheets import xlsx_bytes

MONEY = "#,##0.00"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Calibri", bold=True)


def _headers():
    return [_("Final accounts item"), _("Budget"), _("Actual"), _("Variance"), _("Variance %"), _("Explanation")]


def signers():
    """Who signs under the table, as the higher-level union expects it."""
    return [_("Head of the union: "), _("Head of finance: "), _("Prepared by: ")]


def sign_off():
    blank = "\u3000" * 6
    return "\u3000\u3000".join(f"{who}{blank}" for who in signers())


def _pct(value):
    return "" if value is None else f"{value}%"


def table_rows(accounts):
    """[(kind, label, budget, actual, variance, variance %, explanation)] in the table's order; kind is
    "section", "account", "item" or "total". Income has no budget in the app: its budget cells are empty."""
    rows = [("section", _("I. Surplus brought forward from last year"), None, accounts.carried_in, None, None, "")]
    rows.append(("section", _("II. Income this year"), None, accounts.income_total, None, None, ""))
    rows += [("account", row.label, None, row.amount, None, None, "") for row in accounts.income]
    total = accounts.total_line
    rows.append(
        ("section", _("III. Expenditure this year"), total.budget, total.actual, total.variance,
         _pct(total.variance_percent), "")
    )
    for block in accounts.expense:
        for line in [block.line, *block.items]:
            rows.append(
                ("account" if line.level == 1 else "item", line.label, line.budget, line.actual, line.variance,
                 _pct(line.variance_percent), line.explanation)
            )
    rows.append(("section", _("IV. Surplus of the year (income less expenditure)"), None, accounts.surplus, None,
                 None, ""))
    rows.append(("total", _("V. Surplus carried forward to next year"), None, accounts.carried_out, None, None, ""))
    return rows


def final_accounts_xlsx(accounts):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Final accounts")
    headers = _headers()
    sheet.append([accounts.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(name="Calibri", bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([""] * (len(headers) - 1) + [_("Unit: yuan")])
    sheet.cell(row=2, column=len(headers)).alignment = Alignment(horizontal="right")
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font, cell.border = BOLD, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for kind, label, budget, actual, variance, pct, explanation in table_rows(accounts):
        indent = "　　" if kind == "item" else ("　" if kind == "account" else "")
        sheet.append([indent + label, budget, actual, variance, pct, explanation])
        row = sheet.max_row
        for col in range(1, len(headers) + 1):
            cell = sheet.cell(row=row, column=col)
            cell.border = BOX
            if col in (2, 3, 4):
                cell.number_format = MONEY
            if col == 5:
                cell.alignment = Alignment(horizontal="right")
            if col == 6:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if kind in ("section", "total"):
                cell.font = BOLD
    for letter, width in zip("ABCDEF", [30, 14, 14, 14, 10, 36], strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([])
    sheet.append([sign_off()])
    sheet.print_title_rows = "3:3"
    sheet.freeze_panes = "B4"

    # The welfare caps' exceptions on a sheet of their own ("None recorded." when there are none).
    sheet2 = book.create_sheet(_("Welfare cap exceptions"))
    heads = [_("Date"), _("Member"), _("Department"), _("Occasion"), _("Amount"), _("Cap"), _("Over by"),
             _("Reason")]
    sheet2.append([_("Welfare cap exceptions %(year)d") % {"year": accounts.year}])
    sheet2.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(heads))
    sheet2["A1"].font = Font(name="Calibri", bold=True, size=12)
    sheet2["A1"].alignment = Alignment(horizontal="center")
    sheet2.append([""] * (len(heads) - 1) + [_("Unit: yuan")])
    sheet2.cell(row=2, column=len(heads)).alignment = Alignment(horizontal="right")
    sheet2.append(heads)
    for cell in sheet2[3]:
        cell.font, cell.border = BOLD, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center")
    if not accounts.exceptions:
        sheet2.append([_("None recorded.")])
    for e in accounts.exceptions:
        sheet2.append([e.date, e.member, e.department, str(e.occasion), e.amount, e.cap, e.over_by, e.reason])
        row = sheet2.max_row
        for col in range(1, len(heads) + 1):
            cell = sheet2.cell(row=row, column=col)
            cell.border = BOX
            cell.alignment = Alignment(vertical="top", wrap_text=col == 8)
            if col in (5, 6, 7):
                cell.number_format = MONEY
        sheet2.cell(row=row, column=1).number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGH", [12, 9, 12, 18, 11, 11, 11, 34], strict=True):
        sheet2.column_dimensions[letter].width = width
    sheet2.print_title_rows = "3:3"
    return xlsx_bytes(book)


def _who(exception):
    return f"{exception.member}（{exception.department}）" if exception.department else exception.member


def _page_number(canvas, doc):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    from members.official import pdf_fonts

    canvas.saveState()
    canvas.setFont(pdf_fonts()[0], 9)
    canvas.drawCentredString(A4[0] / 2, 8 * mm, f"— {doc.page} —")
    canvas.restoreState()


def final_accounts_pdf(accounts):
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from members.official import pdf_fonts

    song, hei = pdf_fonts()
    heading = ParagraphStyle("t", fontName=hei, fontSize=16, leading=24, alignment=1, wordWrap="CJK")
    unit = ParagraphStyle("u", fontName=song, fontSize=10, leading=14, alignment=2)
    cell = ParagraphStyle("cell", fontName=song, fontSize=9.5, leading=12.5, wordWrap="CJK")
    bold = ParagraphStyle("cellb", parent=cell, fontName=hei)
    account = ParagraphStyle("account", parent=cell, leftIndent=4 * mm)
    item = ParagraphStyle("item", parent=cell, leftIndent=8 * mm)
    sub = ParagraphStyle("title2", fontName=hei, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)

    def money(value):
        return "" if value is None else f"{value:,.2f}"

    data = [_headers()]
    styles = []
    for i, (kind, label, budget, actual, variance, pct, explanation) in enumerate(table_rows(accounts), start=1):
        style = {"item": item, "account": account}.get(kind, bold)
        data.append(
            [Paragraph(escape(label), style), money(budget), money(actual), money(variance), pct or "",
             Paragraph(escape(explanation), cell)]
        )
        if kind in ("section", "total"):
            styles.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#EEF2F7")))
            styles.append(("FONT", (1, i), (4, i), hei, 9.5))
    table = Table(data, colWidths=[c * mm for c in (48, 24, 24, 22, 16, 46)], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), song, 9.5),
                ("FONT", (0, 0), (-1, 0), hei, 9.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("ALIGN", (1, 1), (4, -1), "RIGHT"),
                *styles,
            ]
        )
    )
    signatures = Table([signers()], colWidths=[60 * mm] * 3, style=[("FONT", (0, 0), (-1, -1), song, 10)])
    story = [Paragraph(escape(accounts.title), heading), Paragraph(_("Unit: yuan"), unit), Spacer(1, 2 * mm), table,
             Spacer(1, 6 * mm), signatures]
    story.append(Paragraph(_("Welfare cap exceptions"), sub))
    if accounts.exceptions:
        rows = [[_("Date"), _("Member"), _("Occasion"), _("Amount"), _("Cap"), _("Over by"), _("Reason")]]
        rows += [
            [e.date.isoformat(), Paragraph(escape(_who(e)), cell), Paragraph(escape(str(e.occasion)), cell),
             money(e.amount), money(e.cap), money(e.over_by), Paragraph(escape(e.reason or "—"), cell)]
            for e in accounts.exceptions
        ]
        exceptions = Table(rows, colWidths=[c * mm for c in (20, 28, 26, 20, 20, 18, 48)], repeatRows=1)
        exceptions.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), song, 9.5),
                    ("FONT", (0, 0), (-1, 0), hei, 9.5),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                    ("ALIGN", (3, 1), (5, -1), "RIGHT"),
                ]
            )
        )
        story.append(exceptions)
    else:
        story.append(Paragraph(_("None recorded."), cell))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
        title=accounts.title, lang="zh-CN",
    )
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()
