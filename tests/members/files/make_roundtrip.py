"""Makes roundtrip.xlsx/.xls/.ods/.csv: the app's roster export of tests.members.test_roster_files'
roundtrip_members(), opened and saved by LibreOffice Calc in each format (as a committee would).
Run from the repository: DEBUG=1 .venv/bin/python tests/members/files/make_roundtrip.py"""

import os
import sys
import tempfile
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionplan.settings")
django.setup()

from members.roster_import import roster_workbook  # noqa: E402
from tests.members.files.make_files import convert  # noqa: E402
from tests.members.test_roster_files import roundtrip_members  # noqa: E402


def main():
    with tempfile.TemporaryDirectory() as work:
        export = Path(work) / "roundtrip.xlsx"
        export.write_bytes(roster_workbook(roundtrip_members()))
        convert(export, "roundtrip.xlsx", "xlsx:Calc MS Excel 2007 XML")
        convert(export, "roundtrip.xls", "xls:MS Excel 97")
        convert(export, "roundtrip.ods", "ods")
        # Calc's "Text CSV" in UTF-8, comma-separated, text quoted as it offers by default.
        convert(export, "roundtrip.csv", 'csv:Text - txt - csv (StarCalc):44,34,76,1')


if __name__ == "__main__":
    main()
