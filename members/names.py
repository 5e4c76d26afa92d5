"""Chinese names in the order a Chinese reader expects: by the pinyin of the name (then tone), as a
dictionary or a printed roster would list them, instead of Unicode code points.

The key is stored on the member (`Member.name_pinyin`) so every list sorts in SQL, with an index, on
SQLite and PostgreSQL alike. It holds only `[0-9a-z]`: each syllable padded to six characters with
"0" and followed by its tone (1–4, 5 for the neutral tone), so 詹 (zhan) comes before 张 (zhang) and
张三 before 张三丰 under any collation.
"""

import re

from django.utils.translation import gettext, pgettext
from pypinyin import Style, lazy_pinyin

# Surnames read differently from the common word (pypinyin has no surname mode).
SURNAMES = {
    "单": "shan4", "曾": "zeng1", "解": "xie4", "仇": "qiu2", "区": "ou1", "朴": "piao2", "查": "zha1",
    "盖": "ge3", "乐": "yue4", "缪": "miao4", "翟": "zhai2", "覃": "qin2", "召": "shao4", "种": "chong2",
    "秘": "bi4", "句": "gou1", "华": "hua4", "柏": "bai3", "尉": "yu4", "万": "wan4", "宿": "su4",
    "繁": "po2", "员": "yun4", "祭": "zhai4", "冼": "xian3", "隗": "wei3", "黑": "he4", "折": "she2",
}
SYLLABLE = re.compile(r"([a-zü]+)([1-5]?)")


def pinyin_key(name):
    """The sort key of a name: '张三' -> 'zhang01san001'. Latin letters and digits are kept as they are."""
    name = (name or "").strip()
    if not name:
        return ""
    readings = [SURNAMES[name[0]]] if name[0] in SURNAMES else []
    rest = name[1:] if readings else name
    readings += lazy_pinyin(rest, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=True)
    parts = []
    for reading in readings:
        reading = reading.lower()
        match = SYLLABLE.fullmatch(reading)
        if match:
            letters, tone = match.groups()
            parts.append(letters.replace("ü", "v").ljust(6, "0") + (tone or "5"))
        else:
            parts.append(re.sub(r"[^0-9a-z]", "", reading))
    return "".join(parts)[:200]


INITIALS_LENGTH = 6  # letters a search reads as pinyin initials: no name has more syllables


def initials_pattern(letters):
    """A regular expression for the pinyin keys (pinyin_key) of the names whose syllables start with
    `letters`, from the first: "wf" finds 王芳 ("wang002fang001"). Each syllable of a key is six
    letters padded with "0" and a tone digit, so the n-th syllable begins at 7 × n."""
    return "^" + "".join(f"{re.escape(letter)}[0-9a-z]{{5}}[1-5]" for letter in letters.lower())


def namesake_label(name, employee_number="", department=""):
    """A name with what tells it apart from a namesake's in the same union: "王芳（T0312，语文组）".

    Lists and choices of people use it for the members whose name another member of the union
    shares (`Member.label`, `MemberQuerySet.with_namesakes`); everyone else is shown by name alone.
    """
    details = [str(d) for d in (employee_number, department) if d]
    if not details:
        return name
    return gettext("%(name)s (%(details)s)") % {
        "name": name,
        "details": pgettext("between the employee number and department of a namesake", ", ").join(details),
    }
