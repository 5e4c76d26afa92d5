"""Import a month's wage bases (工资基数) from Excel: preview every row, then apply all or nothing.

Follows the roster import (members.roster_import): the same sheet reader, problems reported by row
number and column, the upload kept between preview and confirm.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from funds.dues import base_in_month, wage_bases
from funds.models import WageBase
from members.models import HistoryEntry, Member
from members.roster_import import Problem, read_sheet
from members.sheets import cell_text

NUMBER, NAME, WAGE = "工号", "姓名", "工资基数"  # the file's headers are data, like a form handed in
MAX_WAGE = Decimal("9999999999.99")
KIND = "wages"


def parse_amount(value):
    """Decimal yuan from a number cell or text like "5,200.50" / "5200元"; ValueError otherwise."""
    if isinstance(value, float):
        value = repr(value)  # not str(Decimal(float)): 5200.1 must stay 5200.1
    text = cell_text(value).replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not amount.is_finite():
        raise ValueError(text)
    return amount


@dataclass
class WageRow:
    number: int
    member: Member
    old: Decimal | None
    new: Decimal

    @property
    def changed(self):
        return self.old != self.new


@dataclass
class WagePreview:
    year: int
    from_month: int
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # row numbers left without a wage base: no change

    @property
    def ok(self):
        return not self.problems and bool(self.rows)

    @property
    def changed(self):
        return sum(1 for row in self.rows if row.changed)

    @property
    def unchanged(self):
        return len(self.rows) - self.changed


def check_wages(union, upload, year, from_month):
    """Read and check every row (ImportFileError for an unreadable file). Saves nothing."""
    raw = read_sheet(upload, [NUMBER, WAGE], [NAME])
    numbers = [cell_text(values.get(NUMBER)) for _n, values in raw]
    members = {m.employee_number: m for m in Member.objects.for_union(union).filter(employee_number__in=numbers)}
    bases = wage_bases(union, year)
    preview = WagePreview(year=year, from_month=from_month)
    seen = {}
    for number, values in raw:
        problems = []
        employee_number, name = cell_text(values.get(NUMBER)), cell_text(values.get(NAME))
        member = members.get(employee_number)
        if not employee_number:
            problems.append(Problem(number, NUMBER, "", _("is required")))
        elif employee_number in seen:
            problems.append(
                Problem(
                    number,
                    NUMBER,
                    employee_number,
                    _("this employee number is also on row %(other)s: each member once")
                    % {"other": seen[employee_number]},
                )
            )
        elif member is None:
            problems.append(
                Problem(
                    number,
                    NUMBER,
                    employee_number,
                    _("no member of this union has this employee number"),
                )
            )
        elif member.status == Member.Status.LEFT:
            problems.append(
                Problem(
                    number,
                    NUMBER,
                    employee_number,
                    _("%(name)s has left the union") % {"name": member.name},
                )
            )
        elif name and name != member.name:
            problems.append(
                Problem(
                    number,
                    NAME,
                    name,
                    _("does not match the roster, which has %(name)s for this employee number") % {"name": member.name},
                )
            )
        seen.setdefault(employee_number, number)
        raw_wage = values.get(WAGE)
        if cell_text(raw_wage) == "" and not problems:
            preview.skipped.append(number)  # the downloaded list leaves members without a base blank
            continue
        amount = None
        try:
            amount = parse_amount(raw_wage)
        except ValueError:
            problems.append(
                Problem(
                    number,
                    WAGE,
                    cell_text(raw_wage),
                    _("write an amount in yuan, such as 5200 or 5200.50"),
                )
            )
        else:
            if amount <= 0:
                problems.append(Problem(number, WAGE, cell_text(raw_wage), _("must be greater than zero")))
            elif amount > MAX_WAGE:  # before quantize(): 1E+30 has more digits than it can give
                problems.append(Problem(number, WAGE, cell_text(raw_wage), _("is too large")))
            elif amount != amount.quantize(Decimal("0.01")):
                problems.append(Problem(number, WAGE, cell_text(raw_wage), _("has more than two decimal places")))
        preview.problems.extend(problems)
        if not problems:
            old = base_in_month(bases.get(member.pk, []), from_month)
            preview.rows.append(WageRow(number, member, old, amount.quantize(Decimal("0.01"))))
    return preview


@transaction.atomic
def apply_wages(union, preview, actor):
    """Save the wage bases of a clean preview, all or nothing, with a history entry per change."""
    if not preview.ok:
        raise ValueError("apply_wages needs a preview without problems")
    existing = {
        w.member_id: w
        for w in WageBase.objects.for_union(union).filter(
            year=preview.year, from_month=preview.from_month, member__in=[r.member for r in preview.rows]
        )
    }
    label = str(WageBase._meta.get_field("amount").verbose_name)
    to_create, to_update, changes = [], [], {}
    for row in preview.rows:
        base = existing.get(row.member.pk)
        if base is None:
            base = WageBase(
                union=union,
                member=row.member,
                year=preview.year,
                from_month=preview.from_month,
                amount=row.new,
            )
            to_create.append(base)
            changes[row.member.pk] = {label: ["", str(row.new)]}
        elif base.amount != row.new:
            changes[row.member.pk] = {label: [str(base.amount), str(row.new)]}
            base.amount = row.new
            base.version += 1
            to_update.append(base)
    WageBase.objects.bulk_create(to_create, batch_size=1000)
    WageBase.objects.bulk_update(to_update, ["amount", "version"], batch_size=1000)
    content_type = ContentType.objects.get_for_model(WageBase)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    note = _("Excel wage base import")
    created = {id(base) for base in to_create}
    HistoryEntry.objects.bulk_create(
        [
            HistoryEntry(
                union=union,
                content_type=content_type,
                object_id=str(base.pk),
                object_repr=str(base)[:200],
                action=HistoryEntry.Action.CREATE if id(base) in created else HistoryEntry.Action.CHANGE,
                actor=actor,
                changes=changes[base.member_id],
                note=note,
            )
            for base in [*to_create, *to_update]
        ],
        batch_size=1000,
    )
    return len(to_create), len(to_update)


def wage_template(union, year, month):
    """An .xlsx with every paying member and the wage base that applies in `month`, ready to edit."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Wage bases")
    for col, (title, width) in enumerate([(NUMBER, 14), (NAME, 12), ("部门", 14), (WAGE, 14)], start=1):
        sheet.cell(row=1, column=col, value=title).font = Font(bold=True)
        sheet.column_dimensions["ABCD"[col - 1]].width = width
    bases = wage_bases(union, year)
    members = (
        Member.objects.for_union(union)
        .current()
        .exclude(status=Member.Status.RETIRED)
        .select_related("department")
        .order_by("employee_number", "id")
    )
    for i, member in enumerate(members, start=2):
        sheet.cell(row=i, column=1, value=member.employee_number)
        sheet.cell(row=i, column=2, value=member.name)
        sheet.cell(row=i, column=3, value=member.department.name if member.department else "")
        base = base_in_month(bases.get(member.pk, []), month)
        cell = sheet.cell(row=i, column=4, value=base)
        cell.number_format = "0.00"
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    return workbook
