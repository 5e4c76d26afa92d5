"""The 2% allocation (拨缴经费): due, paid, kept and passed up per month or quarter; what is missing."""

from datetime import date
from decimal import Decimal as D

import pytest

from funds.allocation import allocation_year, new_allocation
from funds.models import Allocation, FundSettings
from members.history import save_recorded
from tests.factories import IncomeFactory

pytestmark = pytest.mark.django_db


def record(union, user, number, payroll, paid="0", paid_on=None, period=None):
    row = new_allocation(union, 2026, period, number)
    row.payroll, row.paid, row.paid_on = D(payroll), D(paid), paid_on
    return save_recorded(row, user)


def test_due_is_two_percent_and_paid_splits_sixty_forty(union, treasurer_user, fund_settings):
    row = record(union, treasurer_user, 1, "1234567.89", "24691.36", date(2026, 2, 10))
    assert row.due == D("24691.36")
    assert (row.kept, row.passed_up) == (D("14814.82"), D("9876.54"))
    assert (row.start, row.end) == (date(2026, 1, 1), date(2026, 1, 31))


def test_the_union_sets_its_own_rate_and_share(union, treasurer_user, fund_settings):
    fund_settings.allocation_kept_share = D("70")
    fund_settings.allocation_frequency = "quarter"
    fund_settings.save()
    row = record(union, treasurer_user, 2, "300000", "6000", date(2026, 7, 5))
    assert row.period == Allocation.Period.QUARTER
    assert (row.start, row.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert (row.kept, row.passed_up) == (D("4200.00"), D("1800.00"))


def test_year_lists_missing_and_short_periods(union, treasurer_user, fund_settings):
    record(union, treasurer_user, 1, "100000", "2000", date(2026, 2, 1))
    record(union, treasurer_user, 2, "100000", "1500", date(2026, 3, 1))
    IncomeFactory(union=union, date=date(2026, 3, 2), amount=D("1200"))
    register = allocation_year(union, 2026, today=date(2026, 5, 15))
    assert len(register.periods) == 12
    assert [p.number for p in register.missing] == [3, 4]
    assert [p.number for p in register.short] == [2]
    assert (register.due, register.paid, register.kept, register.passed_up) == (
        D("4000.00"), D("3500.00"), D("2100.00"), D("1400.00"),
    )
    assert register.ledger_income == D("1200.00")
    assert register.ledger_difference == D("900.00")


def test_saving_writes_history(union, treasurer_user, fund_settings):
    from members.history import history_of

    row = record(union, treasurer_user, 3, "50000")
    row.paid, row.paid_on = D("1000"), date(2026, 4, 1)
    save_recorded(row, treasurer_user)
    assert len(history_of(row)) == 2


def test_page_and_form(client, login, union, treasurer_user, fund_settings):
    client = login(treasurer_user)
    form = client.get("/funds/2026/allocation/add/").content.decode()
    assert "拨缴经费登记周期" in form and "审查期间" not in form  # month or quarter, not a review's period
    response = client.post(
        "/funds/2026/allocation/add/",
        {"period": "month", "number": "4", "payroll": "80000", "paid": "1600", "paid_on": "2026-05-08", "note": ""},
    )
    assert response.status_code == 302
    row = Allocation.objects.get(union=union)
    assert (row.due, row.kept, row.passed_up) == (D("1600.00"), D("960.00"), D("640.00"))
    page = client.get("/funds/2026/allocation/").content.decode()
    assert "960.00" in page and "640.00" in page
    again = client.post("/funds/2026/allocation/add/", {"period": "month", "number": "4", "payroll": "1"})
    assert again.status_code == 200 and Allocation.objects.count() == 1
    bad = client.post("/funds/2026/allocation/add/", {"period": "quarter", "number": "7", "payroll": "-5"})
    assert bad.status_code == 200 and Allocation.objects.count() == 1


@pytest.mark.parametrize("who, status", [("member_user", 403), ("committee_user", 403), ("reviewer_user", 200),
                                         ("chair_user", 200)])
def test_who_reads_the_register(client, login, request, who, status, fund_settings):
    assert login(request.getfixturevalue(who)).get("/funds/2026/allocation/").status_code == status


def test_reviewer_cannot_record(client, login, reviewer_user, fund_settings):
    response = login(reviewer_user).post("/funds/2026/allocation/add/", {"period": "month", "number": "1",
                                                                         "payroll": "100"})
    assert response.status_code == 403


def test_other_union_gets_404(client, login, union, treasurer_user, chair_of_other_union, fund_settings):
    row = record(union, treasurer_user, 1, "1000")
    assert login(chair_of_other_union).get(f"/funds/allocation/{row.pk}/").status_code == 404


def test_register_queries_do_not_grow(client, login, union, treasurer_user, fund_settings,
                                      django_assert_max_num_queries):
    client = login(treasurer_user)
    for n in range(1, 13):
        record(union, treasurer_user, n, "100000", "2000", date(2026, n, 28))
    with django_assert_max_num_queries(12):
        assert client.get("/funds/2026/allocation/").status_code == 200


def test_dues_can_drop_the_part_of_the_wage_under_ten_yuan(union):
    settings = FundSettings.for_union(union)
    assert settings.dues_for(D("4567.89")) == D("22.80")  # 22.839… to the jiao
    settings.dues_drop_under_ten = True
    assert settings.dues_for(D("4567.89")) == D("22.80")  # 4560 × 0.5% = 22.80
    assert settings.dues_for(D("4599.99")) == D("23.00")  # 4590 × 0.5% = 22.95 → 23.0
    settings.rounding = FundSettings.Rounding.FEN
    assert settings.dues_for(D("4599.99")) == D("22.95")
