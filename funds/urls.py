from django.urls import path

from funds import views
from funds.views import accounts

app_name = "funds"

urlpatterns = [
    # the 2% allocation (拨缴经费) and the final accounts (决算)
    path("<int:year>/allocation/", accounts.allocations, name="allocations"),
    path("<int:year>/allocation/add/", accounts.allocation_add, name="allocation-add"),
    path("allocation/<int:pk>/", accounts.allocation_record, name="allocation-record"),
    path("allocation/<int:pk>/delete/", accounts.allocation_delete, name="allocation-delete"),
    path("<int:year>/final-accounts/", accounts.final_accounts, name="final-accounts"),
    path("<int:year>/final-accounts.xlsx", accounts.final_accounts_xlsx, name="final-accounts-xlsx"),
    path("<int:year>/final-accounts.pdf", accounts.final_accounts_pdf, name="final-accounts-pdf"),
    path(
        "<int:year>/final-accounts/explain/<str:line>/", accounts.final_accounts_explain, name="final-accounts-explain"
    ),
    path("", views.index, name="index"),
    path("<int:year>/", views.year, name="year"),
    path("<int:year>/execution.xlsx", views.year_xlsx, name="year-xlsx"),
    # dues
    path("<int:year>/dues/", views.dues, name="dues"),
    path("<int:year>/dues/generate/", views.generate, name="dues-generate"),
    path("<int:year>/dues/pay/", views.pay, name="dues-pay"),
    path("dues/<int:pk>/", views.dues_record, name="dues-record"),
    path("dues/<int:pk>/unpay/", views.unpay, name="dues-unpay"),
    path("<int:year>/arrears/", views.arrears, name="arrears"),
    path("<int:year>/arrears.xlsx", views.arrears_xlsx, name="arrears-xlsx"),
    # wage bases
    path("<int:year>/wages/", views.wages, name="wages"),
    path("<int:year>/wages/import/", views.wage_import, name="wage-import"),
    path("<int:year>/wages/template.xlsx", views.wage_template_xlsx, name="wage-template"),
    path("<int:year>/wages/<int:member_id>/add/", views.wage_edit, name="wage-add"),
    path("<int:year>/wages/<int:member_id>/<int:pk>/", views.wage_edit, name="wage-edit"),
    path("wages/<int:pk>/delete/", views.wage_delete, name="wage-delete"),
    # income
    path("<int:year>/income/", views.income, name="income"),
    path("income/add/", views.income_add, name="income-add"),
    path("income/<int:pk>/", views.income_record, name="income-record"),
    path("income/<int:pk>/delete/", views.income_delete, name="income-delete"),
    # expenses
    path("<int:year>/expenses/", views.expenses, name="expenses"),
    path("expenses/add/", views.expense_add, name="expense-add"),
    path("expenses/<int:pk>/", views.expense_record, name="expense-record"),
    path("expenses/<int:pk>/delete/", views.expense_delete, name="expense-delete"),
    # budget
    path("<int:year>/budget/", views.budget, name="budget"),
    path("<int:year>/budget/add/", views.budget_add, name="budget-add"),
    path("<int:year>/budget/approve/", views.budget_approve, name="budget-approve"),
    path("budget/<int:pk>/", views.budget_record, name="budget-record"),
    path("budget/<int:pk>/delete/", views.budget_delete, name="budget-delete"),
    # fund review
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/add/", views.review_add, name="review-add"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="review-edit"),
    path("reviews/<int:pk>/sign/", views.review_sign, name="review-sign"),
    path("reviews/<int:pk>/reopen/", views.review_reopen, name="review-reopen"),
    # settings
    path("settings/", views.settings, name="settings"),
    path("settings/categories/add/", views.category, name="category-add"),
    path("settings/categories/<int:pk>/", views.category, name="category-edit"),
]

# welfare caps and festival distributions
from funds.views import welfare as welfare_views  # noqa: E402

urlpatterns += [
    path("<int:year>/welfare/", welfare_views.welfare, name="welfare"),
    path("<int:year>/distributions/", welfare_views.distributions, name="distributions"),
    path("<int:year>/distributions/add/", welfare_views.distribution_add, name="distribution-add"),
    path("distributions/<int:pk>/", welfare_views.distribution, name="distribution"),
    path("distributions/<int:pk>/sign/<int:recipient_id>/", welfare_views.distribution_sign, name="distribution-sign"),
    path("distributions/<int:pk>/sign-for-list.xlsx", welfare_views.distribution_xlsx, name="distribution-xlsx"),
    path("distributions/<int:pk>/sign-for-list.pdf", welfare_views.distribution_pdf, name="distribution-pdf"),
    path("care-visits/<int:visit_id>/cap-reason/", welfare_views.visit_cap_reason, name="visit-cap-reason"),
]

# the statute's automatic leave: six months of neither dues nor participation (funds/inactive.py)
from funds.views import inactive as inactive_views  # noqa: E402

urlpatterns += [
    path("inactive/", inactive_views.inactive, name="inactive"),
    path("inactive/<int:member_id>/leave/", inactive_views.confirm, name="inactive-leave"),
    path("inactive/<int:member_id>/dismiss/", inactive_views.dismiss, name="inactive-dismiss"),
]
