"""A form that picks a member (members.forms.MemberChoiceField / MemberMultipleChoiceField) shows a search
box, not a menu of the whole union: /members/pick/ answers what the committee types (part of a name, an
employee number, pinyin initials) with up to 20 of their own union's members, and the form keeps the
member chosen as a chip. The field still decides what may be saved."""

from datetime import date

import pytest
from lxml import html

from activities.models import Activity
from members.models import Member
from members.picker import MATCHES_SHOWN
from tests.factories import (
    ActivityFactory,
    AnnualPlanFactory,
    CareVisitFactory,
    DepartmentFactory,
    MemberFactory,
    PlanItemFactory,
    bulk_create_members,
)

pytestmark = pytest.mark.django_db


def found(response):
    """The labels of the matches a search answered with."""
    assert response.status_code == 200
    return [b.text_content() for b in html.fragment_fromstring(response.content.decode() or "<div/>",
                                                                 create_parent=True).xpath(".//button[@data-pick]")]


def picker(page, name):
    """(the labels of the chips chosen, their values, the search box) of the picker named `name`."""
    doc = html.fromstring(page.content.decode())
    (box,) = doc.xpath(f'//div[@data-member-picker][@data-name="{name}"]')
    assert not box.xpath(".//template//input[@name]")  # only the chips' inputs are sent
    chips = box.xpath("./div[@data-picker-chosen]/span[@data-chip]")
    (search,) = box.xpath(".//input[@type='search']")
    return ([c.xpath("./span[@data-chip-label]")[0].text_content() for c in chips],
            [c.xpath("./input")[0].get("value") for c in chips], search)


# -- the search ---------------------------------------------------------------------------------------


def test_search_finds_by_name_number_and_pinyin_initials(login, committee_user, union):
    MemberFactory(union=union, name="王芳", employee_number="T0312")
    MemberFactory(union=union, name="张伟", employee_number="T0400")
    client = login(committee_user)
    assert found(client.get("/members/pick/", {"scope": "current", "q": "王"})) == ["王芳"]
    assert found(client.get("/members/pick/", {"scope": "current", "q": "0312"})) == ["王芳"]
    assert found(client.get("/members/pick/", {"scope": "current", "q": "wf"})) == ["王芳"]
    assert found(client.get("/members/pick/", {"scope": "current", "q": "ZW"})) == ["张伟"]
    assert found(client.get("/members/pick/", {"scope": "current", "q": "w"})) == ["王芳"]  # 李委员 is l…


def test_the_roster_search_reads_pinyin_initials_too(login, committee_user, union):
    MemberFactory(union=union, name="王芳")
    MemberFactory(union=union, name="赵六")
    page = login(committee_user).get("/members/", {"q": "wf"}).content.decode()
    assert "王芳" in page and "赵六" not in page


def test_namesakes_are_told_apart_by_number_and_department(login, committee_user, union):
    chinese, maths = DepartmentFactory(union=union, name="语文组"), DepartmentFactory(union=union, name="数学组")
    MemberFactory(union=union, name="王芳", employee_number="T1", department=chinese)
    MemberFactory(union=union, name="王芳", employee_number="T2", department=maths)
    MemberFactory(union=union, name="王芳芳", employee_number="T3", department=maths)
    labels = found(login(committee_user).get("/members/pick/", {"scope": "current", "q": "王芳"}))
    assert sorted(labels[:2]) == ["王芳（T1，语文组）", "王芳（T2，数学组）"] and labels[2] == "王芳芳"


def test_another_unions_members_never_appear(login, committee_user, union, other_union):
    MemberFactory(union=union, name="王芳")
    MemberFactory(union=other_union, name="王外人", employee_number="X1")
    client = login(committee_user)
    assert found(client.get("/members/pick/", {"scope": "current", "q": "王"})) == ["王芳"]
    assert found(client.get("/members/pick/", {"scope": "current", "q": "X1"})) == []


def test_the_scope_offers_what_the_field_accepts(login, committee_user, union):
    MemberFactory(union=union, name="王离会", status=Member.Status.LEFT)
    MemberFactory(union=union, name="王委员", position=Member.Position.COMMITTEE)
    MemberFactory(union=union, name="王退休", status=Member.Status.RETIRED)
    client = login(committee_user)
    assert found(client.get("/members/pick/", {"scope": "current", "q": "王"})) == ["王退休", "王委员"]
    assert found(client.get("/members/pick/", {"scope": "committee", "q": "王"})) == ["王委员"]


def test_at_most_twenty_are_shown_and_the_rest_is_said(login, committee_user, union):
    bulk_create_members(Member(union=union, name=f"王{i:02d}", gender="F") for i in range(30))
    response = login(committee_user).get("/members/pick/", {"scope": "current", "q": "王"})
    assert len(found(response)) == MATCHES_SHOWN
    assert "只显示前 20 位" in response.content.decode()


def test_nonsense_finds_nobody_and_says_so(login, committee_user, union):
    client = login(committee_user)
    for text in ["zzzzzz", "%", "_", "'; drop table", "王" * 5000, "1" * 40]:
        response = client.get("/members/pick/", {"scope": "current", "q": text})
        assert found(response) == [] and "没有找到" in response.content.decode()
    assert client.get("/members/pick/", {"scope": "current", "q": "  "}).content.decode().strip() == ""
    assert client.get("/members/pick/", {"scope": "everyone", "q": "王"}).status_code == 404
    assert client.get("/members/pick/", {"q": "王"}).status_code == 404
    assert client.post("/members/pick/", {"scope": "current", "q": "王"}).status_code == 405


def test_the_search_needs_a_login_and_the_roster_permission(client, login, member_user, treasurer_user, union):
    MemberFactory(union=union, name="王芳")
    response = client.get("/members/pick/", {"scope": "current", "q": "王"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert login(member_user).get("/members/pick/", {"scope": "current", "q": "王"}).status_code == 403
    assert login(treasurer_user).get("/members/pick/", {"scope": "current", "q": "王"}).status_code == 403


def test_the_search_costs_the_same_few_queries_at_any_size(
    login, committee_user, union, django_assert_max_num_queries
):
    client = login(committee_user)
    client.get("/members/pick/", {"scope": "current", "q": "王"})  # the session, the union: warm
    with django_assert_max_num_queries(4) as few:
        found(client.get("/members/pick/", {"scope": "current", "q": "王"}))
    bulk_create_members(Member(union=union, name=f"王{i}", gender="F") for i in range(500))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(found(client.get("/members/pick/", {"scope": "current", "q": "王"}))) == MATCHES_SHOWN


# -- the forms --------------------------------------------------------------------------------------


def test_the_activity_form_of_a_big_union_has_no_menu_of_members(
    login, committee_user, union, django_assert_max_num_queries
):
    bulk_create_members(Member(union=union, name=f"会员{i}", gender="F", employee_number=f"B{i}") for i in range(3000))
    organiser = MemberFactory(union=union, name="王芳", employee_number="T0312")
    activity = ActivityFactory(union=union, organiser=organiser)
    client = login(committee_user)
    client.get(f"/activities/{activity.pk}/edit/")
    with django_assert_max_num_queries(20) as queries:
        page = client.get(f"/activities/{activity.pk}/edit/")
    organiser_queries = [q["sql"] for q in queries.captured_queries if 'FROM "members_member"' in q["sql"]]
    assert all("LIMIT" in sql or '"id" IN' in sql or '"id" =' in sql for sql in organiser_queries)
    assert page.content.count(b"<option") < 100 and len(page.content) < 60_000
    labels, values, search = picker(page, "organiser")
    assert labels == ["王芳"] and values == [str(organiser.pk)]
    assert search.get("id") == "id_organiser" and "form-control" in search.get("class")
    assert search.get("hx-get") == "/members/pick/?scope=current"
    assert html.fromstring(page.content).xpath('//label[@for="id_organiser"]')[0].text_content().startswith("负责人")


def test_an_organiser_chosen_in_the_picker_is_saved(login, committee_user, union):
    activity = ActivityFactory(union=union)
    chosen = MemberFactory(union=union, name="王芳")
    client = login(committee_user)
    form = client.get(f"/activities/{activity.pk}/edit/").context["form"]
    data = {field.html_name: field.value() for field in form if field.value() not in (None, False)}
    data["organiser"] = chosen.pk
    response = client.post(f"/activities/{activity.pk}/edit/", data)
    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).organiser == chosen


def test_a_member_of_another_union_posted_as_organiser_is_refused_and_not_named(
    login, committee_user, union, other_union
):
    activity = ActivityFactory(union=union)
    client = login(committee_user)
    form = client.get(f"/activities/{activity.pk}/edit/").context["form"]
    data = {field.html_name: field.value() for field in form if field.value() not in (None, False)}
    data["organiser"] = MemberFactory(union=other_union, name="外人").pk
    for value in (data["organiser"], "abc", "9" * 30):
        response = client.post(f"/activities/{activity.pk}/edit/", {**data, "organiser": value})
        assert response.status_code == 200
        page = response.content.decode()
        assert "选择一个有效的选项" in page and "外人" not in page
        labels, values, search = picker(response, "organiser")
        assert labels == [] and "is-invalid" in search.get("class") and search.get("aria-invalid") == "true"


def test_a_visit_keeps_its_visitors_as_chips_and_saves_the_ones_posted(login, committee_user, union):
    chair = MemberFactory(union=union, name="王主任", position=Member.Position.CHAIR)
    treasurer = MemberFactory(union=union, name="张会计", position=Member.Position.TREASURER)
    visited = MemberFactory(union=union, name="赵病号")
    visit = CareVisitFactory(union=union, member=visited, date=date(2026, 3, 2))
    visit.visitors.set([chair])
    client = login(committee_user)
    page = client.get(f"/members/care/visits/{visit.pk}/edit/")
    assert picker(page, "member")[:2] == (["赵病号"], [str(visited.pk)])
    labels, values, search = picker(page, "visitors")
    assert labels == ["王主任"] and search.get("hx-get") == "/members/pick/?scope=committee"
    form = page.context["form"]
    data = {f.html_name: f.value() for f in form if f.value() not in (None, False, [])}
    response = client.post(f"/members/care/visits/{visit.pk}/edit/", {
        **data, "visitors": [chair.pk, treasurer.pk], "date": "2026-03-02",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    visit.refresh_from_db()
    assert set(visit.visitors.all()) == {chair, treasurer}


# -- the admin --------------------------------------------------------------------------------------


def test_the_admin_asks_for_members_by_search_within_the_union(login, chair_user, union, other_union):
    chair_user.is_staff = True
    chair_user.save()
    bulk_create_members(Member(union=union, name=f"会员{i}", gender="F", employee_number=f"B{i}") for i in range(500))
    MemberFactory(union=other_union, name="王外人")
    item = PlanItemFactory(plan=AnnualPlanFactory(union=union), owner=MemberFactory(union=union, name="王芳"))
    client = login(chair_user)
    for url in [
        f"/admin/plans/planitem/{item.pk}/change/",  # owner
        f"/admin/plans/annualplan/{item.plan.pk}/change/",  # approved by, and its items' owners
        "/admin/funds/fundreview/add/",  # reviewers
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert page.content.count(b"<option") < 100 and b"admin-autocomplete" in page.content, url
    assert "selected>王芳</option>" in client.get(f"/admin/plans/planitem/{item.pk}/change/").content.decode()
    found = client.get("/admin/autocomplete/", {
        "app_label": "plans", "model_name": "planitem", "field_name": "owner", "term": "王",
    }).json()["results"]
    assert "王芳" in [result["text"] for result in found] and "王外人" not in str(found)
