"""Notices (issue 18, point 5): write, attach, preview, publish once, correct by a new notice; who reads
them; feedback during the publicity period; through HTTP, the model and the admin."""

import io
import os
import zipfile
from datetime import date
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress import notices
from congress.models import Notice, NoticeAttachment, NoticeChanged, NoticeFeedback
from members.models import HistoryEntry
from tests.factories import (
    CongressFactory,
    DepartmentFactory,
    MemberFactory,
    NoticeFactory,
    RepresentativeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 5)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def today(clock, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return clock(TODAY)


def pdf(name="绩效工资方案.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def published(union, by, **fields):
    notice = NoticeFactory(union=union, **fields)
    return notices.publish(notice, by)


def post_notice(client, **fields):
    data = {"category": "unit_affairs", "title": "关于评优结果的公示", "body": "经评审，拟推荐以下同志。",
            "audience": "all", "department": "", "publicity_starts_on": "2026-12-05",
            "publicity_ends_on": "2026-12-11", "asks_feedback": "on", **fields}
    return client.post(reverse("congress:notice-create"), data)


# -- writing and publishing ---------------------------------------------------------------------------


def test_committee_writes_a_draft_that_members_cannot_see(login, committee_user, member_user, union):
    response = post_notice(login(committee_user))
    notice = Notice.objects.get()
    assert response.url == reverse("congress:notice-detail", args=[notice.pk])
    assert notice.published_at is None and notice.union == union
    page = login(committee_user).get(response.url).content.decode()
    assert "草稿预览" in page and "发布" in page
    assert login(member_user).get(response.url).status_code == 404
    assert "关于评优结果的公示" not in login(member_user).get(reverse("congress:notice-list")).content.decode()


def test_publishing_freezes_when_by_whom_and_to_whom(login, committee_user, member_user, union):
    MemberFactory.create_batch(3, union=union)
    notice = NoticeFactory(union=union)
    response = login(committee_user).post(reverse("congress:notice-publish", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.published_at is not None and notice.published_by == committee_user
    assert notice.audience_label == "全体会员（5人）"  # the committee member, the member and three others
    entry = HistoryEntry.objects.filter(object_id=str(notice.pk)).latest("at")
    assert entry.actor == committee_user and "全体会员" in entry.note
    page = login(member_user).get(reverse("congress:notice-detail", args=[notice.pk])).content.decode()
    assert notice.title in page and "2026年12月1日至2026年12月10日" in page


def test_a_published_notice_cannot_be_changed_through_http(login, committee_user, union):
    notice = published(union, committee_user)
    client = login(committee_user)
    response = post_notice(client)  # a new draft is fine; the published one is untouched by any path:
    response = client.post(reverse("congress:notice-edit", args=[notice.pk]), {
        "category": "publicity", "title": "改过的标题", "body": "改过", "audience": "all",
        "publicity_starts_on": "2026-12-01"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.title.startswith("关于2026年度") and notice.body == "经教代会审议通过，现将方案予以公示。"
    follow = client.get(reverse("congress:notice-edit", args=[notice.pk]), follow=True).content.decode()
    assert "已发布，不能修改" in follow
    assert client.post(reverse("congress:notice-publish", args=[notice.pk])).status_code == 302
    assert client.post(reverse("congress:notice-delete", args=[notice.pk])).status_code == 302
    assert Notice.objects.filter(pk=notice.pk).exists()
    assert client.post(reverse("congress:notice-attachment-add", args=[notice.pk]), {"file": pdf()}).status_code == 302
    assert not notice.attachments.exists()


def test_the_model_refuses_any_change_after_publication(committee_user, union):
    notice = NoticeFactory(union=union)
    attachment = notices.attach(notice, pdf(), committee_user)
    notices.publish(notice, committee_user)
    notice.refresh_from_db()
    notice.title = "改"
    with pytest.raises(NoticeChanged):
        notice.save()
    with pytest.raises(NoticeChanged):
        notice.delete()
    with pytest.raises(NoticeChanged):
        attachment.save()
    with pytest.raises(NoticeChanged):
        attachment.delete()
    with pytest.raises(NoticeChanged):
        NoticeAttachment.objects.create(union=union, notice=notice, name="x.pdf", content_type="application/pdf")
    with pytest.raises(notices.Refused):
        notices.publish(notice, committee_user)


def test_the_admin_shows_a_published_notice_read_only(login, union):
    admin = UserFactory(is_staff=True, is_superuser=True)
    MemberFactory(union=union, user=admin)
    notice = published(union, admin)
    client = login(admin)
    url = reverse("admin:congress_notice_change", args=[notice.pk])
    page = client.get(url).content.decode()
    assert 'name="_save"' not in page and notice.title in page
    client.post(url, {"title": "改过", "category": "publicity", "body": "x", "audience": "all",
                      "publicity_starts_on": "2026-12-01"})
    notice.refresh_from_db()
    assert notice.title != "改过"
    assert client.post(reverse("admin:congress_notice_delete", args=[notice.pk]), {"post": "yes"}).status_code == 403
    assert Notice.objects.filter(pk=notice.pk).exists()
    draft = NoticeFactory(union=union)
    assert 'name="_save"' in client.get(reverse("admin:congress_notice_change", args=[draft.pk])).content.decode()


# -- corrections --------------------------------------------------------------------------------------


def test_a_correction_is_a_new_notice_and_the_old_one_links_to_it(login, committee_user, member_user, union):
    old = published(union, committee_user)
    client = login(committee_user)
    form = client.get(reverse("congress:notice-correct", args=[old.pk])).content.decode()
    assert "更正：" in form and old.body in form
    response = client.post(reverse("congress:notice-correct", args=[old.pk]), {
        "category": "unit_affairs", "title": "更正：绩效工资分配方案", "body": "第三条更正为……", "audience": "all",
        "publicity_starts_on": "2026-12-05", "publicity_ends_on": "2026-12-12"})
    correction = Notice.objects.get(corrects=old)
    assert response.url == reverse("congress:notice-detail", args=[correction.pk])
    assert "已更正" not in login(member_user).get(reverse("congress:notice-detail", args=[old.pk])).content.decode()
    notices.publish(correction, committee_user)
    page = login(member_user).get(reverse("congress:notice-detail", args=[old.pk])).content.decode()
    assert "已更正，见" in page and reverse("congress:notice-detail", args=[correction.pk]) in page
    old.refresh_from_db()
    assert old.body == "经教代会审议通过，现将方案予以公示。"  # the old one stays as published
    corrected = login(member_user).get(reverse("congress:notice-detail", args=[correction.pk])).content.decode()
    assert "本公告更正" in corrected and old.title in corrected


def test_a_draft_cannot_be_corrected(login, committee_user, union):
    draft = NoticeFactory(union=union)
    response = login(committee_user).get(reverse("congress:notice-correct", args=[draft.pk]), follow=True)
    assert "只有已发布的公告才能更正" in response.content.decode()
    assert Notice.objects.count() == 1


# -- attachments --------------------------------------------------------------------------------------


def attach(client, notice, upload):
    return client.post(reverse("congress:notice-attachment-add", args=[notice.pk]), {"file": upload})


def test_pdf_image_and_word_files_are_attached_under_random_names(login, committee_user, union):
    notice = NoticeFactory(union=union)
    client = login(committee_user)
    assert attach(client, notice, pdf()).status_code == 302
    assert attach(client, notice, SimpleUploadedFile("合影.png", PNG_BYTES)).status_code == 302
    assert attach(client, notice, SimpleUploadedFile("方案.docx", docx_bytes())).status_code == 302
    rows = {a.name: a for a in notice.attachments.all()}
    assert set(rows) == {"绩效工资方案.pdf", "合影.png", "方案.docx"}
    assert rows["合影.png"].content_type == "image/png" and rows["绩效工资方案.pdf"].size == len(PDF_BYTES)
    assert rows["方案.docx"].content_type == notices.DOCX
    for attachment in rows.values():
        assert attachment.file.name.startswith(f"notices/{union.pk}/") and "方案" not in attachment.file.name
        assert "." not in attachment.file.name.rsplit("/", 1)[1]


@pytest.mark.parametrize(("upload", "error"), [
    (SimpleUploadedFile("方案.pdf", b"<html><script>alert(1)</script></html>"), "只能上传 PDF"),
    (SimpleUploadedFile("图.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "只能上传 PDF"),
    (SimpleUploadedFile("方案.exe", b"MZ\x90\x00"), "只能上传 PDF"),
    (SimpleUploadedFile("伪装.pdf", PNG_BYTES), "文件名与内容不符"),
    (SimpleUploadedFile("空.pdf", b""), "文件是空的"),
    (SimpleUploadedFile("zip.docx", b"PK\x03\x04 not really a zip"), "只能上传 PDF"),
])
def test_other_files_are_refused_with_a_chinese_message(login, committee_user, union, upload, error):
    notice = NoticeFactory(union=union)
    response = attach(login(committee_user), notice, upload)
    assert response.status_code == 400 and error in response.content.decode()
    assert not NoticeAttachment.objects.exists()


def test_a_file_over_10_mb_is_refused(login, committee_user, union):
    notice = NoticeFactory(union=union)
    big = SimpleUploadedFile("大.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))
    response = attach(login(committee_user), notice, big)
    assert response.status_code == 400 and "超过 10 MB" in response.content.decode()
    assert not NoticeAttachment.objects.exists()


def test_the_download_carries_the_original_chinese_name_and_a_safe_type(login, committee_user, member_user, union):
    notice = NoticeFactory(union=union)
    attachment = notices.attach(notice, pdf(), committee_user)
    image = notices.attach(notice, SimpleUploadedFile("合影.png", PNG_BYTES), committee_user)
    url = reverse("congress:notice-attachment", args=[attachment.pk])
    assert login(member_user).get(url).status_code == 404  # a draft's files are the committee's
    notices.publish(notice, committee_user)
    response = login(member_user).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('绩效工资方案.pdf')}"
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
    shown = login(member_user).get(reverse("congress:notice-attachment", args=[image.pk]))
    assert shown["Content-Type"] == "image/png" and shown["Content-Disposition"].startswith("inline;")
    page = login(member_user).get(reverse("congress:notice-detail", args=[notice.pk])).content.decode()
    assert f'<img class="figure-img img-fluid rounded border" src="/congress/notices/files/{image.pk}/"' in page


def test_files_are_never_served_from_media(login, committee_user, member_user, union):
    notice = NoticeFactory(union=union)
    attachment = notices.attach(notice, pdf(), committee_user)
    notices.publish(notice, committee_user)
    assert login(member_user).get(f"/media/{attachment.file.name}").status_code == 404


def test_another_unions_attachment_is_404(login, committee_user, chair_of_other_union, union):
    notice = NoticeFactory(union=union)
    attachment = notices.attach(notice, pdf(), committee_user)
    notices.publish(notice, committee_user)
    client = login(chair_of_other_union)
    assert client.get(reverse("congress:notice-attachment", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("congress:notice-detail", args=[notice.pk])).status_code == 404
    assert client.post(reverse("congress:notice-attachment-remove", args=[attachment.pk])).status_code == 404


def test_a_drafts_attachment_can_be_removed_and_its_file_goes(login, committee_user, union,
                                                             django_capture_on_commit_callbacks):
    notice = NoticeFactory(union=union)
    attachment = notices.attach(notice, pdf(), committee_user)
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        login(committee_user).post(reverse("congress:notice-attachment-remove", args=[attachment.pk]))
    assert not NoticeAttachment.objects.exists()
    assert not os.path.exists(path)


# -- audience -----------------------------------------------------------------------------------------


def test_a_department_notice_is_for_that_department_only(login, committee_user, member_user, union):
    chinese, maths = DepartmentFactory(union=union, name="语文组"), DepartmentFactory(union=union, name="数学组")
    member_user.member.department = maths
    member_user.member.save()
    teacher = MemberFactory(union=union, department=chinese, user=UserFactory(role="member"))
    notice = published(union, committee_user, audience=Notice.Audience.DEPARTMENT, department=chinese,
                       title="语文组内公示")
    assert notice.audience_label == "部门：语文组（1人）"
    assert login(member_user).get(reverse("congress:notice-detail", args=[notice.pk])).status_code == 404
    assert "语文组内公示" not in login(member_user).get(reverse("congress:notice-list")).content.decode()
    assert "语文组内公示" not in login(member_user).get(reverse("congress:index")).content.decode()
    assert "语文组内公示" in login(teacher.user).get(reverse("congress:notice-list")).content.decode()
    assert login(teacher.user).get(reverse("congress:notice-detail", args=[notice.pk])).status_code == 200


def test_a_notice_for_the_representatives(login, committee_user, member_user, union):
    representative = RepresentativeFactory(congress=CongressFactory(union=union),
                                           member=MemberFactory(union=union, user=UserFactory(role="member")))
    notice = published(union, committee_user, audience=Notice.Audience.REPRESENTATIVES, title="代表须知")
    assert notice.audience_label == "代表大会代表（1人）"
    assert login(member_user).get(reverse("congress:notice-detail", args=[notice.pk])).status_code == 404
    assert login(representative.member.user).get(reverse("congress:notice-detail", args=[notice.pk])).status_code == 200


def test_a_notice_waits_for_its_first_day(login, committee_user, member_user, union):
    notice = published(union, committee_user, publicity_starts_on=date(2026, 12, 8), publicity_ends_on=None)
    assert login(member_user).get(reverse("congress:notice-detail", args=[notice.pk])).status_code == 404
    assert login(committee_user).get(reverse("congress:notice-detail", args=[notice.pk])).status_code == 200


def test_the_list_shows_current_notices_and_all_on_request(login, committee_user, member_user, union):
    published(union, committee_user, title="本期公示")
    published(union, committee_user, title="过期公示", publicity_starts_on=date(2026, 11, 1),
              publicity_ends_on=date(2026, 11, 7))
    NoticeFactory(union=union, title="未发布草稿")
    client = login(member_user)
    page = client.get(reverse("congress:notice-list")).content.decode()
    assert "本期公示" in page and "过期公示" not in page and "未发布草稿" not in page
    everything = client.get(reverse("congress:notice-list") + "?show=all").content.decode()
    assert "本期公示" in everything and "过期公示" in everything and "未发布草稿" not in everything
    committee = login(committee_user).get(reverse("congress:notice-list")).content.decode()
    assert "本期公示" in committee and "未发布草稿" in committee and "过期公示" not in committee


def test_a_member_cannot_write_or_publish(login, member_user, union):
    notice = NoticeFactory(union=union)
    client = login(member_user)
    assert client.get(reverse("congress:notice-create")).status_code == 403
    assert client.post(reverse("congress:notice-publish", args=[notice.pk])).status_code == 403
    assert attach(client, notice, pdf()).status_code == 403
    notice.refresh_from_db()
    assert notice.published_at is None


# -- feedback -----------------------------------------------------------------------------------------


def feedback(client, notice, text="建议把评分细则一并公示。"):
    return client.post(reverse("congress:notice-feedback", args=[notice.pk]), {"text": text}, follow=True)


def test_a_member_gives_feedback_in_the_period_and_the_committee_reads_it(login, committee_user, member_user, union):
    notice = published(union, committee_user, asks_feedback=True)
    response = feedback(login(member_user), notice)
    assert "您的意见已送交工会委员会" in response.content.decode()
    kept = NoticeFeedback.objects.get()
    assert kept.member == member_user.member and kept.union == union
    assert "建议把评分细则一并公示" in response.content.decode()  # the member sees what they sent
    page = login(committee_user).get(reverse("congress:notice-detail", args=[notice.pk])).content.decode()
    assert "收到的意见" in page and "建议把评分细则一并公示" in page and "刘会员" in page


def test_after_the_period_feedback_is_refused_and_nothing_saved(login, committee_user, member_user, union, clock):
    notice = published(union, committee_user, asks_feedback=True)
    clock(date(2026, 12, 11))
    client = login(member_user)
    page = client.get(reverse("congress:notice-detail", args=[notice.pk])).content.decode()
    assert "公示期已结束，不再收集意见" in page and "data-send-feedback" not in page
    response = feedback(client, notice)
    assert "公示期已结束，不再收集意见" in response.content.decode()
    assert not NoticeFeedback.objects.exists()


def test_on_the_last_day_feedback_is_still_taken(login, committee_user, member_user, union, clock):
    notice = published(union, committee_user, asks_feedback=True)
    clock(date(2026, 12, 10))
    feedback(login(member_user), notice)
    assert NoticeFeedback.objects.count() == 1


def test_feedback_on_a_notice_that_asks_none_or_empty_is_refused(login, committee_user, member_user, union):
    quiet = published(union, committee_user, asks_feedback=False)
    assert "不征求意见" in feedback(login(member_user), quiet).content.decode()
    asking = published(union, committee_user, asks_feedback=True)
    assert "请先写下您的意见" in feedback(login(member_user), asking, text="   ").content.decode()
    assert not NoticeFeedback.objects.exists()


# -- bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fields", "error"), [
    ({"publicity_ends_on": "2026-12-01"}, "公示期的结束日期不能早于开始日期"),
    ({"audience": "department", "department": ""}, "请选择这份公告面向的部门"),
    ({"publicity_starts_on": "2026-13-45"}, "日期"),
    ({"title": ""}, "这个字段是必填项"),
    ({"audience": "everyone"}, "选择一个有效的选项"),
    ({"department": "99999999999999999999999"}, "选择一个有效的选项"),
])
def test_bad_notice_input_is_a_chinese_form_error_and_nothing_saved(login, committee_user, union, fields, error):
    response = post_notice(login(committee_user), **fields)
    assert response.status_code == 200 and error in response.content.decode()
    assert not Notice.objects.exists()


def test_another_unions_department_is_refused(login, committee_user, union, other_union):
    foreign = DepartmentFactory(union=other_union)
    response = post_notice(login(committee_user), audience="department", department=str(foreign.pk))
    assert "选择一个有效的选项" in response.content.decode()
    assert not Notice.objects.exists()


# -- query budgets ------------------------------------------------------------------------------------


def test_list_and_detail_queries_do_not_grow(login, committee_user, member_user, union, django_assert_max_num_queries):
    for i in range(25):
        notice = NoticeFactory(union=union, asks_feedback=True)
        notices.attach(notice, pdf(f"附件{i}.pdf"), committee_user)
        notices.publish(notice, committee_user)
        NoticeFeedback.objects.create(union=union, notice=notice, member=member_user.member, text="意见")
    for user in (committee_user, member_user):
        client = login(user)
        client.get(reverse("congress:index"))  # the session is made before the counting starts
        # the request 3 (session, user with member, permissions), the page, its count, feedback counts
        with django_assert_max_num_queries(7):
            assert client.get(reverse("congress:notice-list")).status_code == 200
        # the request 3, the notice, attachments, corrections, my feedback, all feedback, history 2
        with django_assert_max_num_queries(11):
            assert client.get(reverse("congress:notice-detail", args=[notice.pk])).status_code == 200
