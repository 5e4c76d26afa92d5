"""A committee never faces a blank page: three built-in templates, a blank plan, last year's plan."""

import pytest

from plans.models import AnnualPlan
from plans.paste import parse
from plans.starters import STARTERS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "key, parts, first_part",
    [
        ("company", 6, "健全工会组织体系"),
        ("school", 3, "主要工作"),
        ("township", 4, "工作目标"),
    ],
)
def test_each_template_has_a_sensible_outline(key, parts, first_part):
    parsed = parse(STARTERS[key].text)
    assert parsed.part_count == parts
    assert parsed.guiding_ideology
    assert parsed.rows[0].title == first_part
    assert sum(1 for row in parsed.rows if row.level == 3) >= 12


def test_the_school_template_has_a_month_schedule():
    months = [row.month for row in parse(STARTERS["school"].text).rows if row.month]
    assert months == [2, 3, 4, 5, 6, 7, 9, 10, 11, 12]


def test_start_a_plan_from_a_template(login, committee_user):
    client = login(committee_user)
    page = client.get("/plans/").content.decode()
    assert "学校工会" in page and "企业工会" in page and "乡镇（街道）工会" in page
    response = client.post("/plans/new/", {"year": 2027, "start": "starter:company"})
    assert response.status_code == 302 and response["Location"] == "/plans/2027/edit/"
    plan = AnnualPlan.objects.get(year=2027)
    assert plan.status == "draft" and plan.title == "第一中学工会2027年工作计划"
    assert plan.items.filter(title="集体合同").exists()
    assert "从模板“企业工会”起草" in client.get("/plans/2027/history/").content.decode()


def test_start_a_blank_plan(login, committee_user):
    login(committee_user).post("/plans/new/", {"year": 2027, "start": "blank"})
    assert AnnualPlan.objects.get(year=2027).items.count() == 0


def test_one_plan_per_year(login, committee_user, plan):
    response = login(committee_user).post("/plans/new/", {"year": 2026, "start": "blank"})
    assert response.status_code == 400 and "2026年已有工作计划。" in response.content.decode()
    assert AnnualPlan.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"year": "明年", "start": "blank"},
        {"year": 1850, "start": "blank"},
        {"year": 2027, "start": "starter:nonsense"},
    ],
)
def test_bad_input_gets_a_chinese_error(login, committee_user, data):
    response = login(committee_user).post("/plans/new/", data)
    assert response.status_code == 400
    assert any(m in response.content.decode() for m in ["请输入整数", "不能小于", "选择一个有效的选项"])


def test_the_list_shows_years_with_status_and_completion(login, committee_user, approved_plan):
    approved_plan.items.filter(title__in=["完善会员档案", "组织教职工体检"]).update(status="done")
    approved_plan.items.filter(title="召开会员代表大会").update(status="dropped")
    page = login(committee_user).get("/plans/").content.decode()
    assert "2026" in page and "已批准" in page
    assert "3 项中已完成 2 项（67%）" in page and "1 项已取消" in page
