"""会籍接转 to a union outside the federation: the transfer letter (会员组织关系接转介绍信)."""

import io
from datetime import date

import pytest
from docx import Document as WordDocument

from members.models import HistoryEntry, Member, TransferLetter
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

LETTER = {
    "destination": "市第二中学工会", "dues_paid_to": "2026年11月", "issued_on": "2026-12-01",
    "number": "一中工〔2026〕3号",
}


@pytest.fixture
def teacher(union):
    return MemberFactory(
        union=union, name="周老师", gender="M", card_number="HY0012", joined_on=date(2015, 9, 1),
        user=UserFactory(username="zhou", role="member"),
    )


def test_the_committee_issues_a_letter_and_the_member_leaves(login, committee_user, teacher, clock):
    clock(date(2026, 12, 5))
    client = login(committee_user)
    page = client.get(f"/members/{teacher.pk}/transfer-letter/")
    assert page.status_code == 200 and "周老师" in page.content.decode()
    response = client.post(f"/members/{teacher.pk}/transfer-letter/", LETTER)
    assert response.status_code == 302 and response.url == f"/members/{teacher.pk}/"
    teacher.refresh_from_db()
    assert (teacher.status, teacher.left_on) == (Member.Status.LEFT, date(2026, 12, 1))
    teacher.user.refresh_from_db()
    assert not teacher.user.is_active  # a leaver's login ends
    letter = TransferLetter.objects.get()
    assert (letter.union, letter.destination, letter.dues_paid_to) == (teacher.union, "市第二中学工会", "2026年11月")
    notes = list(HistoryEntry.objects.for_object(teacher).values_list("note", flat=True))
    assert any("市第二中学工会" in note for note in notes)
    detail = client.get(f"/members/{teacher.pk}/").content.decode()
    assert f"/members/transfer-letters/{letter.pk}.docx" in detail and "市第二中学工会" in detail


def test_the_letter_in_word_and_pdf(login, committee_user, teacher, clock):
    clock(date(2026, 12, 5))
    client = login(committee_user)
    client.post(f"/members/{teacher.pk}/transfer-letter/", LETTER)
    letter = TransferLetter.objects.get()
    word = client.get(f"/members/transfer-letters/{letter.pk}.docx")
    assert word.status_code == 200 and "attachment" in word["Content-Disposition"]
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(word.content)).paragraphs)
    tables = WordDocument(io.BytesIO(word.content)).tables
    cells = [cell.text for table in tables for row in table.rows for cell in row.cells]
    assert "市第二中学工会：" in text and "第一中学工会" in text and "2026年12月1日" in text
    assert {"周老师", "男", "HY0012", "2015年9月1日", "2026年11月"} <= set(cells)
    pdf = client.get(f"/members/transfer-letters/{letter.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_bad_input_changes_nothing(login, committee_user, teacher):
    client = login(committee_user)
    for bad in [
        {**LETTER, "destination": "   "},
        {**LETTER, "issued_on": "2026-13-45"},
        {**LETTER, "issued_on": "2999-01-01"},
        {**LETTER, "dues_paid_to": "x" * 31},
        {},
    ]:
        response = client.post(f"/members/{teacher.pk}/transfer-letter/", bad)
        assert response.status_code == 200 and "invalid-feedback" in response.content.decode(), bad
    teacher.refresh_from_db()
    assert teacher.status == Member.Status.ACTIVE and not TransferLetter.objects.exists()


def test_a_member_who_left_gets_no_second_letter(login, committee_user, union):
    gone = MemberFactory(union=union, status=Member.Status.LEFT, left_on=date(2025, 1, 1))
    response = login(committee_user).post(f"/members/{gone.pk}/transfer-letter/", LETTER)
    assert response.status_code == 302 and not TransferLetter.objects.exists()


def test_refused_to_members_and_treasurers(login, member_user, treasurer_user, teacher):
    for user in (member_user, treasurer_user):
        client = login(user)
        assert client.get(f"/members/{teacher.pk}/transfer-letter/").status_code == 403
        assert client.post(f"/members/{teacher.pk}/transfer-letter/", LETTER).status_code == 403
    assert not TransferLetter.objects.exists()


def test_another_unions_member_and_letter_are_404(login, chair_of_other_union, committee_user, teacher, clock):
    clock(date(2026, 12, 5))
    login(committee_user).post(f"/members/{teacher.pk}/transfer-letter/", LETTER)
    letter = TransferLetter.objects.get()
    client = login(chair_of_other_union)
    assert client.get(f"/members/{teacher.pk}/transfer-letter/").status_code == 404
    assert client.get(f"/members/transfer-letters/{letter.pk}.docx").status_code == 404
    assert client.get(f"/members/transfer-letters/{letter.pk}.pdf").status_code == 404


def test_query_budget(login, committee_user, teacher, django_assert_max_num_queries, clock):
    clock(date(2026, 12, 5))
    client = login(committee_user)
    with django_assert_max_num_queries(12):
        assert client.get(f"/members/{teacher.pk}/transfer-letter/").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.post(f"/members/{teacher.pk}/transfer-letter/", LETTER).status_code == 302
    letter = TransferLetter.objects.get()
    with django_assert_max_num_queries(10):
        assert client.get(f"/members/transfer-letters/{letter.pk}.docx").status_code == 200
