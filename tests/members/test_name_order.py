"""Lists of people in Chinese order: by the pinyin of the name, then employee number (members/names.py),
and namesakes told apart by employee number and department wherever people are listed or picked."""

from datetime import date

import pytest
from lxml import html

from members.models import HistoryEntry, Member
from members.names import pinyin_key
from tests.factories import (
    ActivityFactory,
    AnnualPlanFactory,
    CareVisitFactory,
    DepartmentFactory,
    MemberFactory,
    PlanItemFactory,
    SignupFactory,
    UnionGroupFactory,
    UserFactory,
)
from tests.members.test_import import confirm, good_row, upload, xlsx

pytestmark = pytest.mark.django_db

# 阿/艾 first; 吕 (lü) before 单 (shan, as a surname); 曾 (zeng, as a surname) before 詹 (zhan) before
# 张 (zhang); 张三 before 张三丰. In code-point order they would read 单 吕 张三 张三丰 曾 艾 詹.
IN_ORDER = ["艾青", "吕布", "单田芳", "曾国藩", "詹天", "张三", "张三丰"]
WANG_CHINESE = "王芳（T0312，语文组）"
WANG_MATHS = "王芳（T0588，数学组）"


@pytest.fixture
def people(union):
    """The seven in a scrambled order (ids say nothing), and two 王芳 in different departments; all on
    the committee (so they own plan items and visit) and all born on 8 March."""
    chinese = DepartmentFactory(union=union, name="语文组")
    maths = DepartmentFactory(union=union, name="数学组")
    found = {}
    for i, name in enumerate(["张三丰", "曾国藩", "艾青", "詹天", "单田芳", "张三", "吕布"]):
        found[name] = MemberFactory(
            union=union, name=name, employee_number=f"T{900 + i}", department=maths, position="committee",
            birth_date=date(1980, 3, 8),
        )
    for number, department in [("T0588", maths), ("T0312", chinese)]:
        found[number] = MemberFactory(
            union=union, name="王芳", employee_number=number, department=department, position="committee",
            birth_date=date(1981, 3, 8),
        )
    return found


def seven(names):
    """The seven of IN_ORDER among `names`, in the order they appear."""
    return [name for name in names if name in IN_ORDER]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(response.content.decode())


def texts(elements):
    return [" ".join(e.text_content().split()) for e in elements]


def roster_names(doc):
    return texts(doc.xpath('//table[contains(@class, "roster-table")]/tbody/tr/td/a[starts-with(@href, "/members/")]'))


def signup_rows(doc):
    return doc.xpath('//table[thead/tr/th[1] = "#"]/tbody/tr')


def options(doc, name):
    return texts(doc.xpath(f'//select[@name="{name}"]/option'))


def form_data(doc, form_xpath):
    """What a browser would send for the form as the page shows it."""
    form = doc.xpath(form_xpath)[0]
    data = {}
    for field in form.xpath(".//input[@name] | .//select[@name] | .//textarea[@name]"):
        name, kind, checked = field.get("name"), field.get("type", ""), field.get("checked") is not None
        if field.tag == "select":
            values = [o.get("value", o.text or "") for o in field.xpath(".//option")]
            chosen = [o.get("value", o.text or "") for o in field.xpath(".//option[@selected]")]
            data[name] = chosen if field.get("multiple") is not None else (chosen or values or [""])[0]
        elif field.tag == "textarea":
            data[name] = field.text or ""
        elif kind == "checkbox":
            if checked:
                data.setdefault(name, []).append(field.get("value", "on"))
        elif kind == "radio":
            if checked:
                data[name] = field.get("value")
        elif kind not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    return data


# -- the order --------------------------------------------------------------------------------------


def test_the_roster_lists_names_in_pinyin_order(login, committee_user, people):
    doc = page(login(committee_user), "/members/")
    assert seven(roster_names(doc)) == IN_ORDER


def test_the_rosters_name_column_sorts_by_pinyin_both_ways(login, committee_user, people):
    client = login(committee_user)
    assert seven(roster_names(page(client, "/members/?o=name"))) == IN_ORDER
    assert seven(roster_names(page(client, "/members/?o=-name"))) == IN_ORDER[::-1]


def test_within_a_department_the_roster_is_in_pinyin_order(login, committee_user, people):
    doc = page(login(committee_user), "/members/?o=department")
    assert seven(roster_names(doc)) == IN_ORDER


def test_namesakes_follow_each_other_by_employee_number(login, committee_user, people):
    rows = login(committee_user).get("/members/").content.decode()
    assert rows.index("T0312") < rows.index("T0588")


def test_the_roster_export_is_in_pinyin_order(login, committee_user, people):
    from io import BytesIO

    from openpyxl import load_workbook

    response = login(committee_user).get("/members/export.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    assert seven([row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]) == IN_ORDER


def test_birthdays_of_one_day_are_in_pinyin_order(login, committee_user, people):
    doc = page(login(committee_user), "/members/birthdays/?year=2026&month=3")
    assert seven(texts(doc.xpath('//tr/td/a[starts-with(@href, "/members/")]'))) == IN_ORDER


def test_an_activitys_sign_ups_are_in_pinyin_order(login, committee_user, union, people):
    activity = ActivityFactory(union=union, title="教职工羽毛球赛", signup_open=True)
    for name in ["张三丰", "曾国藩", "艾青", "詹天", "单田芳", "张三", "吕布"]:  # signed up in this order
        SignupFactory(activity=activity, member=people[name])
    client = login(committee_user)
    doc = page(client, f"/activities/{activity.pk}/")
    assert seven(texts(row.xpath("./td[2]")[0] for row in signup_rows(doc))) == IN_ORDER
    attendance = page(client, f"/activities/{activity.pk}/attendance/")
    assert seven(texts(attendance.xpath('//input[@name="attended"]/following-sibling::label'))) == IN_ORDER


def test_the_plan_editors_owner_choices_are_in_pinyin_order(login, committee_user, union, people):
    plan = AnnualPlanFactory(union=union, year=2026)
    PlanItemFactory(plan=plan, title="完善会员档案")
    doc = page(login(committee_user), "/plans/2026/edit/")
    assert seven(options(doc, "rows-0-owner")) == IN_ORDER


def picked(client, scope, text):
    """What a member picker (organiser, visit member, visitors: members.picker) finds for `text`."""
    return texts(page(client, f"/members/pick/?scope={scope}&q={text}").xpath("//button[@data-pick]"))


def test_organiser_and_visitor_choices_are_in_pinyin_order(login, committee_user, people):
    client = login(committee_user)
    assert seven(picked(client, "current", "T9")) == IN_ORDER  # the organiser, the member visited
    assert seven(picked(client, "committee", "T9")) == IN_ORDER  # the visitors


def test_the_admins_member_list_is_in_pinyin_order(login, people):
    admin = UserFactory(is_staff=True, is_superuser=True)
    doc = page(login(admin), "/admin/members/member/")
    assert seven(texts(doc.xpath('//table[@id="result_list"]/tbody/tr/th/a'))) == IN_ORDER


# -- namesakes told apart -------------------------------------------------------------------------------


def test_choices_tell_namesakes_apart_by_employee_number_and_department(login, committee_user, union, people):
    client = login(committee_user)
    plan = AnnualPlanFactory(union=union, year=2026)
    PlanItemFactory(plan=plan, title="完善会员档案")
    for choices in [
        options(page(client, "/plans/2026/edit/"), "rows-0-owner"),
        picked(client, "current", "王芳") + picked(client, "current", "艾"),
        picked(client, "committee", "王芳") + picked(client, "committee", "艾"),
    ]:
        assert WANG_CHINESE in choices and WANG_MATHS in choices
        assert "艾青" in choices  # nobody else shares 艾青's name: the name alone
    visit = CareVisitFactory(union=union, member=people["T0312"])
    visit.visitors.set([people["T0588"]])
    edit = page(client, f"/members/care/visits/{visit.pk}/edit/")
    chips = texts(edit.xpath("//div[@data-picker-chosen]//span[@data-chip-label]"))
    assert chips == [WANG_CHINESE, WANG_MATHS]  # the member visited, the visitor: as chosen


def test_a_namesake_picked_in_a_form_is_the_one_chosen_and_history_shows_no_false_change(
    login, committee_user, union, people
):
    visit = CareVisitFactory(union=union, member=people["T0312"])
    client = login(committee_user)
    doc = page(client, f"/members/care/visits/{visit.pk}/edit/")
    data = form_data(doc, '//form[.//textarea[@name="notes"]]')
    data["notes"] = "带了水果"
    assert client.post(f"/members/care/visits/{visit.pk}/edit/", data).status_code == 302
    visit.refresh_from_db()
    assert visit.member == people["T0312"]
    changes = HistoryEntry.objects.for_object(visit).first().changes
    assert list(changes) == ["备注"], changes  # the member reads "王芳" before and after


def test_rows_tell_namesakes_apart(login, committee_user, union, people):
    activity = ActivityFactory(union=union, signup_open=True)
    for key in ["T0588", "T0312", "艾青"]:
        SignupFactory(activity=activity, member=people[key])
    client = login(committee_user)
    signups = texts(row.xpath("./td[2]")[0] for row in signup_rows(page(client, f"/activities/{activity.pk}/")))
    assert signups == ["艾青", WANG_CHINESE, WANG_MATHS]
    attended = texts(page(client, f"/activities/{activity.pk}/attendance/").xpath(
        '//input[@name="attended"]/following-sibling::label'))
    assert attended == ["艾青", WANG_CHINESE, WANG_MATHS]
    birthdays = texts(page(client, "/members/birthdays/?year=2026&month=3").xpath(
        '//tr/td/a[starts-with(@href, "/members/")]'))
    assert WANG_CHINESE in birthdays and WANG_MATHS in birthdays and "艾青" in birthdays


def test_the_roster_rows_of_namesakes_show_number_and_department(login, committee_user, people):
    doc = page(login(committee_user), "/members/")
    rows = doc.xpath('//table[contains(@class, "roster-table")]/tbody/tr[td/a[. = "王芳"]]')
    cells = [texts(row.xpath("./td")) for row in rows]
    assert [c for c in cells if "T0312" in c and "语文组" in c] and [c for c in cells if "T0588" in c and "数学组" in c]
    # On a phone the number column is hidden: beside a namesake's name the number shows instead.
    assert texts(doc.xpath('//span[contains(@class, "namesake-number")]')) == ["T0312", "T0588"]


def test_the_sign_in_sheet_tells_namesakes_apart(login, committee_user, union, people):
    from io import BytesIO

    from openpyxl import load_workbook

    activity = ActivityFactory(union=union, signup_open=True)
    for key in ["T0588", "吕布", "T0312"]:
        SignupFactory(activity=activity, member=people[key])
    response = login(committee_user).get(f"/activities/{activity.pk}/signin-sheet.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert names == ["吕布", WANG_CHINESE, WANG_MATHS]


def test_the_admin_autocomplete_tells_namesakes_apart(login, union, people):
    UnionGroupFactory(union=union, name="语文小组")
    admin = UserFactory(is_staff=True, is_superuser=True)
    response = login(admin).get(
        "/admin/autocomplete/",
        {"term": "王芳", "app_label": "members", "model_name": "uniongroup", "field_name": "leader"},
    )
    assert [r["text"] for r in response.json()["results"]] == [WANG_CHINESE, WANG_MATHS]


# -- the sort key kept in step ----------------------------------------------------------------------------


def test_renaming_in_the_form_moves_the_member_in_the_roster(login, committee_user, people):
    client = login(committee_user)
    member = people["张三丰"]
    data = form_data(page(client, f"/members/{member.pk}/edit/"), '//form[.//input[@name="name"]]')
    data["name"] = "阿三"
    assert client.post(f"/members/{member.pk}/edit/", data).status_code == 302
    member.refresh_from_db()
    assert member.name_pinyin == pinyin_key("阿三")
    names = roster_names(page(client, "/members/"))
    assert [n for n in names if n in IN_ORDER or n == "阿三"] == ["阿三", *IN_ORDER[:-1]]


def test_renaming_in_the_admin_keeps_the_key_in_step(login, people):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = login(admin)
    member = people["艾青"]
    url = f"/admin/members/member/{member.pk}/change/"
    data = form_data(page(client, url), '//form[@id="member_form"]')
    data["name"] = "郑艾青"
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.name == "郑艾青" and member.name_pinyin == pinyin_key("郑艾青")


def test_a_roster_import_keeps_the_key_in_step(login, committee_user, union, people):
    client = login(committee_user)
    file = xlsx([good_row("T0312", "阿芳", 部门="语文组"), good_row("N001", "白雪", 部门="数学组")])
    response = upload(client, file, create_missing=True)
    assert confirm(client, response).status_code == 302
    assert all(m.name_pinyin == pinyin_key(m.name) for m in Member.objects.for_union(union))
    names = roster_names(page(client, "/members/"))
    assert [n for n in names if n in IN_ORDER or n in ("阿芳", "白雪")] == ["阿芳", "艾青", "白雪", *IN_ORDER[1:]]
