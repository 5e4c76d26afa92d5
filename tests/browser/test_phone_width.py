"""On a 375 px phone the committee and the chair read every main page without scrolling sideways:
tables either fit, turn into a block per row, or (the arrears grid) scroll while their key columns
stay in view; budget execution's 全年 figures and the summary's 到场率 are on the screen; the year
chart's labels neither overlap nor run out of the chart."""

import pytest

from activities.models import Activity
from funds.models import FundReview
from tests.unionplan import summary_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375
YEAR = summary_data.YEAR

MAIN_PAGES = [
    "/",
    "/plans/",
    f"/plans/{YEAR}/",
    f"/plans/{YEAR}/edit/",
    f"/activities/{YEAR}/3/",
    f"/activities/{YEAR}/",
    "/activities/{activity}/",
    "/members/",
    "/members/{member}/",
    "/members/birthdays/",
    "/members/care/",
    f"/members/care/visits/?year={YEAR}",
    "/members/import/",
    f"/funds/{YEAR}/",
    f"/summary/{YEAR}/",
]
CHAIR_ONLY_PAGES = [  # the funds tabs the committee has no right to
    f"/funds/{YEAR}/dues/",
    f"/funds/{YEAR}/arrears/",
    f"/funds/{YEAR}/wages/",
    f"/funds/{YEAR}/income/",
    f"/funds/{YEAR}/budget/",
    f"/funds/{YEAR}/expenses/",
    "/funds/reviews/",
    "/funds/reviews/{review}/",
]

# What sticks out: the page's own width, and every table wider than its box (the arrears grid may
# scroll its months: its group and totals columns are checked on their own below).
WIDTH_PROBLEMS = """() => {
  const problems = [];
  if (document.documentElement.scrollWidth > innerWidth) {
    problems.push(`the page is ${document.documentElement.scrollWidth}px wide`);
  }
  for (const table of document.querySelectorAll("table")) {
    if (!table.offsetParent || table.classList.contains("arrears-grid")) continue;
    const box = table.parentElement;
    if (table.scrollWidth > box.clientWidth + 1) {
      problems.push(`table ${table.id || table.className} is ${table.scrollWidth}px in ${box.clientWidth}px`);
    }
  }
  return problems;
}"""

# The boxes of some elements, as the phone shows them.
BOXES = """(selector) => [...document.querySelectorAll(selector)].map(el => {
  const r = el.getBoundingClientRect();
  return {text: (el.dataset.label || "") + " " + el.innerText.trim(), left: r.left, right: r.right, width: r.width};
})"""

# The summary's cells under a column heading, by the heading's text.
COLUMN_BOXES = """([tableId, heading]) => {
  const table = document.getElementById(tableId);
  const index = [...table.tHead.rows[0].cells].findIndex(th => th.innerText.trim() === heading);
  if (index < 0) return [];
  return [...table.rows].map(row => row.cells[index]).filter(Boolean).map(cell => {
    const r = cell.getBoundingClientRect();
    return {text: cell.innerText.trim(), left: r.left, right: r.right, width: r.width};
  });
}"""

# Texts of a chart that overlap one another or reach outside the chart.
CHART_CLASHES = """(selector) => {
  const svg = document.querySelector(selector);
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll("text")].map(t => ({text: t.textContent, r: t.getBoundingClientRect()}));
  const clashes = [];
  for (const t of texts) {
    if (t.r.left < box.left - 1 || t.r.right > box.right + 1 || t.r.top < box.top - 1 || t.r.bottom > box.bottom + 1) {
      clashes.push(`${t.text} runs out of the chart`);
    }
  }
  texts.forEach((a, i) => texts.slice(i + 1).forEach(b => {
    if (a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1) {
      clashes.push(`${a.text} overlaps ${b.text}`);
    }
  }));
  return clashes;
}"""


@pytest.fixture
def year_of_work(union):
    people = summary_data.build(union)
    return {
        "member": people["sun"].pk,
        "activity": Activity.objects.get(title="乒乓球赛").pk,
        "review": FundReview.objects.get(union=union).pk,
    }


def on_a_phone(page, live_server, user):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def open_page(page, live_server, path):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200, path
    return page


def outside_the_screen(boxes):
    return [b["text"] for b in boxes if b["width"] == 0 or b["left"] < 0 or b["right"] > PHONE]


def shot(page, screenshot_dir, name):
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/phone-{name}.png", full_page=True)


@pytest.mark.parametrize("role", ["committee", "chair"])
def test_no_page_scrolls_sideways_on_a_phone(
    live_server, page, union, committee_user, chair_user, year_of_work, role, screenshot_dir
):
    user = {"committee": committee_user, "chair": chair_user}[role]
    on_a_phone(page, live_server, user)
    paths = MAIN_PAGES + (CHAIR_ONLY_PAGES if role == "chair" else [])
    problems = {}
    for path in (p.format(**year_of_work) for p in paths):
        found = open_page(page, live_server, path).evaluate(WIDTH_PROBLEMS)
        if found:
            problems[path] = found
        shot(page, screenshot_dir, f"{role}-{path.split('?')[0].strip('/').replace('/', '-') or 'dashboard'}")
    assert problems == {}


def test_budget_execution_shows_the_whole_year_on_a_phone(
    live_server, page, committee_user, year_of_work, screenshot_dir
):
    on_a_phone(page, live_server, committee_user)
    open_page(page, live_server, f"/funds/{YEAR}/")
    whole_year = page.evaluate(BOXES, '.execution-table td[data-label^="全年"]')
    rows = page.locator(".execution-table tbody tr, .execution-table tfoot tr").count()
    assert rows >= 4 and len(whole_year) == 3 * rows  # spent, remaining, % used of each category and the total
    assert outside_the_screen(whole_year) == []
    spent = page.locator(".execution-table tbody tr", has_text="职工活动支出").locator('td[data-label="全年 · 已支出"]')
    assert spent.is_visible() and spent.inner_text() == "¥4,567.89"
    shot(page, screenshot_dir, "execution")


def test_the_summary_shows_attendance_and_rates_on_a_phone(live_server, page, chair_user, year_of_work, screenshot_dir):
    on_a_phone(page, live_server, chair_user)
    open_page(page, live_server, f"/summary/{YEAR}/")
    for table, heading in [
        ("activities-categories", "到场率"),
        ("activities-months", "到场率"),
        ("plan-parts", "完成率"),
        ("funds-categories", "执行率"),
    ]:
        column = page.evaluate(COLUMN_BOXES, [table, heading])
        assert column, f"no {heading} in {table}"
        assert outside_the_screen(column) == [], table
    assert page.locator("#activities-categories tfoot").inner_text().split()[-1] == "67%"
    shot(page, screenshot_dir, "summary")


def test_the_arrears_grid_keeps_its_group_and_totals_in_view(live_server, page, chair_user, year_of_work):
    on_a_phone(page, live_server, chair_user)
    open_page(page, live_server, f"/funds/{YEAR}/arrears/")
    grid = page.locator(".arrears-grid")
    grid.evaluate("table => table.parentElement.scrollLeft = 10000")  # the months scrolled to December
    key_cells = page.evaluate(BOXES, ".arrears-grid tr > :first-child, .arrears-grid tr > :nth-last-child(-n+2)")
    assert outside_the_screen(key_cells) == []
    assert "¥25.00" in grid.locator("tfoot").inner_text()


def test_the_charts_labels_stay_apart_on_a_phone(live_server, page, chair_user, year_of_work, screenshot_dir):
    on_a_phone(page, live_server, chair_user)
    open_page(page, live_server, f"/activities/{YEAR}/")
    assert page.evaluate(CHART_CLASHES, "figure.chart svg") == []
    legend = page.locator(".chart-legend li")
    assert legend.all_inner_texts() == ["文体活动", "慰问"]
    shot(page, screenshot_dir, "year-chart")
    for path, chart in [
        (f"/summary/{YEAR}/", "#month-chart-title"),
        (f"/summary/{YEAR}/", "#spending-chart-title"),
        (f"/members/care/visits/?year={YEAR}", ".visit-chart-svg"),
        (f"/funds/{YEAR}/", ".funds-chart"),
    ]:
        open_page(page, live_server, path)
        selector = f"svg:has(> {chart})" if chart.startswith("#") else chart
        assert page.evaluate(CHART_CLASHES, selector) == [], (path, chart)
