"""The load test: simulated users against gunicorn on 127.0.0.1, a plain threaded HTTP client.

Members browse the calendar of this month and the next, open activities and sign up where they
can, now and then look at the year schedule and the plan; committee members read the roster,
search it, and edit activities and member records through their forms (the same POST a browser
sends, CSRF token included). Everyone waits 1–3 s between steps.

Asserted by bench/run.py from what `run` returns: no 5xx, no other errors, and the sign-ups the
users were told succeeded (a success message after the redirect) equal the new rows of these
users in the database. Only ever point it at 127.0.0.1.
"""

import http.cookiejar
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

MEMBERS, COMMITTEE = 85, 15
ACTIVITY_LINK = re.compile(r'href="/activities/(\d{5,})/"')
MEMBER_LINK = re.compile(r'href="/members/(\d+)/"')


class Forms(HTMLParser):
    """The fields of each POST form on a page, as a browser would send them unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {"action": a.get("action", ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is None or "name" not in a and tag != "option":
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select":
            self._select = {"name": a["name"], "value": None, "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["value"] = value
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            s = self._select
            value = s["value"] if s["value"] is not None else s["first"]
            if value is not None and self._form is not None:
                self._form["fields"].append([s["name"], value])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form["fields"].append(self._textarea)
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_on(page, action):
    parser = Forms()
    parser.feed(page)
    for form in parser.forms:
        if form["action"] in ("", action):
            return form["fields"]
    return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times, self.statuses = [], {}
        self.errors = self.signups_ok = self.signups_refused = self.edits_saved = self.edits_stale = 0
        self.error_samples = []

    def add(self, status, seconds):
        with self.lock:
            self.times.append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def count(self, name):
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)


class User:
    def __init__(self, base, session, stats, deadline, rng):
        self.base, self.stats, self.deadline, self.rng = base, stats, deadline, rng
        self.jar = http.cookiejar.CookieJar()
        host = urllib.parse.urlsplit(base).hostname
        self.jar.set_cookie(http.cookiejar.Cookie(
            0, "sessionid", session, None, False, host, False, False, "/", True, False, None, False, None, None, {},
        ))
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path, data=None):
        """(status, final path, body) — status 0 for a connection error or timeout."""
        body = urllib.parse.urlencode([tuple(f) for f in data]).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                status, url, page = response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            status, url, page = error.code, path, ""
            error.close()
        except OSError as error:
            self.stats.count("errors")
            with self.stats.lock:
                self.stats.error_samples.append(f"{path}: {error}")
            return 0, path, ""
        self.stats.add(status, time.perf_counter() - started)
        if status >= 500:
            with self.stats.lock:
                self.stats.error_samples.append(f"{path}: {status}")
        return status, urllib.parse.urlsplit(url).path, page

    def think(self):
        time.sleep(self.rng.uniform(1, 3))

    def run(self, steps):
        time.sleep(self.rng.uniform(0, 3))  # users arrive over the first seconds
        while time.time() < self.deadline:
            actions, weights = zip(*steps, strict=True)
            self.rng.choices(actions, weights)[0]()
            self.think()


class Member(User):
    def __init__(self, *args, year, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.months = year, months

    def steps(self):
        return [(self.calendar_and_sign_up, 6), (self.year_schedule, 1), (self.plan, 1)]

    def calendar_and_sign_up(self):
        year, month = self.rng.choice(self.months)
        status, _url, page = self.request(f"/activities/{year}/{month}/")
        ids = ACTIVITY_LINK.findall(page)
        if not ids:
            return
        self.think()
        pk = self.rng.choice(ids)
        status, _url, page = self.request(f"/activities/{pk}/")
        action = f"/activities/{pk}/signup/"
        if status != 200 or action not in page:
            return
        fields = form_on(page, action)
        self.think()
        status, _url, page = self.request(action, fields)
        if status == 200 and "alert-success" in page:
            self.stats.count("signups_ok")
        elif status == 200:
            self.stats.count("signups_refused")

    def year_schedule(self):
        self.request(f"/activities/{self.year}/")

    def plan(self):
        self.request(f"/plans/{self.year}/")


class Committee(User):
    def __init__(self, *args, year, months, search, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.months, self.search = year, months, search

    def steps(self):
        return [(self.roster, 3), (self.edit_activity, 2), (self.edit_member, 1)]

    def roster(self):
        page = self.rng.randrange(1, 50)
        self.request(f"/members/?page={page}")
        self.think()
        self.request("/members/?" + urllib.parse.urlencode({"q": self.search}))

    def edit_activity(self):
        year, month = self.rng.choice(self.months)
        _status, _url, page = self.request(f"/activities/{year}/{month}/")
        ids = ACTIVITY_LINK.findall(page)
        if ids:
            self.edit(f"/activities/{self.rng.choice(ids)}/edit/", "description", "（负载测试修改）")

    def edit_member(self):
        _status, _url, page = self.request(f"/members/?page={self.rng.randrange(1, 50)}")
        ids = MEMBER_LINK.findall(page)
        if ids:
            self.edit(f"/members/{self.rng.choice(ids)}/edit/", "phone", f"139{self.rng.randrange(10**7, 10**8)}")

    def edit(self, path, name, value):
        status, _url, page = self.request(path)
        fields = form_on(page, path) if status == 200 else None
        if not fields:
            return
        self.think()
        fields = [[n, v] for n, v in fields if n != name] + [[name, value]]
        status, url, page = self.request(path, fields)
        if status == 200 and url != path:
            self.stats.count("edits_saved")
        elif status == 200:
            self.stats.count("edits_stale")


def run(scene, base, seconds=60, members=MEMBERS, committee=COMMITTEE):
    """Run the load; returns the figures for BENCHMARKS.md (bench/run.py checks them)."""
    from activities.models import Signup

    today_year, today_month = scene.year, _today().month
    months = [(today_year, today_month), _next_month(today_year, today_month)]
    member_roles = sorted(r for r in scene.users if r.startswith("user-"))[:members]
    stats = Stats()
    deadline = time.time() + seconds
    rng = random.Random(8)
    users = [
        Member(base, _session(scene, role), stats, deadline, random.Random(rng.random()), year=scene.year,
               months=months)
        for role in member_roles
    ]
    users += [
        Committee(base, _session(scene, "committee" if i % 3 else "chair"), stats, deadline,
                  random.Random(rng.random()), year=scene.year, months=months, search=scene.surname)
        for i in range(committee)
    ]
    # This run's sign-ups: those of its members (the rush and other runs' rows are not theirs).
    theirs = Signup.objects.filter(member__user__in=[scene.users[role] for role in member_roles])
    signups_before = theirs.count()
    threads = [threading.Thread(target=u.run, args=(u.steps(),), daemon=True) for u in users]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    elapsed = time.time() - started
    times = sorted(stats.times) or [0]
    statuses = stats.statuses
    return {
        "users": len(users),
        "members": len(member_roles),
        "committee": committee,
        "seconds": seconds,
        "requests": len(stats.times),
        "rps": len(stats.times) / elapsed,
        "5xx": sum(n for s, n in statuses.items() if s >= 500),
        "4xx": sum(n for s, n in statuses.items() if 400 <= s < 500),
        "errors": stats.errors,
        "error_samples": stats.error_samples[:10],
        "p50": times[len(times) // 2] * 1000,
        "p95": times[int(len(times) * 0.95)] * 1000,
        "p99": times[int(len(times) * 0.99)] * 1000,
        "signups_ok": stats.signups_ok,
        "signups_refused": stats.signups_refused,
        "signups_recorded": theirs.count() - signups_before,
        "edits_saved": stats.edits_saved,
        "edits_stale": stats.edits_stale,
    }


def _session(scene, role):
    return scene.client(role).cookies["sessionid"].value


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)
