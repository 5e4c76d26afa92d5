"""/summary/<year>/: every figure the chair reads equals the hand count in summary_data.py."""

import re
from datetime import date

import pytest
from lxml import html

from tests.unionplan import summary_data

pytestmark = pytest.mark.django_db

URL = "/summary/2026/"
TODAY = date(2026, 12, 5)


@pytest.fixture
def summary_page(login, chair_user, union, other_union):
    summary_data.build(union, other_union)
    response = login(chair_user).get(URL)
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def figure(doc, name):
    return [" ".join(e.text_content().split()) for e in doc.xpath(f'//*[@data-figure="{name}"]')][0]


def rows(doc, table_id, part="tbody"):
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
        for row in doc.xpath(f'//table[@id="{table_id}"]/{part}/tr')
    ]


def test_the_headline_figures(summary_page):
    assert summary_page.xpath("//h1")[0].text_content().strip() == "第一中学工会2026年工作总结"
    assert figure(summary_page, "plan-percent") == "50%"
    assert figure(summary_page, "activities-held") == "3"
    assert figure(summary_page, "members-total") == "4"
    assert figure(summary_page, "care-visits") == "4"
    assert figure(summary_page, "dues-collected") == "¥50.00"
    assert figure(summary_page, "expense-total") == "¥7,156.77"


def test_the_plan_per_part_with_outcomes_and_reasons(summary_page):
    assert rows(summary_page, "plan-parts") == [
        ["一、民主管理", "3", "1", "1", "0", "1", "50%"],
        ["二、关爱职工", "2", "1", "0", "1", "0", "50%"],
    ]
    assert rows(summary_page, "plan-parts", "tfoot") == [["合计", "5", "2", "1", "1", "1", "50%"]]
    assert (figure(summary_page, "plan-done"), figure(summary_page, "plan-in-progress")) == ("2", "1")
    assert (figure(summary_page, "plan-not-started"), figure(summary_page, "plan-dropped")) == ("1", "1")
    items = [" ".join(li.text_content().split()) for li in summary_page.xpath('//li[@class="summary-item"]')]
    assert items[0] == "一、1、开好教代会 已完成 成效： 10月召开第九届六次教代会"
    assert items[1] == "一、2、校务公开 进行中 公开栏已更新"
    assert items[2] == "一、3、民主评议 已取消 取消原因： 上级统一安排，本年不单独组织"
    assert len(items) == 5


def test_activities_per_month_and_category(summary_page):
    months = rows(summary_page, "activities-months")
    assert len(months) == 12
    assert months[2] == ["3月", "2", "2", "42", "67%"]
    assert months[5] == ["6月", "2", "1", "17", "—"]
    assert months[0] == ["1月", "0", "0", "0", "—"]
    assert rows(summary_page, "activities-months", "tfoot") == [["合计", "4", "3", "59", "67%"]]
    assert rows(summary_page, "activities-categories") == [
        ["文体活动", "2", "2", "1", "42", "67%"],
        ["慰问", "2", "1", "0", "17", "—"],
    ]
    highlights = [
        " ".join(li.text_content().split())
        for li in summary_page.xpath('//ul[contains(@class, "summary-highlights")]/li')
    ]
    assert highlights == [
        "乒乓球赛 3月18日 · 文体活动 · 30人参加 理科组获团体第一。",
        "送清凉 6月 · 慰问 · 17人参加 慰问一线教职工17人。",
    ]


def test_members_by_department_and_gender(summary_page):
    assert [figure(summary_page, f"members-{n}") for n in ("at-end", "joined", "left", "retired", "men", "women")] == [
        "4",
        "1",
        "1",
        "1",
        "1",
        "3",
    ]
    departments = {row[0]: row[1:] for row in rows(summary_page, "members-departments")}
    assert departments == {"数学组": ["2", "50%"], "语文组": ["1", "25%"], "—": ["1", "25%"]}


def test_care_visits_reached_amount_and_hardship(summary_page):
    assert rows(summary_page, "care-reasons") == [
        ["退休", "1", "¥0.00"],
        ["送温暖", "1", "¥800.00"],
        ["生日", "2", "¥400.00"],
    ]
    assert rows(summary_page, "care-reasons", "tfoot") == [["合计", "4", "¥1,200.00"]]
    assert figure(summary_page, "care-reached") == "2"
    assert figure(summary_page, "care-birthdays") == "2"
    assert (figure(summary_page, "hardship-members"), figure(summary_page, "hardship-supported")) == ("2", "1")


def test_money_dues_budget_income_and_review(summary_page):
    assert figure(summary_page, "dues-expected") == "¥75.00"
    assert figure(summary_page, "dues-arrears") == "¥25.00"
    assert figure(summary_page, "members-in-arrears") == "1"
    assert rows(summary_page, "funds-categories") == [
        ["职工活动支出", "¥10,000.00", "¥4,567.89", "45.7%"],
        ["资本性支出", "¥2,000.00", "¥2,500.00", "125.0%"],
        ["其他支出", "¥0.00", "¥88.88", "—"],
    ]
    assert rows(summary_page, "funds-categories", "tfoot") == [["合计", "¥12,000.00", "¥7,156.77", ""]]
    assert figure(summary_page, "income-total") == "¥10,550.50"
    assert figure(summary_page, "balance") == "¥3,393.73"
    income = {row[0]: row[1] for row in rows(summary_page, "funds-income")}
    assert income["支出合计"] == "¥7,156.77"
    assert figure(summary_page, "review-conclusion") == "通过"


def test_charts_are_server_rendered_svg_without_inline_styles(summary_page):
    charts = summary_page.xpath('//svg[contains(@class, "summary-chart")]')
    assert [c.xpath("./title")[0].text for c in charts] == ["各月活动开展情况", "各科目支出情况"]
    month_chart = charts[0]
    labels = [t.text for t in month_chart.xpath(".//text")]
    assert [t for t in labels if re.fullmatch(r"\d+月", t)] == [f"{m}月" for m in range(1, 13)]
    assert "30" not in [t.text for t in month_chart.xpath(".//text")]  # counts, not participants
    assert not summary_page.xpath("//*[@style]")
    assert not summary_page.xpath("//script[not(@src)]")


def test_the_page_is_the_unions_own(summary_page):
    text = summary_page.text_content()
    assert "别家的活动" not in text and "别人" not in text


def test_an_empty_year_is_a_sensible_summary(login, chair_user):
    response = login(chair_user).get("/summary/2019/")
    assert response.status_code == 200
    doc = html.fromstring(response.content.decode())
    assert "2019年还没有任何记录" in doc.text_content()
    assert figure(doc, "plan-percent") == "—"
    assert figure(doc, "members-total") == "1"  # the chair, whose joining date is unknown
    assert "2019年没有录入工作计划。" in doc.text_content()
    assert not doc.xpath('//svg[contains(@class, "summary-chart")]')
    # The chair still gets a draft to start from.
    assert doc.xpath('//textarea[@name="achievements"]')[0].text_content().strip() == "年末共有会员1人。"
    assert "请在此填写本年度存在的问题" in doc.xpath('//textarea[@name="problems"]')[0].text_content()


@pytest.mark.parametrize("year", [1999, 2028, 9999])
def test_years_out_of_range_are_not_found(login, chair_user, clock, year):
    clock(TODAY)
    assert login(chair_user).get(f"/summary/{year}/").status_code == 404
    assert login(chair_user).get(f"/summary/{year}.docx").status_code == 404


def test_next_year_is_open_for_a_plan_written_early(login, chair_user, clock):
    clock(TODAY)
    assert login(chair_user).get("/summary/2027/").status_code == 200


def test_year_links(login, chair_user):
    doc = html.fromstring(login(chair_user).get(URL).content.decode())
    assert doc.xpath('//a[@rel="prev"]/@href') == ["/summary/2025/"]
    assert doc.xpath('//a[@rel="next"]/@href') == ["/summary/2027/"]
    downloads = doc.xpath('//div[contains(@class, "summary-downloads")]/a/@href')
    assert downloads == ["/summary/2026.docx", "/summary/2026.xlsx", "/summary/2026.pdf"]


def test_figures_are_formatted_the_same_in_english(login, chair_user, union):
    summary_data.build(union)
    client = login(chair_user)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert "work summary for 2026" in text
    assert re.search(r'data-figure="expense-total">¥7,156.77<', text)


@pytest.mark.parametrize("today", [date(2026, 12, 5), date(2027, 1, 10)], ids=["this year", "a closed year"])
def test_a_change_to_the_year_shows_in_the_summary_at_once(
    login, chair_user, union, other_union, clock, today, transactional_db
):
    """Kept as data in its year and once closed alike, and computed again when the union's activities move on
    (a write that commits: transactional_db)."""
    from activities.models import Activity

    clock(today)
    summary_data.build(union, other_union)
    client = login(chair_user)
    assert figure(html.fromstring(client.get(URL).content.decode()), "activities-held") == "3"  # now cached
    held = Activity.objects.for_union(union).filter(year=2026, status=Activity.Status.DONE).first()
    assert client.post(f"/activities/{held.pk}/delete/").status_code == 302
    assert figure(html.fromstring(client.get(URL).content.decode()), "activities-held") == "2"
