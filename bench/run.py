"""`make bench`: build the synthetic federation in PostgreSQL, measure, write BENCHMARKS.md.

Steps (each prints what it does):
1. drop and create the database `unionplan_bench` (BENCH_DATABASE_URL), migrate, collect static
   files, build the federation (unionplan/benchdata.py);
2. every main page in-process with Django's test client under production settings (DEBUG off,
   persistent connection): queries (CaptureQueriesContext), server time p50/p95 over REPEAT requests;
3. gunicorn on 127.0.0.1 and wrk, 16 connections: requests/s of the calendar, the plan page and the
   roster (and its search) as a share of /healthz in the same run, median of 3 runs; p99 and p50;
4. the load test (bench/load.py): 100 simulated users for 60 s, zero 5xx, no lost sign-ups;
5. the sign-up rush (bench/rush.py): 300 members for the 100 places of one activity within 10 s while
   50 others read the calendar and the plan: exactly 100 signed up, 200 told it is full, no errors;
6. the year-end exports of the largest union, and a 5,000-row roster import (preview and confirm).

Options: --reuse (keep the database built by an earlier run), --quick (fewer repetitions, shorter
runs: for trying the script, not for BENCHMARKS.md), --no-write (print only), --only PART (one part
on the database an earlier run built, printed and not written: BENCH_ARGS="--only rush" make bench).
"""

import argparse
import io
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unionplan_bench")
PORT = int(os.environ.get("BENCH_PORT", "8799"))
WORK = Path(tempfile.gettempdir()) / "unionplan-bench"

# Production settings, as README "Configuration" describes them, minus HTTPS (plain HTTP on 127.0.0.1).
ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",  # unionplan.settings plus the /bench/bare/ reference page
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "CONN_MAX_AGE": "600",
    "STATIC_ROOT": str(WORK / "static"),
    "MEDIA_ROOT": str(WORK / "media"),
    "LOG_LEVEL": "ERROR",
}
os.environ.update(ENV)
os.environ.pop("PYTEST_VERSION", None)

TARGET_P50_MS, TARGET_P95_MS = 25, 60
QUERY_BUDGET, QUERY_BUDGET_WIDE = 10, 14  # dashboard and summary: 14
# The federation roll-up (issue 20): cold p50 ≤ 50 ms, no p95 target; when its stored figures are emptied
# it counts every union again (the tree, the stored figures, nine grouped counts, their INSERT in a
# transaction that does not wait for the disk, the hand-ups: fixed whatever the federation's size).
ROLLUP, ROLLUP_TARGET_P50_MS, ROLLUP_BUDGET_COUNTING = "federation roll-up", 50, 19
EMPTIED = "/stored figures emptied"  # a role's suffix: its client empties StoredFigures before each request
CHANGED = "/one union changed"  # ... or only the largest union's, as after a change to that union's data
RECOMPUTED = "/year's figures stale"  # its client marks the union's kept summary figures stale before each request
THROUGHPUT_TARGETS = {"calendar": 0.12, "plan": 0.12, "roster": 0.05, "roster search": 0.04}
LOAD_P95_MS, LOAD_P99_MS = 150, 300  # the mixed load test, every request
RUSH_SIGNUP_P95_MS, RUSH_READ_P95_MS = 300, 150  # the sign-up rush: a click until its answer; a reader's page


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- 1. the database ---------------------------------------------------------------------------


def reset_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1].split("?")[0]
    if "bench" not in name:
        sys.exit(f"refusing to drop {name}: the bench database's name must contain 'bench'")
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(reuse):
    from django.core.management import call_command

    if not reuse:
        say(f"creating {DATABASE_URL}")
        reset_database()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    from members.models import Union

    if reuse and Union.objects.exists():
        say("reusing the federation already in the database")
        return None
    say("building the federation (bulk_create)")
    started = time.perf_counter()
    call_command("bench_data", verbosity=1)
    seconds = time.perf_counter() - started
    call_command_sql("VACUUM ANALYZE")
    return seconds


def call_command_sql(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)


# -- the federation as the pages see it --------------------------------------------------------


class Scene:
    """The largest union, its logins and the URLs the bench opens."""

    def __init__(self):
        from django.contrib.auth import get_user_model
        from django.db.models import Count
        from django.utils import timezone

        from activities.models import Activity
        from members.models import Member
        from members.views import ROSTER_PAGE_SIZE

        User = get_user_model()
        self.users = {u.username.removeprefix("bench-"): u for u in User.objects.filter(username__startswith="bench-")}
        self.union = self.users["chair"].member.union
        self.year = timezone.localdate().year
        per_month = dict(
            Activity.objects.for_union(self.union)
            .in_year(self.year)
            .values_list("month")
            .annotate(n=Count("id"))
            .order_by()
        )
        self.busiest = max(per_month, key=per_month.get)
        typical = statistics.median_low(per_month.values())
        self.typical = next(m for m, n in sorted(per_month.items()) if n == typical)
        self.month_counts = per_month
        members = Member.objects.for_union(self.union)
        self.members = members.count()
        self.last_page = -(-self.members // ROSTER_PAGE_SIZE)
        surname = members.order_by("id").values_list("name", flat=True)[500][:1]
        self.search = members.order_by("id").values_list("name", flat=True)[1234]
        self.search_hits = members.search(self.search).count()
        self.surname, self.surname_hits = surname, members.search(surname).count()
        y = self.year
        # (label, user, path, query budget)
        self.pages = [
            ("dashboard", "chair", "/", QUERY_BUDGET_WIDE),
            ("plan page", "member", f"/plans/{y}/", QUERY_BUDGET),
            ("plan page, committee (progress forms)", "committee", f"/plans/{y}/", QUERY_BUDGET),
            (f"calendar, typical month ({self.typical}: {per_month[self.typical]})", "member",
             f"/activities/{y}/{self.typical}/", QUERY_BUDGET),
            (f"calendar, busiest month ({self.busiest}: {per_month[self.busiest]})", "member",
             f"/activities/{y}/{self.busiest}/", QUERY_BUDGET),
            ("calendar, busiest month, committee", "committee", f"/activities/{y}/{self.busiest}/", QUERY_BUDGET),
            ("year schedule", "member", f"/activities/{y}/", QUERY_BUDGET),
            ("roster, first page", "committee", "/members/", QUERY_BUDGET),
            (f"roster, last page ({self.last_page})", "committee", f"/members/?page={self.last_page}", QUERY_BUDGET),
            (f"roster search “{self.search}” ({self.search_hits} found)", "committee",
             f"/members/?q={self.search}", QUERY_BUDGET),
            (f"roster search “{self.surname}” ({self.surname_hits} found)", "committee",
             f"/members/?q={self.surname}", QUERY_BUDGET),
            ("birthdays", "committee", "/members/birthdays/", QUERY_BUDGET),
            ("funds year", "treasurer", f"/funds/{y}/", QUERY_BUDGET),
            ("year-end summary, figures kept", "chair", f"/summary/{y}/", QUERY_BUDGET_WIDE),
            # The first reader after a change to each of the four parts' data (unionplan.year_figures).
            ("year-end summary, figures computed again", f"chair{RECOMPUTED}", f"/summary/{y}/", QUERY_BUDGET_WIDE),
        ]
        if "federation" in self.users:  # bench_data's federation: 200 unions, 100,000 members (target cold p50 ≤ 50 ms)
            rollup = f"/federation/?year={y}"
            self.pages += [
                (f"{ROLLUP}, figures stored", "federation", rollup, QUERY_BUDGET_WIDE),
                # The first reader after a change to one union's data (a sign-up, a new member): that union's
                # figures counted again, the others' read as stored. The largest union, the dearest to count.
                (f"{ROLLUP}, the largest union's figures counted again", f"federation{CHANGED}", rollup,
                 ROLLUP_BUDGET_COUNTING),
                # Truly cold: nothing stored, as for the year's first reader or after federation.rollup.COUNTING.
                (f"{ROLLUP}, stored figures emptied", f"federation{EMPTIED}", rollup, ROLLUP_BUDGET_COUNTING),
            ]

    def client(self, role):
        from django.test import Client

        user, emptied, _ = role.partition(EMPTIED)
        user, changed, _ = user.partition(CHANGED)
        user, recomputed, _ = user.partition(RECOMPUTED)
        if recomputed:
            client = stale_year_figures_client(self.users[user].member.union)
        elif emptied or changed:
            client = emptied_figures_client(self.largest_below(self.users[user]) if changed else None)
        else:
            client = Client()
        client.force_login(self.users[user])
        return client


    @staticmethod
    def largest_below(user):
        """The union with the most members among those below the user's (the federation: two levels)."""
        from django.db.models import Count, Q

        from members.models import Member, Union

        root = user.member.union
        below = Member.objects.filter(Q(union__parent=root) | Q(union__parent__parent=root))
        return Union.objects.get(pk=below.values("union").annotate(n=Count("*")).order_by("-n")[0]["union"])


def stale_year_figures_client(union):
    """A test client that marks `union`'s kept summary figures (unionplan.YearFigures) as computed from
    older versions before each request, as after a change to the data of each of their four parts: the
    page computes every part again and writes the row again. One UPDATE on the raw connection: inside the
    time measured, outside the queries counted."""
    from django.db import connection
    from django.test import Client

    from unionplan.models import YearFigures

    class Stale(Client):
        def request(self, **request):
            connection.ensure_connection()
            connection.connection.execute(
                f"UPDATE {YearFigures._meta.db_table} SET versions = '{{}}' WHERE union_id = %s", [union.pk]
            )
            return super().request(**request)

    return Stale()


def emptied_figures_client(union=None):
    """A test client that empties the roll-up's stored figures (federation.models.StoredFigures), or only
    `union`'s, before each request, so that the roll-up counts every union (or that one) again. One DELETE
    on the raw connection: inside the time measured (~1 ms, so the figure errs slow), outside the queries
    counted."""
    from django.db import connection
    from django.test import Client

    from federation.models import StoredFigures

    class Emptied(Client):
        def request(self, **request):
            connection.ensure_connection()
            table = StoredFigures._meta.db_table
            if union is None:
                connection.connection.execute(f"DELETE FROM {table}")
            else:
                connection.connection.execute(f"DELETE FROM {table} WHERE union_id = %s", [union.pk])
            return super().request(**request)

    return Emptied()


# -- 2. pages at one connection ----------------------------------------------------------------


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_pages(scene, repeat):
    """Each page first cold (the cache of fragments emptied before every request: the first reader
    after a change), then warm (what every later reader gets until what the page shows changes)."""
    from urllib.parse import quote, urlsplit

    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = []
    clients = {}
    for label, role, path, budget in scene.pages:
        client = clients.setdefault(role, scene.client(role))
        url = urlsplit(path)
        path = url.path + (("?" + quote(url.query, safe="=&")) if url.query else "")
        for _ in range(3):  # warm up: templates, translations, the database's caches
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries = [q["sql"] for q in captured.captured_queries]  # read now: the next request clears the log
        (WORK / "queries").mkdir(parents=True, exist_ok=True)
        (WORK / "queries" / f"{len(results):02d}.sql").write_text(f"-- {label} {path}\n" + ";\n".join(queries))
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        warm_queries = len(captured.captured_queries)
        cold, warm = [], []
        for _ in range(repeat):
            cache.clear()
            started = time.perf_counter()
            response = client.get(path)
            cold.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(path)
            warm.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        row = {
            "page": label,
            "user": role,
            "path": path,
            "queries": len(queries),
            "warm_queries": warm_queries,
            "budget": budget,
            "cold_p50": statistics.median(cold),
            "cold_p95": percentile(cold, 0.95),
            "p50": statistics.median(warm),
            "p95": percentile(warm, 0.95),
            "bytes": len(response.content),
        }
        results.append(row)
        say(f"{label:55s} {row['queries']:3d} q cold, {warm_queries} warm  "
            f"cold p50 {row['cold_p50']:6.1f} ms  warm p50 {row['p50']:6.1f} ms  p95 {row['p95']:6.1f} ms")
    return results


# -- 3. throughput under gunicorn --------------------------------------------------------------


class Gunicorn:
    def __init__(self, workers, threads=1, kind="sync"):
        self.workers, self.threads, self.kind = workers, threads, kind
        self.process = None

    def __enter__(self):
        import socket

        with socket.socket() as probe:  # another process's server there would answer /healthz for ours
            if probe.connect_ex(("127.0.0.1", PORT)) == 0:
                sys.exit(f"127.0.0.1:{PORT} is taken by another process; set BENCH_PORT to a free port")
        command = [
            str(ROOT / ".venv/bin/gunicorn"), "unionplan.wsgi", "--bind", f"127.0.0.1:{PORT}",
            "--workers", str(self.workers), "--worker-class", self.kind, "--threads", str(self.threads),
            # the access log: status, path and milliseconds in the worker, one request a line
            "--log-level", "warning", "--access-logfile", "-", "--access-logformat", "%(s)s %(U)s %(M)s",
        ]
        WORK.mkdir(parents=True, exist_ok=True)
        self.log = open(WORK / "gunicorn.log", "w")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=self.log, stderr=self.log)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        sys.exit("gunicorn did not answer /healthz within 30 s; see " + str(WORK / "gunicorn.log"))

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def status_counts(self):
        """{status: count} from the access log written so far."""
        counts = {}
        for status, _path, _ms in self.access_log():
            counts[status] = counts.get(status, 0) + 1
        return counts

    def access_log(self):
        """[(status, path, milliseconds in the worker)] of the requests answered so far."""
        self.log.flush()
        entries = []
        for line in (WORK / "gunicorn.log").read_text().splitlines():
            fields = line.split(" ")
            if len(fields) == 3 and fields[0].isdigit() and fields[2].isdigit():
                entries.append((fields[0], fields[1], int(fields[2])))
        return entries


def session_cookie(scene, role):
    client = scene.client(role)
    return client.cookies["sessionid"].value


def wrk(path, cookie, seconds, connections=16):
    url = f"http://127.0.0.1:{PORT}{path}"
    threads = min(2, connections)  # wrk wants at least one connection a thread
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: _ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rate, "p50": latency["50"], "p99": latency["99"], "non2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1) if errors else ""}


def _ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


ID_IN_PATH = re.compile(r"/\d+(?=/)")  # years and months too: /activities/<id>/<id>/ is a month


def time_in_app(entries, top=6):
    """The kinds of request that took the workers' time (ids as <id>), most first: {kind: figures}."""
    kinds = {}
    for status, path, ms in entries:
        kinds.setdefault(status + " " + ID_IN_PATH.sub("/<id>", path), []).append(ms)
    ranked = sorted(kinds.items(), key=lambda kv: -sum(kv[1]))[:top]
    return {k: {"n": len(v), "p50": percentile(v, 0.5), "p95": percentile(v, 0.95), "seconds": sum(v) / 1000}
            for k, v in ranked}


def check_logged_in(path, cookie):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": f"sessionid={cookie}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        if response.status != 200 or response.url.endswith("/accounts/login/") or "/accounts/login/" in response.url:
            sys.exit(f"wrk would not see {path} as a logged-in user ({response.status} {response.url})")
        return len(body)


def measure_throughput(scene, runs, seconds):
    from urllib.parse import quote

    y = scene.year
    targets = [
        ("healthz", None, "/healthz"),
        ("bare page", None, "/bench/bare/"),
        ("logged-in floor", "member", "/bench/floor/"),
        ("calendar", "member", f"/activities/{y}/{scene.typical}/"),
        ("plan", "member", f"/plans/{y}/"),
        ("roster", "committee", "/members/"),
        ("roster search", "committee", "/members/?q=" + quote(scene.search)),
    ]
    cookies = {role: session_cookie(scene, role) for _n, role, _p in targets if role}
    for _name, role, path in targets:
        if role:
            check_logged_in(path, cookies[role])
    for _name, role, path in targets:  # warm every worker up: templates, translations, caches
        wrk(path, cookies.get(role), 2)
    rounds = []
    for run in range(runs):
        figures = {}
        for name, role, path in targets:
            figures[name] = wrk(path, cookies.get(role), seconds)
        rounds.append(figures)
        say(f"wrk run {run + 1}: " + ", ".join(
            f"{n} {f['rps']:.0f}/s" + (f" ({f['rps'] / figures['healthz']['rps']:.1%})" if n != "healthz" else "")
            for n, f in figures.items()
        ))
    summary = {}
    for name, _role, path in targets:
        ratios = [r[name]["rps"] / r["healthz"]["rps"] for r in rounds]
        summary[name] = {
            "path": path,
            "rps": statistics.median(r[name]["rps"] for r in rounds),
            "ratio": statistics.median(ratios),
            "ratios": ratios,
            "p50": statistics.median(r[name]["p50"] for r in rounds),
            "p99": statistics.median(r[name]["p99"] for r in rounds),
            "non2xx": sum(r[name]["non2xx"] for r in rounds),
            "socket_errors": [r[name]["socket_errors"] for r in rounds if r[name]["socket_errors"]],
        }
    return summary


# -- 5. exports and the import -----------------------------------------------------------------


def measure_exports(scene, repeat=3):
    client = scene.client("chair")
    results = {}
    for kind in ("docx", "xlsx", "pdf"):
        times, size = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(f"/summary/{scene.year}.{kind}")
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (kind, response.status_code)
            size = len(response.content)
        results[kind] = {"seconds": statistics.median(times), "bytes": size}
        say(f"export {kind}: {results[kind]['seconds']:.2f} s ({size // 1024} KB)")
    return results


def measure_import(rows=5000):
    """A new union imports its 5,000-member roster: upload and preview, then confirm."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from members.models import Member, Union
    from members.roster_import import roster_workbook

    source = Union.objects.order_by("pk")[1]  # the second union of the federation: 13,200 members
    members = list(
        Member.objects.for_union(source).select_related("department", "group").order_by("id")[:rows]
    )
    for i, m in enumerate(members):
        m.employee_number = f"I{i + 1:06d}"
        if m.status == Member.Status.LEFT:
            m.status = Member.Status.ACTIVE
    workbook = roster_workbook(members)
    union = Union.objects.create(name=f"导入测试工会{secrets.token_hex(3)}")
    user = get_user_model().objects.create(username=f"bench-import-{union.pk}")
    user.groups.add(Group.objects.get(name="chair"))
    Member.objects.create(union=union, user=user, name="导入主席", gender="M", position="chair")
    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile("roster.xlsx", workbook)
    started = time.perf_counter()
    response = client.post("/members/import/", {"file": upload, "create_missing": "on"})
    preview = time.perf_counter() - started
    token = re.search(rb'name="token" value="([^"]+)"', response.content)
    assert response.status_code == 200 and token, "the import preview found problems"
    digest = re.search(rb'name="digest" value="([^"]+)"', response.content).group(1).decode()  # what it showed
    started = time.perf_counter()
    response = client.post(
        "/members/import/confirm/", {"token": token.group(1).decode(), "create_missing": "on", "digest": digest}
    )
    confirm = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    imported = Member.objects.for_union(union).count() - 1
    assert imported == rows, imported
    say(f"import of {rows} rows: preview {preview:.1f} s, confirm {confirm:.1f} s")
    return {"rows": rows, "preview": preview, "confirm": confirm, "total": preview + confirm}


# -- the report --------------------------------------------------------------------------------


def versions():
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    gunicorn = subprocess.run([str(ROOT / ".venv/bin/gunicorn"), "--version"], capture_output=True,
                              text=True).stdout.strip()
    return {
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "PostgreSQL": pg.split(" ")[0],
        "gunicorn": gunicorn.split(" ")[-1].strip("()") if gunicorn else "?",
        "wrk": wrk_version.split(" [")[0].removeprefix("wrk "),
    }


def machine():
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    load = os.getloadavg()
    return f"{os.cpu_count()} × {cpu}, {memory} GB RAM, {platform.system()} {platform.release()}; " \
           f"load average at the start {load[0]:.1f}"


def uptime():
    # In UTC both times: django.setup() sets TZ to the project's time zone for this process.
    env = {**os.environ, "TZ": "UTC"}
    return subprocess.run(["uptime"], capture_output=True, text=True, env=env).stdout.strip() + " (UTC)"


def yes(ok):
    return "✅" if ok else "❌"


def report(data, history=True):
    out = io.StringIO()
    w = out.write
    w("# Benchmarks\n\n")
    w("Measured by `make bench` (bench/run.py) in one run; this file is written by it. "
      "Do not edit by hand: run `make bench` again.\n\n")
    w(f"- Date: {data['date']}\n- Machine: {data['machine']}\n")
    w("- Versions: " + ", ".join(f"{k} {v}" for k, v in data["versions"].items()) + "\n")
    w(f"- Settings: production (DEBUG off, whitenoise manifest), plain HTTP on 127.0.0.1, CONN_MAX_AGE=600; "
      f"gunicorn {data['gunicorn']}\n")
    if data.get("build_seconds"):
        w(f"- Federation built in {data['build_seconds']:.0f} s (unionplan/benchdata.py, bulk_create)\n")
    w("\n## The data\n\n")
    w(f"{data['unions']} unions; the largest, measured below, holds:\n\n")
    w("| rows | count |\n| --- | ---: |\n")
    for model, count in data["counts"].items():
        w(f"| {model} | {count:,} |\n")
    w(f"\nActivities per month of {data['year']}: "
      + ", ".join(f"{m}: {n}" for m, n in sorted(data["month_counts"].items())) + ".\n")
    if data.get("pages"):
        w("\n## Pages at one connection\n\n")
        w(f"Django's test client in-process, production settings, one persistent database connection, "
          f"{data['repeat']} requests each after 3 warm-up requests. *Cold*: the cache of fragments "
          "(members/versions.py) emptied before every request, as for the first reader after a change to what "
          "the page shows; *warm*: every later reader (only the year schedule, the month grid and a reader's "
          "plan page have cached fragments; every other page is built afresh each time). Queries counted with "
          "CaptureQueriesContext, cold (the budget holds there) and warm. "
          f"Targets: ≤ {QUERY_BUDGET} queries (dashboard and summary ≤ {QUERY_BUDGET_WIDE}), "
          f"p50 ≤ {TARGET_P50_MS} ms, p95 ≤ {TARGET_P95_MS} ms; ✅ when met warm, ✅✅ when met cold too. "
          f"The federation roll-up of 200 unions and 100,000 members: p50 ≤ {ROLLUP_TARGET_P50_MS} ms, no p95 "
          f"target, ≤ {QUERY_BUDGET_WIDE} queries with its figures stored (federation.models.StoredFigures) and "
          f"≤ {ROLLUP_BUDGET_COUNTING} with them emptied before every request (cold and warm alike: every union "
          "counted again, or only the largest, as for the first reader after a change to its data; the DELETE "
          "inside the time measured). The year-end summary likewise with its figures kept as data "
          "(unionplan.year_figures) and with them marked stale before every request (its four parts computed "
          "again and written, as for the first reader after a change to each of them).\n\n")
        w("| page | as | queries cold / warm | cold p50 ms | cold p95 ms | warm p50 ms | warm p95 ms | KB | met |\n"
          "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | :-: |\n")
        for r in data["pages"]:
            if r["page"].startswith(ROLLUP):
                warm_ok = r["queries"] <= r["budget"] and r["p50"] <= ROLLUP_TARGET_P50_MS
                cold_ok = warm_ok and r["cold_p50"] <= ROLLUP_TARGET_P50_MS
            else:
                warm_ok = r["queries"] <= r["budget"] and r["p50"] <= TARGET_P50_MS and r["p95"] <= TARGET_P95_MS
                cold_ok = warm_ok and r["cold_p50"] <= TARGET_P50_MS and r["cold_p95"] <= TARGET_P95_MS
            w(f"| {r['page']} `{r['path']}` | {r['user']} | {r['queries']} / {r['warm_queries']} | "
              f"{r['cold_p50']:.1f} | {r['cold_p95']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | "
              f"{r['bytes'] // 1024} | {'✅✅' if cold_ok else yes(warm_ok)} |\n")
    t = data.get("throughput")
    if t:
        w("\n## Throughput under gunicorn\n\n")
        w(f"gunicorn {data['gunicorn']} on 127.0.0.1:{PORT}; wrk with 16 connections, {data['wrk_seconds']} s per URL, "
          f"{data['runs']} runs, the URLs one after another in each run; the ratio is to /healthz in the same run "
          "(the median of the runs' ratios). p50/p99: wrk's latency distribution at 16 connections "
          "(target p99 ≤ 2 × p50).\n\n")
        w("| URL | requests/s | share of /healthz | target | p50 ms | p99 ms | p99/p50 | met |\n"
          "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :-: |\n")
        for name, f in t.items():
            target = THROUGHPUT_TARGETS.get(name)
            ok = (
                target is not None and f["ratio"] >= target and f["p99"] <= 2 * f["p50"]
                and not f["non2xx"] and not f["socket_errors"]
            )
            w(f"| {name} `{f['path']}` | {f['rps']:.0f} | {f['ratio']:.1%} | {f'≥ {target:.0%}' if target else '—'} | "
              f"{f['p50']:.1f} | {f['p99']:.1f} | {f['p99'] / f['p50']:.2f} | {yes(ok) if target else '—'} |\n")
        w("\n/bench/bare/ is the reference of the issue's targets: a bare Django page that runs one query and "
          "renders 100 rows (bench/urls.py), no session or login, served by the same gunicorn. /bench/floor/ is "
          "what every page of the app pays before it shows anything: a logged-in member's session, user and "
          "permissions, and the layout with its navigation around an empty page.\n")
        bad = {n: (f["non2xx"], f["socket_errors"]) for n, f in t.items() if f["non2xx"] or f["socket_errors"]}
        w(f"\nNon-2xx/3xx responses or socket errors during wrk: {bad or 'none'}.\n")
    load = data.get("load")
    if load:
        w("\n## Load test\n\n")
        w(f"bench/load.py: {load['users']} simulated users for {load['seconds']} s against gunicorn on 127.0.0.1 "
          f"({load['members']} members browsing the calendar, activities, the year schedule and the plan, and "
          f"signing up; {load['committee']} committee members reading the roster, searching it and editing "
          "activities and member records), each waiting 1–3 s between steps.\n\n")
        w("| figure | value | met |\n| --- | ---: | :-: |\n")
        w(f"| requests | {load['requests']:,} ({load['rps']:.1f}/s) | |\n")
        w(f"| 5xx responses | {load['5xx']} | {yes(load['5xx'] == 0)} |\n")
        w(f"| other errors (timeouts, refused connections) | {load['errors']} | {yes(load['errors'] == 0)} |\n")
        w(f"| other 4xx responses | {load['4xx']} | |\n")
        w(f"| latency p50 ms | {load['p50']:.0f} | |\n")
        w(f"| latency p95 ms (target ≤ {LOAD_P95_MS}) | {load['p95']:.0f} | {yes(load['p95'] <= LOAD_P95_MS)} |\n")
        w(f"| latency p99 ms (target ≤ {LOAD_P99_MS}) | {load['p99']:.0f} | {yes(load['p99'] <= LOAD_P99_MS)} |\n")
        w(f"| sign-ups confirmed to users | {load['signups_ok']} | |\n")
        w(f"| sign-ups refused (full, already signed up, closed) | {load['signups_refused']} | |\n")
        w(f"| sign-ups in the database afterwards (new rows) | {load['signups_recorded']} | "
          f"{yes(load['signups_recorded'] == load['signups_ok'])} |\n")
        w(f"| edits saved / refused as stale | {load['edits_saved']} / {load['edits_stale']} | |\n")
        w(f"| status codes in gunicorn's access log | {load['statuses']} | |\n")
        if load.get("error_samples"):
            w(f"\nFirst errors: {load['error_samples']}\n")
        if load.get("in_app"):
            w("\nWhere the workers' time went (gunicorn's access log: time in the app, without the time a request "
              "waited for a free worker; ids as <id>), the six largest shares:\n\n"
              "| request | n | p50 ms | p95 ms | worker seconds |\n| --- | ---: | ---: | ---: | ---: |\n")
            for kind, f in load["in_app"].items():
                w(f"| `{kind}` | {f['n']} | {f['p50']} | {f['p95']} | {f['seconds']:.1f} |\n")
    rush = data.get("rush")
    if rush:
        w(report_rush(rush))
    e = data.get("exports")
    if e:
        w(report_exports(data))
    i = data.get("import")
    if i:
        w(f"\n## Roster import\n\nA new union uploads a {i['rows']:,}-row roster (.xlsx) and confirms it, through "
          f"/members/import/: preview {i['preview']:.1f} s, confirm {i['confirm']:.1f} s, "
          f"together {i['total']:.1f} s (target ≤ 20 s) {yes(i['total'] <= 20)}.\n")
    if data.get("uptime_after"):
        w(f"\n## Machine load\n\nOther engineers run their tests on this machine at the same time; `uptime` before "
          f"and after this run:\n\n    {data['uptime_before']}\n    {data['uptime_after']}\n")
    if history and (ROOT / "bench/CHANGES.md").exists():
        w("\n" + (ROOT / "bench/CHANGES.md").read_text())
    return out.getvalue()


def report_exports(data):
    e = data["exports"]
    out = io.StringIO()
    w = out.write
    w("\n## Year-end exports of the largest union\n\n| export | seconds | KB | target | met |\n"
      "| --- | ---: | ---: | ---: | :-: |\n")
    for kind, limit in (("docx", 2), ("xlsx", 2), ("pdf", 5)):
        w(f"| /summary/{data['year']}.{kind} | {e[kind]['seconds']:.2f} | {e[kind]['bytes'] // 1024} | ≤ {limit} s | "
          f"{yes(e[kind]['seconds'] <= limit)} |\n")
    return out.getvalue()


def report_rush(r):
    out = io.StringIO()
    w = out.write
    told = r["told"]
    others = r["signers"] - r["places"]
    w("\n## Sign-up rush\n\n")
    w(f"bench/rush.py: a new activity with {r['places']} places (`{r['activity']}`); {r['signers']} members, each a "
      f"member account of the largest union with a session of its own, have its page open and click “报名” at "
      f"moments spread at random over {r['window']} s, while {r['readers']} other members read the month calendar "
      "that shows it and the plan (1–3 s between pages). A sign-up's time runs from the click (the POST) until "
      "the page it is sent on to has told the member how it went; a request over "
      f"{rush_timeout()} s counts as an error. Every sign-up was answered {r['last_answer']:.1f} s after the "
      "first click.\n\n")
    w("| figure | value | met |\n| --- | ---: | :-: |\n")
    w(f"| sign-ups in the database (places: {r['places']}) | {r['confirmed_in_db']} | "
      f"{yes(r['confirmed_in_db'] == r['places'] == r['confirmed_in_db_by_rush'])} |\n")
    w(f"| members told they are signed up | {told['signed up']} | "
      f"{yes(told['signed up'] == r['confirmed_in_db'] == r['places'])} |\n")
    w(f"| members told “{r['told_full_text']}” | {told['full']} | {yes(told['full'] == others)} |\n")
    w(f"| members told nothing clear / no answer | {told['unclear']} / {told['error'] + told['no answer']} | "
      f"{yes(told['unclear'] + told['error'] + told['no answer'] == 0)} |\n")
    w(f"| 5xx responses | {r['5xx']} | {yes(r['5xx'] == 0)} |\n")
    w(f"| timeouts, refused connections | {r['errors']} | {yes(r['errors'] == 0)} |\n")
    w(f"| other 4xx responses | {r['4xx']} | {yes(r['4xx'] == 0)} |\n")
    w(f"| sign-up p50 ms | {r['signup_p50']:.0f} | |\n")
    w(f"| sign-up p95 ms (target ≤ {RUSH_SIGNUP_P95_MS}) | {r['signup_p95']:.0f} | "
      f"{yes(r['signup_p95'] <= RUSH_SIGNUP_P95_MS)} |\n")
    w(f"| sign-up slowest ms | {r['signup_max']:.0f} | |\n")
    w(f"| the POST alone: p50 / p95 ms | {r['post_p50']:.0f} / {r['post_p95']:.0f} | |\n")
    w(f"| readers' pages | {r['reads']} | |\n")
    w(f"| readers' p50 ms | {r['read_p50']:.0f} | |\n")
    w(f"| readers' p95 ms (target ≤ {RUSH_READ_P95_MS}) | {r['read_p95']:.0f} | "
      f"{yes(r['read_p95'] <= RUSH_READ_P95_MS)} |\n")
    w("| readers' p95 per page ms | " + ", ".join(f"`{p}` {v:.0f}" for p, v in r["read_p95_by_page"].items())
      + " | |\n")
    w(f"| status codes seen by the clients | {r['statuses']} | |\n")
    if r.get("in_app"):
        w("\nTime in the app (gunicorn's access log: from the worker taking the request until its answer, so "
          "without the time a request waited for a free worker), during the rush: "
          + "; ".join(f"{k} p50 {v['p50']} ms, p95 {v['p95']} ms ({v['n']})" for k, v in r["in_app"].items())
          + f". The clients (threads of the bench's own process on the same machine) used {r['client_cpu']:.1f} s "
          "of CPU.\n")
    if r["error_samples"]:
        w(f"\nFirst errors: {r['error_samples']}\n")
    if r["unclear_samples"]:
        w(f"\nWhat some members were told instead: {r['unclear_samples']}\n")
    return out.getvalue()


def rush_timeout():
    from bench import rush

    return rush.TIMEOUT


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true", help="keep the database an earlier run built")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (not for BENCHMARKS.md)")
    parser.add_argument("--no-write", action="store_true", help="print, do not write BENCHMARKS.md")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--only", choices=["pages", "throughput", "load", "rush", "exports", "import"], default=None)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk (make bench installs it)")
    started_at = datetime.now().astimezone()
    start_machine = machine()
    uptime_before = uptime()
    import django

    django.setup()
    build_seconds = build(args.reuse or bool(args.only))
    scene = Scene()
    repeat, runs, seconds = (10, 1, 3) if args.quick else (40, 3, 10)
    # Sync workers, 2 × cores: on this 2-core machine gthread workers gave the same throughput with
    # a p99 of 8 × p50 at 16 connections (GIL hand-offs); sync workers keep p99 near p50.
    workers = (os.cpu_count() or 2) * 2
    data = {
        "date": started_at.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": start_machine,
        "versions": versions(),
        "gunicorn": f"{workers} sync workers",
        "build_seconds": build_seconds,
        "unions": scene.union.__class__.objects.count(),
        "counts": __import__("unionplan.benchdata", fromlist=["counts_of"]).counts_of(scene.union),
        "month_counts": scene.month_counts,
        "year": scene.year,
        "repeat": repeat,
        "runs": runs,
        "wrk_seconds": seconds,
    }
    only = args.only
    if only in (None, "pages"):
        say(f"pages at one connection, {repeat} requests each")
        data["pages"] = measure_pages(scene, repeat)
    if only in (None, "throughput", "load", "rush"):
        with Gunicorn(workers) as server:
            if only in (None, "throughput"):
                say(f"throughput: wrk, 16 connections, {seconds} s per URL, {runs} runs")
                data["throughput"] = measure_throughput(scene, runs, seconds)
            if only in (None, "load") and not args.skip_load:
                from bench import load

                say("load test: 100 users for 60 s" if not args.quick else "load test: 100 users for 15 s")
                before = server.status_counts()
                served_before = len(server.access_log())
                data["load"] = load.run(scene, f"http://127.0.0.1:{PORT}", seconds=15 if args.quick else 60)
                after = server.status_counts()
                data["load"]["statuses"] = {k: after.get(k, 0) - before.get(k, 0) for k in sorted(after)}
                data["load"]["in_app"] = time_in_app(server.access_log()[served_before:])
                say("load test: " + json.dumps({k: v for k, v in data["load"].items() if k != "statuses"}))
            if only in (None, "rush"):
                from bench import rush

                say(f"sign-up rush: {rush.SIGNERS} members for {rush.PLACES} places within {rush.WINDOW} s, "
                    f"{rush.READERS} readers")
                data["rush"] = rush.run(scene, f"http://127.0.0.1:{PORT}", access_log=server.access_log)
                say("sign-up rush: " + json.dumps(data["rush"], ensure_ascii=False))
    if only in (None, "exports"):
        data["exports"] = measure_exports(scene)
    if only in (None, "import"):
        data["import"] = measure_import()
    data["uptime_before"], data["uptime_after"] = uptime_before, uptime()
    if only:
        print(json.dumps(data, indent=1, default=str, ensure_ascii=False))
        print("\n" + report(data, history=False))
        return
    text = report(data)
    print("\n" + text)
    if not args.no_write and not args.quick:
        (ROOT / "BENCHMARKS.md").write_text(text)
        say("wrote BENCHMARKS.md")


if __name__ == "__main__":
    main()
