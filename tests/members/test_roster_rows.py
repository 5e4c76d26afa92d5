"""The roster's rows and filter selects come from templates (members/_roster_rows.html,
members/_plain_select.html): links that open the member, escaped values, the picked filter kept."""

import pytest
from django.urls import reverse
from lxml import html

from tests.factories import DepartmentFactory, MemberFactory, UnionGroupFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<b>"x\'&amp;</b>'


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_row_links_to_the_member_and_escapes_what_it_shows(login, chair_user, union):
    department = DepartmentFactory(union=union, name="教务" + HOSTILE)
    member = MemberFactory(union=union, name="阿" + HOSTILE, employee_number="E1", department=department,
                           phone="1" + HOSTILE)
    body = page(login(chair_user), "/members/")
    assert "<b>" not in body.split("<tbody>", 1)[1]
    doc = html.fromstring(body)
    link = next(a for a in doc.xpath('//table[contains(@class, "roster-table")]//td/a') if a.text == "阿" + HOSTILE)
    assert link.get("href") == reverse("members:detail", args=[member.pk])
    row = link.getparent().getparent()
    cells = [cell.text_content() for cell in row.xpath("./td")]
    assert "教务" + HOSTILE in cells and "1" + HOSTILE in cells
    # The tick box for creating logins names the member in its label.
    assert row.xpath('.//input[@name="member"]')[0].get("aria-label") == "阿" + HOSTILE


def test_the_filter_selects_list_the_unions_groups_and_keep_the_one_picked(login, committee_user, union):
    kept = UnionGroupFactory(union=union, name="理科" + HOSTILE)
    UnionGroupFactory(union=union, name="文科小组")
    body = page(login(committee_user), f"/members/?group={kept.pk}")
    select = html.fromstring(body).xpath('//select[@name="group"]')[0]
    assert select.get("id") == "id_group" and select.get("class") == "form-select form-select-sm"
    options = [(o.get("value"), o.text_content(), o.get("selected") is not None) for o in select.xpath("./option")]
    assert options[0] == ("", "全部小组", False)
    assert (str(kept.pk), "理科" + HOSTILE, True) in options and len(options) == 3
