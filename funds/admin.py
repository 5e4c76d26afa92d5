from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

import activities.admin
import members.admin
from activities.models import Activity
from funds import links
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
    ReviewLocked,
    ReviewSignature,
    WageBase,
    locking_review,
)
from members.admin import UnionScopedAdmin, UnionScopedInline
from members.history import delete_recorded, save_recorded
from members.models import CareVisit


def _delete_selected_unless_refused(modeladmin, request, queryset):
    """The admin's "delete selected" deletes all or nothing: any refused row stops it, each refusal said."""
    refusals = [refusal for obj in queryset if (refusal := modeladmin.deletion_refusal(obj))]
    if refusals:
        for refusal in refusals:
            modeladmin.message_user(request, refusal, messages.ERROR)
        return None  # back to the list, nothing deleted
    return delete_selected(modeladmin, request, queryset)


class RefusesLockedDeletion:
    """The admin asks `deletion_refusal(obj)` before deleting: a deletion the fund review's lock
    refuses is a message on the object's page (or on the list), never a 500 — and "delete selected"
    refuses the whole selection rather than deleting part of it under a "deleted" message."""

    def deletion_refusal(self, obj):
        """Why `obj` cannot be deleted now (a message), or None."""
        return None

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        refusal = self.deletion_refusal(obj) if obj is not None else None
        if refusal is None:
            try:
                return super().delete_view(request, object_id, extra_context)
            except ValidationError as error:  # locked in between: the view's transaction is undone
                refusal = error.messages[0]
        self.message_user(request, refusal, messages.ERROR)
        opts = self.opts
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (_delete_selected_unless_refused, name, description)
        return actions


class MoneyAdmin(RefusesLockedDeletion, UnionScopedAdmin):
    """Changes made in the admin keep a history and respect the period lock like the app's pages."""

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.union = request.union
        save_recorded(obj, request.user)

    def deletion_refusal(self, obj):
        if hasattr(obj, "touched_spans"):
            review = locking_review(obj.union_id, obj.touched_spans(None))
            if review is not None:
                return f"{obj}：{PeriodLocked(review).messages[0]}"
        return None

    def delete_model(self, request, obj):
        delete_recorded(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            try:
                delete_recorded(obj, request.user)
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


class ReviewSignatureInline(UnionScopedInline):
    model = ReviewSignature
    extra = 0
    readonly_fields = ["member", "signed_at"]
    exclude = ["union"]

    def has_add_permission(self, request, obj=None):
        return False  # reviewers sign on the review page, which locks the period

    def has_delete_permission(self, request, obj=None):
        return False  # signatures are taken off only by reopening the review, with a reason


@admin.register(FundReview)
class FundReviewAdmin(MoneyAdmin):
    """A signed review is shown read only, with the way to the review page where the chair reopens
    it giving a reason (FundReview.reopen, which clears the signatures); the model refuses a change
    from anywhere else too."""

    list_display = ["__str__", "start", "end", "conclusion", "status", "union"]
    list_filter = ["status", "conclusion", "kind", "union"]
    search_fields = ["findings", "reopen_reason"]
    filter_horizontal = ["reviewers"]
    readonly_fields = ["status", "signed_at", "reopened_at", "reopened_by", "reopen_reason"]
    inlines = [ReviewSignatureInline]
    change_form_template = "funds/admin/review_change_form.html"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class ReviewForm(form):
            def clean_reviewers(self):
                reviewers = self.cleaned_data["reviewers"]
                try:  # the chair, the treasurer and whoever keeps the money may not review (as on the page)
                    FundReview.check_reviewers(reviewers)
                except ValidationError as refused:
                    raise ValidationError(refused.message_dict["reviewers"]) from None
                return reviewers

        return ReviewForm

    def save_model(self, request, obj, form, change):
        # The review and its reviewers in one transaction and one history entry, as the review page does.
        obj.save_with_reviewers(form.cleaned_data["reviewers"], request.user)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the reviewers were saved with the review (save_model)
            self.save_formset(request, form, formset, change=change)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_locked)

    def has_delete_permission(self, request, obj=None):
        # No delete button on a signed review; its delete page still explains (deletion_refusal).
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_locked)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            review = self.get_object(request, unquote(object_id))
            if review is not None and review.is_locked:  # e.g. signed while this form was open
                self.message_user(request, ReviewLocked().messages[0], messages.ERROR)
                return HttpResponseRedirect(request.path)
        return super().change_view(request, object_id, form_url, extra_context)

    def deletion_refusal(self, obj):
        if obj.is_locked:
            return ReviewLocked(_("A signed review cannot be deleted; the chair can reopen it first.")).messages[0]
        return None


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

    def has_delete_permission(self, request, obj=None):
        return False  # signatures are taken off only by reopening the review, with a reason


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


# --- what money was spent for ------------------------------------------------------------------


class SpentForAdmin(RefusesLockedDeletion):
    """An activity's or a care visit's admin: deleting one that a locked expense was spent for is
    refused, naming the expenses; otherwise the expenses' history names the admin user who deleted
    it (funds/links.py). Funds extends the two apps' own admins here, since they cannot import funds."""

    def deletion_refusal(self, obj):
        refused = links.refusal(obj)
        return refused.messages[0] if refused else None

    def delete_model(self, request, obj):
        obj.deleted_by = request.user
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            obj.deleted_by = request.user
            obj.delete()


admin.site.unregister(Activity)


@admin.register(Activity)
class ActivityAdmin(SpentForAdmin, activities.admin.ActivityAdmin):
    pass


admin.site.unregister(CareVisit)


@admin.register(CareVisit)
class CareVisitAdmin(SpentForAdmin, members.admin.CareVisitAdmin):
    pass


# --- welfare caps and festival distributions ----------------------------------------------------

from funds.models import CareCapReason, DistributionRecipient, FestivalDistribution, WelfareStandard  # noqa: E402


@admin.register(WelfareStandard)
class WelfareStandardAdmin(MoneyAdmin):
    list_display = ["year", "province", "festival_per_year", "birthday", "hospital", "union"]
    list_filter = ["year", "province", "union"]
    search_fields = ["province", "source"]


class DistributionRecipientInline(UnionScopedInline):
    model = DistributionRecipient
    extra = 0
    fields = ["member", "amount", "signed_at"]
    autocomplete_fields = ["member"]


@admin.register(FestivalDistribution)
class FestivalDistributionAdmin(MoneyAdmin):
    list_display = ["date", "festival", "item", "amount_per_person", "supplier", "poverty_supplier", "union"]
    list_filter = ["festival", "gift_type", "poverty_supplier", "union"]
    search_fields = ["festival", "item", "supplier", "invoice_number"]
    date_hierarchy = "date"
    readonly_fields = ["expense"]
    inlines = [DistributionRecipientInline]


@admin.register(CareCapReason)
class CareCapReasonAdmin(MoneyAdmin):
    list_display = ["care_visit", "reason", "union"]
    list_filter = ["union"]
    search_fields = ["care_visit__member__name", "reason"]
    autocomplete_fields = ["care_visit"]


@admin.register(DistributionRecipient)
class DistributionRecipientAdmin(UnionScopedAdmin):
    """The sign-for lists' rows, to look one up; they are made with their distribution and ticked on its page."""

    list_display = ["distribution", "member", "amount", "signed_at", "union"]
    list_filter = ["distribution", "signed_at", "union"]
    search_fields = ["member__name", "distribution__festival", "distribution__item"]
    list_select_related = ["distribution", "member"]
    autocomplete_fields = ["member"]

    def has_add_permission(self, request):
        return False  # a member joins a list with the distribution (funds.distributions.create_distribution)


# --- the 2% allocation and the final accounts ---------------------------------------------------

from funds.models import Allocation, FinalAccountsNote  # noqa: E402


class AllocationKindFilter(admin.ChoicesFieldListFilter):
    """Month or quarter: the field's own name, "period", is translated as a review's period (审查期间)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("allocation recorded")


@admin.register(Allocation)
class AllocationAdmin(MoneyAdmin):
    list_display = ["period_label", "payroll", "due", "paid", "paid_on", "kept", "passed_up", "union"]
    list_filter = ["year", ("period", AllocationKindFilter), "union"]
    search_fields = ["note"]
    readonly_fields = ["start", "end", "due", "kept", "passed_up"]
    date_hierarchy = "paid_on"

    @admin.display(description=_("month or quarter"), ordering="start")
    def period_label(self, obj):
        return obj.period_label

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "period" and field is not None:
            field.label = _("allocation recorded")
        return field


@admin.register(FinalAccountsNote)
class FinalAccountsNoteAdmin(MoneyAdmin):
    list_display = ["year", "line", "explanation", "updated_at", "union"]
    list_filter = ["year", "union"]
    search_fields = ["line", "explanation"]
