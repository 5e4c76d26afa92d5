"""Notices (校务公开 / 厂务公开 / 公示): write a draft, attach files, publish once, correct by a new notice,
collect feedback during the publicity period.

What was published stays as it was: Notice.save and NoticeAttachment.save refuse a change after
publication (NoticeChanged); `publish` freezes who published it, when, and to whom (`audience_label`,
with the number of members it reached that day).
"""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Notice, NoticeAttachment, NoticeFeedback, Representative
from members import history
from members.models import Member

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10

# What may be attached, told by the first bytes of the file, not by its name: the content type we serve
# it with, the file name endings that go with it, and whether a browser may show it inside the page.
PDF = "application/pdf"
PNG, JPEG, GIF = "image/png", "image/jpeg", "image/gif"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC, XLS = "application/msword", "application/vnd.ms-excel"
SUFFIXES = {
    PDF: {".pdf"}, PNG: {".png"}, JPEG: {".jpg", ".jpeg"}, GIF: {".gif"},
    DOCX: {".docx"}, XLSX: {".xlsx"}, DOC: {".doc"}, XLS: {".xls"},
}
IMAGES = {PNG, JPEG, GIF}  # never SVG: it may carry script
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Refused(Exception):
    """An operation the notice's state does not allow; the message says why, in the reader's words."""


def sniff(upload):
    """The content type of an uploaded file, from its content; ValidationError for anything else."""
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    found = None
    if head.startswith(b"%PDF-"):
        found = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        found = GIF
    elif head.startswith(b"PK\x03\x04"):
        found = _office_zip(upload)
    elif head == OLE_MAGIC and suffix in (".doc", ".xls"):
        found = DOC if suffix == ".doc" else XLS  # the old binary formats share one container
    upload.seek(0)
    if found is None:
        raise ValidationError(_("Only PDF, images (PNG, JPEG, GIF), Word and Excel files can be attached."),
                              code="type")
    if suffix not in SUFFIXES[found]:
        raise ValidationError(_("The file's name does not match its content (%(suffix)s expected).")
                              % {"suffix": "、".join(sorted(SUFFIXES[found]))}, code="suffix")
    return found


def _office_zip(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def clean_file_name(name):
    """The name as the uploader's computer called it, without folders or control characters."""
    name = PurePath(str(name).replace("\\", "/")).name
    name = "".join(c for c in name if c.isprintable()).strip() or "file"
    stem, suffix = PurePath(name).stem, PurePath(name).suffix
    return stem[: 200 - len(suffix)] + suffix


def _expect_draft(notice):
    if notice.published_at is not None:
        raise Refused(_("This notice has been published and cannot be changed. Publish a correction instead."))


@transaction.atomic
def attach(notice, upload, by):
    """Keep `upload` (checked by `sniff`) with the draft `notice`, under a random name."""
    _expect_draft(notice)
    if notice.attachments.count() >= MAX_ATTACHMENTS:
        raise Refused(_("A notice can have at most %(count)s attachments.") % {"count": MAX_ATTACHMENTS})
    content_type = sniff(upload)
    attachment = NoticeAttachment(union_id=notice.union_id, notice=notice, name=clean_file_name(upload.name),
                                  content_type=content_type, size=upload.size)
    attachment.file.save("upload", upload, save=False)
    history.save_recorded(attachment, by, fields=["notice", "name", "content_type", "size"])
    return attachment


def remove_attachment(attachment, by):
    _expect_draft(attachment.notice)
    stored = attachment.file.name
    history.delete_recorded(attachment, by)
    # The file goes once the row is gone for good (a rolled-back delete keeps both).
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))


def delete_draft(notice, by):
    _expect_draft(notice)
    stored = [a.file.name for a in notice.attachments.all()]
    storage = NoticeAttachment._meta.get_field("file").storage
    history.delete_recorded(notice, by)
    transaction.on_commit(lambda: [storage.delete(name) for name in stored])


def audience_members(notice):
    """The members a notice is for, as of today (what `audience_label` counts)."""
    members = Member.objects.for_union(notice.union_id).exclude(status=Member.Status.LEFT)
    if notice.audience == Notice.Audience.DEPARTMENT:
        return members.filter(department_id=notice.department_id)
    if notice.audience == Notice.Audience.REPRESENTATIVES:
        serving = Representative.objects.filter(member=OuterRef("pk")).serving()
        return members.filter(Exists(serving))
    return members


def audience_label(notice):
    """To whom, in words, with how many members that was on the day: 全体会员（82人）."""
    count = audience_members(notice).count()
    if notice.audience == Notice.Audience.DEPARTMENT:
        who = _("Department %(name)s") % {"name": notice.department.name if notice.department else "—"}
    else:
        who = str(notice.get_audience_display())
    return _("%(who)s (%(count)s members)") % {"who": who, "count": count}


@transaction.atomic
def publish(notice, by, now=None):
    """Publish the draft: from now on nothing about it changes. Refused twice, or with a bad audience."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _expect_draft(notice)
    if notice.audience == Notice.Audience.DEPARTMENT and notice.department_id is None:
        raise Refused(_("Choose the department this notice is for."))
    notice.published_at = now or timezone.now()
    notice.published_by = by
    notice.audience_label = audience_label(notice)[:200]
    history.save_recorded(notice, by, note=_("Published to %(who)s") % {"who": notice.audience_label})
    return notice


def correction_of(notice):
    """An unsaved draft that corrects the published `notice`: its text and audience to start from."""
    if notice.published_at is None:
        raise Refused(_("Only a published notice can be corrected; edit the draft instead."))
    return Notice(
        union_id=notice.union_id, category=notice.category, title=_("Correction: %(title)s") % {"title": notice.title},
        body=notice.body, audience=notice.audience, department_id=notice.department_id,
        publicity_starts_on=timezone.localdate(), publicity_ends_on=notice.publicity_ends_on,
        asks_feedback=notice.asks_feedback, corrects=notice,
    )


def in_period(notice, today=None):
    today = today or timezone.localdate()
    return (notice.published_at is not None and notice.publicity_starts_on <= today
            and (notice.publicity_ends_on is None or today <= notice.publicity_ends_on))


def takes_feedback(notice, today=None):
    return notice.asks_feedback and in_period(notice, today)


def give_feedback(notice, member, text, by, today=None):
    """A member's opinion on a notice that asks for it, during its publicity period only."""
    if not notice.asks_feedback:
        raise Refused(_("This notice does not ask for feedback."))
    if not in_period(notice, today):
        raise Refused(_("The publicity period of this notice is over: feedback is no longer taken."))
    feedback = NoticeFeedback(union_id=notice.union_id, notice=notice, member=member, text=text)
    return history.save_recorded(feedback, by)


# -- what a reader sees -------------------------------------------------------------------------------


def can_manage(user):
    return user.has_perm("congress.add_notice") or user.has_perm("congress.publish_notice")


def visible(request):
    """The notices the reader may open: the committee every notice (drafts too); a member the published
    notices of their audience whose period has begun."""
    notices = Notice.objects.for_union(request.union)
    if can_manage(request.user):
        return notices
    if not request.user.has_perm("congress.view_notice") or request.member is None:
        return notices.none()
    return notices.for_audience(request.member).started()


def current_for(member, today=None, limit=None):
    """The current notices (in their publicity period) for `member`, newest first: index and dashboard."""
    if member is None:
        return Notice.objects.none()
    rows = (Notice.objects.for_union(member.union_id).for_audience(member, today).current(today)
            .annotate(attachment_count=Count("attachments"))
            .order_by("-published_at", "-id"))
    return rows[:limit] if limit else rows


def in_period_count(union, today=None):
    return Notice.objects.for_union(union).current(today).count()


def feedback_counts(notices):
    """{notice id: how many feedback} for the committee's list."""
    rows = NoticeFeedback.objects.filter(notice__in=notices).values("notice_id").annotate(n=Count("id"))
    return {row["notice_id"]: row["n"] for row in rows}


def corrected_by(notice):
    """The published notices that correct `notice`, oldest first."""
    return notice.corrections.filter(published_at__isnull=False).order_by("published_at", "id")


