"""The cast: a user for each role in one union, and a chair of another union; the demo built around a
chosen day; and `--today`, which runs the whole suite as if it were another day."""

import os
import shutil
import tempfile
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Browser

from tests.csp import csp_guard  # noqa: F401  (autouse: every browser test fails on a CSP violation)
from tests.factories import MemberFactory, UnionFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls around it are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"

# The day the demo is built around unless a test chooses another: a December, so next year is under way.
DEMO_TODAY = date(2026, 12, 5)


def pytest_addoption(parser):
    parser.addoption(
        "--today", default="", metavar="YYYY-MM-DD",
        help="run the whole suite with the clock moved to this day, 09:00 in Shanghai (make test-dates)",
    )


def pytest_configure(config):
    # Uploaded files (notice attachments) of the whole run go to a directory of its own, never into the
    # checkout's media/.
    from django.conf import settings

    # Each process of a parallel run (pytest-xdist) makes its own.
    settings.MEDIA_ROOT = config._media_root = tempfile.mkdtemp(prefix="unionplan-test-media-")
    # Started before collection, so that module-level dates (YEAR = ...) see the moved clock too.
    day = config.getoption("--today")
    if day:
        moment = datetime.combine(date.fromisoformat(day), time(9, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
        config._moved_clock = time_machine.travel(moment, tick=True)
        config._moved_clock.start()


def pytest_unconfigure(config):
    if getattr(config, "_moved_clock", None):
        config._moved_clock.stop()
    if getattr(config, "_media_root", None):
        shutil.rmtree(config._media_root, ignore_errors=True)


def pytest_report_header(config):
    if config.getoption("--today"):
        return f"clock moved to {config.getoption('--today')} 09:00 Asia/Shanghai"


@pytest.fixture
def clock():
    """clock(date(2026, 3, 31)) moves the clock to 09:00 in Shanghai on that day for the rest of the test
    (it keeps ticking, so a browser and the live server see the same day)."""
    travels = []

    def _move(day, at=time(9, 0)):
        travel = time_machine.travel(datetime.combine(day, at, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True)
        travel.start()
        travels.append(travel)
        return day

    yield _move
    for travel in reversed(travels):
        travel.stop()


@pytest.fixture
def seed_demo(settings):
    """seed_demo(today=..., year=...) builds the demo union around a chosen day (default DEMO_TODAY)."""
    settings.DEBUG = True

    def _seed(today=DEMO_TODAY, **options):
        call_command("seed_demo", today=today, **options)
        return today

    return _seed


@pytest.fixture
def fragment_cache(settings, transactional_db):
    """The cache of page fragments as served (the suite caches nothing otherwise), empty, in a test
    whose writes commit: versions move on when a write commits (members.versions)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "fragments", "KEY_PREFIX": "test"}}
    cache.clear()


@pytest.fixture
def union(db):
    return UnionFactory(name="第一中学工会")


@pytest.fixture
def other_union(db):
    return UnionFactory(name="另一家公司工会")


def _user_with_member(union, role, name, position="", **member_fields):
    user = UserFactory(username=f"{role}-{union.pk}", role=role)
    MemberFactory(union=union, user=user, name=name, position=position, **member_fields)
    return user


@pytest.fixture
def chair_user(union):
    return _user_with_member(union, "chair", "王主席", position="chair")


@pytest.fixture
def committee_user(union):
    return _user_with_member(union, "committee", "李委员", position="committee")


@pytest.fixture
def treasurer_user(union):
    return _user_with_member(union, "treasurer", "张会计", position="treasurer")


@pytest.fixture
def reviewer_user(union):
    return _user_with_member(union, "reviewer", "陈经审", position="reviewer")


@pytest.fixture
def member_user(union):
    return _user_with_member(union, "member", "刘会员")


@pytest.fixture
def chair_of_other_union(other_union):
    return _user_with_member(other_union, "chair", "赵主席", position="chair")


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


# Browser tests: Debian's Chromium through Playwright (no `playwright install` here).


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Reduced motion: Bootstrap's smooth scrolling off, so a click cannot land while a page still scrolls
    # (after the plan editor's ↑ the moved row scrolls into view; on a loaded CI machine the click on
    # 保存计划 landed mid-scroll and saved nothing, twice in three runs).
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai", "reduced_motion": "reduce"}


@pytest.fixture(autouse=True)
def calm_browser_contexts(monkeypatch):
    """The contexts a test makes itself prefer reduced motion too: Bootstrap's collapse then opens the phone
    menu at once, so 退出 is not clicked while it still slides (a logout on a loaded CI machine was lost)."""
    for name in ("new_context", "new_page"):
        made = getattr(Browser, name)
        monkeypatch.setattr(Browser, name, lambda self, *args, _made=made, **kwargs:
                            _made(self, *args, **{"reduced_motion": "reduce", **kwargs}))


@pytest.fixture
def screenshot_dir():
    """Where browser tests leave their screenshots for a person to look at."""
    path = os.environ.get("SCREENSHOT_DIR", "")
    if path:
        os.makedirs(path, exist_ok=True)
    return path


def pytest_collection_modifyitems(config, items):
    # Browser tests last: the quick HTTP tests report first (and, in a parallel run, the workers share
    # the slow tail between them).
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
