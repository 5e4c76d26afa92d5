"""Suggestions and the union mailbox (issue 18, point 3): sending, reading the reply, answering,
rewarding, tenancy, query budgets and bad input, through HTTP."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.urls import reverse

from congress.models import Suggestion
from congress.suggestions import RECEIPT_ALPHABET, new_receipt_code, normalised, receipt_hash, submit
from funds.models import Expense, ExpenseCategory, FundSettings
from members.models import HistoryEntry
from tests.factories import FundReviewFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def today(clock):
    return clock(TODAY)


def named(member, user, **fields):
    values = {"title": "食堂晚餐延长到七点", "text": "加班的老师吃不上饭。", "kind": Suggestion.Kind.SUGGESTION,
              **fields}
    suggestion = Suggestion(union=member.union, **values)
    submit(suggestion, member, user, anonymous=False)
    return suggestion


def anonymous(union, member, **fields):
    values = {"title": "匿名反映", "text": "办公室太冷。", "kind": Suggestion.Kind.LETTER, **fields}
    suggestion = Suggestion(union=union, **values)
    code = submit(suggestion, member, None, anonymous=True)
    return suggestion, code


def adopted(member, user):
    suggestion = named(member, user)
    Suggestion.objects.filter(pk=suggestion.pk).update(status=Suggestion.Status.ADOPTED, reply="采纳。")
    suggestion.refresh_from_db()
    return suggestion


# --- the receipt code -------------------------------------------------------------------------------


def test_receipt_code_is_twelve_unambiguous_characters_in_groups_of_four():
    code = new_receipt_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert set("".join(groups)) <= set(RECEIPT_ALPHABET)
    assert not set("01OIL") & set(RECEIPT_ALPHABET)
    assert new_receipt_code() != code


def test_receipt_code_is_read_without_dashes_spaces_or_case():
    code = "7KQM-3XWD-H9PA"
    assert normalised(" 7kqm 3xwd-h9pa ") == "7KQM3XWDH9PA"
    assert receipt_hash("7kqm3xwdh9pa") == receipt_hash(code)
    assert len(receipt_hash(code)) == 64 and code not in receipt_hash(code)


# --- a named suggestion -----------------------------------------------------------------------------


def test_member_sends_a_named_suggestion_and_reads_the_reply(login, member_user, committee_user, client):
    login(member_user)
    response = client.post(reverse("congress:suggestion-create"),
                           {"kind": "suggestion", "title": "  图书馆周末开放 ", "text": "周六上午开放。"})
    assert response.status_code == 302 and response["Location"] == reverse("congress:suggestion-sent")
    suggestion = Suggestion.objects.get()
    assert (suggestion.author, suggestion.anonymous, suggestion.receipt_hash) == (member_user.member, False, "")
    assert suggestion.title == "图书馆周末开放" and suggestion.submitted_on == TODAY
    entry = HistoryEntry.objects.get(object_id=str(suggestion.pk))
    assert entry.actor == member_user and entry.action == HistoryEntry.Action.CREATE
    assert "receipt" not in str(entry.changes)
    sent = client.get(reverse("congress:suggestion-sent"))
    assert "data-receipt-code" not in sent.content.decode()

    mine = client.get(reverse("congress:suggestion-list"))
    assert "图书馆周末开放" in mine.content.decode()

    login(committee_user)
    response = client.post(reverse("congress:suggestion-answer", args=[suggestion.pk]),
                           {"status": "adopted", "reply": "下学期起周六上午开放。", "seen_version": suggestion.version})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.replied_on) == (Suggestion.Status.ADOPTED, TODAY)

    login(member_user)
    page = client.get(reverse("congress:suggestion-detail", args=[suggestion.pk])).content.decode()
    assert "下学期起周六上午开放。" in page and "2026年12月5日" in page
    assert reverse("congress:suggestion-answer", args=[suggestion.pk]) not in page


def test_a_member_reads_only_their_own_suggestions(login, member_user, committee_user, union, client):
    other = UserFactory(role="member")
    MemberFactory(union=union, user=other, name="钱老师")
    theirs = named(other.member, other)
    login(member_user)
    assert client.get(reverse("congress:suggestion-detail", args=[theirs.pk])).status_code == 404
    assert "食堂晚餐" not in client.get(reverse("congress:suggestion-list")).content.decode()
    assert client.post(reverse("congress:suggestion-answer", args=[theirs.pk]),
                       {"status": "adopted", "reply": "x"}).status_code == 403


# --- an anonymous one -------------------------------------------------------------------------------


def all_rows():
    """Every row of every table, as {table: set of row tuples}."""
    from django.db import connection

    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = {tuple(map(str, row)) for row in cursor.fetchall()}
    return rows


def test_anonymous_suggestion_leaves_nothing_that_points_to_the_sender(login, member_user, client, caplog):
    """Every table before and after: one new row, in congress_suggestion, with no author, no time, no
    code (only its hash); no history entry, session or log line names the sender."""
    member = member_user.member
    login(member_user)
    client.get(reverse("congress:suggestion-create"))
    before = all_rows()
    caplog.set_level("DEBUG")
    response = client.post(reverse("congress:suggestion-create"),
                           {"kind": "letter", "title": "匿名来信", "text": "办公室暖气不热。", "anonymous": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("congress:suggestion-sent")
    sent = client.get(reverse("congress:suggestion-sent"))
    after = all_rows()

    changed = {t for t in after if after[t] != before.get(t)}
    assert changed == {"congress_suggestion"}, changed
    (row,) = after["congress_suggestion"] - before["congress_suggestion"]
    suggestion = Suggestion.objects.get()
    assert suggestion.author is None and suggestion.anonymous
    assert suggestion.submitted_on == TODAY  # a day: the model has no time of day
    assert not any(f.get_internal_type() == "DateTimeField" for f in Suggestion._meta.concrete_fields)
    for text in (member.name, member_user.username, member.employee_number):
        assert not any(text in value for value in row)
        assert not any(text in r.getMessage() for r in caplog.records)
    assert not HistoryEntry.objects.filter(object_id=str(suggestion.pk)).exists()

    code = sent.context["code"]
    assert code and code in sent.content.decode()
    assert code not in str(row) and suggestion.receipt_hash == receipt_hash(code)
    assert sent.cookies["suggestion_receipt"].value == ""  # deleted: shown only once
    again = client.get(reverse("congress:suggestion-sent"))
    assert again.context["code"] is None and code not in again.content.decode()
    assert client.get(reverse("congress:suggestion-list")).content.decode().count("匿名来信") == 0


def test_anonymous_and_named_suggestions_store_the_same_kinds_of_values(member_user, union):
    """The order of ids says no more of an anonymous suggestion than of a named one: both rows hold a
    day, never a time; only a named one has an author and a history entry."""
    first = named(member_user.member, member_user)
    hidden, _code = anonymous(union, member_user.member)
    last = named(member_user.member, member_user)
    assert first.pk < hidden.pk < last.pk
    assert first.submitted_on == hidden.submitted_on == last.submitted_on
    assert {e.object_id for e in HistoryEntry.objects.all()} == {str(first.pk), str(last.pk)}


def test_anyone_with_the_receipt_code_reads_the_reply(login, member_user, committee_user, treasurer_user, union,
                                                      client):
    suggestion, code = anonymous(union, member_user.member)
    login(committee_user)
    client.post(reverse("congress:suggestion-answer", args=[suggestion.pk]),
                {"status": "answered", "reply": "已联系后勤处理。", "seen_version": suggestion.version})
    login(treasurer_user)  # the code is the key, not the login
    response = client.post(reverse("congress:suggestion-receipt"), {"code": code.lower().replace("-", " ")})
    page = response.content.decode()
    assert response.status_code == 200 and "已联系后勤处理。" in page and "办公室太冷。" in page
    assert response.context["suggestion"] == suggestion


def test_a_wrong_receipt_code_is_a_clear_error(login, member_user, union, client):
    anonymous(union, member_user.member)
    login(member_user)
    response = client.post(reverse("congress:suggestion-receipt"), {"code": "2345-6789-ABCD"},
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200 and response.context["suggestion"] is None
    assert "本工会没有与此回执码对应的建议或来信，请核对后重试。" in response.content.decode()
    malformed = client.post(reverse("congress:suggestion-receipt"), {"code": "abc"})
    assert malformed.context["form"].errors["code"]


def test_another_unions_receipt_code_finds_nothing(login, member_user, chair_of_other_union, union, client):
    suggestion, code = anonymous(union, member_user.member)
    login(chair_of_other_union)
    response = client.post(reverse("congress:suggestion-receipt"), {"code": code})
    assert response.context["suggestion"] is None and "办公室太冷" not in response.content.decode()
    assert client.get(reverse("congress:suggestion-detail", args=[suggestion.pk])).status_code == 404


def test_guessing_receipt_codes_is_stopped_after_ten_tries_for_a_quarter_of_an_hour(
    login, member_user, union, client, clock
):
    clock(date(2026, 3, 31), time(9, 0))
    _suggestion, code = anonymous(union, member_user.member)
    login(member_user)
    for n in range(10):
        client.post(reverse("congress:suggestion-receipt"), {"code": f"2345-6789-ABC{RECEIPT_ALPHABET[n]}"})
    response = client.post(reverse("congress:suggestion-receipt"), {"code": code})
    assert response.context["suggestion"] is None
    assert response.context["form"].non_field_errors()
    clock(date(2026, 3, 31), time(9, 16))
    assert client.post(reverse("congress:suggestion-receipt"), {"code": code}).context["suggestion"] is not None


# --- the committee ----------------------------------------------------------------------------------


def test_committee_lists_all_newest_first_with_filters(login, member_user, committee_user, union, client):
    older = named(member_user.member, member_user, title="旧建议")
    Suggestion.objects.filter(pk=older.pk).update(submitted_on=date(2026, 3, 1))
    anonymous(union, member_user.member, title="匿名信")
    named(member_user.member, member_user, title="新建议")
    login(committee_user)
    page = client.get(reverse("congress:suggestion-list")).content.decode()
    assert page.index("新建议") < page.index("匿名信") < page.index("旧建议")
    assert "2026年3月1日" in page
    letters = client.get(reverse("congress:suggestion-list"), {"kind": "letter"}).content.decode()
    assert "匿名信" in letters and "新建议" not in letters
    received = client.get(reverse("congress:suggestion-list"), {"status": "adopted"}).content.decode()
    assert "新建议" not in received
    hostile = {"kind": "<x>", "status": "\u00b2", "page": "9" * 30}
    assert client.get(reverse("congress:suggestion-list"), hostile).status_code == 200


def test_a_stale_answer_is_refused_and_nothing_changes(login, member_user, committee_user, chair_user, client):
    suggestion = named(member_user.member, member_user)
    seen = suggestion.version
    login(chair_user)
    client.post(reverse("congress:suggestion-answer", args=[suggestion.pk]),
                {"status": "studying", "reply": "研究中。", "seen_version": seen})
    login(committee_user)
    response = client.post(reverse("congress:suggestion-answer", args=[suggestion.pk]),
                           {"status": "not_adopted", "reply": "不采纳。", "seen_version": seen})
    assert response.status_code == 200 and response.context["answer_form"].non_field_errors()
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reply) == (Suggestion.Status.STUDYING, "研究中。")


def test_a_letter_is_answered_not_adopted(login, member_user, committee_user, union, client):
    letter, _code = anonymous(union, member_user.member)
    login(committee_user)
    response = client.post(reverse("congress:suggestion-answer", args=[letter.pk]),
                           {"status": "adopted", "reply": "好", "seen_version": letter.version})
    assert response.status_code == 200 and response.context["answer_form"].errors["status"]
    empty = client.post(reverse("congress:suggestion-answer", args=[letter.pk]),
                        {"status": "answered", "reply": "   ", "seen_version": letter.version})
    assert empty.context["answer_form"].errors["reply"]
    letter.refresh_from_db()
    assert letter.status == Suggestion.Status.RECEIVED and not HistoryEntry.objects.exists()


def test_answering_an_anonymous_one_records_the_committee_not_the_sender(login, member_user, committee_user, union,
                                                                         client):
    letter, _code = anonymous(union, member_user.member)
    login(committee_user)
    client.post(reverse("congress:suggestion-answer", args=[letter.pk]),
                {"status": "answered", "reply": "已处理。", "seen_version": letter.version})
    entry = HistoryEntry.objects.get(object_id=str(letter.pk))
    assert entry.actor == committee_user
    assert letter.receipt_hash not in str(entry.changes) and member_user.member.name not in str(entry.changes)


# --- rewards ----------------------------------------------------------------------------------------


def reward_data(union, suggestion, **extra):
    FundSettings.for_union(union)
    category = ExpenseCategory.objects.for_union(union).get(name="职工活动支出")
    return {"amount": "300", "date": "2026-11-20", "category": category.pk, "seen_version": suggestion.version,
            **extra}


def test_chair_rewards_an_adopted_proposal_as_an_expense(login, member_user, chair_user, treasurer_user, union, client):
    suggestion = adopted(member_user.member, member_user)
    login(chair_user)
    page = client.get(reverse("congress:suggestion-detail", args=[suggestion.pk])).content.decode()
    assert reverse("congress:suggestion-reward", args=[suggestion.pk]) in page
    response = client.post(reverse("congress:suggestion-reward", args=[suggestion.pk]), reward_data(union, suggestion))
    assert response.status_code == 302
    suggestion.refresh_from_db()
    expense = suggestion.reward_expense
    assert suggestion.reward == Decimal("300.00") and expense.amount == Decimal("300.00")
    assert (expense.payee, expense.date, expense.category.name) == ("刘会员", date(2026, 11, 20), "职工活动支出")
    assert suggestion.title in expense.description
    assert HistoryEntry.objects.filter(object_id=str(expense.pk), actor=chair_user).exists()

    login(treasurer_user)
    expenses = client.get(reverse("funds:expenses", args=[2026])).content.decode()
    assert suggestion.title in expenses
    login(member_user)
    assert "300.00" in client.get(reverse("congress:suggestion-detail", args=[suggestion.pk])).content.decode()

    login(chair_user)
    again = client.post(reverse("congress:suggestion-reward", args=[suggestion.pk]), reward_data(union, suggestion))
    assert again.status_code == 302 and Expense.objects.count() == 1


def test_a_reward_in_a_locked_period_is_refused_and_nothing_is_saved(login, member_user, chair_user, reviewer_user,
                                                                      union, client):
    review = FundReviewFactory(union=union)  # the first half of 2026
    review.reviewers.set([reviewer_user.member])
    review.sign(reviewer_user.member, by=reviewer_user, today=review.signable_from)
    suggestion = adopted(member_user.member, member_user)
    login(chair_user)
    response = client.post(reverse("congress:suggestion-reward", args=[suggestion.pk]),
                           reward_data(union, suggestion, date="2026-03-10"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "已锁定" in str(response.context["reward_form"].errors["date"]) or "锁定" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.reward is None and suggestion.reward_expense is None and not Expense.objects.exists()


def test_an_anonymous_proposal_cannot_be_rewarded(login, member_user, chair_user, union, client):
    suggestion, _code = anonymous(union, member_user.member, kind=Suggestion.Kind.SUGGESTION)
    Suggestion.objects.filter(pk=suggestion.pk).update(status=Suggestion.Status.ADOPTED)
    login(chair_user)
    page = client.get(reverse("congress:suggestion-detail", args=[suggestion.pk])).content.decode()
    assert reverse("congress:suggestion-reward", args=[suggestion.pk]) not in page
    response = client.post(reverse("congress:suggestion-reward", args=[suggestion.pk]), reward_data(union, suggestion))
    assert response.status_code == 302 and not Expense.objects.exists()


def test_only_an_adopted_proposal_is_rewarded_and_only_by_whoever_records_expenses(
    login, member_user, committee_user, chair_user, union, client
):
    suggestion = named(member_user.member, member_user)
    login(chair_user)
    client.post(reverse("congress:suggestion-reward", args=[suggestion.pk]), reward_data(union, suggestion))
    assert not Expense.objects.exists()
    Suggestion.objects.filter(pk=suggestion.pk).update(status=Suggestion.Status.ADOPTED)
    login(committee_user)
    response = client.post(reverse("congress:suggestion-reward", args=[suggestion.pk]), reward_data(union, suggestion))
    assert response.status_code == 403 and not Expense.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1" * 20, "1.234"])
def test_a_bad_reward_amount_is_a_form_error(login, member_user, chair_user, union, client, amount):
    suggestion = adopted(member_user.member, member_user)
    login(chair_user)
    response = client.post(reverse("congress:suggestion-reward", args=[suggestion.pk]),
                           reward_data(union, suggestion, amount=amount))
    assert response.status_code == 200 and response.context["reward_form"].errors["amount"]
    assert not Expense.objects.exists()


# --- bad input and query budgets --------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    {"kind": "suggestion", "title": "", "text": "x"},
    {"kind": "suggestion", "title": "x" * 101, "text": "x"},
    {"kind": "poem", "title": "x", "text": "x"},
    {"kind": "letter", "title": "x", "text": "   "},
    {"kind": "letter", "title": "x", "text": "y" * 5001},
    {"kind": "letter", "title": "x\x00", "text": "y"},
])
def test_bad_suggestion_is_a_form_error_and_nothing_saved(login, member_user, client, data):
    login(member_user)
    response = client.post(reverse("congress:suggestion-create"), data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not Suggestion.objects.exists()


def test_pages_keep_their_query_budgets(login, member_user, committee_user, union, client,
                                        django_assert_max_num_queries):
    for n in range(12):
        named(member_user.member, member_user, title=f"建议{n}")
        anonymous(union, member_user.member, title=f"来信{n}")
    suggestion = Suggestion.objects.filter(anonymous=False).first()
    login(committee_user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("congress:suggestion-list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("congress:suggestion-detail", args=[suggestion.pk])).status_code == 200
    login(member_user)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("congress:suggestion-list")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("congress:suggestion-receipt")).status_code == 200


def test_the_index_fragment_lists_the_members_own_named_suggestions(member_user, union, rf,
                                                                  django_assert_max_num_queries):
    """templates/congress/_my_suggestions.html with congress.suggestions.mine(member), for /congress/."""
    from django.template.loader import render_to_string

    from congress.suggestions import mine

    named(member_user.member, member_user, title="我的署名建议")
    anonymous(union, member_user.member, title="我的匿名来信")
    with django_assert_max_num_queries(1):
        html = render_to_string("congress/_my_suggestions.html", {"my_suggestions": mine(member_user.member)})
    assert "我的署名建议" in html and "我的匿名来信" not in html
    assert reverse("congress:suggestion-receipt") in html and reverse("congress:suggestion-create") in html
    assert list(mine(None)) == []
