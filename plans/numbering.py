"""Chinese outline numbering (一、 → （一） → 1、), always derived from position, never stored."""

DIGITS = "零一二三四五六七八九"

PART, SECTION, ITEM = 1, 2, 3


def chinese_numeral(n):
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 21 → 二十一, 100 → 一百, 101 → 一百零一."""
    if n <= 0:
        raise ValueError(f"no Chinese numeral for {n}")
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        if rest == 0:
            tail = ""
        elif rest < 10:
            tail = "零" + DIGITS[rest]
        elif rest < 20:
            tail = "一" + chinese_numeral(rest)  # 一百一十五, not 一百十五
        else:
            tail = chinese_numeral(rest)
        return DIGITS[n // 100] + "百" + tail
    return str(n)


def parse_chinese_numeral(text):
    """一 → 1, 十二 → 12, 二十 → 20; digits pass through; None for anything else."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in DIGITS + "十百" for c in text):
        return None
    if "百" in text:
        hundreds, _sep, rest = text.partition("百")
        value = (DIGITS.index(hundreds) if hundreds else 1) * 100
        rest = rest.lstrip("零")
        return value + (parse_chinese_numeral(rest) or 0 if rest else 0)
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        return (DIGITS.index(tens) if tens else 1) * 10 + (DIGITS.index(ones) if ones else 0)
    return DIGITS.index(text) if len(text) == 1 else None


def outline_number(level, n):
    """The label of the n-th (1-based) entry at `level`: 一、 / （一） / 1、."""
    if level == PART:
        return f"{chinese_numeral(n)}、"
    if level == SECTION:
        return f"（{chinese_numeral(n)}）"
    return f"{n}、"


MONTH_NAMES = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


def month_name(month):
    """2 → 二月份, the way plans head their month schedule."""
    return f"{MONTH_NAMES[month - 1]}月份"
