"""The accounts of 《工会会计制度》 that a grassroots union reports in: income accounts, expense accounts
and the expense accounts' sub-items (明细科目). Keys are English; labels are the official Chinese names
(through the zh_Hans catalogue).

Each `ExpenseCategory` maps to one expense account and, optionally, one of its sub-items; an `Income`
row's source is its income account (dues income, 会费收入, is summed from the paid dues).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncomeAccount(models.TextChoices):
    DUES = "dues", _("Dues income")
    ALLOCATED = "allocated", _("Allocated funds")
    SUBSIDY = "subsidy", _("Higher-level subsidy")
    ADMIN = "admin", _("Administrative subsidy")
    BUSINESS = "business", _("Business income")
    INVESTMENT = "investment", _("Investment income")
    OTHER = "other", _("Other income")


class ExpenseAccount(models.TextChoices):
    ACTIVITIES = "activities", _("Staff activities expenditure")
    RIGHTS = "rights", _("Rights protection expenditure")
    OPERATIONS = "operations", _("Operating expenditure")
    CAPITAL = "capital", _("Capital expenditure")
    BUSINESS = "business", _("Business expenditure")
    OTHER = "other", _("Other expenditure")


class SubItem(models.TextChoices):
    EDUCATION = "education", _("Staff education")
    SPORTS_CULTURE = "sports_culture", _("Sports and culture")
    PUBLICITY = "publicity", _("Publicity")
    OTHER_ACTIVITIES = "other_activities", _("Other activities")
    LABOUR_RELATIONS = "labour_relations", _("Labour relations")
    LABOUR_PROTECTION = "labour_protection", _("Labour protection")
    LEGAL_AID = "legal_aid", _("Legal aid")
    HARDSHIP_AID = "hardship_aid", _("Aid to members in hardship")
    WARMTH = "warmth", _("Sending warmth")
    OTHER_RIGHTS = "other_rights", _("Other rights protection")
    TRAINING = "training", _("Training")
    MEETINGS = "meetings", _("Meetings")
    SPECIAL = "special", _("Special operations")
    OTHER_OPERATIONS = "other_operations", _("Other operations")
    BUILDINGS = "buildings", _("Buildings")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER_CAPITAL = "other_capital", _("Other capital expenditure")


SUB_ITEMS = {
    ExpenseAccount.ACTIVITIES: [SubItem.EDUCATION, SubItem.SPORTS_CULTURE, SubItem.PUBLICITY, SubItem.OTHER_ACTIVITIES],
    ExpenseAccount.RIGHTS: [
        SubItem.LABOUR_RELATIONS,
        SubItem.LABOUR_PROTECTION,
        SubItem.LEGAL_AID,
        SubItem.HARDSHIP_AID,
        SubItem.WARMTH,
        SubItem.OTHER_RIGHTS,
    ],
    ExpenseAccount.OPERATIONS: [SubItem.TRAINING, SubItem.MEETINGS, SubItem.SPECIAL, SubItem.OTHER_OPERATIONS],
    ExpenseAccount.CAPITAL: [SubItem.BUILDINGS, SubItem.EQUIPMENT, SubItem.OTHER_CAPITAL],
    ExpenseAccount.BUSINESS: [],
    ExpenseAccount.OTHER: [],
}

ACCOUNT_OF_SUB_ITEM = {sub.value: account.value for account, subs in SUB_ITEMS.items() for sub in subs}

# The official names, for mapping categories named in Chinese (the data migration, the default list).
ACCOUNT_NAMES = {
    "职工活动支出": ExpenseAccount.ACTIVITIES,
    "维权支出": ExpenseAccount.RIGHTS,
    "业务支出": ExpenseAccount.OPERATIONS,
    "资本性支出": ExpenseAccount.CAPITAL,
    "事业支出": ExpenseAccount.BUSINESS,
    "其他支出": ExpenseAccount.OTHER,
}
SUB_ITEM_NAMES = {
    "职工教育": SubItem.EDUCATION,
    "文体活动": SubItem.SPORTS_CULTURE,
    "宣传活动": SubItem.PUBLICITY,
    "其他活动": SubItem.OTHER_ACTIVITIES,
    "劳动关系协调": SubItem.LABOUR_RELATIONS,
    "劳动保护": SubItem.LABOUR_PROTECTION,
    "法律援助": SubItem.LEGAL_AID,
    "困难职工帮扶": SubItem.HARDSHIP_AID,
    "送温暖": SubItem.WARMTH,
    "其他维权支出": SubItem.OTHER_RIGHTS,
    "培训": SubItem.TRAINING,
    "会议": SubItem.MEETINGS,
    "专项业务": SubItem.SPECIAL,
    "其他业务支出": SubItem.OTHER_OPERATIONS,
    "房屋建筑物购建": SubItem.BUILDINGS,
    "设备购置": SubItem.EQUIPMENT,
    "其他资本性支出": SubItem.OTHER_CAPITAL,
}


def mapping_for_name(name):
    """(account, sub-item) for a category named by an official account or sub-item ("职工活动支出",
    "文体活动", "职工活动支出-文体活动"), else ("", "") — names that are not clear stay unmapped."""
    name = (name or "").strip()
    for separator in ("-", "—", "·", "/", "－"):
        if separator in name:
            head, _sep, tail = name.partition(separator)
            account, sub = ACCOUNT_NAMES.get(head.strip()), SUB_ITEM_NAMES.get(tail.strip())
            if account and sub and ACCOUNT_OF_SUB_ITEM[sub] == account:
                return account.value, sub.value
    if name in ACCOUNT_NAMES:
        return ACCOUNT_NAMES[name].value, ""
    if name in SUB_ITEM_NAMES:
        sub = SUB_ITEM_NAMES[name]
        return ACCOUNT_OF_SUB_ITEM[sub.value], sub.value
    return "", ""


# The categories a new union starts with: (name, account, in use) of the six expense accounts — 事业支出
# (for unions that run an institution) switched off until wanted. A union adds sub-item categories in its
# settings when it keeps its books at that level.
DEFAULT_CATEGORIES = [
    (name, account.value, account != ExpenseAccount.BUSINESS) for name, account in ACCOUNT_NAMES.items()
]
