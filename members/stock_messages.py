"""Our own Chinese for Django's stock validation messages, once for the whole project.

Django's zh_Hans catalogue words some of its validation messages awkwardly ("确保该变量包含不超过
200 字符", "确认总共不超过 12 个数字.", "输入一个有效的 Email 地址。"). A msgid in the project's
catalogue (LOCALE_PATHS, locale/zh_Hans/LC_MESSAGES/django.po) takes precedence over Django's own
for the same msgid, so every form, the admin included, shows our wording without a form touching
its fields.

The declarations below are what `makemessages` reads: each repeats one of Django's msgids exactly
(singular and plural), so the entry stays in our catalogue, where it is translated. Nothing needs
to import them; `DIGITS` is used by members.forms.Styled for the money fields (see there).
tests/unionplan/test_wording.py posts bad input and reads each message back.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

STOCK = [
    # django.core.validators.MaxLengthValidator / MinLengthValidator
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    # django.core.validators.DecimalValidator (the admin's forms; ours say it in one sentence, DIGITS)
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        "max",
    ),
    # django.core.validators.MaxValueValidator / MinValueValidator
    _("Ensure this value is less than or equal to %(limit_value)s."),
    _("Ensure this value is greater than or equal to %(limit_value)s."),
    # django.core.validators.EmailValidator
    _("Enter a valid email address."),
    # django.forms fields: DateField, TimeField, DateTimeField, DecimalField, IntegerField
    _("Enter a valid date."),
    _("Enter a valid time."),
    _("Enter a valid date/time."),
    _("Enter a number."),
    _("Enter a whole number."),
]

# A decimal field's three digit errors (too many digits, decimals or whole digits) as one sentence
# that names both limits: "最多 10 位整数、2 位小数".
DIGITS = _("At most %(whole)s digits before the decimal point and %(places)s after it.")
