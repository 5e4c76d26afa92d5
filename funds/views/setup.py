"""The union's funds settings: dues rate, rounding, exempt statuses, and the expense categories."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from funds.forms import ExpenseCategoryForm, FundSettingsForm
from funds.models import ExpenseCategory, FundSettings
from members.access import get_for_union, require_perm, union_required
from members.history import history_of, save_recorded


@union_required
def settings(request):
    require_perm(request, "funds.view_fundsettings")
    current = FundSettings.for_union(request.union)
    may_edit = request.user.has_perm("funds.change_fundsettings")
    form = FundSettingsForm(request.POST or None, instance=current) if may_edit else None
    if request.method == "POST" and form is not None and form.is_valid():
        save_recorded(form.save(commit=False), request.user)
        messages.success(request, _("Settings saved. They apply to dues generated from now on."))
        return redirect("funds:settings")
    return render(
        request,
        "funds/settings.html",
        {
            "year": timezone.localdate().year,
            "tab": "settings",
            "form": form,
            "current": current,
            "categories": ExpenseCategory.objects.for_union(request.union),
            "may_edit_categories": request.user.has_perm("funds.change_expensecategory"),
            "history": history_of(current),
        },
    )


@union_required
def category(request, pk=None):
    if pk:
        instance = get_for_union(request, ExpenseCategory, "funds.change_expensecategory", pk=pk)
    else:
        require_perm(request, "funds.add_expensecategory")
        instance = ExpenseCategory(union=request.union)
    form = ExpenseCategoryForm(request.POST or None, instance=instance, union=request.union)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Category saved."))
        return redirect("funds:settings")
    return render(
        request,
        "funds/category_form.html",
        {
            "year": timezone.localdate().year,
            "tab": "settings",
            "form": form,
            "category": instance,
        },
    )
