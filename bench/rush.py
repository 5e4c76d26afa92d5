"""The sign-up rush: many members at once for the few places of one activity, against gunicorn.

A new activity of the largest union takes 100 sign-ups. 300 members, each a real member account of
that union with a logged-in session of its own, have its page open; their "报名" clicks arrive at
random moments spread evenly over 10 s (seeded, so every run sends the same pattern). Meanwhile 50
other members read the month calendar that shows the activity and the plan, waiting 1–3 s between
pages as in bench/load.py. Each sign-up is the browser's POST (CSRF token from the page) and then the
page it is redirected to, which tells the member how it went.

Checked by bench/run.py from what `run` returns: exactly as many sign-ups in the database as places,
that many members told they are signed up, every other one told that the places are taken (the
message the sign-up answers with: `activities.signups.sign_up`'s "Sorry, all places are taken." in
Chinese), no 5xx, no timeouts or refused connections, and the sign-ups' and the readers' p95.

The accounts (bench-rush-000…) and their sessions are made directly in the database (one row each,
SessionStore) rather than through the login form: 300 logins through the form would take minutes
and trip django-axes. Only ever point it at 127.0.0.1.
"""

import http.cookiejar
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from bench.load import form_on

SIGNERS, READERS, PLACES, WINDOW = 300, 50, 100, 10
TIMEOUT = 10  # seconds: a request that takes longer counts as an error (a timeout), not a latency
ALERT = re.compile(r'<div class="alert alert-(\w+)[^"]*"[^>]*>(.*?)</div>', re.S)


def percentile(values, share):
    ordered = sorted(values) or [0]
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Answer a redirect as it is, so that the sign-up POST is timed on its own."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One member's browser: their session cookie, the CSRF cookie the pages set, and timings."""

    def __init__(self, base, session, log):
        self.base, self.log = base, log
        self.jar = http.cookiejar.CookieJar()
        host = urllib.parse.urlsplit(base).hostname
        self.jar.set_cookie(http.cookiejar.Cookie(
            0, "sessionid", session, None, False, host, False, False, "/", True, False, None, False, None, None, {},
        ))
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.opener.addheaders = [("Accept-Language", "zh-CN,zh;q=0.9")]

    def request(self, path, data=None):
        """(status, location or "", body, seconds); status 0 for a timeout or a connection error."""
        body = urllib.parse.urlencode([tuple(f) for f in data]).encode() if data is not None else None
        headers = {"Referer": self.base + path} if data is not None else {}  # as a browser sends it
        started = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body, headers=headers),
                                  timeout=TIMEOUT) as response:
                status, location, page = response.status, "", response.read().decode()
        except urllib.error.HTTPError as error:
            status, location, page = error.code, error.headers.get("Location", ""), ""
            error.close()
        except OSError as error:
            self.log.problem(f"{path}: {error!r}", error=True)
            return 0, "", "", time.perf_counter() - started
        seconds = time.perf_counter() - started
        if status >= 500:
            self.log.problem(f"{path}: {status}")
        self.log.status(status)
        return status, location, page, seconds


class Log:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses, self.problems, self.errors = {}, [], 0
        self.signups, self.reads = [], []  # dicts per sign-up; (path, seconds) per read

    def status(self, status):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def problem(self, text, error=False):
        with self.lock:
            self.problems.append(text)
            self.errors += error


def alerts(page):
    """[(level, text)] of the messages on a page (templates/_messages.html)."""
    return [(level, re.sub(r"<[^>]+>|\s+", " ", text).strip()) for level, text in ALERT.findall(page)]


def sign_up(browser, path, fields, told_full, told_ok):
    """One member's click on 报名 and the page that answers it: what they were told, and how long
    the POST and the whole answer (POST + the page it redirects to) took."""
    status, location, _page, post_seconds = browser.request(path + "signup/", fields)
    outcome = {"status": status, "post": post_seconds, "total": post_seconds, "told": "error"}
    if status != 302:
        return outcome
    status, _location, page, seconds = browser.request(urllib.parse.urlsplit(location).path or path)
    outcome["total"] += seconds
    outcome["page_status"] = status
    said = alerts(page)
    if any(level == "success" and told_ok in text for level, text in said):
        outcome["told"] = "signed up"
    elif any(level == "danger" and told_full in text for level, text in said):
        outcome["told"] = "full"
    elif status == 200:
        outcome["told"] = "unclear"
        outcome["said"] = said
    return outcome


def read(browser, paths, rng, start, still_reading):
    time.sleep(max(0.0, start - time.time()) + rng.uniform(0, 1))
    while still_reading():
        path = rng.choice(paths)
        status, _location, _page, seconds = browser.request(path)
        if status:
            with browser.log.lock:
                browser.log.reads.append((path, seconds, status))
        time.sleep(rng.uniform(1, 3))


def run(scene, base, signers=SIGNERS, readers=READERS, places=PLACES, window=WINDOW, seed=15, access_log=None):
    """Run the rush; returns the figures for BENCHMARKS.md (bench/run.py checks them). `access_log`:
    the server's [(status, path, milliseconds)] so far, to tell time in the app from time queued."""
    from django.utils import translation

    from activities.models import Signup

    activity = rush_activity(scene.union, places)
    signer_users = rush_accounts(scene.union, signers)
    reader_users = [scene.users[r] for r in sorted(r for r in scene.users if r.startswith("user-"))[:readers]]
    assert len(reader_users) == readers, f"the bench federation has {len(reader_users)} load-test members"
    with translation.override("zh-hans"):
        # The wording the sign-up view answers with (activities.signups.sign_up, activities.views.signup).
        told_full = translation.gettext("Sorry, all places are taken.")
        told_ok = translation.gettext("You have signed up for %(title)s.") % {"title": activity.title}
    log = Log()
    sessions = login_sessions(signer_users + reader_users)
    page = f"/activities/{activity.pk}/"
    month = f"/activities/{activity.start_date.year}/{activity.start_date.month}/"
    pages = [month, f"/plans/{scene.year}/"]

    # Before the rush: every member has the page open (the form and its CSRF token); every reader
    # has read both pages once. Not measured; it also warms every worker up.
    members = [Browser(base, sessions[u.pk], log) for u in signer_users]
    forms = [None] * len(members)

    def open_page(i):
        status, _location, html, _seconds = members[i].request(page)
        forms[i] = form_on(html, page + "signup/") if status == 200 else None

    others = [Browser(base, sessions[u.pk], log) for u in reader_users]
    _in_parallel([lambda i=i: open_page(i) for i in range(len(members))]
                 + [lambda b=b, p=p: b.request(p) for b in others for p in pages])
    missing = sum(f is None for f in forms)
    assert not missing, f"{missing} of the rush's members found no sign-up form on {page}"
    log.statuses.clear()
    log.reads.clear()
    served_before = len(access_log()) if access_log else 0
    cpu_before = time.process_time()

    rng = random.Random(seed)
    arrivals = [rng.uniform(0, window) for _ in members]
    outcomes = [None] * len(members)
    done = threading.Event()
    started = time.time() + 0.5  # every thread is waiting before the first click

    def click(i):
        time.sleep(max(0.0, started + arrivals[i] - time.time()))
        outcomes[i] = sign_up(members[i], page, forms[i], told_full, told_ok)

    def still_reading():  # until every sign-up is answered, and for the whole window at least
        return not done.is_set() or time.time() < started + window

    reader_threads = [
        threading.Thread(target=read, args=(b, pages, random.Random(rng.random()), started, still_reading),
                         daemon=True)
        for b in others
    ]
    click_threads = [threading.Thread(target=click, args=(i,), daemon=True) for i in range(len(members))]
    for t in reader_threads + click_threads:
        t.start()
    for t in click_threads:
        t.join(timeout=window + 3 * TIMEOUT)
    last_answer = time.time() - started
    client_cpu = time.process_time() - cpu_before
    done.set()  # readers stop once every sign-up is answered (at the end of the window at the earliest)
    for t in reader_threads:
        t.join(timeout=3 + 2 * TIMEOUT)

    answered = [o for o in outcomes if o is not None]
    in_app = {}
    if access_log:
        kinds = {page + "signup/": "sign-up POST", page: "page after it", **{p: p for p in pages}}
        for _status, path, ms in access_log()[served_before:]:
            in_app.setdefault(kinds.get(path, "other"), []).append(ms)
    told = {kind: sum(o["told"] == kind for o in answered) for kind in ("signed up", "full", "unclear", "error")}
    told["no answer"] = len(outcomes) - len(answered)
    read_times = [s for _p, s, _status in log.reads]
    statuses = log.statuses
    recorded = Signup.objects.filter(activity=activity).count()
    by_rush = Signup.objects.filter(activity=activity, member__user__in=signer_users).count()
    return {
        "signers": len(members),
        "readers": len(others),
        "places": places,
        "window": window,
        "activity": page,
        "last_answer": last_answer,
        "confirmed_in_db": recorded,
        "confirmed_in_db_by_rush": by_rush,
        "told": told,
        "told_full_text": told_full,
        "unclear_samples": [o.get("said") for o in answered if o["told"] == "unclear"][:5],
        "signup_p50": percentile([o["total"] for o in answered], 0.50) * 1000,
        "signup_p95": percentile([o["total"] for o in answered], 0.95) * 1000,
        "signup_max": max((o["total"] for o in answered), default=0) * 1000,
        "post_p50": percentile([o["post"] for o in answered], 0.50) * 1000,
        "post_p95": percentile([o["post"] for o in answered], 0.95) * 1000,
        "reads": len(read_times),
        "read_p50": percentile(read_times, 0.50) * 1000,
        "read_p95": percentile(read_times, 0.95) * 1000,
        "read_max": max(read_times, default=0) * 1000,
        "read_p95_by_page": {
            p: percentile([s for q, s, _st in log.reads if q == p], 0.95) * 1000 for p in pages
        },
        "5xx": sum(n for s, n in statuses.items() if s >= 500),
        "4xx": sum(n for s, n in statuses.items() if 400 <= s < 500),
        "errors": log.errors,
        "error_samples": log.problems[:10],
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "in_app": {k: {"n": len(v), "p50": percentile(v, 0.5), "p95": percentile(v, 0.95)} for k, v in in_app.items()},
        "client_cpu": client_cpu,
    }


def _in_parallel(jobs, workers=8):
    """Run the callables on a few threads (the set-up before the rush, not measured)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()


# -- set-up in the database ---------------------------------------------------------------------


def rush_activity(union, places):
    """A new activity two weeks ahead, for everyone, with `places` places and sign-up open."""
    from django.utils import timezone

    from activities.models import Activity, ActivityCategory, Audience

    day = timezone.localdate() + timedelta(days=14)
    category = ActivityCategory.objects.for_union(union).order_by("pk").first()
    return Activity.objects.create(
        union=union,
        category=category,
        title=f"抢报名测试 {timezone.localtime():%H:%M:%S}",
        year=day.year,
        month=day.month,
        start_date=day,
        location="工会活动室",
        audience=Audience.EVERYONE,
        status=Activity.Status.PLANNED,
        capacity=places,
        signup_open=True,
    )


def rush_accounts(union, count, prefix="bench-rush"):
    """`count` logins of plain members of `union` (role "member"), made once and kept for --reuse."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from members.models import Member

    User = get_user_model()
    have = list(User.objects.filter(username__startswith=f"{prefix}-", member__union=union).order_by("username"))
    wanted = count - len(have)
    if wanted > 0:
        members = list(
            Member.objects.for_union(union)
            .filter(user__isnull=True, position="", status=Member.Status.ACTIVE)
            .order_by("id")[:wanted]
        )
        assert len(members) == wanted, f"only {len(members)} members without a login are left for the rush"
        made = []
        for i, _member in enumerate(members, start=len(have)):
            user = User(username=f"{prefix}-{i:03d}")
            user.set_unusable_password()
            made.append(user)
        made = User.objects.bulk_create(made)
        group = Group.objects.get(name="member")
        User.groups.through.objects.bulk_create(User.groups.through(user_id=u.pk, group_id=group.pk) for u in made)
        for user, member in zip(made, members, strict=True):
            member.user = user
        Member.objects.bulk_update(members, ["user"])
        have += made
    return have[:count]


def login_sessions(users):
    """{user id: session key}: a logged-in session per user, as `django.contrib.auth.login` stores it
    (the backend a form login goes through), written straight into the session store."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = {}
    for user in users:
        session = store()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = "members.backends.UnionBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions[user.pk] = session.session_key
    return sessions
