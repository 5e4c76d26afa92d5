"""A birth date known only to its month (出生年月 only, as many rosters give it): kept as the first of the
month with Member.birth_month_only, read as "1986年3月", never put on the 1st in a birthday list."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from members.birthdays import Celebrant, birthdays_between, birthdays_of, month_birthdays
from members.dates import birth_date_text, year_month_text
from members.models import HistoryEntry, Member
from tests.factories import MemberFactory, UserFactory, bulk_create_members

pytestmark = pytest.mark.django_db

HEADING = "出生日期只到月，缺日"


def form_data(**changes):
    data = {
        "name": "赵老师",
        "gender": "F",
        "employee_number": "Z001",
        "birth_date": "1986-03-17",
        "phone": "13800138000",
        "joined_on": "2008-09-01",
        "status": "active",
        "position": "",
    }
    data.update(changes)
    return data


def month_only(union, name="年月生", born=date(1986, 3, 1), **fields):
    return MemberFactory(union=union, name=name, birth_date=born, birth_month_only=True, **fields)


def errors_of(member):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        member.full_clean()
    return {field: " ".join(messages) for field, messages in refused.value.message_dict.items()}


# -- the model -------------------------------------------------------------------------------------


def test_a_month_only_birth_date_is_the_first_of_its_month_and_has_no_lunar_date(union):
    member = month_only(union)
    member.full_clean()
    assert (member.lunar_birth_month, member.lunar_birth_day) == (None, None)
    assert member.birth_date_text == "1986年3月"


def test_a_month_only_birth_date_needs_a_birth_date_whose_day_is_the_first(union):
    assert "请填写出生年月" in errors_of(MemberFactory.build(union=union, birth_month_only=True))["birth_date"]
    late = MemberFactory.build(union=union, birth_date=date(1986, 3, 17), birth_month_only=True)
    assert "按当月1日保存（1986-03-01）" in errors_of(late)["birth_date"]


def test_a_lunar_birthday_cannot_be_known_only_to_the_month(union):
    member = MemberFactory.build(union=union, birth_date=date(1986, 3, 1), birth_month_only=True, lunar_birthday=True)
    assert errors_of(member) == {
        "lunar_birthday": "过农历生日需要知道出生在哪一天：请补全出生日期，或取消勾选“过农历生日”。"
    }


def test_the_lunar_fields_follow_the_flag_on_a_partial_save(union):
    member = MemberFactory(union=union, birth_date=date(1986, 3, 1))
    assert member.lunar_birth_month is not None
    member.birth_month_only = True
    member.save(update_fields=["birth_month_only"])
    member.refresh_from_db()
    assert (member.lunar_birth_month, member.lunar_birth_day) == (None, None)
    member.birth_month_only = False
    member.save(update_fields=["birth_month_only"])
    member.refresh_from_db()
    assert (member.lunar_birth_month, member.lunar_birth_day) == (1, 21)  # 1986-03-01 = 正月廿一


def test_bulk_saves_keep_the_lunar_fields_empty(union):
    (member,) = bulk_create_members(
        [Member(union=union, name="批量", gender="F", birth_date=date(1986, 3, 1), birth_month_only=True)]
    )
    member.refresh_from_db()
    assert (member.lunar_birth_month, member.lunar_birth_day) == (None, None)


def test_the_age_counts_by_year_and_month(union):
    member = month_only(union)
    assert member.age_on(date(2026, 2, 28)) == 39
    assert member.age_on(date(2026, 3, 1)) == 40


def test_the_birth_date_reads_as_a_month_in_each_language():
    assert birth_date_text(date(1986, 3, 12)) == "1986-03-12"
    assert birth_date_text(None, True) == ""
    with translation.override("zh-hans"):
        assert birth_date_text(date(1986, 3, 1), True) == "1986年3月"
    with translation.override("en"):
        assert birth_date_text(date(1986, 3, 1), True) == "March 1986"
        assert year_month_text(date(1986, 3, 1)) == "1986年3月"  # files are Chinese whatever the reader's language


def test_the_template_filter_reads_members_and_birthday_list_entries(union):
    template = Template("{% load members_tags %}{{ person|birth_date_text }}")
    celebrant = Celebrant(1, "某", "", date(1986, 3, 1), False, None, None, birth_month_only=True)
    with translation.override("zh-hans"):
        assert template.render(Context({"person": month_only(union)})) == "1986年3月"
        assert template.render(Context({"person": celebrant})) == "1986年3月"
        assert template.render(Context({"person": MemberFactory.build(birth_date=date(1986, 3, 9))})) == "1986-03-09"


# -- the member form -------------------------------------------------------------------------------


def test_ticking_only_the_year_and_month_keeps_the_month(login, committee_user, union):
    client = login(committee_user)
    form = client.get("/members/new/").content.decode()
    assert re.search(r'<label[^>]*for="id_birth_month_only"[^>]*>只知道年月</label>', form)
    place = form.index
    assert place('id="id_birth_date"') < place('id="id_birth_month_only"') < place('id="id_lunar_birthday"')
    response = client.post("/members/new/", form_data(birth_month_only="on"))
    assert response.status_code == 302
    member = Member.objects.get(union=union, employee_number="Z001")
    assert member.birth_date == date(1986, 3, 1) and member.birth_month_only
    assert member.lunar_birth_month is None


def test_unticking_it_keeps_the_whole_date_again(login, committee_user, union):
    member = month_only(union, name="赵老师", employee_number="Z001", joined_on=date(2008, 9, 1))
    client = login(committee_user)
    assert 'id="id_birth_month_only" class="form-check-input" checked' in client.get(
        f"/members/{member.pk}/edit/"
    ).content.decode()
    response = client.post(f"/members/{member.pk}/edit/", form_data(version=member.version))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.birth_date == date(1986, 3, 17) and not member.birth_month_only
    assert member.lunar_birth_month is not None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"lunar_birthday": "on"}, "lunar_birthday", "过农历生日需要知道出生在哪一天"),
        ({"birth_date": ""}, "birth_date", "请填写出生年月（日可任选），或取消勾选“只知道年月”。"),
    ],
)
def test_the_form_refuses_a_month_only_date_it_cannot_keep(login, committee_user, union, changes, field, message):
    response = login(committee_user).post("/members/new/", form_data(birth_month_only="on", **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Member.objects.filter(employee_number="Z001").exists()


def test_the_history_records_the_change(login, committee_user, union):
    member = MemberFactory(
        union=union, name="赵老师", employee_number="Z001", birth_date=date(1986, 3, 17), phone="13800138000",
        joined_on=date(2008, 9, 1),
    )
    client = login(committee_user)
    client.post(f"/members/{member.pk}/edit/", form_data(birth_month_only="on", version=member.version))
    entry = HistoryEntry.objects.for_object(member).first()
    assert entry.changes == {"出生日期": ["1986-03-17", "1986-03-01"], "出生日期只知道年月": ["False", "True"]}


def test_the_admin_offers_the_flag_and_refuses_it_with_a_lunar_birthday(login, union):
    member = month_only(union, employee_number="A001")
    client = login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/members/member/{member.pk}/change/").content.decode()
    assert 'name="birth_month_only"' in page
    response = client.post(
        f"/admin/members/member/{member.pk}/change/",
        {"union": union.pk, "name": member.name, "gender": "F", "employee_number": "A001",
         "birth_date": "1986-03-01", "birth_month_only": "on", "lunar_birthday": "on", "status": "active"},
    )
    assert response.status_code == 200 and "过农历生日需要知道出生在哪一天" in response.content.decode()
    member.refresh_from_db()
    assert not member.lunar_birthday


# -- where a birth date is shown -------------------------------------------------------------------


def test_the_member_page_shows_the_month_and_the_age(login, committee_user, union, clock):
    clock(date(2026, 6, 15))
    member = month_only(union)
    page = login(committee_user).get(f"/members/{member.pk}/").content.decode()
    assert "1986年3月" in page and "1986-03-01" not in page
    assert "（40 岁）" in page
    assert "出生日期只到月，缺日。" in page and f'href="/members/{member.pk}/edit/">补全日期' in page


def test_the_roster_shows_the_month(login, committee_user, union):
    month_only(union)
    page = login(committee_user).get("/members/").content.decode()
    assert "1986年3月" in page and "1986-03-01" not in page


# -- birthdays -------------------------------------------------------------------------------------


def test_a_member_without_a_day_has_no_birthday_on_any_day(union):
    member = month_only(union)
    assert birthdays_of(member, 2026) == []
    members = Member.objects.for_union(union)
    assert birthdays_between(members, date(2026, 3, 1), date(2026, 3, 31)) == []
    (listed,) = month_birthdays(members, 2026, 3)
    assert listed.member == member and listed.date is None and listed.age == 40 and not listed.day_known
    assert month_birthdays(members, 2026, 4) == []


def birthday_page(response):
    """(rows above the heading, rows below it, whether the heading shows): each row (name, day text)."""
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    above, _heading, below = body.partition(HEADING)

    def rows(html):
        return [
            (re.search(r'<a href="/members/\d+/">([^<]*)</a>', row).group(1),
             re.search(r'<td class="text-nowrap">(\S+)', row).group(1))
            for row in re.findall(r"<tr class=.*?</tr>", html, re.S)
        ]

    return rows(above), rows(below), bool(_heading)


def test_the_months_list_names_them_apart_after_the_days(login, committee_user, union, clock):
    clock(date(2026, 3, 10))
    dated = MemberFactory(union=union, name="初一生", birth_date=date(1990, 3, 1))
    member = month_only(union)
    month_only(union, name="四月生", born=date(1980, 4, 1))
    response = login(committee_user).get("/members/birthdays/", {"year": 2026, "month": 3})
    by_day, day_unknown, heading = birthday_page(response)
    assert by_day == [("初一生", "3月1日")] and heading
    assert day_unknown == [("年月生", "3月")]
    page = response.content.decode()
    assert "日不详" in page and f'href="/members/{member.pk}/edit/">补全日期</a>' in page
    assert f'href="/members/{dated.pk}/edit/"' not in page
    assert response.context["count"] == 2 and response.context["day_unknown"] == 1
    assert "其中 1 人缺日" in page


def test_a_reader_who_may_not_edit_gets_no_link_to_complete_the_date(login, union):
    reader = UserFactory()
    reader.user_permissions.add(Permission.objects.get(codename="view_member"))
    MemberFactory(union=union, user=reader)
    member = month_only(union)
    page = login(reader).get("/members/birthdays/", {"year": 2026, "month": 3}).content.decode()
    assert HEADING in page and "年月生" in page
    assert f"/members/{member.pk}/edit/" not in page


def test_a_month_without_such_members_has_no_heading(login, committee_user, union):
    MemberFactory(union=union, name="初一生", birth_date=date(1990, 3, 1))
    response = login(committee_user).get("/members/birthdays/", {"year": 2026, "month": 3})
    assert HEADING not in response.content.decode()
    assert response.context["day_unknown"] == 0


def test_they_can_still_be_greeted_in_their_month(login, committee_user, union):
    member = month_only(union)
    client = login(committee_user)
    client.post(f"/members/birthdays/{member.pk}/greet/")
    response = client.get("/members/birthdays/", {"year": member.care_visits.get().date.year, "month": 3})
    assert response.context["greeted"] == 1


def test_the_dashboard_week_leaves_them_out(login, committee_user, union, clock):
    clock(date(2026, 6, 2))  # the week of 1 to 7 June
    MemberFactory(union=union, name="六一生", birth_date=date(1990, 6, 1))
    month_only(union, name="六月生", born=date(1986, 6, 1))
    page = login(committee_user).get("/").content.decode()
    assert "本周生日" in page and "六一生" in page
    assert "六月生" not in page


def test_the_birthday_page_keeps_its_query_budget_with_members_without_a_day(
    login, committee_user, union, django_assert_max_num_queries
):
    # May: i = 12k + 4 for k < 250; a third of them (k divisible by 3) known only to the month.
    bulk_create_members(
        Member(
            union=union, name=f"会员{i}", gender="F", employee_number=f"B{i}",
            birth_date=date(1970 + i % 30, 1 + i % 12, 1 if i // 12 % 3 == 0 else 1 + i % 28),
            birth_month_only=i // 12 % 3 == 0,
        )
        for i in range(3000)
    )
    client = login(committee_user)
    with django_assert_max_num_queries(9):
        response = client.get("/members/birthdays/", {"year": 2026, "month": 5, "page": 2})
    assert response.context["count"] == 250 and response.context["day_unknown"] == 84
    by_day, day_unknown, heading = birthday_page(response)
    assert heading and len(by_day) == 66 and len(day_unknown) == 34  # page 2: the days end, the group begins
    first = birthday_page(client.get("/members/birthdays/", {"year": 2026, "month": 5}))
    assert len(first[0]) == 100 and not first[2]
