"""Downloads of a congress's proposal register (提案汇总表, .xlsx) and of the report on how its proposals
were handled (提案办理情况报告, .docx and .pdf): for whoever reviews its proposals — the committee and
the chair (congress.review_proposal) and the members of its proposal committee."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import pgettext

from congress import exports
from congress.models import Congress
from congress.proposals import is_reviewer
from members import official
from members.access import get_for_union, require_perm, union_required
from members.downloads import DOCX, PDF, XLSX, attachment

REPORT_FORMATS = {"docx": (official.word, DOCX), "pdf": (official.pdf, PDF)}


def _congress(request, pk):
    require_perm(request, "congress.view_congress")
    congress = get_for_union(request, Congress.objects.select_related("union"), pk=pk)
    if not is_reviewer(request.user, congress):
        raise PermissionDenied
    return congress


@union_required
def register_xlsx(request, pk):
    congress = _congress(request, pk)
    name = exports.file_name(congress, pgettext("export", "proposal register"), "xlsx")
    return attachment(exports.register_xlsx(congress), XLSX, name)


@union_required
def report_file(request, pk, fmt):
    congress = _congress(request, pk)
    render, content_type = REPORT_FORMATS[fmt]
    document = exports.report_document(congress)
    return attachment(render(document), content_type, f"{document.title}.{fmt}".replace("/", "-"))
