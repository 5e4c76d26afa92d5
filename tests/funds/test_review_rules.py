"""A fund review that cannot be misused (issue 17, point 5), over HTTP and on chosen days: it is signed
only once its period has ended (drafted before), the chair and those who keep the money are not
offered as reviewers and are refused with the reason, the reviewers and every change of them are in
the review's history, and a new review offers the first half-year not yet reviewed."""

import re
from datetime import date

import pytest

from funds.models import FundReview, ReviewSignature
from members.models import HistoryEntry, Member
from tests.factories import FundReviewFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def review_data(**overrides):
    return {
        "year": "2026",
        "kind": "first_half",
        "reviewed_on": "2026-06-20",
        "findings": "账目清楚，单据齐全。",
        "conclusion": "passed",
        **overrides,
    }


def history(review):
    return list(HistoryEntry.objects.for_object(review).order_by("id"))


@pytest.fixture
def draft(union, reviewer_user):
    review = FundReviewFactory(union=union)
    review.reviewers.set([reviewer_user.member])
    return review


# --- signing only once the period has ended ---------------------------------------------------------


def test_a_review_is_drafted_before_its_period_ends(clock, login, reviewer_user):
    clock(date(2026, 5, 10))
    response = login(reviewer_user).post("/funds/reviews/add/", review_data(reviewers=[reviewer_user.member.pk]))
    review = FundReview.objects.get()
    assert response["Location"] == f"/funds/reviews/{review.pk}/"
    page = login(reviewer_user).get(response["Location"]).content.decode()
    assert "审查期间至2026-06-30结束，2026-07-01起才能签字" in page
    assert "/sign/" not in page  # no sign button yet


def test_signing_on_the_last_day_of_the_period_is_refused_and_nothing_changes(clock, login, reviewer_user, draft):
    clock(date(2026, 6, 30))
    response = login(reviewer_user).post(f"/funds/reviews/{draft.pk}/sign/", follow=True)
    assert "2026-07-01起才能签字" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == FundReview.Status.DRAFT and draft.signed_at is None
    assert not ReviewSignature.objects.exists()
    assert history(draft) == []


def test_the_day_after_the_period_the_review_is_signed_and_locks_it(clock, login, reviewer_user, draft):
    clock(date(2026, 7, 1))
    page = login(reviewer_user).get(f"/funds/reviews/{draft.pk}/").content.decode()
    assert f"/funds/reviews/{draft.pk}/sign/" in page and "起才能签字" not in page
    login(reviewer_user).post(f"/funds/reviews/{draft.pk}/sign/")
    draft.refresh_from_db()
    assert draft.status == FundReview.Status.SIGNED


def test_a_date_range_is_signed_from_the_day_after_its_last_day(clock, login, reviewer_user, union):
    review = FundReviewFactory(
        union=union, kind=FundReview.Kind.RANGE, start=date(2026, 3, 1), end=date(2026, 9, 15)
    )
    review.reviewers.set([reviewer_user.member])
    clock(date(2026, 9, 15))
    login(reviewer_user).post(f"/funds/reviews/{review.pk}/sign/")
    assert not ReviewSignature.objects.exists()
    clock(date(2026, 9, 16))
    login(reviewer_user).post(f"/funds/reviews/{review.pk}/sign/")
    assert ReviewSignature.objects.filter(review=review).count() == 1


def test_the_model_refuses_an_early_signature_whoever_calls_it(union, reviewer_user, draft):
    with pytest.raises(Exception, match="2026-07-01"):
        draft.sign(reviewer_user.member, by=reviewer_user, today=date(2026, 6, 1))
    assert not ReviewSignature.objects.exists()


# --- 经审 independence ------------------------------------------------------------------------------


def test_the_form_offers_only_those_who_may_review_and_says_who_is_left_out(
    clock, login, reviewer_user, committee_user, chair_user, treasurer_user
):
    clock(date(2026, 7, 5))
    page = login(reviewer_user).get("/funds/reviews/add/").content.decode()
    assert page.count('type="checkbox" name="reviewers"') == 2
    assert "陈经审" in page and "李委员" in page
    offered = {int(pk) for pk in re.findall(r'type="checkbox" name="reviewers" value="(\d+)"', page)}
    assert offered == {reviewer_user.member.pk, committee_user.member.pk}
    assert "主席、经费管理人员不能担任经审人员" in page
    left_out = page.split('id="reviewers-left-out"')[1].split("</p>")[0]
    assert "王主席（主席）" in left_out and "张会计（财务委员）" in left_out


def test_the_treasurer_as_reviewer_is_refused_with_the_reason_and_nothing_saved(
    clock, login, reviewer_user, treasurer_user
):
    clock(date(2026, 7, 5))
    response = login(reviewer_user).post(
        "/funds/reviews/add/", review_data(reviewers=[reviewer_user.member.pk, treasurer_user.member.pk])
    )
    assert response.status_code == 200
    assert "主席和经费管理人员不能担任经审人员：张会计（财务委员）。" in response.content.decode()
    assert not FundReview.objects.exists() and not HistoryEntry.objects.exists()


def test_the_chair_as_reviewer_is_refused(clock, login, chair_user):
    clock(date(2026, 7, 5))
    response = login(chair_user).post("/funds/reviews/add/", review_data(reviewers=[chair_user.member.pk]))
    assert "主席和经费管理人员不能担任经审人员：王主席（主席）。" in response.content.decode()
    assert not FundReview.objects.exists()


def test_a_committee_member_who_keeps_the_books_is_refused(clock, login, union, reviewer_user):
    """会计: a committee member whose login holds the treasurer's role keeps the accounts too."""
    bookkeeper = UserFactory(username="kuaiji", role="treasurer")
    MemberFactory(union=union, user=bookkeeper, name="周会计", position=Member.Position.COMMITTEE)
    clock(date(2026, 7, 5))
    page = login(reviewer_user).get("/funds/reviews/add/").content.decode()
    assert "周会计（有记账权限）" in page
    response = login(reviewer_user).post(
        "/funds/reviews/add/", review_data(reviewers=[bookkeeper.member.pk])
    )
    assert "周会计（有记账权限）" in response.content.decode()
    assert not FundReview.objects.exists()


def test_a_reviewer_made_treasurer_after_drafting_cannot_sign(clock, login, union, draft):
    """The reviewer's login keeps the reviewer's role; their position is now treasurer."""
    member = MemberFactory(union=union, name="吴经审", position=Member.Position.REVIEWER,
                           user=UserFactory(username="wu", role="reviewer"))
    draft.reviewers.add(member)
    Member.objects.filter(pk=member.pk).update(position=Member.Position.TREASURER)
    clock(date(2026, 7, 10))
    response = login(member.user).post(f"/funds/reviews/{draft.pk}/sign/", follow=True)
    assert "不能担任经审人员：吴经审（财务委员）" in response.content.decode()
    assert not ReviewSignature.objects.exists()


def test_the_treasurer_still_cannot_sign(clock, login, treasurer_user, draft):
    clock(date(2026, 7, 10))
    assert login(treasurer_user).post(f"/funds/reviews/{draft.pk}/sign/").status_code == 403


# --- the reviewers in the history ----------------------------------------------------------------


def test_the_new_review_history_names_its_reviewers(clock, login, reviewer_user, committee_user):
    clock(date(2026, 7, 5))
    login(reviewer_user).post(
        "/funds/reviews/add/", review_data(reviewers=[reviewer_user.member.pk, committee_user.member.pk])
    )
    review = FundReview.objects.get()
    [created] = history(review)
    assert created.action == HistoryEntry.Action.CREATE
    assert created.changes["审查人"] == ["", "陈经审、李委员"]
    assert "增加审查人：" in created.note and "陈经审" in created.note and "李委员" in created.note


def test_changing_the_reviewers_is_one_entry_naming_who_was_added_and_removed(
    clock, login, union, reviewer_user, committee_user, draft
):
    other = MemberFactory(union=union, name="孙委员", position=Member.Position.COMMITTEE)
    clock(date(2026, 7, 5))
    response = login(reviewer_user).post(
        f"/funds/reviews/{draft.pk}/edit/",
        review_data(reviewers=[committee_user.member.pk, other.pk], seen_version=draft.version),
    )
    assert response.status_code == 302
    [changed] = history(draft)
    assert changed.changes["审查人"] == ["陈经审", "李委员、孙委员"]
    assert "增加审查人：李委员、孙委员" in changed.note and "去掉审查人：陈经审" in changed.note
    assert set(draft.reviewers.values_list("name", flat=True)) == {"李委员", "孙委员"}


def test_a_refused_save_keeps_the_old_reviewers_and_writes_no_history(
    clock, login, reviewer_user, committee_user, draft
):
    """A stale edit is refused after the form was valid: the reviewers are not changed either."""
    clock(date(2026, 7, 5))
    response = login(reviewer_user).post(
        f"/funds/reviews/{draft.pk}/edit/",
        review_data(reviewers=[committee_user.member.pk], seen_version=draft.version - 1),
    )
    assert response.status_code == 200
    assert list(draft.reviewers.values_list("name", flat=True)) == ["陈经审"]
    assert history(draft) == []


# --- the period -------------------------------------------------------------------------------------


def test_the_period_offers_the_halves_the_year_and_a_range(clock, login, reviewer_user):
    clock(date(2026, 7, 5))
    page = login(reviewer_user).get("/funds/reviews/add/").content.decode()
    radios = re.findall(r'<input type="radio" name="kind" value="(\w+)"[^>]*>\s*([^<\s]+)', page)
    assert [label for _value, label in radios] == ["上半年", "下半年", "全年", "自定义起止日期"]


def test_the_second_half_sets_its_dates(clock, login, reviewer_user):
    clock(date(2027, 1, 8))
    login(reviewer_user).post(
        "/funds/reviews/add/",
        review_data(kind="second_half", reviewed_on="2027-01-08", reviewers=[reviewer_user.member.pk]),
    )
    review = FundReview.objects.get()
    assert (review.start, review.end) == (date(2026, 7, 1), date(2026, 12, 31))
    assert review.title == "2026年下半年经费审查"


def _offered(client):
    initial = client.get("/funds/reviews/add/").context["form"].initial
    return initial["year"], initial["kind"]


@pytest.mark.parametrize(
    ("today", "reviewed", "offered"),
    [
        (date(2026, 3, 10), [], (2026, "first_half")),
        (date(2026, 9, 1), [], (2026, "first_half")),
        (date(2026, 9, 1), [(2026, "first_half")], (2026, "second_half")),
        (date(2027, 1, 10), [(2026, "first_half")], (2026, "second_half")),
        (date(2027, 1, 10), [(2026, "year")], (2027, "first_half")),
        (date(2027, 1, 10), [(2026, "first_half"), (2026, "second_half")], (2027, "first_half")),
        (date(2026, 12, 31), [(2026, "year")], (2027, "first_half")),
    ],
)
def test_a_new_review_offers_the_first_period_not_yet_reviewed(
    clock, login, union, reviewer_user, today, reviewed, offered
):
    for year, kind in reviewed:
        start, end = FundReview.span_of(year, kind)
        FundReviewFactory(union=union, year=year, kind=kind, start=start, end=end)
    clock(today)
    assert _offered(login(reviewer_user)) == offered


def test_the_union_reviewer_is_ticked_and_the_chair_never(clock, login, union, reviewer_user, chair_user):
    clock(date(2026, 7, 5))
    initial = login(chair_user).get("/funds/reviews/add/").context["form"].initial
    assert initial["reviewers"] == [reviewer_user.member.pk]



# --- the welfare caps' exceptions in the review ------------------------------------------------------


def test_the_review_lists_every_welfare_exception_of_its_period(clock, login, union, reviewer_user, draft):
    from decimal import Decimal

    from funds.models import CareCapReason, WelfareStandard
    from funds.welfare import apply_preset
    from members.models import CareVisit
    from tests.factories import CareVisitFactory

    standard = apply_preset(WelfareStandard(union=union, year=2026), "anhui-2018")
    standard.save()
    over = CareVisitFactory(union=union, member=MemberFactory(union=union, name="周婷"),
                            reason=CareVisit.Reason.WEDDING, date=date(2026, 5, 1), amount=Decimal("800"))
    CareCapReason.objects.create(union=union, care_visit=over, reason="双职工，按两人标准")
    CareVisitFactory(union=union, member=MemberFactory(union=union, name="钱磊"),
                     reason=CareVisit.Reason.WEDDING, date=date(2026, 6, 2), amount=Decimal("700"))
    CareVisitFactory(union=union, member=MemberFactory(union=union, name="郑敏"),
                     reason=CareVisit.Reason.WEDDING, date=date(2026, 8, 2), amount=Decimal("900"))  # second half
    clock(date(2026, 7, 5))
    page = login(reviewer_user).get(f"/funds/reviews/{draft.pk}/").content.decode()
    section = page.split('id="review-exceptions"')[1].split("</section>")[0]
    assert "周婷" in section and "200.00" in section and "双职工，按两人标准" in section
    assert "钱磊" in section and "100.00" in section and "未说明理由" in section
    assert "郑敏" not in section


def test_the_review_page_queries_do_not_grow(clock, login, union, reviewer_user, committee_user, draft,
                                             django_assert_max_num_queries):
    draft.reviewers.add(committee_user.member)
    clock(date(2026, 7, 5))
    client = login(reviewer_user)
    client.get(f"/funds/reviews/{draft.pk}/")
    with django_assert_max_num_queries(25):
        assert client.get(f"/funds/reviews/{draft.pk}/").status_code == 200
