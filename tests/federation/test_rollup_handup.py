"""The roll-up's hand-up columns: each union's latest plan and summary handed up (未上报 / 已上报 / 已接收 /
已退回), beside its plan's own status, shown at once (never stored with the figures), sorted, filtered and
counted in the subtotals and the total."""

import re

import pytest
from django.utils import timezone

from federation.models import Kind, StoredFigures, Submission
from federation.rollup import load_tree, union_rows
from tests.federation.conftest import YEAR

pytestmark = pytest.mark.django_db
URL = f"/federation/?year={YEAR}"
NAMES = r'href="/federation/unions/\d+/\?year=\d+">([^<]+)<'


def hand_up(union, kind=Kind.PLAN, status=Submission.Status.SUBMITTED, year=YEAR, minutes_ago=0):
    return Submission.objects.create(
        union=union, year=year, kind=kind, title=f"{union.name} {kind}", docx=b"",
        submitted_at=timezone.now() - timezone.timedelta(minutes=minutes_ago), status=status,
    )


def rows_by_name(federation):
    return {row.name: row for row in union_rows(load_tree(), federation.root.pk, YEAR)}


def test_nothing_handed_up_is_said_so(federation):
    for row in rows_by_name(federation).values():
        assert (row.plan_handup, row.summary_handup) == ("", "")
        assert str(row.plan_handup_label) in ("未上报", "Not handed up")


def test_a_hand_up_shows_at_once_though_the_figures_are_stored(federation):
    rows_by_name(federation)  # counts and stores every union's figures
    stored = set(StoredFigures.objects.values_list("id", "counted_from"))
    hand_up(federation.school_b)
    hand_up(federation.school_a, Kind.SUMMARY, Submission.Status.ACCEPTED)
    rows = rows_by_name(federation)
    assert (rows["和平区第二小学工会"].plan_handup, rows["和平区第二小学工会"].summary_handup) == ("submitted", "")
    assert (rows["和平区第一小学工会"].plan_handup, rows["和平区第一小学工会"].summary_handup) == ("", "accepted")
    assert set(StoredFigures.objects.values_list("id", "counted_from")) == stored  # nothing counted again


def test_only_the_latest_copy_of_the_year_counts(federation):
    hand_up(federation.school_a, status=Submission.Status.ACCEPTED, minutes_ago=60)
    hand_up(federation.school_a, status=Submission.Status.RETURNED)
    hand_up(federation.school_b, year=YEAR - 1)
    rows = rows_by_name(federation)
    assert rows["和平区第一小学工会"].plan_handup == "returned"
    assert rows["和平区第二小学工会"].plan_handup == ""
    # A copy sent back is not in the federation's hands: the totals count the held ones only.
    assert rows["和平区第一小学工会"].plans_handed_up == 0


def test_a_review_shows_at_once(federation, login):
    submission = hand_up(federation.school_a)
    client = login(federation.federation_user)
    assert "已上报" in row_html(client.get(URL), "和平区第一小学工会")
    submission.status = Submission.Status.RETURNED
    submission.save()
    assert "已退回" in row_html(client.get(URL), "和平区第一小学工会")


def row_html(response, name):
    html = response.content.decode()
    return re.search(rf">{name}</a></td>(.*?)</tr>", html, re.S).group(1)


def test_page_shows_the_statuses_and_the_counts(federation, login):
    hand_up(federation.school_a)
    hand_up(federation.school_b, status=Submission.Status.ACCEPTED)
    hand_up(federation.school_b, Kind.SUMMARY, Submission.Status.RETURNED)
    response = login(federation.federation_user).get(URL)
    html = response.content.decode()
    assert "计划上报" in html and "总结上报" in html
    a, b = row_html(response, "和平区第一小学工会"), row_html(response, "和平区第二小学工会")
    assert re.findall(r"<td[^>]*>(未上报|已上报|已接收|已退回)</td>", a) == ["已上报", "未上报"]
    assert re.findall(r"<td[^>]*>(未上报|已上报|已接收|已退回)</td>", b) == ["已接收", "已退回"]
    total = re.search(r'<tr class="table-primary fw-bold total">(.*?)</tr>', html, re.S).group(1)
    assert "2/3 已上报" in total and "0/3 已上报" in total
    subtotal = re.search(r"小计：和平区北片联合工会.*?</tr>", html, re.S).group(0)
    assert "1/2 已上报" in subtotal  # the cluster and the school below it


def test_filter_by_hand_up(federation, login):
    hand_up(federation.school_a)
    hand_up(federation.school_b, status=Submission.Status.RETURNED)
    client = login(federation.federation_user)
    names = re.findall(NAMES, client.get(f"{URL}&plan_handup=none").content.decode())
    assert names == ["和平区北片联合工会"]
    names = re.findall(NAMES, client.get(f"{URL}&plan_handup=returned").content.decode())
    assert names == ["和平区第二小学工会"]
    names = re.findall(NAMES, client.get(f"{URL}&summary_handup=none").content.decode())
    assert len(names) == 3
    assert client.get(f"{URL}&plan_handup=evil&summary_handup=").status_code == 200


def test_sort_by_hand_up(federation, login):
    hand_up(federation.school_a, status=Submission.Status.ACCEPTED)
    client = login(federation.federation_user)
    names = re.findall(NAMES, client.get(f"{URL}&sort=-plan_handup").content.decode())
    assert names == ["和平区第一小学工会", "和平区北片联合工会", "和平区第二小学工会"]
    names = re.findall(NAMES, client.get(f"{URL}&sort=plan_handup").content.decode())
    assert names[0] == "和平区北片联合工会"  # 未上报 first, its school still right after it
    assert names[-1] == "和平区第一小学工会"


def test_union_page_shows_its_hand_ups(federation, login):
    hand_up(federation.school_b, Kind.SUMMARY)
    response = login(federation.federation_user).get(f"/federation/unions/{federation.school_b.pk}/?year={YEAR}")
    html = response.content.decode()
    assert re.search(r"总结上报</th><td[^>]*>已上报<", html)
    assert re.search(r"计划上报</th><td[^>]*>未上报<", html)
