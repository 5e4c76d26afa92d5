from django.contrib import admin, messages

from funds.models import (
    BudgetLine,
    Dues,
    DuesMonthTotal,
    Expense,
    ExpenseCategory,
    FundReview,
    FundSettings,
    Income,
    PeriodLocked,
    ReviewSignature,
    WageBase,
)
from funds.money import delete_money, save_money
from members.admin import UnionScopedAdmin


class MoneyAdmin(UnionScopedAdmin):
    """Changes made in the admin keep a history and respect the period lock like the app's pages."""

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.union = request.union
        save_money(obj, request.user)

    def delete_model(self, request, obj):
        delete_money(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            try:
                delete_money(obj, request.user)
            except PeriodLocked as error:
                messages.error(request, f"{obj}: {error.messages[0]}")


@admin.register(FundSettings)
class FundSettingsAdmin(UnionScopedAdmin):
    list_display = ["union", "dues_rate", "rounding"]
    list_filter = ["rounding"]
    search_fields = ["union__name"]


@admin.register(ExpenseCategory)
class ExpenseCategoryAdmin(UnionScopedAdmin):
    list_display = ["name", "order", "active", "union"]
    list_filter = ["active", "union"]
    search_fields = ["name"]


@admin.register(WageBase)
class WageBaseAdmin(MoneyAdmin):
    list_display = ["member", "year", "from_month", "amount", "union"]
    list_filter = ["year", "from_month", "union"]
    search_fields = ["member__name", "member__employee_number"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]


@admin.register(Dues)
class DuesAdmin(MoneyAdmin):
    list_display = ["member", "year", "month", "wage_base", "amount", "paid_on", "method"]
    list_filter = ["year", "month", "method", "union"]
    search_fields = ["member__name", "member__employee_number"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
    date_hierarchy = "paid_on"


@admin.register(Income)
class IncomeAdmin(MoneyAdmin):
    list_display = ["date", "source", "amount", "payer", "receipt_number", "union"]
    list_filter = ["source", "union"]
    search_fields = ["payer", "description", "receipt_number"]
    date_hierarchy = "date"


@admin.register(BudgetLine)
class BudgetLineAdmin(MoneyAdmin):
    list_display = ["year", "category", "amount", "approved_at", "union"]
    list_filter = ["year", "category", "union"]
    search_fields = ["category__name", "note"]
    list_select_related = ["category"]


@admin.register(Expense)
class ExpenseAdmin(MoneyAdmin):
    list_display = ["date", "category", "amount", "payee", "description", "receipt_number"]
    list_filter = ["category", "union"]
    search_fields = ["payee", "description", "receipt_number"]
    list_select_related = ["category"]
    raw_id_fields = ["activity", "care_visit"]
    date_hierarchy = "date"


class ReviewSignatureInline(admin.TabularInline):
    model = ReviewSignature
    extra = 0
    readonly_fields = ["member", "signed_at"]
    exclude = ["union"]

    def has_add_permission(self, request, obj=None):
        return False  # reviewers sign on the review page, which locks the period


@admin.register(FundReview)
class FundReviewAdmin(MoneyAdmin):
    list_display = ["__str__", "start", "end", "conclusion", "status", "union"]
    list_filter = ["status", "conclusion", "kind", "union"]
    search_fields = ["findings", "reopen_reason"]
    filter_horizontal = ["reviewers"]
    readonly_fields = ["status", "signed_at", "reopened_at", "reopened_by", "reopen_reason"]
    inlines = [ReviewSignatureInline]


@admin.register(ReviewSignature)
class ReviewSignatureAdmin(UnionScopedAdmin):
    list_display = ["review", "member", "signed_at", "union"]
    list_filter = ["union"]
    search_fields = ["member__name"]
    list_select_related = ["review", "member"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DuesMonthTotal)
class DuesMonthTotalAdmin(UnionScopedAdmin):
    """Read only: the totals are recomputed from the dues after every change."""

    list_display = ["year", "month", "rows", "unpaid_rows", "expected", "collected", "arrears", "paid_in", "union"]
    list_filter = ["year", "union"]
    search_fields = ["year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
