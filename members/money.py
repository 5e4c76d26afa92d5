"""How money reads, everywhere: ¥12,345.60 (yuan sign, thousands separators, two decimals).

`yuan` is the one way pages show an amount: the `{% load money %}` filter of the same name
(members/templatetags/money.py, usable by every app's templates) and Python that writes figures
into a page (charts, table rows built in Python) both call it. `yuan_number` is the same figure
without the sign, for prose that names the unit itself ("…共 12,345.60 元") and for export cells
under a "金额（元）" heading.
"""

from decimal import Decimal, InvalidOperation

SIGN = "¥"


def yuan_number(value):
    """12345.6 → "12,345.60"; -5 → "-5.00"; None or "" → ""."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    amount = amount.quantize(Decimal("0.01"))
    return f"{abs(amount) if amount == 0 else amount:,.2f}"  # never "-0.00"


def yuan(value):
    """12345.6 → "¥12,345.60"; -5 → "-¥5.00"; None or "" → "" (a template shows "—" itself)."""
    text = yuan_number(value)
    if not text or text[0] not in "-0123456789":
        return text
    return f"-{SIGN}{text[1:]}" if text.startswith("-") else f"{SIGN}{text}"
