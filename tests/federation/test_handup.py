"""Handing up (上报): a school union hands its approved plan and its summary up to the district's
education union, which sends it back with a comment or accepts it; deadlines, the zip, the refusals."""

import io
import zipfile
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from federation import handup
from federation.models import Submission, SubmissionDeadline
from members import official
from plans import document
from plans.models import AnnualPlan
from tests.factories import AnnualPlanFactory, MemberFactory, PlanItemFactory, UnionFactory, UserFactory
from tests.federation.conftest import YEAR

pytestmark = pytest.mark.django_db


def approved_plan(union, chair, title="重点工作"):
    plan = AnnualPlanFactory(union=union, year=YEAR)
    PlanItemFactory(plan=plan, position=0, level=1, title=title)
    plan.submit(chair)
    plan.approve(chair, chair.member, AnnualPlan.ApprovalBody.COMMITTEE)
    return plan


def client_for(client, user):
    client.force_login(user)
    return client


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_whole_flow_hand_up_send_back_hand_up_again_accept(client, federation):
    f = federation
    approved_plan(f.school_a, f.school_chair)
    chair = client_for(client, f.school_chair)
    page = chair.get(reverse("federation:handup"), {"year": YEAR})
    assert page.status_code == 200 and "和平区教育工会" in page.content.decode()

    response = chair.post(reverse("federation:handup-submit", args=[YEAR, "plan"]), follow=True)
    assert "上报" in response.content.decode() or response.status_code == 200
    first = Submission.objects.get(union=f.school_a, kind="plan")
    assert first.status == Submission.Status.SUBMITTED and bytes(first.docx).startswith(b"PK")

    fed = client_for(client.__class__(), f.federation_user)
    listing = fed.get(reverse("federation:submissions"), {"year": YEAR, "kind": "plan"})
    text = listing.content.decode()
    assert "和平区第一小学工会" in text and "和平区第二小学工会" in text  # two levels down too
    assert fed.get(reverse("federation:submission-file", args=[first.pk])).content == bytes(first.docx)

    refused = fed.post(reverse("federation:submission", args=[first.pk]), {"decision": "return", "comment": " "})
    assert refused.status_code == 400
    first.refresh_from_db()
    assert first.status == Submission.Status.SUBMITTED
    fed.post(reverse("federation:submission", args=[first.pk]), {"decision": "return", "comment": "请补充经费预算。"})
    first.refresh_from_db()
    assert first.status == Submission.Status.RETURNED and first.reviewed_by == f.federation_user

    page = chair.get(reverse("federation:handup"), {"year": YEAR}).content.decode()
    assert "请补充经费预算。" in page
    chair.post(reverse("federation:handup-submit", args=[YEAR, "plan"]))
    second = Submission.objects.filter(union=f.school_a, kind="plan").first()
    assert second.pk != first.pk and second.status == Submission.Status.SUBMITTED

    # Only the latest copy is reviewed.
    late = fed.post(reverse("federation:submission", args=[first.pk]), {"decision": "accept"})
    assert late.status_code in (200, 400)
    fed.post(reverse("federation:submission", args=[second.pk]), {"decision": "accept"})
    second.refresh_from_db()
    assert second.status == Submission.Status.ACCEPTED
    assert Submission.objects.filter(union=f.school_a).count() == 2  # the returned copy kept
    assert "已接收" in chair.get(reverse("federation:handup"), {"year": YEAR}).content.decode()


def test_the_summary_is_handed_up_through_the_builder_unionplan_registered(client, federation):
    chair = client_for(client, federation.school_chair)
    chair.post(reverse("federation:handup-submit", args=[YEAR, "summary"]))
    submission = Submission.objects.get(union=federation.school_a, kind="summary")
    assert bytes(submission.docx).startswith(b"PK") and str(YEAR) in submission.title


def test_a_plan_that_is_not_approved_is_refused(client, federation):
    AnnualPlanFactory(union=federation.school_a, year=YEAR)
    chair = client_for(client, federation.school_chair)
    response = chair.post(reverse("federation:handup-submit", args=[YEAR, "plan"]), follow=True)
    assert "只有已批准的计划才能上报" in "".join(messages_of(response))
    assert not Submission.objects.exists()
    response = chair.post(reverse("federation:handup-submit", args=[YEAR + 1, "plan"]), follow=True)
    assert not Submission.objects.exists()


def test_a_union_without_a_parent_is_told_so(client, federation):
    chair = UserFactory(username="outside-chair", role="chair")
    MemberFactory(union=federation.outside, user=chair, name="外单位主席", position="chair")
    approved_plan(federation.outside, chair)
    c = client_for(client, chair)
    assert "没有上级工会" in c.get(reverse("federation:handup")).content.decode()
    response = c.post(reverse("federation:handup-submit", args=[YEAR, "plan"]), follow=True)
    assert "没有上级工会" in "".join(messages_of(response))
    assert not Submission.objects.exists()


def test_a_submission_of_a_union_not_below_is_a_404(client, federation):
    f = federation
    outside_chair = UserFactory(username="outside-chair", role="chair")
    MemberFactory(union=f.outside, user=outside_chair, name="外单位主席", position="chair")
    f.outside.parent = UnionFactory(name="别的总工会")
    f.outside.save()
    approved_plan(f.outside, outside_chair)
    submission = handup.submit(f.outside, YEAR, "plan", outside_chair)
    fed = client_for(client, f.federation_user)
    for name in ("federation:submission", "federation:submission-file"):
        assert fed.get(reverse(name, args=[submission.pk])).status_code == 404
    assert fed.post(reverse("federation:submission", args=[submission.pk]), {"decision": "accept"}).status_code == 404
    assert "外单位" not in fed.get(reverse("federation:submissions"), {"year": YEAR}).content.decode()
    # The school's chair cannot read another union's own file either.
    chair = client_for(client.__class__(), f.school_chair)
    assert chair.get(reverse("federation:handup-file", args=[submission.pk])).status_code == 404
    assert fed.get(reverse("federation:submission", args=[99999999999999999999])).status_code == 404


def test_the_frozen_copy_does_not_change_when_the_plan_is_edited_again(federation):
    f = federation
    plan = approved_plan(f.school_a, f.school_chair, title="原来的标题")
    submission = handup.submit(f.school_a, YEAR, "plan", f.school_chair)
    frozen = bytes(submission.docx)
    plan.revise(f.school_chair, "补充内容")
    plan.items.update(title="改过的标题")
    plan.refresh_from_db()
    assert "改过的标题" in _docx_text(official.word(document.for_plan(plan)))  # the plan itself did change
    submission.refresh_from_db()
    assert bytes(submission.docx) == frozen
    assert "原来的标题" in _docx_text(frozen) and "改过的标题" not in _docx_text(frozen)
    assert Submission.objects.get().title == submission.title


def _docx_text(content):
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_overdue_after_the_deadline(client, federation):
    f = federation
    approved_plan(f.school_a, f.school_chair)
    handup.submit(f.school_a, YEAR, "plan", f.school_chair)
    fed = client_for(client, f.federation_user)
    with time_machine.travel(date(YEAR, 3, 1), tick=False):
        fed.post(reverse("federation:submissions-deadline"), {"year": YEAR, "kind": "plan", "due_on": "2026-03-31"})
        assert SubmissionDeadline.objects.get(union=f.root, year=YEAR, kind="plan").due_on == date(YEAR, 3, 31)
        before = fed.get(reverse("federation:submissions"), {"year": YEAR, "kind": "plan"})
        assert before.context["overdue"] == 0
    with time_machine.travel(date(YEAR, 4, 1), tick=False):
        after = fed.get(reverse("federation:submissions"), {"year": YEAR, "kind": "plan"})
        overdue = {line.name for line in after.context["lines"] if line.overdue}
        assert overdue == {"和平区北片联合工会", "和平区第二小学工会"}
        assert "逾期未上报" in after.content.decode() and "table-danger" in after.content.decode()


def test_a_bad_deadline_is_refused_and_nothing_saved(client, federation):
    fed = client_for(client, federation.federation_user)
    for due in ("", "2026-02-30", "明天", "9" * 40):
        response = fed.post(reverse("federation:submissions-deadline"), {"year": YEAR, "kind": "plan", "due_on": due})
        assert response.status_code == 302
    assert not SubmissionDeadline.objects.exists()


def test_the_zip_holds_every_plan_handed_up_under_its_union_name(client, federation):
    f = federation
    approved_plan(f.school_a, f.school_chair)
    handup.submit(f.school_a, YEAR, "plan", f.school_chair)
    b_chair = UserFactory(username="b-chair", role="chair")
    MemberFactory(union=f.school_b, user=b_chair, name="乙校主席", position="chair")
    approved_plan(f.school_b, b_chair)
    returned = handup.submit(f.school_b, YEAR, "plan", b_chair)
    fed = client_for(client, f.federation_user)
    response = fed.get(reverse("federation:submissions-zip", args=[YEAR, "plan"]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "和平区第一小学工会_2026年工作计划.docx", "和平区第二小学工会_2026年工作计划.docx",
    ]
    assert all(info.flag_bits & 0x800 for info in archive.infolist())  # UTF-8 names
    assert archive.read("和平区第一小学工会_2026年工作计划.docx").startswith(b"PK")
    handup.review(returned, f.federation_user, accept=False, comment="重写")
    archive = zipfile.ZipFile(io.BytesIO(fed.get(reverse("federation:submissions-zip", args=[YEAR, "plan"])).content))
    assert archive.namelist() == ["和平区第一小学工会_2026年工作计划.docx"]


def test_who_may_do_what(client, federation):
    f = federation
    committee = UserFactory(username="school-committee", role="committee")
    MemberFactory(union=f.school_a, user=committee, name="甲校委员", position="committee")
    assert client_for(client, committee).get(reverse("federation:handup")).status_code == 403
    member = client_for(client.__class__(), f.member_user)
    assert member.get(reverse("federation:submissions")).status_code == 403
    # The federation role reviews but does not hand up; the school chair hands up but reviews nothing.
    assert client_for(client.__class__(), f.federation_user).get(reverse("federation:handup")).status_code == 403
    assert client_for(client.__class__(), f.school_chair).get(reverse("federation:submissions")).status_code == 403


def test_query_budgets(client, federation, django_assert_max_num_queries):
    f = federation
    approved_plan(f.school_a, f.school_chair)
    submission = handup.submit(f.school_a, YEAR, "plan", f.school_chair)
    fed = client_for(client, f.federation_user)
    fed.get(reverse("federation:submissions"))  # sessions warmed
    with django_assert_max_num_queries(10):
        fed.get(reverse("federation:submissions"), {"year": YEAR, "kind": "plan"})
    with django_assert_max_num_queries(10):
        fed.get(reverse("federation:submission", args=[submission.pk]))
    with django_assert_max_num_queries(10):
        fed.get(reverse("federation:submissions-zip", args=[YEAR, "plan"]))
    chair = client_for(client.__class__(), f.school_chair)
    chair.get(reverse("federation:handup"))
    with django_assert_max_num_queries(10):
        chair.get(reverse("federation:handup"), {"year": YEAR})


def test_the_plan_and_summary_pages_link_to_the_hand_up_page(client, federation):
    f = federation
    approved_plan(f.school_a, f.school_chair)
    chair = client_for(client, f.school_chair)
    link = f'href="{reverse("federation:handup")}?year={YEAR}"'
    assert link in chair.get(reverse("plans:detail", args=[YEAR])).content.decode()
    assert link in chair.get(reverse("summary:page", args=[YEAR])).content.decode()
    # No parent: no button.
    f.school_a.parent = None
    f.school_a.save()
    assert link not in chair.get(reverse("plans:detail", args=[YEAR])).content.decode()


def test_the_roll_up_links_to_the_documents_handed_up(client, federation):
    page = client_for(client, federation.federation_user).get(reverse("federation:rollup"), {"year": YEAR})
    assert f'href="{reverse("federation:submissions")}?year={YEAR}"' in page.content.decode()


def test_the_unions_below_are_listed_in_pinyin_order_under_their_parent(federation):
    from federation.rollup import load_tree

    UnionFactory(name="和平区安宁小学工会", parent=federation.root)
    lines, _deadline = handup.status_lines(load_tree(), federation.root.pk, YEAR, "plan", date(YEAR, 1, 1))
    assert [line.name for line in lines] == [
        "和平区安宁小学工会", "和平区北片联合工会", "和平区第二小学工会", "和平区第一小学工会",
    ]
    assert [line.depth for line in lines] == [1, 1, 2, 1]


def test_two_unions_of_one_name_keep_both_files_in_the_zip(client, federation):
    f = federation
    f.school_b.name = f.school_a.name
    f.school_b.save()
    b_chair = UserFactory(username="b-chair", role="chair")
    MemberFactory(union=f.school_b, user=b_chair, name="乙校主席", position="chair")
    for union, chair in ((f.school_a, f.school_chair), (f.school_b, b_chair)):
        approved_plan(union, chair)
        handup.submit(union, YEAR, "plan", chair)
    response = client_for(client, f.federation_user).get(reverse("federation:submissions-zip", args=[YEAR, "plan"]))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    plan = "和平区第一小学工会_2026年工作计划"
    assert sorted(names) == [f"{plan}.docx", f"{plan}_{f.school_b.pk}.docx"]
