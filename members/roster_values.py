"""The headings and values people write in a roster, and what the member record makes of them.

One table of headings per field (HEADINGS): a committee's 花名册 says 所在科室 or 联系电话 where our
template says 部门 and 手机. Each `read_*` function takes a cell as the file holds it and returns the
member's value, or raises ValueError with a message that says what would be accepted: the import
reports it beside the file's row number, the heading as written and the value.
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from members.models import Member
from members.sheets import cell_text, normalize_heading

# field -> the headings that mean it (compared by members.sheets.normalize_heading: 姓  名 is 姓名).
HEADINGS = {
    "name": ["姓名", "名字", "会员姓名", "职工姓名"],
    "gender": ["性别"],
    "employee_number": ["工号", "职工号", "员工编号", "编号", "员工号", "职工编号", "人员编号"],
    "department": ["部门", "科室", "所在科室", "所在部门", "单位", "组室", "年级组", "所在单位", "工作部门"],
    "group": ["工会小组", "小组", "所在小组"],
    "birth_date": ["出生日期", "出生年月", "生日", "出生年月日"],
    "lunar_birthday": ["农历生日", "过农历生日"],
    "phone": ["手机", "手机号", "手机号码", "联系电话", "电话", "联系方式", "移动电话"],
    "joined_on": ["入会日期", "入会时间", "入会年月"],
    "status": ["状态", "人员状态", "在职状态", "会员状态"],
    "email": ["邮箱", "电子邮箱", "Email", "E-mail", "电子邮件", "邮件"],
    "migrant_worker": ["农民工", "是否农民工"],
    "id_number": ["身份证号", "身份证号码", "公民身份号码", "身份证"],
}
_FIELD_OF_HEADING = {normalize_heading(h): f for f, headings in HEADINGS.items() for h in headings}
# Every field but these may be missing from a file; the gender may come from the 身份证号.
REQUIRED = ["name", "employee_number", "gender"]

# What each field is called in the column-mapping step and in messages.
FIELD_LABELS = {
    "name": pgettext_lazy("roster import field", "Name"),
    "gender": pgettext_lazy("roster import field", "Gender"),
    "employee_number": pgettext_lazy("roster import field", "Employee number"),
    "department": pgettext_lazy("roster import field", "Department"),
    "group": pgettext_lazy("roster import field", "Union group"),
    "birth_date": pgettext_lazy("roster import field", "Birth date"),
    "lunar_birthday": pgettext_lazy("roster import field", "Lunar birthday"),
    "phone": pgettext_lazy("roster import field", "Mobile phone"),
    "joined_on": pgettext_lazy("roster import field", "Joined on"),
    "status": pgettext_lazy("roster import field", "Status"),
    "email": pgettext_lazy("roster import field", "E-mail"),
    "migrant_worker": pgettext_lazy("roster import field", "Migrant worker"),
    "id_number": pgettext_lazy("roster import field", "ID card number"),
}


def field_for_heading(heading, remembered=None):
    """The member field a heading means: the union's own choice first (Union.roster_columns, where ""
    means "not imported"), then the table above; None if neither knows it."""
    key = normalize_heading(heading)
    if remembered and key in remembered:
        return remembered[key] or None
    return _FIELD_OF_HEADING.get(key)


# -- values --------------------------------------------------------------------------------------

GENDERS = {
    "男": Member.Gender.MALE, "男性": Member.Gender.MALE, "m": Member.Gender.MALE, "male": Member.Gender.MALE,
    "女": Member.Gender.FEMALE, "女性": Member.Gender.FEMALE, "f": Member.Gender.FEMALE,
    "female": Member.Gender.FEMALE,
}
STATUSES = {
    Member.Status.ACTIVE: ["在职", "在岗", "在职在岗", "正常", "在册", "在编", "在职人员"],
    Member.Status.RETIRED: ["退休", "已退休", "退休人员", "离退休"],
    Member.Status.EARLY_RETIRED: ["内退", "内部退养", "内退人员", "已内退"],
    Member.Status.RETAINED: ["保留会籍", "保留"],
    Member.Status.LEFT: ["离会", "已离会", "退会", "离职", "调离", "调出", "已离职"],
}
_STATUS_OF_WORD = {word: status for status, words in STATUSES.items() for word in words}
YES = {"是", "y", "yes", "√", "✓", "1", "true"}
NO = {"否", "n", "no", "", "0", "false", "×"}


def _folded(value):
    return normalize_heading(value)  # NFKC, no spaces, case folded: the same folding as headings


def read_gender(value):
    gender = GENDERS.get(_folded(value))
    if gender is None:
        raise ValueError(_("write 男 or 女 (M or F is also accepted)"))
    return gender


def read_status(value):
    """An empty status is 在职: a roster lists the members in post unless it says otherwise."""
    word = _folded(value) or "在职"
    status = _STATUS_OF_WORD.get(word)
    if status is None:
        raise ValueError(_("write 在职, 退休, 内退 or 离会"))
    return status


def read_yes_no(value):
    word = _folded(value)
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(_("write 是 or 否 (or leave it empty for 否)"))


_PHONE = re.compile(r"1[3-9]\d{9}")


def read_phone(value):
    """An 11-digit mobile number however it is written: 139 1234 5601, 137-1234-5603, +86 139…, a
    leading apostrophe (Excel's mark for text), a number cell."""
    text = re.sub(r"[\s\-()（）]", "", cell_text(value)).lstrip("'‘’")
    text = re.sub(r"^(?:\+|00)?86(?=1\d{10}$)", "", text)
    if text and not _PHONE.fullmatch(text):
        raise ValueError(_("write an 11-digit mobile number, e.g. 13912345601 (spaces and dashes are fine)"))
    return text


_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, allowing for its 29 February 1900
_SEPARATED = re.compile(r"(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)?")
_TIME = re.compile(r"[T\s]+\d{1,2}:\d{2}(?::\d{2})?$")  # 1986-03-12 00:00:00, as some systems export
_RUN = re.compile(r"(\d{4})(\d{2})(\d{2})?")


@dataclass(frozen=True)
class Day:
    """A date as the file gives it: `month_only` when it names a year and month but no day (then
    `day` is the first of that month)."""

    day: date
    month_only: bool = False


def read_date(value):
    """A Day from a date cell, an Excel serial number or text written as people write dates:
    1986-03-12, 1986/3/12, 1986.3.12, 1986年3月12日, 19860312, or the year and month only:
    1986.03, 1986-3, 1986年3月, 198603."""
    if isinstance(value, datetime):
        return Day(value.date())
    if isinstance(value, date):
        return Day(value)
    if isinstance(value, float) and not value.is_integer() and 1900 < value < 2100:
        # 1986.03 typed into Excel is the number 1986.03, and 1986.10 the number 1986.1: October.
        value = f"{value:.2f}"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value == int(value):
        number = int(value)
        # A date cell that lost its format: days since Excel's epoch (10,000 is 1927-05-18).
        if 10_000 <= number < 100_000:
            return Day(_EXCEL_EPOCH + timedelta(days=number))
        value = str(number)  # 19860312 or 198603 typed as a number
    text = "".join(_TIME.sub("", cell_text(value)).split())
    match = _SEPARATED.fullmatch(text) or _RUN.fullmatch(text)
    try:
        if not match:
            raise ValueError
        year, month, day = match.groups()
        return Day(date(int(year), int(month), int(day or 1)), month_only=day is None)
    except ValueError:
        raise ValueError(
            _(
                "write a date such as 1986-03-12, 1986/3/12, 1986.3.12, 1986年3月12日 or 19860312, "
                "or the year and month only, such as 1986.03"
            )
        ) from None


# -- 居民身份证号码 (GB 11643-1999) ------------------------------------------------------------------

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class IdNumber:
    birth_date: date
    gender: str  # Member.Gender


def id_number_text(value):
    """The number as typed or as a cell holds it: without spaces or Excel's leading quote, in ASCII (a
    Chinese keyboard types full-width １２３ and Ｘ: NFKC makes them 123 and X), with a capital X."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    return "".join(text.split()).lstrip("'‘’").upper()


def read_id_number(value):
    """The birth date and gender an 18-character citizen ID number gives, after checking its check
    digit (GB 11643: ISO 7064 MOD 11-2). The number itself is not kept: the member record has no
    place for it."""
    if isinstance(value, float):  # 18 digits do not fit a float: Excel has already lost the last ones
        raise ValueError(
            _(
                "the number was stored by Excel as a number and has lost its last digits: set the "
                "column's format to text and type the numbers again"
            )
        )
    text = id_number_text(value)
    if not re.fullmatch(r"[0-9]{17}[0-9X]", text):  # not \d: other scripts' digits are not the card's
        raise ValueError(_("write the 18-character ID card number (17 digits, then a digit or X)"))
    check = ID_CHECK[sum(int(d) * w for d, w in zip(text[:17], ID_WEIGHTS, strict=True)) % 11]
    if text[17] != check:
        raise ValueError(_("the check digit (last character) is wrong: check the number against the card"))
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise ValueError(
            _("characters 7–14 are not a valid birth date: check the number against the card")
        ) from None
    gender = Member.Gender.MALE if int(text[16]) % 2 else Member.Gender.FEMALE
    return IdNumber(born, gender)
