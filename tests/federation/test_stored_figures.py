"""The roll-up's stored figures (federation.models.StoredFigures): read back exactly as counted, and
counted again once a union's data changes."""

import pytest

from federation.models import StoredFigures
from federation.rollup import STORED, load_tree, union_rows
from tests.factories import MemberFactory
from tests.federation.conftest import YEAR

pytestmark = pytest.mark.django_db
MEMBERS = STORED.index("members")


def rows_of(federation):
    return {row.id: row for row in union_rows(load_tree(), federation.root.pk, YEAR)}


def test_stored_figures_read_back_equal_to_counted(federation):
    counted = rows_of(federation)
    assert StoredFigures.objects.filter(year=YEAR).count() == len(counted)
    stored = rows_of(federation)
    assert stored == counted
    b = stored[federation.school_b.pk]
    assert (str(b.spending["activities"]), str(b.dues)) == ("300.00", "0.00")  # amounts exact, to the fen
    a = stored[federation.school_a.pk]
    assert str(a.dues) == "120.50"


@pytest.mark.django_db(transaction=True)  # the member's save commits and moves the union's members_version on
def test_a_member_added_below_counts_again(federation):
    before = rows_of(federation)[federation.school_b.pk].members
    figures = StoredFigures.objects.get(union=federation.school_b, year=YEAR)
    MemberFactory(union=federation.school_b, name="乙校新会员")
    assert rows_of(federation)[federation.school_b.pk].members == before + 1
    changed = StoredFigures.objects.get(pk=figures.pk)
    assert changed.counted_from != figures.counted_from
    assert changed.figures[MEMBERS] == figures.figures[MEMBERS] + 1
    untouched = StoredFigures.objects.get(union=federation.school_a, year=YEAR)
    assert rows_of(federation)[federation.school_a.pk].members == untouched.figures[MEMBERS]


def test_a_union_outside_is_never_stored(federation):
    rows_of(federation)
    assert not StoredFigures.objects.filter(union=federation.outside).exists()
