"""The plan as a Word file and a PDF laid out as an official document (plans.document): the plan as it
stands (/plans/2026.docx) and each approved version (/plans/2026/versions/2.docx). Who may download
what is who may read the page: the same lookups as plans.views.plan_detail and plan_version.
?owners=annex puts owners and deadlines in a table annex instead of a line under each item."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from members import official
from members.access import require_perm, union_required
from members.downloads import DOCX, PDF, attachment
from plans import document
from plans.models import AnnualPlan, PlanSnapshot
from plans.views import VIEW

FORMATS = {"docx": (official.word, DOCX), "pdf": (official.pdf, PDF)}


def _owners(request):
    return document.OWNERS_ANNEX if request.GET.get("owners") == document.OWNERS_ANNEX else document.OWNERS_INLINE


def _file(doc, fmt, name):
    render, content_type = FORMATS[fmt]
    return attachment(render(doc), content_type, name)


@union_required
def plan_file(request, year, fmt):
    require_perm(request, VIEW)
    plan = AnnualPlan.objects.for_union(request.union).filter(year=year).select_related("union").first()
    if plan is None:
        raise Http404
    if not plan.is_visible_to(request.user):
        # While the committee revises an approved plan, members get the version last approved.
        latest = plan.snapshots.order_by("-number").first()
        if latest is None:
            raise Http404
        url = reverse(f"plans:version-{fmt}", args=[year, latest.number])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    doc = document.for_plan(plan, _owners(request))
    return _file(doc, fmt, document.file_name(doc.title or str(year), fmt))


@union_required
def version_file(request, year, number, fmt):
    require_perm(request, VIEW)
    version = get_object_or_404(
        PlanSnapshot.objects.for_union(request.union).select_related("plan__union"),
        plan__year=year,
        number=number,
    )
    doc = document.for_version(version, _owners(request))
    return _file(doc, fmt, document.file_name(doc.title or str(year), fmt, version))
