"""The chair's own text (主要成绩, 存在的问题, 明年工作打算): a draft from the figures, saved per year,
refused when someone else saved first, with a history of changes."""

from datetime import date

import pytest
from django.core.management import call_command
from lxml import html

from members.models import HistoryEntry
from tests.conftest import DEMO_TODAY
from tests.unionplan import summary_data
from unionplan import demo
from unionplan.models import YearSummary

pytestmark = pytest.mark.django_db

URL = "/summary/2026/"


def form_values(response):
    doc = html.fromstring(response.content.decode())
    values = {t.name: t.text_content().strip() for t in doc.xpath("//form//textarea")}
    values["version"] = doc.xpath('//input[@name="version"]/@value')[0]
    return values


def test_before_the_first_save_the_form_holds_a_draft_from_the_figures(login, chair_user, union, other_union, clock):
    clock(date(2026, 12, 5))  # 2026 still open: told in the present and computed on each reading
    summary_data.build(union, other_union)
    values = form_values(login(chair_user).get(URL))
    assert values["version"] == "0"
    assert values["achievements"].splitlines() == [
        "按照年度工作计划，全年共安排工作事项5项，截至目前已完成2项，完成率50%（已完成2项÷应完成4项，不含已取消1项）；"
        "正在推进1项，尚未启动1项，因故取消1项。",
        "全年共组织开展各类活动3次，参与会员59人次，其中文体活动2次、慰问1次。",
        "重点活动有：乒乓球赛、送清凉。",
        "目前共有会员4人，今年以来新入会1人，退休1人，离会1人。",  # the year is still open
        "工会委员会开展走访慰问4次，慰问会员2人，发放慰问金1,200.00元；为2位会员送上生日祝福，帮扶困难职工1人。",
        "全年收缴会费50.00元；工会经费收入10,550.50元，支出7,156.77元。",
        "经费审查委员会对2026年1月1日至6月30日的经费收支进行了审查，结论为：通过。",
    ]
    assert values["problems"].splitlines() == [
        "年度计划中尚有2项工作未完成：校务公开、困难帮扶。",
        "有1项工作因故取消。",
        "活动报名后实际参加的比例仅为67%，会员参与的积极性有待提高。",
        "尚有会费25.00元未收缴，涉及会员1人。",
        "以下科目支出超出预算：资本性支出、其他支出。",
    ]
    assert values["next_year"].splitlines()[:2] == [
        "继续推进本年度未完成的工作：校务公开、困难帮扶。",
        "及早编制2027年工会工作计划，提交职代会（教代会）审议。",
    ]
    assert not YearSummary.objects.exists()  # opening the page writes nothing


def test_the_chair_saves_the_text_and_it_is_kept_with_its_history(login, chair_user, union):
    client = login(chair_user)
    response = client.post(
        URL,
        {
            "version": "0",
            "achievements": "一年来，工会做了三件实事。\n第二段。",
            "problems": "问题一。",
            "next_year": "打算一。",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/summary/2026/#text"
    text = YearSummary.objects.get(union=union, year=2026)
    assert (text.achievements, text.version, text.updated_by) == (
        "一年来，工会做了三件实事。\n第二段。",
        1,
        chair_user,
    )
    page = client.get(URL).content.decode()
    assert "王主席于" in page and "最后保存" in page
    values = form_values(client.get(URL))
    assert values["achievements"] == "一年来，工会做了三件实事。\n第二段。" and values["version"] == "1"

    client.post(URL, {"version": "1", "achievements": "改过的成绩。", "problems": "问题一。", "next_year": "打算一。"})
    text.refresh_from_db()
    assert (text.achievements, text.version) == ("改过的成绩。", 2)
    entries = list(HistoryEntry.objects.for_object(text).order_by("at", "id"))
    assert [e.action for e in entries] == ["create", "change"]
    assert entries[1].changes == {"主要成绩": ["一年来，工会做了三件实事。\n第二段。", "改过的成绩。"]}
    history = client.get("/summary/2026/history/")
    assert history.status_code == 200 and "改过的成绩。" in history.content.decode()


def test_a_save_based_on_an_old_version_is_refused(login, chair_user, committee_user, union):
    YearSummary.objects.create(union=union, year=2026, achievements="委员写的。", version=3)
    response = login(chair_user).post(
        URL, {"version": "2", "achievements": "主席的旧稿。", "problems": "", "next_year": ""}
    )
    assert response.status_code == 200
    assert "已有其他人保存了这条记录" in response.content.decode()
    assert YearSummary.objects.get().achievements == "委员写的。"


def test_two_people_starting_from_the_draft_cannot_overwrite_each_other(login, chair_user, committee_user):
    first = {"version": "0", "achievements": "委员先保存。", "problems": "", "next_year": ""}
    assert login(committee_user).post(URL, first).status_code == 302
    second = {"version": "0", "achievements": "主席后保存。", "problems": "", "next_year": ""}
    response = login(chair_user).post(URL, second)
    assert response.status_code == 200
    assert YearSummary.objects.get().achievements == "委员先保存。"


def test_the_draft_can_be_brought_back_after_saving(login, chair_user, union, clock):
    clock(date(2026, 12, 5))  # 2026 still open: told in the present and computed on each reading
    YearSummary.objects.create(union=union, year=2026, achievements="旧的文字。")
    values = form_values(login(chair_user).get(URL + "?draft=1"))
    assert values["achievements"] == "目前共有会员1人。"
    assert YearSummary.objects.get().achievements == "旧的文字。"  # only a save replaces it


def test_each_year_keeps_its_own_text(login, chair_user, union):
    YearSummary.objects.create(union=union, year=2025, achievements="二〇二五年的成绩。")
    assert "二〇二五年的成绩。" in login(chair_user).get("/summary/2025/").content.decode()
    assert "二〇二五年的成绩。" not in login(chair_user).get(URL).content.decode()


def test_the_demo_year_has_the_chairs_text_and_a_second_run_keeps_it(settings, union):
    settings.DEBUG = True
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    text = YearSummary.objects.get(year=2026)
    assert text.achievements.startswith("2026年，我校工会在上级工会和学校党委的领导下")
    assert text.next_year.splitlines()[0] == "1．围绕学校中心工作，认真编制2027年工会工作计划，提交教代会审议。"
    text.achievements = "主席改过。"
    text.save()
    demo.seed(text.union, 2026)
    assert YearSummary.objects.get(year=2026).achievements == "主席改过。"


@pytest.mark.parametrize("version", ["", "abc", "-5"])
def test_a_garbled_version_is_refused_not_a_server_error(login, chair_user, union, version):
    YearSummary.objects.create(union=union, year=2026, achievements="原文。")
    response = login(chair_user).post(
        URL, {"version": version, "achievements": "新文。", "problems": "", "next_year": ""}
    )
    assert response.status_code == 200
    assert YearSummary.objects.get().achievements == "原文。"


def test_the_admin_lists_and_edits_the_text_with_history(client, union, django_user_model):
    text = YearSummary.objects.create(union=union, year=2026, achievements="原文。")
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-1")
    client.force_login(admin)
    assert client.get("/admin/unionplan/yearsummary/?q=原文").status_code == 200
    change = f"/admin/unionplan/yearsummary/{text.pk}/change/"
    assert client.get(change).status_code == 200
    data = {"union": union.pk, "year": 2026, "achievements": "管理员改过。", "problems": "", "next_year": ""}
    assert client.post(change, data).status_code == 302
    text.refresh_from_db()
    assert (text.achievements, text.version, text.updated_by) == ("管理员改过。", 2, admin)
    assert HistoryEntry.objects.for_object(text).get().changes == {"主要成绩": ["原文。", "管理员改过。"]}
