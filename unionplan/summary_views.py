"""The year-end summary page (/summary/<year>/), its history and its Word, Excel and PDF exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from members.access import require_perm, union_required
from members.downloads import DOCX, PDF, XLSX, attachment
from members.models import HistoryEntry
from members.versioning import StaleEdit
from unionplan import charts, summary
from unionplan.exports import document
from unionplan.exports import docx as docx_export
from unionplan.exports import pdf as pdf_export
from unionplan.exports import xlsx as xlsx_export
from unionplan.models import YearSummary
from unionplan.summary_forms import YearSummaryForm

VIEW, CHANGE = "unionplan.view_yearsummary", "unionplan.change_yearsummary"

EXPORTS = {
    "docx": (docx_export.render, DOCX),
    "xlsx": (xlsx_export.render, XLSX),
    "pdf": (pdf_export.render, PDF),
}


def _seen_version(request):
    """The version the editor started from; a missing or garbled one can only be refused as stale."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _summary(request, year):
    """The year's figures and the chair's text."""
    require_perm(request, VIEW)
    if not summary.year_in_range(year):
        raise Http404
    return summary.build(request.union, year)


@union_required
@require_http_methods(["GET", "POST"])
def page(request, year):
    """The figures of the year, the charts, and the chair's text (editable with the change permission)."""
    s = _summary(request, year)
    can_change = request.user.has_perm(CHANGE)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    text = s.text
    version = text.version if text.pk else 0  # 0: started from the unsaved draft
    form = None
    if can_change:
        if request.GET.get("draft"):
            initial = summary.draft(s)
        elif request.GET.get("refresh") and s.saved is not None:
            initial = summary.refreshed(s)
        else:
            initial = None
        form = YearSummaryForm(request.POST or None, instance=text, initial=initial)
        if request.method == "POST":
            version = _seen_version(request)
            if form.is_valid():
                try:
                    summary.save_text(form.instance, version, request.user, s)
                except StaleEdit as stale:
                    form.add_error(None, str(stale))
                else:
                    messages.success(request, _("The summary text was saved."))
                    return redirect(reverse("summary:page", args=[year]) + "#text")
    context = {
        "summary": s,
        "month_chart": charts.activities_per_month(s.activities),
        "spending_chart": charts.spending_per_category(s.spent_categories),
        "year": year,
        "text": text,
        "form": form,
        "version": version,
        "refreshing": bool(request.GET.get("refresh")) and s.saved is not None,
        "previous_year": year - 1 if summary.year_in_range(year - 1) else None,
        "next_year": year + 1 if summary.year_in_range(year + 1) else None,
    }
    return render(request, "unionplan/summary.html", context)


@union_required
@require_GET
def text_history(request, year):
    """Who changed the chair's text, when, and what."""
    s = _summary_text(request, year)
    entries = HistoryEntry.objects.for_union(request.union).for_object(s)[:100] if s else []
    return render(request, "unionplan/summary_history.html", {"year": year, "text": s, "history": entries})


def _summary_text(request, year):
    require_perm(request, VIEW)
    if not summary.year_in_range(year):
        raise Http404
    return YearSummary.objects.for_union(request.union).filter(year=year).first()


@union_required
@require_GET
def export(request, year, kind):
    """The summary as .docx, .xlsx or .pdf: the same content as the page, text included."""
    s = _summary(request, year)
    render_file, content_type = EXPORTS[kind]
    content = render_file(document.report(s))
    return attachment(content, content_type, f"{s.title}.{kind}")
