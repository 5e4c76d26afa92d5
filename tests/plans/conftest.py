"""A small plan for the plans tests: 指导思想 plus two parts, one with sections."""

from datetime import date
from html.parser import HTMLParser

import pytest

from plans.models import AnnualPlan, PlanItem
from tests.factories import AnnualPlanFactory, PlanItemFactory

OUTLINE = [
    (1, "组织建设", {}),
    (3, "完善会员档案", {"due_date": date(2026, 3, 31)}),
    (3, "召开会员代表大会", {"due_month": 5}),
    (1, "关爱职工", {}),
    (2, "送温暖", {}),
    (3, "春节走访困难职工", {"due_date": date(2026, 2, 10)}),
    (2, "健康体检", {}),
    (3, "组织教职工体检", {"due_month": 10}),
]


def make_outline(plan, rows):
    return [
        PlanItemFactory(plan=plan, position=i, level=level, title=title, **fields)
        for i, (level, title, fields) in enumerate(rows)
    ]


@pytest.fixture
def plan(union, committee_user):
    plan = AnnualPlanFactory(union=union, year=2026, guiding_ideology="围绕学校中心工作，服务教职工。")
    items = make_outline(plan, OUTLINE)
    items[1].owner = committee_user.member
    items[1].save()
    return plan


@pytest.fixture
def approved_plan(plan, chair_user):
    plan.submit(chair_user)
    plan.approve(chair_user, chair_user.member, AnnualPlan.ApprovalBody.CONGRESS, "经教代会审议通过")
    return plan


def item(plan, title):
    return PlanItem.objects.get(plan=plan, title=title)


class _Fields(HTMLParser):
    """The named inputs, textareas and selects of a page, as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.values, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea:
                self.values[self._textarea] = self.values[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


EDITOR_FIELDS = ("title", "foreword", "guiding_ideology", "goals", "version")


def editor_fields(response):
    """The outline editor's fields as the page shows them (ready to post back)."""
    parser = _Fields()
    parser.feed(response.content.decode())
    return {k: v for k, v in parser.values.items() if k.startswith("rows-") or k in EDITOR_FIELDS}


def row_titles(fields):
    count = int(fields["rows-TOTAL_FORMS"])
    return [(int(fields[f"rows-{i}-level"]), fields[f"rows-{i}-title"]) for i in range(count)]


def row_index(fields, title):
    count = int(fields["rows-TOTAL_FORMS"])
    return next(i for i in range(count) if fields[f"rows-{i}-title"] == title)


@pytest.fixture
def mid_june(monkeypatch):
    """Today is 15 June 2026 for the plan: earlier deadlines have passed."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 6, 15))
    return date(2026, 6, 15)
