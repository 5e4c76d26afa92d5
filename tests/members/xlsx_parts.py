"""An .xlsx written by hand, part by part, for the tests of what a reader must refuse (bombs, rows
wider than Excel allows, cells it cannot read): tests/members/test_sheets.py and test_import_limits.py."""

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)


def rels(target):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="{target}"/></Relationships>'
    )


def sheet_rels(target):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="{target}"/>'
        f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )


def text_cell(value):
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'


def row(number, *cells):
    return f'<row r="{number}">' + "".join(cells) + "</row>"


def package(*rows, strings=0, more_parts=0, dimension=""):
    """An .xlsx assembled part by part: `rows` (XML, may be generators of chunks) in its sheet 名册,
    `strings` one-letter shared strings, `more_parts` tiny extra parts, the sheet's own `dimension`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", TYPES)
        archive.writestr("_rels/.rels", rels("xl/workbook.xml"))
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
            '<sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr("xl/_rels/workbook.xml.rels", sheet_rels("worksheets/sheet1.xml"))
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode())
            for _ in range(strings // 10_000):
                part.write(b"<si><t>a</t></si>" * 10_000)
            part.write(b"<si><t>a</t></si>" * (strings % 10_000) + b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            start = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dimension}<sheetData>'
            part.write(start.encode())
            for chunk in rows:
                for piece in [chunk] if isinstance(chunk, str) else chunk:
                    part.write(piece.encode())
            part.write(b"</sheetData></worksheet>")
        for i in range(more_parts):
            archive.writestr(f"xl/media/image{i}.png", b"\x89PNG")
    return out.getvalue()


HEADER = row(1, text_cell("姓名"), text_cell("性别"), text_cell("工号"))
MEMBER = row(2, text_cell("张三"), text_cell("男"), text_cell("A001"))
