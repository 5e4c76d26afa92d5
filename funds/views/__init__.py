"""The funds pages, one module per area."""

from funds.views.dues import arrears, arrears_xlsx, dues, dues_record, generate, pay, unpay
from funds.views.execution import index, year, year_xlsx
from funds.views.ledger import (
    budget,
    budget_add,
    budget_approve,
    budget_delete,
    budget_record,
    expense_add,
    expense_delete,
    expense_record,
    expenses,
    income,
    income_add,
    income_delete,
    income_record,
)
from funds.views.reviews import review, review_add, review_edit, review_reopen, review_sign, reviews
from funds.views.setup import category, settings
from funds.views.wages import wage_delete, wage_edit, wage_import, wage_template_xlsx, wages

__all__ = [
    "arrears",
    "arrears_xlsx",
    "budget",
    "budget_add",
    "budget_approve",
    "budget_delete",
    "budget_record",
    "category",
    "dues",
    "dues_record",
    "expense_add",
    "expense_delete",
    "expense_record",
    "expenses",
    "generate",
    "income",
    "income_add",
    "income_delete",
    "income_record",
    "index",
    "pay",
    "review",
    "review_add",
    "review_edit",
    "review_reopen",
    "review_sign",
    "reviews",
    "settings",
    "unpay",
    "wage_delete",
    "wage_edit",
    "wage_import",
    "wage_template_xlsx",
    "wages",
    "year",
    "year_xlsx",
]
