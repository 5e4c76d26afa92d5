"""Two app servers, one truth (README, "Scaling out").

Two gunicorn processes serve one PostgreSQL database — sharing one Redis, or each keeping its own
local-memory cache — and people's browsers are sent to either of them, as a load balancer would. A
change saved through one server is on the next page read through the other, though that server had
the old page cached; a login made on one works on the other; a lock-out after failed logins on one
holds on the other, and so do the join page's limits; a roster import previewed on one is confirmed on the
other.

The servers run as `make run` runs them (DEBUG off, collected static files, the real password hasher)
on pytest-django's test database, so the test needs PostgreSQL (DATABASE_URL=postgres://…) and, for
the shared cache, Redis (TWO_SERVERS_REDIS_URL, default redis://127.0.0.1:6379/15: a database number
of its own, emptied by the test). Without them it is skipped with the reason; in CI (`CI=true`, where
.ci/run starts both) it fails instead.
"""

import http.cookiejar
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone

from activities.models import Signup
from members import joining
from members.models import Member, PendingImport
from tests.factories import ActivityFactory, DepartmentFactory, MemberFactory, UnionGroupFactory

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")  # the venv's, beside the python running pytest
REDIS_URL = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/15")
PASSWORD = "two-servers-Pw-8c1"
FAILURE_LIMIT = 3  # AXES_FAILURE_LIMIT for the servers: fewer wrong passwords to type


def unavailable(reason):
    """Skip outside CI; in CI the missing service is the failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (.ci/run starts PostgreSQL and redis-server)")
    pytest.skip(reason)


# -- the servers ----------------------------------------------------------------------------------


@pytest.fixture
def database_url(transactional_db):
    """pytest-django's test database, as a DATABASE_URL the servers can use."""
    if connection.vendor != "postgresql":
        unavailable(
            "two app servers need one PostgreSQL database they both reach: run with "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/unionplan_<name>"
        )
    db = connection.settings_dict
    login = urllib.parse.quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        login += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    host, port = db["HOST"] or "", f":{db['PORT']}" if db["PORT"] else ""
    if host.startswith("/"):  # a socket directory goes into the query string (README, TESTING.md)
        socket_dir = urllib.parse.urlencode({"host": host, **({"port": db["PORT"]} if db["PORT"] else {})})
        return f"postgres://{login}@/{db['NAME']}?{socket_dir}"
    return f"postgres://{login}@{host}{port}/{db['NAME']}"


@pytest.fixture
def redis_url():
    try:
        import redis
    except ImportError:
        unavailable("the redis package is missing: pip install -e '.[dev]' (it holds the redis extra)")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        unavailable(f"no Redis at {REDIS_URL} ({error}): redis-server --daemonize yes --port 6379")
    # This database number is the test's own: parts cached by an earlier run (whose union had the same
    # id and stamp in another test database) must not be served to this one.
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


def server_env(**settings):
    """The environment of `make run` (its RUN_ENV), not the test run's."""
    unset = {"PYTEST_VERSION", "PYTEST_CURRENT_TEST", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL"}
    env = {name: value for name, value in os.environ.items() if name not in unset}
    env.update(
        DEBUG="0", ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0", LOG_LEVEL="WARNING", **settings,
    )
    return env


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected as `make run` collects them (DEBUG off serves hashed names only)."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True, timeout=120,
        env=server_env(SECRET_KEY="collectstatic", STATIC_ROOT=str(root)),
    )
    return root


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `gunicorn unionplan.wsgi` process: one worker, so one process's cache."""

    def __init__(self, name, env, log_dir):
        self.name, self.port = name, free_port()
        self.shared_cache = env.get("REDIS_URL")
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"gunicorn-{name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [str(GUNICORN), "unionplan.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
             "--threads", "2", "--timeout", "60", "--error-logfile", "-"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def wait_until_up(self, seconds=45):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"server {self.name} did not answer /healthz:\n{self.log_tail()}")

    def log_tail(self):
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-40:])

    def stop(self):
        self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: nothing is in flight
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def __repr__(self):
        return f"server {self.name}"


@pytest.fixture(params=["redis", "local memory"])
def servers(request, database_url, static_root, tmp_path):
    """Servers A and B on the test database; with one Redis shared, or each its own local memory."""
    settings = {
        "SECRET_KEY": secrets.token_urlsafe(50),  # the same on both: it signs what the session holds
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "AXES_FAILURE_LIMIT": str(FAILURE_LIMIT),
    }
    if request.param == "redis":
        settings["REDIS_URL"] = request.getfixturevalue("redis_url")
    pair = [Server(name, server_env(**settings), tmp_path) for name in ("A", "B")]
    try:
        for server in pair:
            server.wait_until_up()
        yield pair
    finally:
        for server in pair:
            server.stop()
    # Nothing the servers logged may be an error (a 500's traceback, a failed cache call).
    for server in pair:
        text = server.log_path.read_text(errors="replace")
        assert "Traceback" not in text and "Internal Server Error" not in text, f"{server}:\n{server.log_tail()}"


# -- a browser that talks to either server ----------------------------------------------------------


class Page:
    def __init__(self, status, headers, body):
        self.status, self.headers = status, headers
        self.text = body.decode("utf-8", errors="replace")

    @property
    def location(self):
        return self.headers.get("Location", "")

    def form_with(self, field):
        """The first form on the page with a field of that name: (action, {name: value})."""
        for form in Forms.of(self.text):
            if field in form["files"] or any(name == field for name, _ in form["fields"]):
                return form["action"], dict(form["fields"])
        raise AssertionError(f"no form with a field {field!r} on the page:\n{self.text[:3000]}")

    def form_to(self, action):
        for form in Forms.of(self.text):
            if form["action"] == action:
                return form["action"], dict(form["fields"])
        raise AssertionError(f"no form posting to {action!r} on the page:\n{self.text[:3000]}")


class Forms(HTMLParser):
    """The forms of a page and what a browser would send of each: inputs (checked boxes only),
    selected options, textareas; no submit buttons."""

    @classmethod
    def of(cls, text):
        parser = cls()
        parser.feed(text)
        return parser.forms

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action") or "", "fields": [], "files": []}
            self.forms.append(self.form)
        elif self.form is None or "name" not in a and tag != "option":
            return
        elif tag == "input" and a.get("type") == "file":
            self.form["files"].append(a["name"])
        elif tag == "input" and a.get("type", "text") not in ("submit", "button", "reset", "image"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.form["fields"].append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self.select = {"name": a["name"], "first": None, "chosen": None}
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in a:
                self.select["chosen"] = value
        elif tag == "textarea":
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"] if self.select["chosen"] is not None else self.select["first"]
            if self.form is not None and chosen is not None:
                self.form["fields"].append((self.select["name"], chosen))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            if self.form is not None:
                self.form["fields"].append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at the 302 itself


class Browser:
    """One person's browser: its own cookies, sent with every request whichever server answers."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), KeepRedirects)

    def get(self, server, path):
        return self._open(urllib.request.Request(server.url + path))

    def post(self, server, path, fields, files=None):
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        request = urllib.request.Request(server.url + path, data=body, headers={"Content-Type": content_type})
        return self._open(request)

    def submit(self, server, page_path, form, **changes):
        """Post a form as the page showed it, with some fields changed (to `page_path` if it names no action)."""
        action, fields = form
        return self.post(server, action or page_path, {**fields, **changes})

    def log_in(self, server, username, password=PASSWORD):
        form = self.get(server, "/accounts/login/").form_with("username")
        return self.submit(server, "/accounts/login/", form, username=username, password=password)

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=30) as response:
                return Page(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:  # 3xx (kept), 4xx, 5xx: a page all the same
            with error:
                return Page(error.code, error.headers, error.read())


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n")
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# -- the union ------------------------------------------------------------------------------------


def with_real_password(user):
    """The servers check passwords with Django's default hasher, not the tests' MD5."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def cast(union, committee_user, member_user):
    """The committee, a member with a login, a member without one, and an activity open for sign-up."""
    DepartmentFactory(union=union, name="语文组")
    UnionGroupFactory(union=union, name="文科小组")
    day = date(timezone.localdate().year + 2, 3, 10)  # ahead of the servers' clock too (pytest --today)
    return {
        "committee": with_real_password(committee_user).username,
        "member": with_real_password(member_user).username,
        "own_record": member_user.member,
        "zhou": MemberFactory(union=union, name="周晓兰", phone="13811110001"),
        "walk": ActivityFactory(union=union, title="春季健步走", start_date=day, signup_open=True, capacity=30),
    }


def signed_up_mark(page):
    """The month grid marks the reader's own sign-ups (templates/activities/_month_days.html)."""
    return 'class="mine"' in page.text


def csrf_cookie(browser):
    return next(c.value for c in browser.cookies if c.name == "csrftoken")


def redis_keys(url):
    import redis

    with redis.Redis.from_url(url) as client:
        return client.keys("*")


ROSTER_CSV = (
    "姓名,性别,工号,部门,工会小组,出生日期,农历生日,手机,入会日期,状态\r\n"
    "吴新来,男,B0001,语文组,文科小组,1985-03-01,否,13922220001,2010-09-01,在职\r\n"
).encode()


# -- the proof ------------------------------------------------------------------------------------


@pytest.mark.servers
@pytest.mark.django_db(transaction=True)
def test_two_servers_on_one_database_serve_one_truth(servers, cast):
    a, b = servers
    committee, member = Browser(), Browser()
    zhou, walk = cast["zhou"], cast["walk"]
    month = f"/activities/{walk.start_date.year}/{walk.start_date.month}/"

    # A login made on A is a login on B: the session is in the database.
    assert committee.log_in(a, cast["committee"]).status == 302
    roster = committee.get(b, "/members/")
    assert roster.status == 200 and "周晓兰" in roster.text
    assert member.log_in(b, cast["member"]).status == 302
    assert member.get(a, month).status == 200

    # Both servers have the roster and the member's month cached, as they were.
    for server in (a, b):
        assert "13811110001" in committee.get(server, "/members/").text
        assert not signed_up_mark(member.get(server, month))
    if a.shared_cache:
        assert redis_keys(a.shared_cache), "the servers cached nothing in Redis"

    # The committee changes 周晓兰's phone through A; B's next roster shows it, though it had the old one.
    edit = f"/members/{zhou.pk}/edit/"
    saved = committee.submit(a, edit, committee.get(a, edit).form_with("phone"), phone="13811110002")
    assert saved.status == 302, saved.text[:3000]
    roster = committee.get(b, "/members/").text
    assert "13811110002" in roster and "13811110001" not in roster
    # …and the other way round: the member changes their own phone through B; A's roster shows it.
    own_edit = f"/members/{cast['own_record'].pk}/edit/"
    saved = member.submit(b, own_edit, member.get(b, own_edit).form_with("phone"), phone="13833330003")
    assert saved.status == 302, saved.text[:3000]
    assert "13833330003" in committee.get(a, "/members/").text

    # A sign-up through A is on the member's calendar read through B, and a cancellation through B
    # is off it on A.
    detail = f"/activities/{walk.pk}/"
    signup = f"/activities/{walk.pk}/signup/"
    assert member.submit(a, signup, member.get(a, detail).form_to(signup)).status == 302
    assert signed_up_mark(member.get(b, month))
    cancel = f"/activities/{walk.pk}/cancel-signup/"
    assert member.submit(b, cancel, member.get(b, detail).form_to(cancel)).status == 302
    assert not signed_up_mark(member.get(a, month))
    assert not Signup.objects.filter(activity=walk).exists()

    # A roster import previewed on A is confirmed on B: the file waits in the database.
    _, upload_fields = committee.get(a, "/members/import/").form_with("file")
    preview = committee.post(a, "/members/import/", upload_fields,
                             files={"file": ("名册.csv", ROSTER_CSV, "text/csv")})
    assert preview.status == 200 and "吴新来" in preview.text, preview.text[:3000]
    assert PendingImport.objects.count() == 1
    confirmed = committee.submit(b, "/members/import/confirm/", preview.form_with("digest"))
    assert confirmed.status == 302 and confirmed.location.endswith("/members/"), confirmed.text[:3000]
    assert Member.objects.filter(union=zhou.union, employee_number="B0001", name="吴新来").exists()
    assert not PendingImport.objects.exists()
    assert "吴新来" in committee.get(a, "/members/").text

    # Wrong passwords typed on A lock the login out on B too, even with the right one.
    intruder = Browser()
    tries = [intruder.log_in(a, cast["member"], password="not-the-password").status for _ in range(FAILURE_LIMIT)]
    assert tries == [200] * (FAILURE_LIMIT - 1) + [429]
    assert intruder.log_in(b, cast["member"]).status == 429
    assert Browser().log_in(a, cast["member"]).status == 429

    # Wrong receipt codes sent to the join page through A and through B count towards one limit.
    union = zhou.union
    union.join_token = joining.new_join_token()
    union.save(update_fields=["join_token"])
    status, guesser = f"/join/{union.join_token}/status/", Browser()
    for n in range(joining.RATE_LIMIT):
        server = servers[n % 2]
        page = guesser.submit(server, status, guesser.get(server, status).form_with("code"), code=f"WRONG-CODE-{n}")
        assert page.status == 200 and "尝试次数过多" not in page.text
    for server in servers:
        page = guesser.submit(server, status, guesser.get(server, status).form_with("code"), code="WRONG-CODE-9")
        assert "尝试次数过多，请一小时后再试。" in page.text

    # Logging out on B ends the session on A.
    logout = committee.post(b, "/accounts/logout/", {"csrfmiddlewaretoken": csrf_cookie(committee)})
    assert logout.status == 302
    assert committee.get(a, "/members/").status == 302


def test_redis_url_chooses_djangos_redis_cache_and_without_it_each_process_keeps_its_own():
    def backend(**env):
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v0", "-c",
             "from django.conf import settings; c = settings.CACHES['default']; "
             "print(c['BACKEND'], c.get('LOCATION'))"],
            cwd=ROOT, env=server_env(SECRET_KEY="x" * 50, **env), capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert backend(REDIS_URL="redis://127.0.0.1:6379/3") == [
        "django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/3"
    ]
    assert backend() == ["django.core.cache.backends.locmem.LocMemCache", "unionplan"]
