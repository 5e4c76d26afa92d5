"""A year's summary figures are kept as data (unionplan.year_figures): read back as they were computed,
followed by a late change to what they count, and cheaper to read than to compute; this year's too."""

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from lxml import html

from members.models import CareReason, Union
from tests.factories import ActivityFactory, CareVisitFactory, MemberFactory
from tests.unionplan import summary_data
from unionplan import year_figures
from unionplan.models import YearFigures

pytestmark = pytest.mark.django_db

URL = "/summary/2026/"
IN_2027 = datetime(2027, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # 2026 is closed
IN_2026 = datetime(2026, 11, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # 2026 is this year
REQUEST, TEXT = 3, 1  # session, user with member and union, permissions; the chair's text
# A late change moves the union's versions when it commits (members.versions): these tests commit.
committed = pytest.mark.django_db(transaction=True)


@pytest.fixture
def year_2026(union, other_union):
    summary_data.build(union, other_union)
    return union


@pytest.fixture
def clock():
    with time_machine.travel(IN_2027, tick=False) as traveller:
        yield traveller


def figure(response, name):
    doc = html.fromstring(response.content.decode())
    return " ".join(doc.xpath(f'//*[@data-figure="{name}"]')[0].text_content().split())


def fresh(union):
    return Union.objects.get(pk=union.pk)


def test_kept_parts_read_back_equal_to_the_computed_ones(year_2026, clock):
    computed = {name: compute(year_2026, 2026) for name, (compute, _areas) in year_figures.PARTS.items()}
    with translation.override("zh-hans"):
        assert year_figures.year_parts(fresh(year_2026), 2026) == computed  # computed and kept
        union = fresh(year_2026)
        with CaptureQueriesContext(connection) as reading:
            assert year_figures.year_parts(union, 2026) == computed  # read back
    assert len(reading) == 1
    assert YearFigures.objects.filter(union=year_2026, year=2026).count() == 1
    assert computed["funds"].dues_arrears == D("25.00") and computed["plan"].parts[0].items[0].status == "done"


@committed
def test_this_years_figures_are_kept_and_follow_each_change(login, chair_user, year_2026):
    with time_machine.travel(IN_2026, tick=False):
        client = login(chair_user)
        assert figure(client.get(URL), "care-visits") == "4"
        assert YearFigures.objects.filter(union=year_2026, year=2026).exists()
        with CaptureQueriesContext(connection) as kept:
            assert figure(client.get(URL), "care-visits") == "4"
        assert len(kept) == REQUEST + 1 + TEXT

        visited = MemberFactory(union=year_2026, name="新会员", joined_on=date(2026, 5, 1))
        CareVisitFactory(union=year_2026, member=visited, date=date(2026, 10, 30), reason=CareReason.ILLNESS,
                         amount=D("300"))
        after = client.get(URL)
        assert (figure(after, "care-visits"), figure(after, "members-total")) == ("5", "5")


@committed
def test_a_closed_year_page_shows_the_same_figures_kept_and_follows_a_late_change(login, chair_user, year_2026, clock):
    client = login(chair_user)
    first = client.get(URL)
    assert (figure(first, "care-visits"), figure(first, "members-total")) == ("4", "4")
    assert YearFigures.objects.filter(union=year_2026, year=2026).exists()
    again = client.get(URL)
    assert figure(again, "care-visits") == "4" and figure(again, "expense-total") == "¥7,156.77"

    # A visit of December 2026 recorded in March 2027: the kept figures follow once it is committed.
    late_entry = MemberFactory(union=year_2026, name="补录老师", joined_on=date(2026, 5, 1))
    CareVisitFactory(union=year_2026, member=late_entry,
                     date=date(2026, 12, 20), reason=CareReason.ILLNESS, amount=D("300"))
    late = client.get(URL)
    assert figure(late, "care-visits") == "5"
    assert figure(late, "members-total") == "5"
    assert figure(late, "expense-total") == "¥7,156.77"


@committed
def test_only_the_parts_whose_data_changed_are_computed_again(login, chair_user, year_2026, clock):
    client = login(chair_user)
    client.get(URL)  # computes and keeps every part
    with CaptureQueriesContext(connection) as kept:
        client.get(URL)
    assert len(kept) == REQUEST + 1 + TEXT  # the kept figures in one query

    ActivityFactory(union=year_2026, title="年末联欢会", year=2026, month=12, start_date=date(2026, 12, 30))
    with CaptureQueriesContext(connection) as after_a_new_activity:
        response = client.get(URL)
    # The activities' two queries and the row written again; the plan, members and money are read as kept.
    assert len(after_a_new_activity) == REQUEST + 1 + 2 + 1 + TEXT
    assert figure(response, "members-total") == "4"


def test_a_closed_year_never_read_before_stays_within_the_budget(login, chair_user, year_2026, clock):
    client = login(chair_user)
    with CaptureQueriesContext(connection) as first:
        assert client.get(URL).status_code == 200
    assert len(first) <= 14


def test_each_language_keeps_its_own_labels(login, chair_user, year_2026, clock):
    login(chair_user)
    with translation.override("zh-hans"):
        chinese = year_figures.year_parts(fresh(year_2026), 2026)
    with translation.override("en"):
        english = year_figures.year_parts(fresh(year_2026), 2026)
    assert chinese["plan"].parts[0].items[0].status_label == "已完成"
    assert english["plan"].parts[0].items[0].status_label == "Item done"
    assert YearFigures.objects.filter(union=year_2026, year=2026).count() == 2


def test_kept_figures_name_only_summary_dataclasses():
    with pytest.raises(ValueError):
        year_figures.decode({"@dataclass": "os.PathLike"})
    with pytest.raises(ValueError):
        year_figures.decode({"@dataclass": "members.models.Union"})


def test_parts_kept_by_older_code_are_computed_again(year_2026, clock):
    """A part kept before its computing changed (year_figures.COMPUTING) is not read back as it was."""
    with translation.override("zh-hans"):
        year_figures.year_parts(fresh(year_2026), 2026)
        row = YearFigures.objects.get(union=year_2026, year=2026)
        # As the older code kept it: versions without COMPUTING, and a members part that is not today's.
        row.versions = {name: versions[1:] for name, versions in row.versions.items()}
        row.parts["members"]["total"] = 999_999
        row.save()
        parts = year_figures.year_parts(fresh(year_2026), 2026)
    assert parts["members"].total != 999_999
    assert YearFigures.objects.get(pk=row.pk).versions["members"][0] == year_figures.COMPUTING
