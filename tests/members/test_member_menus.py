"""A menu that picks a member (members.forms.MemberChoiceField) lists the union's members in one
template loop (members.forms.PlainSelect), with what Django's own select would write: its id, classes,
required mark, the namesakes told apart and the member chosen."""

import pytest
from lxml import html

from tests.factories import ActivityFactory, DepartmentFactory, MemberFactory

pytestmark = pytest.mark.django_db


def organiser_menu(response):
    (menu,) = html.fromstring(response.content.decode()).xpath('//select[@name="organiser"]')
    return menu


def test_the_organiser_menu_lists_the_members_and_keeps_the_one_chosen(login, committee_user, union, other_union):
    chinese, maths = DepartmentFactory(union=union, name="语文组"), DepartmentFactory(union=union, name="数学组")
    wang = MemberFactory(union=union, name="王芳", employee_number="T1", department=chinese)
    MemberFactory(union=union, name="王芳", employee_number="T2", department=maths)
    MemberFactory(union=other_union, name="外人")
    activity = ActivityFactory(union=union, organiser=wang)
    menu = organiser_menu(login(committee_user).get(f"/activities/{activity.pk}/edit/"))
    assert menu.get("id") == "id_organiser" and "form-select" in menu.get("class")
    labels = [option.text_content() for option in menu.xpath("./option")]
    assert "王芳（T1，语文组）" in labels and "王芳（T2，数学组）" in labels and "外人" not in labels
    assert menu.xpath("./option[@selected]/text()") == ["王芳（T1，语文组）"]


def test_a_member_of_another_union_posted_as_organiser_is_refused_beside_the_menu(
    login, committee_user, union, other_union
):
    activity = ActivityFactory(union=union)
    client = login(committee_user)
    form = client.get(f"/activities/{activity.pk}/edit/").context["form"]
    data = {field.html_name: field.value() for field in form if field.value() not in (None, False)}
    data["organiser"] = MemberFactory(union=other_union).pk
    response = client.post(f"/activities/{activity.pk}/edit/", data)
    assert response.status_code == 200
    menu = organiser_menu(response)
    assert "is-invalid" in menu.get("class") and menu.get("aria-invalid") == "true"
