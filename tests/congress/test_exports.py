"""The proposal register (提案汇总表, Excel) and the report on how the proposals were handled
(提案办理情况报告, Word and PDF): they open, their figures are the database's, the right people may
download them, and they cost a fixed number of queries however many proposals there are."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from django.urls import reverse

from congress import exports
from congress.models import Congress, Cosignature, Delegation, Proposal, ProposalReply, Representative
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
S, R = Proposal.Status, ProposalReply.Rating


@pytest.fixture(autouse=True)
def _today(clock):
    clock(TODAY)


def _congress(union):
    return Congress.objects.create(union=union, kind=Congress.Kind.TEACHERS, term=9, session=6,
                                   starts_on=date(2026, 3, 13), status=Congress.Status.IN_SESSION)


def _representatives(congress, n=4):
    delegation = Delegation.objects.create(union=congress.union, congress=congress, name="语文组代表团")
    names = ["张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十"]
    return [Representative.objects.create(union=congress.union, congress=congress, delegation=delegation,
                                           member=MemberFactory(union=congress.union, name=names[i]),
                                           term_starts_on=date(2026, 3, 13)) for i in range(n)]


def _proposal(congress, proposer, title, status, number=None, cosigners=(), **fields):
    p = Proposal.objects.create(union=congress.union, congress=congress, proposer=proposer, title=title,
                                reason="理由。", measures="措施。", status=status, number=number,
                                submitted_at=datetime(2026, 3, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai")), **fields)
    for r in cosigners:
        Cosignature.objects.create(union=congress.union, proposal=p, representative=r)
    return p


def _reply(p, round_, text, rating="", second=False, on=date(2026, 5, 1)):
    return ProposalReply.objects.create(union=p.union, proposal=p, round=round_, text=text, replied_by="总务处",
                                        replied_on=on, rating=rating, second_reply_asked=second)


@pytest.fixture
def congress(union):
    congress = _congress(union)
    a, b, c, d = _representatives(congress)
    closed = _proposal(congress, a, "关于改善教工食堂伙食的建议", S.CLOSED, 1, [b, c], handler="总务处",
                       reply_due_on=date(2026, 5, 15))
    _reply(closed, 1, "学校已更换食堂承包商。每周公布菜谱。", R.SATISFIED)
    second = _proposal(congress, b, "关于教师周转房维修的建议", S.CLOSED, 2, [a, c], handler="后勤处",
                       reply_due_on=date(2026, 5, 30))
    _reply(second, 1, "暂无经费。", R.UNSATISFIED, second=True, on=date(2026, 4, 20))
    _reply(second, 2, "已列入暑期维修计划。", R.MOSTLY, on=date(2026, 5, 20))
    replied = _proposal(congress, c, "关于课后服务补贴发放的建议", S.REPLIED, 3, [a, b], handler="财务室",
                        reply_due_on=date(2026, 6, 10))
    _reply(replied, 1, "按月发放。")
    _proposal(congress, d, "关于职称评聘公开透明的建议", S.REGISTERED, 4, [a, b], handler="人事处",
              reply_due_on=date(2026, 5, 20))  # overdue on 1 June
    _proposal(congress, a, "关于绩效分配方案的建议", S.REGISTERED, 5, [c, d], handler="校长办公室",
              reply_due_on=date(2026, 7, 1))
    merged = Proposal.objects.get(number=5)
    _proposal(congress, b, "关于绩效工资的建议", S.MERGED, merged_into=merged, review_note="与第5号内容相同")
    _proposal(congress, c, "关于体检项目的建议", S.NOT_REGISTERED, review_note="属个人诉求")
    _proposal(congress, d, "关于办公室空调的建议", S.TO_SUGGESTION, review_note="转总务处研究")
    _proposal(congress, a, "关于教师培训的建议", S.SUBMITTED, cosigners=[b])
    _proposal(congress, b, "草稿不出现", S.DRAFT)
    return congress


def test_figures_agree_with_the_database(congress):
    registered, others = exports.proposals_of(congress)
    f = exports.figures(registered, others, TODAY)
    assert [p.number for p in registered] == [1, 2, 3, 4, 5]
    assert [p.status for p in others] == [S.MERGED, S.TO_SUGGESTION, S.NOT_REGISTERED, S.SUBMITTED]
    assert f.received == Proposal.objects.exclude(status=S.DRAFT).count() == 9
    assert (f.registered, f.merged, f.not_registered, f.to_suggestion, f.awaiting_review) == (5, 1, 1, 1, 1)
    assert (f.replied, f.second_replies, f.handling, f.overdue, f.awaiting_rating, f.closed) == (3, 1, 2, 1, 1, 2)
    assert (f.satisfied, f.mostly, f.unsatisfied) == (1, 1, 0)  # the second reply's rating counts, not the first
    assert str(f.satisfaction) == "100.0"


def test_register_opens_with_one_row_a_proposal_in_order(client, chair_user, congress):
    client.force_login(chair_user)
    response = client.get(reverse("congress:proposals-xlsx", args=[congress.pk]))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert congress.union.name in rows[0][0]
    assert rows[2] == exports.register_headers()
    body = [r for r in rows[3:] if r[1]]
    titles = [r[1] for r in body]
    assert titles[:5] == ["关于改善教工食堂伙食的建议", "关于教师周转房维修的建议", "关于课后服务补贴发放的建议",
                          "关于职称评聘公开透明的建议", "关于绩效分配方案的建议"]
    assert titles[5:] == ["关于绩效工资的建议", "关于办公室空调的建议", "关于体检项目的建议", "关于教师培训的建议"]
    assert "草稿不出现" not in str(rows)
    first = body[0]
    assert first[0] == exports.number_label(Proposal.objects.get(number=1))
    assert first[2] == "张三" and first[3] == "李四、王五" and first[4] == "语文组代表团"
    assert "学校已更换食堂承包商。" in first[8] and "每周公布菜谱" not in first[8]  # the first sentence only
    assert first[9] == str(R.SATISFIED.label)
    assert body[1][8].count("\n") == 1  # two replies, one a line
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4


def test_report_opens_with_the_figures_and_a_section_per_outcome(client, chair_user, congress):
    client.force_login(chair_user)
    response = client.get(reverse("congress:proposal-report-docx", args=[congress.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    f = exports.figures(*exports.proposals_of(congress), TODAY)
    assert exports.figures_sentence(f, TODAY) in text
    for title in ["关于改善教工食堂伙食的建议", "关于职称评聘公开透明的建议", "关于体检项目的建议"]:
        assert title in text
    assert "草稿不出现" not in text
    assert congress.union.name in text and "2026年6月1日" in text  # the 落款
    pdf = client.get(reverse("congress:proposal-report-pdf", args=[congress.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_an_empty_congress_exports_too(client, chair_user, union):
    congress = _congress(union)
    client.force_login(chair_user)
    for name in ["congress:proposals-xlsx", "congress:proposal-report-docx", "congress:proposal-report-pdf"]:
        assert client.get(reverse(name, args=[congress.pk])).status_code == 200


@pytest.mark.parametrize("name", ["congress:proposals-xlsx", "congress:proposal-report-docx"])
def test_who_may_download(client, union, congress, member_user, committee_user, treasurer_user,
                          chair_of_other_union, name):
    url = reverse(name, args=[congress.pk])
    for user, status in [(member_user, 403), (treasurer_user, 403), (committee_user, 200),
                         (chair_of_other_union, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.logout()
    assert client.get(url).status_code == 302
    # A member on the congress's proposal committee (提案工作委员会) may.
    congress.proposal_committee.add(member_user.member)
    client.force_login(member_user)
    assert client.get(url).status_code == 200


def test_the_session_page_links_the_downloads_for_those_who_may(client, congress, member_user, committee_user):
    page = reverse("congress:congress-detail", args=[congress.pk])
    links = [reverse(name, args=[congress.pk]) for name in
             ("congress:proposals-xlsx", "congress:proposal-report-docx", "congress:proposal-report-pdf")]
    client.force_login(committee_user)
    html = client.get(page).content.decode()
    assert all(link in html for link in links)
    client.force_login(member_user)
    html = client.get(page).content.decode()
    assert not any(link in html for link in links)


def test_a_committee_of_another_congress_may_not(client, union, congress, member_user):
    other = Congress.objects.create(union=union, term=9, session=5, starts_on=date(2025, 3, 1))
    other.proposal_committee.add(member_user.member)
    client.force_login(member_user)
    assert client.get(reverse("congress:proposals-xlsx", args=[congress.pk])).status_code == 403


@pytest.mark.parametrize("name", ["congress:proposals-xlsx", "congress:proposal-report-docx",
                                  "congress:proposal-report-pdf"])
def test_exports_queries_do_not_grow(client, chair_user, congress, django_assert_max_num_queries, name):
    client.force_login(chair_user)
    url = reverse(name, args=[congress.pk])
    with django_assert_max_num_queries(12):
        client.get(url)
    reps = list(Representative.objects.filter(congress=congress))
    for n in range(6, 16):
        p = _proposal(congress, reps[n % 4], f"更多提案{n}", S.CLOSED, n, reps[:2], handler="教务处")
        _reply(p, 1, "已办理。", R.SATISFIED)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_text_that_looks_like_a_formula_stays_text(client, chair_user, congress):
    Proposal.objects.filter(number=1).update(title='=HYPERLINK("http://x","点此")')
    client.force_login(chair_user)
    response = client.get(reverse("congress:proposals-xlsx", args=[congress.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value and str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s"


def test_user_without_member_record_is_refused(client, congress):
    user = UserFactory(role="member")
    client.force_login(user)
    assert client.get(reverse("congress:proposals-xlsx", args=[congress.pk])).status_code in (403, 404)
