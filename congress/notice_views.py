"""Notices: list, read, write a draft, attach files, preview, publish, correct, give and read feedback."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress import notices
from congress.models import Notice, NoticeAttachment, NoticeChanged, NoticeFeedback
from congress.notice_forms import AttachmentForm, FeedbackForm, NoticeForm
from members import history
from members.access import get_for_union, require_perm, union_required
from members.history import history_of

PAGE_SIZE = 30


def get_notice(request, pk, *, manage=False):
    """A notice the reader may open (404 otherwise); `manage`: the committee's, drafts included."""
    if manage:
        require_perm(request, "congress.add_notice")
    else:
        require_perm(request, "congress.view_notice")
    queryset = notices.visible(request).select_related("department", "published_by__member", "corrects")
    return get_for_union(request, queryset, pk=pk)


@union_required
def notice_list(request):
    """Current notices first; "all" shows the earlier ones too. The committee sees drafts as well."""
    require_perm(request, "congress.view_notice")
    show = request.GET.get("show", "")
    manage = notices.can_manage(request.user)
    today = timezone.localdate()
    rows = notices.visible(request)
    if show != "all":
        current = Q(pk__in=Notice.objects.for_union(request.union).current(today).values("pk"))
        rows = rows.filter(current | Q(published_at__isnull=True)) if manage else rows.filter(current)
    rows = rows.select_related("department").annotate(attachment_count=Count("attachments"))
    page = Paginator(rows.order_by("-published_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = notices.feedback_counts([n.pk for n in page]) if manage else {}
    for notice in page:
        notice.feedback_count = counts.get(notice.pk, 0)
        notice.in_period = notices.in_period(notice, today)
    return render(request, "congress/notice_list.html", {
        "page": page, "show": show, "manage": manage, "query": f"show={show}" if show == "all" else "",
    })


@union_required
def notice_form(request, pk=None):
    """Write a new draft, or change a draft (a published notice is corrected, not changed)."""
    require_perm(request, "congress.add_notice")
    notice = get_notice(request, pk, manage=True) if pk else Notice(union=request.union)
    if notice.published_at is not None:
        messages.error(request, _("This notice has been published and cannot be changed. "
                                  "Publish a correction instead."))
        return redirect("congress:notice-detail", pk=notice.pk)
    form = NoticeForm(request.POST or None, instance=notice, union=request.union,
                      initial={} if pk else {"publicity_starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            history.save_recorded(form.save(commit=False), request.user)
        except NoticeChanged:
            messages.error(request, _("This notice has been published and cannot be changed."))
        return redirect("congress:notice-detail", pk=form.instance.pk)
    return render(request, "congress/notice_form.html", {"form": form, "notice": notice})


@union_required
def notice_correct(request, pk):
    """A correction: a new draft that refers to the published notice, starting from its text."""
    require_perm(request, "congress.add_notice")
    old = get_notice(request, pk, manage=True)
    try:
        draft = notices.correction_of(old)
    except notices.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("congress:notice-detail", pk=old.pk)
    form = NoticeForm(request.POST or None, instance=draft, union=request.union)
    if request.method == "POST" and form.is_valid():
        notice = form.save(commit=False)
        notice.corrects = old
        history.save_recorded(notice, request.user)
        return redirect("congress:notice-detail", pk=notice.pk)
    return render(request, "congress/notice_form.html", {"form": form, "notice": draft, "corrects": old})


@union_required
def notice_detail(request, pk):
    manage = notices.can_manage(request.user)
    notice = get_notice(request, pk)
    today = timezone.localdate()
    attachments = list(notice.attachments.all())
    notice.in_period = notices.in_period(notice, today)
    context = {
        "notice": notice, "manage": manage,
        "attachments": attachments,
        "images": [a for a in attachments if a.content_type in notices.IMAGES],
        "corrections": notices.corrected_by(notice),
        "in_period": notices.in_period(notice, today),
        "takes_feedback": notices.takes_feedback(notice, today),
        "feedback_form": FeedbackForm() if request.member is not None else None,
        "attachment_form": AttachmentForm() if manage and notice.published_at is None else None,
    }
    if request.member is not None and notice.asks_feedback:
        context["my_feedback"] = NoticeFeedback.objects.filter(notice=notice, member=request.member)
    if request.user.has_perm("congress.view_noticefeedback"):
        context["feedback"] = notice.feedback.select_related("member")
        context["history"] = history_of(notice)[:20]
    return render(request, "congress/notice_detail.html", context)


@require_POST
@union_required
def notice_delete(request, pk):
    require_perm(request, "congress.delete_notice")
    notice = get_notice(request, pk, manage=True)
    try:
        notices.delete_draft(notice, request.user)
    except notices.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("congress:notice-detail", pk=notice.pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("congress:notice-list")


@require_POST
@union_required
def notice_publish(request, pk):
    require_perm(request, "congress.publish_notice")
    notice = get_notice(request, pk, manage=True)
    try:
        notices.publish(notice, request.user)
    except notices.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The notice was published. It can no longer be changed."))
    return redirect("congress:notice-detail", pk=notice.pk)


@require_POST
@union_required
def attachment_add(request, pk):
    require_perm(request, "congress.add_noticeattachment")
    notice = get_notice(request, pk, manage=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            notices.attach(notice, form.cleaned_data["file"], request.user)
        except notices.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The file was attached."))
        return redirect("congress:notice-detail", pk=notice.pk)
    return render(request, "congress/notice_detail.html", {
        "notice": notice, "manage": True, "attachments": list(notice.attachments.all()), "images": [],
        "corrections": [], "attachment_form": form,
    }, status=400)


@require_POST
@union_required
def attachment_remove(request, pk):
    require_perm(request, "congress.delete_noticeattachment")
    attachment = get_for_union(request, NoticeAttachment.objects.select_related("notice"), pk=pk)
    try:
        notices.remove_attachment(attachment, request.user)
    except notices.Refused as refusal:
        messages.error(request, str(refusal))
    return redirect("congress:notice-detail", pk=attachment.notice_id)


@union_required
def attachment_file(request, pk):
    """The file, only to those who may read its notice: never from /media/ directly. Images are shown in
    the page; everything else is downloaded, under its original name."""
    require_perm(request, "congress.view_notice")
    readable = notices.visible(request).values("pk")
    attachment = get_for_union(request, NoticeAttachment.objects.filter(notice__in=readable), pk=pk)
    inline = attachment.content_type in notices.IMAGES
    try:
        handle = attachment.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=not inline, filename=attachment.name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@union_required
def notice_feedback(request, pk):
    require_perm(request, "congress.add_noticefeedback")
    notice = get_notice(request, pk)
    if request.member is None:
        raise PermissionDenied
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("text", []):
            messages.error(request, error)
        return redirect("congress:notice-detail", pk=notice.pk)
    try:
        notices.give_feedback(notice, request.member, form.cleaned_data["text"], request.user)
    except notices.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Thank you. Your opinion was sent to the union committee."))
    return redirect("congress:notice-detail", pk=notice.pk)
