"""Bad input never breaks the app: hostile values posted into every form, bad URLs.

For each form (FORMS), the page that holds it is opened as the role that may post it, its fields are
read from the HTML as a browser would, and hypothesis posts variations in which any field may be
missing, kept as the page filled it, one of its options, or something hostile: empty, huge, the
wrong type, an impossible date, a negative or enormous amount, a script tag, a NUL byte, bytes that
are not UTF-8, a random file. The app must answer without a 5xx, and when it refuses (the form shown
again, or a redirect with an error message) no row anywhere may have been added or removed.

Every form found on the app's pages must be in FORMS (`test_every_form_is_fuzzed`), so a new form
cannot slip past. Examples per form: BAD_INPUT_EXAMPLES (default 30: about a minute on PostgreSQL, less on SQLite).

Query strings get the same: every page of the permission matrix is opened with hostile values in each
query parameter it is known to read — the fields of its GET forms (the list filters), the parameters of
every link found on any page that points at it (pagination, sorting, chips, ?activity= prefills), and
the few it reads without a link (QUERY_EXTRA) — one at a time with the values that once broke pages,
then in hypothesis' combinations. A NUL byte in a path or a query is a Chinese 404/400 before any view.
"""

import os
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import ERROR
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.models import Attempt
from tests.unionplan.test_permission_matrix import MATRIX, Case, Skip
from tests.unionplan.world import YEAR, isolated, module_world

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("BAD_INPUT_EXAMPLES", "30"))
APPS = ["members", "plans", "activities", "funds", "congress", "notify", "unionplan", "auth"]

# --- reading a page's forms as a browser would ------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea"
    initial: list  # the values a browser would post as the page stands
    options: list  # choices of a select, radio or checkbox group
    multiple: bool = False


class Forms(HTMLParser):
    """The POST forms of a page: [(action path, {name: Field})]."""

    def __init__(self, path):
        super().__init__(convert_charrefs=True)
        self.path, self.forms = path, []
        self._form = self._select = self._textarea = None

    def field(self, name, kind, multiple=False):
        return self._form.setdefault(name, Field(name, kind, [], [], multiple))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self._form = {}
                self.forms.append((urlsplit(a.get("action") or self.path).path, self._form))
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "reset", "image"):
            kind = a.get("type", "text")
            field = self.field(name, kind, multiple=kind == "checkbox")
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("checkbox", "radio"):
                field.options.append(value)
                if "checked" in a:
                    field.initial.append(value)
            elif not field.initial:
                field.initial.append(value)
        elif tag == "button" and name:
            field = self.field(name, "button")
            field.options.append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = self.field(name, "textarea")
            self._textarea.initial.append("")
        elif tag == "select" and name:
            self._select = self.field(name, "select", multiple="multiple" in a)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.initial.append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.initial[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.initial[-1] = self._textarea.initial[-1].removeprefix("\n")
            self._textarea = None


def forms_on(response, path):
    parser = Forms(path)
    parser.feed(response.content.decode())
    return parser.forms


# --- which forms, posted by whom -----------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """A form of the app: posted to URL `name` by `role`, found on the page `page` (default: itself).

    `kwargs`/`page_kwargs` default to the permission matrix's; `setup(world)` puts the world in the
    state that shows the form; `fields` name the inputs of a form that cannot be shown here."""

    role: str = "chair"
    page: str = ""
    kwargs: object = None
    page_kwargs: object = None
    setup: object = None
    fields: tuple | None = None
    extra: tuple = ()  # inputs that live outside the <form> (form="…" attributes)


def _year(w, r):
    return {"year": YEAR}


def _draft(w, r):
    return {"year": YEAR + 1}


def _pk(name):
    return lambda w, r: {"pk": getattr(w, name).pk}


def _member_login(w, r):
    return {"pk": w.users["member"].member.pk}


def _submit_draft(w):
    w.draft.submit(w.users["chair"])


def _pay_dues(w):
    w.dues.paid_on, w.dues.method = date(YEAR, 1, 20), "cash"
    w.dues.save()


def _proposal_registered(w):
    """congress sessions, representatives, proposals: the world's proposal registered (第1号) and assigned."""
    from congress.models import Proposal

    Proposal.objects.filter(pk=w.proposal.pk).update(status=Proposal.Status.REGISTERED, number=1, handler="总务处")


def _proposal_replied(w):
    from congress.models import Proposal, ProposalReply

    Proposal.objects.filter(pk=w.proposal.pk).update(status=Proposal.Status.REPLIED, number=1, handler="总务处")
    ProposalReply.objects.create(union=w.union, proposal=w.proposal, text="已办理。", replied_on=date(YEAR, 5, 20))


def _join_on(w):
    from tests.unionplan.test_permission_matrix import join_token

    join_token(w)


def _join_pk(w):
    from tests.unionplan.test_permission_matrix import join_application

    return {"pk": join_application(w).pk}


def _retained(w):
    from members.models import Member

    Member.objects.filter(pk=w.target.pk).update(status=Member.Status.RETAINED)


def _outgoing(w):
    from tests.unionplan.test_permission_matrix import outgoing_transfer

    outgoing_transfer(w)


def _idle(w):
    from tests.unionplan.test_permission_matrix import idle_member

    idle_member(w)


FORMS = {
    "login": Form(role="anonymous"),
    "password_change": Form(role="member"),
    # plans
    "plans:new": Form(),
    "plans:paste": Form(),
    "plans:edit": Form(kwargs=_draft),
    "plans:item-progress": Form(),  # the row's form, fetched when 更新进度 is opened
    "plans:submit": Form(kwargs=_draft, page="plans:detail", page_kwargs=_draft),
    "plans:approve": Form(kwargs=_draft, setup=_submit_draft),
    "plans:return": Form(kwargs=_draft, setup=_submit_draft),
    "plans:revise": Form(kwargs=_year),
    "plans:close": Form(kwargs=_year, page="plans:detail", page_kwargs=_year),
    "plans:reopen": Form(kwargs=_year, fields=()),
    "plans:rollover": Form(kwargs=_year, page="plans:detail", page_kwargs=_year),
    # activities
    "activities:festivals": Form(),
    "activities:from-plan": Form(page="activities:year", page_kwargs=_year),
    "activities:add": Form(),
    "activities:edit": Form(),
    "activities:delete": Form(page="activities:detail", page_kwargs=_pk("activity")),
    "activities:signup": Form(role="member", page="activities:detail", page_kwargs=_pk("activity")),
    "activities:cancel-signup": Form(role="member", fields=()),
    "activities:attendance": Form(),
    "activities:series-add": Form(),
    "activities:series-edit": Form(),
    "activities:series-delete": Form(page="activities:series-edit", page_kwargs=_pk("series")),
    "activities:categories": Form(),
    "activities:category-edit": Form(),
    "activities:reset-feed": Form(role="member", page="activities:subscribe"),
    "activities:share": Form(),
    # QR-code check-in: by hand on the organiser's screen (the remove button shows once someone is in)
    "activities:checkin-add": Form(page="activities:checkin", page_kwargs=_pk("activity")),
    "activities:checkin-remove": Form(page="activities:checkin", page_kwargs=_pk("activity"), fields=()),
    # members
    "members:create": Form(),
    "members:edit": Form(),
    "members:edit (own phone)": Form(role="member", kwargs=lambda w, r: {"pk": w.users["member"].member.pk}),
    "members:import": Form(),
    "members:import-confirm": Form(fields=("token", "create_missing", "digest")),
    "members:greet": Form(page="members:birthdays"),
    "members:seasonal": Form(page="members:care"),
    "members:care-settings": Form(),
    "members:workforce": Form(),  # federation: the union's employees and founding date
    # hand up (上报): union A's chair hands up its plan; the other union's chair, above it, reviews
    # The hand-up page shows this year's forms (a ?year= of its own, on any day the suite runs).
    "federation:handup-submit": Form(page="federation:handup",
                                     kwargs=lambda w, r: {"year": timezone.localdate().year, "kind": "plan"}),
    "federation:submissions-deadline": Form(role="other_chair", page="federation:submissions"),
    "federation:submission": Form(role="other_chair"),
    "members:hardship-create": Form(),
    "members:hardship-edit": Form(),
    "members:hardship-delete": Form(page="members:hardship-edit", page_kwargs=_pk("hardship")),
    "members:event-create": Form(),
    "members:visit-create": Form(),
    "members:visit-edit": Form(),
    "members:visit-delete": Form(page="members:visit", page_kwargs=_pk("visit")),
    "members:choose-union": Form(role="superuser"),
    "members:accounts-create": Form(page="members:accounts"),
    "members:accounts-login-help": Form(page="members:accounts"),
    "members:accounts-sheet-done": Form(fields=("next",)),
    # joining online: the public join and status pages, the committee's link, numbering and decisions
    "join": Form(role="anonymous"),
    "join-status": Form(role="anonymous"),
    "members:join-renew": Form(page="members:join-link", fields=()),
    "members:join-off": Form(page="members:join-link", setup=lambda w: _join_on(w), fields=()),
    "members:join-numbering": Form(page="members:join-link"),
    "members:join-approve": Form(page="members:join-application", page_kwargs=lambda w, r: _join_pk(w)),
    "members:join-decline": Form(page="members:join-application", page_kwargs=lambda w, r: _join_pk(w)),
    # transfers: 会籍接转 and 保留会籍 (members/transfer_views.py), the automatic leave (funds/inactive.py)
    "members:transfer-letter": Form(),
    "members:retain": Form(page="members:detail", page_kwargs=_pk("target"), fields=()),
    "members:restore": Form(page="members:detail", page_kwargs=_pk("target"), setup=lambda w: _retained(w), fields=()),
    "funds:inactive-leave": Form(page="funds:inactive", setup=lambda w: _idle(w), fields=()),
    "funds:inactive-dismiss": Form(page="funds:inactive", setup=lambda w: _idle(w), fields=()),
    # transfers within the federation (会籍接转 to a sister union)
    "members:transfer-within": Form(),
    "members:transfer-answer": Form(),
    "members:transfer-cancel": Form(page="members:transfers", setup=lambda w: _outgoing(w), fields=()),
    "members:account-reset": Form(kwargs=_member_login, page="members:detail", page_kwargs=_member_login),
    "members:account-disable": Form(kwargs=_member_login, page="members:detail", page_kwargs=_member_login),
    "members:account-enable": Form(kwargs=_member_login, fields=("next",)),
    # funds
    "funds:dues-generate": Form(page="funds:dues", page_kwargs=_year),
    "funds:dues-pay": Form(
        page="funds:dues", page_kwargs=_year, extra=("dues", "paid_on", "method", "scope", "month", "status", "q")
    ),
    "funds:dues-record": Form(role="treasurer"),
    "funds:dues-unpay": Form(setup=_pay_dues, page="funds:dues-record", page_kwargs=_pk("dues")),
    "funds:wage-import": Form(),
    "funds:wage-add": Form(),
    "funds:wage-edit": Form(),
    "funds:wage-delete": Form(page="funds:wage-edit", page_kwargs=MATRIX["funds:wage-edit"][0].kwargs),
    "funds:income-add": Form(),
    "funds:income-record": Form(),
    "funds:income-delete": Form(page="funds:income-record", page_kwargs=_pk("income")),
    "funds:expense-add": Form(),
    "funds:expense-record": Form(),
    "funds:expense-delete": Form(page="funds:expense-record", page_kwargs=_pk("expense")),
    "funds:budget-add": Form(),
    "funds:budget-approve": Form(page="funds:budget", page_kwargs=_year),
    "funds:budget-record": Form(),
    "funds:budget-delete": Form(page="funds:budget-record", page_kwargs=_pk("budget")),
    "funds:review-add": Form(),
    "funds:review-edit": Form(),
    "funds:review-sign": Form(role="reviewer", page="funds:review", page_kwargs=_pk("review")),
    "funds:review-reopen": Form(fields=("reason",)),
    "funds:settings": Form(),
    "funds:category-add": Form(),
    "funds:category-edit": Form(),
    "funds:allocation-add": Form(),
    "funds:allocation-record": Form(),
    "funds:allocation-delete": Form(
        page="funds:allocation-record", page_kwargs=MATRIX["funds:allocation-record"].kwargs
    ),
    "funds:final-accounts-explain": Form(),
    "funds:welfare": Form(),  # the preset and the amounts: two forms posting to the page
    "funds:distribution-sign": Form(page="funds:distribution"),
    # the year-end summary
    "summary:page": Form(),
    # notify: group robots
    "notify:add": Form(),
    "notify:edit": Form(),
    "notify:delete": Form(page="notify:robot"),
    # congress: suggestions and the union mailbox
    "congress:suggestion-create": Form(role="member"),
    "congress:suggestion-receipt": Form(role="member"),
    "congress:suggestion-answer": Form(page="congress:suggestion-detail", page_kwargs=_pk("suggestion")),
    "congress:suggestion-reward": Form(page="congress:suggestion-detail", page_kwargs=_pk("suggestion")),
    # congress: ballots and polls
    "congress:ballot-create": Form(),
    "congress:ballot-edit": Form(),
    "congress:ballot-question-add": Form(page="congress:ballot-detail", page_kwargs=_pk("ballot_draft")),
    "congress:ballot-question-delete": Form(page="congress:ballot-detail", page_kwargs=_pk("ballot_draft")),
    "congress:ballot-open": Form(page="congress:ballot-detail", page_kwargs=_pk("ballot_draft")),
    "congress:ballot-close": Form(page="congress:ballot-detail", page_kwargs=_pk("ballot_open")),
    "congress:ballot-vote": Form(role="member", page="congress:ballot-detail", page_kwargs=_pk("ballot_open")),
    # congress: notices
    "congress:notice-create": Form(),
    "congress:notice-edit": Form(),
    "congress:notice-correct": Form(),
    "congress:notice-delete": Form(page="congress:notice-detail", page_kwargs=_pk("notice_draft")),
    "congress:notice-publish": Form(page="congress:notice-detail", page_kwargs=_pk("notice_draft")),
    "congress:notice-attachment-add": Form(page="congress:notice-detail", page_kwargs=_pk("notice_draft")),
    "congress:notice-attachment-remove": Form(page="congress:notice-detail", page_kwargs=_pk("notice_draft")),
    "congress:notice-feedback": Form(role="member", page="congress:notice-detail", page_kwargs=_pk("notice")),
    # congress: sessions, representatives, proposals
    "congress:congress-create": Form(),
    "congress:congress-edit": Form(),
    "congress:delegation-create": Form(),
    "congress:delegation-edit": Form(),
    "congress:representative-add": Form(),
    "congress:representative-edit": Form(),
    "congress:representative-remove": Form(page="congress:congress-detail", page_kwargs=_pk("congress")),
    "congress:proposal-create": Form(role="member"),
    "congress:proposal-edit": Form(role="member"),
    "congress:proposal-submit": Form(role="member", page="congress:proposal-detail", page_kwargs=_pk("proposal_draft")),
    "congress:proposal-cosign": Form(role="leader", page="congress:proposal-detail", page_kwargs=_pk("proposal")),
    "congress:proposal-register": Form(page="congress:proposal-detail", page_kwargs=_pk("proposal")),
    "congress:proposal-merge": Form(page="congress:proposal-detail", page_kwargs=_pk("proposal")),
    "congress:proposal-decline": Form(page="congress:proposal-detail", page_kwargs=_pk("proposal")),
    "congress:proposal-assign": Form(page="congress:proposal-detail", page_kwargs=_pk("proposal"),
                                     setup=_proposal_registered),
    "congress:proposal-reply": Form(page="congress:proposal-detail", page_kwargs=_pk("proposal"),
                                    setup=_proposal_registered),
    "congress:proposal-rate": Form(role="member", page="congress:proposal-detail", page_kwargs=_pk("proposal"),
                                   setup=_proposal_replied),
}

# POST targets that take no input worth fuzzing, with the reason.
NOT_FUZZED = {
    "logout": "takes no input",
    "set_language": "Django's own view",
    "notify:test": "a button without input; it sends a request to the robot (a closed port here)",
}


def url_name(form_key):
    return form_key.split(" ")[0]


def matrix_kwargs(name, world, role):
    entry = MATRIX[name]
    case = entry[0] if isinstance(entry, list) else entry
    return case.kwargs(world, role) if isinstance(case, Case) and case.kwargs else None


def action_url(key, world):
    form = FORMS[key]
    name = url_name(key)
    kwargs = form.kwargs(world, form.role) if form.kwargs else matrix_kwargs(name, world, form.role)
    return reverse(name, kwargs=kwargs)


def page_url(key, world):
    form = FORMS[key]
    if not form.page:
        return action_url(key, world)
    kwargs = form.page_kwargs(world, form.role) if form.page_kwargs else matrix_kwargs(form.page, world, form.role)
    return reverse(form.page, kwargs=kwargs)


# --- hostile values -------------------------------------------------------------------------------

MISSING = object()

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "-0.01",
    "0.001",
    "1e309",
    "NaN",
    "Infinity",
    "-99999999999999999999.99",
    "99999999999999999999999999999999",
    "9" * 400,
    "12,345.67",
    "１２３",  # full-width digits
    "²",  # passes str.isdigit(), fails int()
    "1²",
    "١٢",  # Arabic-Indic digits: int() reads 12
    "²:²:²",  # a keyset cursor with a superscript id
    "1E+30",
    "2026-02-30",
    "2026-13-01",
    "2025-02-29",
    "0000-00-00",
    "1800-01-01",
    "99999-12-31",
    "9999-12-31",
    "2026/3/8",
    "25:61",
    "true",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE members_member; --",
    "\x00",
    "a\x00b",
    "\u202e\u200b\ufeff",
    "𠮷野家🎉",
    "x" * 5000,
    "工" * 70000,
    b"\xff\xfe\xfd",
    b"caf\xe9",
]

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
numbers = st.one_of(st.integers(-(10**20), 10**20).map(str), st.decimals(allow_nan=True, allow_infinity=True).map(str))
dates = st.dates().map(lambda d: d.isoformat())
hostile = st.one_of(st.sampled_from(HOSTILE), text, numbers, dates)


def values_for(field):
    """A field's posted values: missing, as the page had it, an option, or hostile."""
    choices = [st.just(MISSING), hostile.map(lambda v: [v])]
    if field.initial:
        choices.append(st.just(field.initial))
    if field.options:
        option = st.sampled_from(field.options)
        choices.append(st.lists(option, max_size=3, unique=True) if field.multiple else option.map(lambda v: [v]))
    if field.multiple or field.kind == "select":
        choices.append(st.lists(st.one_of(hostile, st.sampled_from(field.options or [""])), max_size=3))
    if field.kind == "file":
        files = st.one_of(
            st.binary(max_size=2000), st.just(b""), st.just(b"PK\x03\x04" + b"\x00" * 100), st.just(b"\xff" * 3000)
        )
        names = st.sampled_from(["roster.xlsx", "roster.xls", "x.csv", "", "名单.xlsx", "../../etc/passwd"])
        return st.one_of(st.just(MISSING), st.tuples(names, files).map(lambda f: [f]))
    return st.one_of(*choices)


def post(client, url, fields, values):
    """Post as a browser would, with bytes that may not be UTF-8; multipart when a file goes along."""
    pairs = [(name, v) for name, vs in values.items() if vs is not MISSING for v in vs]
    if any(fields[name].kind == "file" for name, _v in pairs):
        data = {}
        for name, v in pairs:
            if isinstance(v, tuple):
                v = SimpleUploadedFile(v[0] or "blank", v[1])
            data.setdefault(name, []).append(v)
        return client.post(url, data)
    return client.post(url, urlencode(pairs), content_type="application/x-www-form-urlencoded")


# --- what must hold ---------------------------------------------------------------------------------


def _tables():
    """Every table but the limits' attempts (members.attempts), which count a refused try by design."""
    return sorted(
        model._meta.db_table for app in APPS for model in apps.get_app_config(app).get_models()
        if not model._meta.proxy and model is not Attempt
    )


def row_counts():
    """Every table's row count, in one query."""
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(TABLES, cursor.fetchone(), strict=True))


TABLES = []


def refused(response):
    """The app said no: the form is shown again, or it redirected with an error message."""
    if response.status_code in (301, 302, 303):
        # Only this request's messages: those still waiting from earlier requests come along too.
        return any(m.level >= ERROR for m in response.wsgi_request._messages._queued_messages)
    return True


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from tests.factories import UserFactory

    TABLES[:] = _tables()
    with module_world(django_db_blocker) as w:
        with django_db_blocker.unblock():
            w.users["superuser"] = UserFactory(username="root-world", is_superuser=True, is_staff=True)
        yield w


def test_every_form_is_fuzzed(world):
    """Open every page of the permission matrix as the chair and as a member: each POST form found
    there posts to a URL in FORMS (or NOT_FUZZED)."""
    fuzzed = {url_name(key) for key in FORMS} | set(NOT_FUZZED)
    unknown = set()
    for name, entry in MATRIX.items():
        if isinstance(entry, Skip):
            continue
        for case in entry if isinstance(entry, list) else [entry]:
            if case.method != "get":
                continue
            for role in ("chair", "member"):
                url = reverse(name, kwargs=case.kwargs(world, role) if case.kwargs else None)
                with isolated():
                    response = world.client(role).get(url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for action, _fields in forms_on(response, url):
                    try:
                        match = resolve(action)
                    except Resolver404:
                        unknown.add(f"{action} (on {url})")
                        continue
                    full = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
                    if full not in fuzzed:
                        unknown.add(f"{full} (on {url})")
    assert not unknown, f"forms not in FORMS of tests/unionplan/test_bad_input.py: {sorted(unknown)}"


@pytest.mark.parametrize("key", list(FORMS))
def test_hostile_input_gives_no_error_and_no_partial_save(world, key):
    form = FORMS[key]
    with isolated():
        if form.setup:
            form.setup(world)
        client = world.client(form.role)
        url, page = action_url(key, world), page_url(key, world)
        fields = {name: Field(name, "text", [], []) for name in form.fields or ()}
        if form.fields is None:
            response = client.get(page)
            assert response.status_code == 200, f"{page} as {form.role}: {response.status_code}"
            found = [f for action, f in forms_on(response, page) if action == urlsplit(url).path]
            assert found, f"no form posting to {url} on {page} as {form.role}"
            for f in found:
                fields.update(f)
        fields.update({name: Field(name, "text", [], []) for name in form.extra if name not in fields})
        fields.pop("csrfmiddlewaretoken", None)
        before = row_counts()

        @settings(
            max_examples=EXAMPLES if fields else 2,
            deadline=None,
            database=None,
            derandomize=bool(os.environ.get("CI")),  # CI repeats the same examples; a person's run explores
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        @given(st.fixed_dictionaries({name: values_for(field) for name, field in fields.items()}))
        def check(values):
            with isolated():
                response = post(client, url, fields, values)
                assert response.status_code < 500, response.status_code
                if refused(response):
                    assert row_counts() == before, f"{url} refused the input but saved some of it"

        check()


BAD_URLS = [
    "/activities/2026/13/",
    "/activities/2026/0/",
    "/activities/1800/",
    "/activities/1800/1/",
    "/activities/99999/",
    "/activities/99999999999999999999/",
    "/activities/1800/schedule.xlsx",
    "/activities/feed/not-a-token.ics",
    "/activities/feed/.ics",
    "/activities/public/not-a-token/",
    "/activities/public/not-a-token.ics",
    "/plans/1800/",
    "/plans/99999/",
    "/plans/99999999999999999999/",
    "/plans/2026/versions/99/",
    "/plans/1800/edit/",
    "/members/999999/",
    "/members/99999999999999999999/",
    "/members/birthdays/?month=13",
    "/members/birthdays/?year=1800",
    "/members/birthdays/?year=99999",
    "/members/birthdays/?month=abc",
    "/members/care/visits/?year=1800",
    "/members/care/visits/?year=x",
    "/members/care/visits/999999/",
    "/members/care/hardship/999999/edit/",
    "/members/care/hardship/new/?member=abc",
    "/members/care/visits/new/?member=999999",
    "/members/care/visits/new/?event=abc",
    "/funds/1800/",
    "/funds/99999/",
    "/funds/1800/dues/",
    "/funds/99999/arrears.xlsx",
    "/funds/dues/999999/",
    "/funds/income/999999/",
    "/funds/expenses/999999/",
    "/funds/budget/999999/",
    "/funds/reviews/999999/",
    "/funds/2026/wages/999999/add/",
    "/funds/expenses/add/?activity=999999",
    "/funds/expenses/add/?care_visit=999999",
    "/funds/settings/categories/999999/",
    "/summary/1800/",
    "/summary/99999/",
    "/summary/99999.docx",
    "/summary/1800.pdf",
    # Unicode digits in a URL's parts: "²" passes str.isdigit() and fails int()
    "/members/²/",
    "/activities/²/",
    "/activities/2026/²/",
    "/activities/²⁰²⁶/3/",
    "/plans/²/",
    "/funds/²/dues/",
    "/funds/dues/²/",
    "/summary/²⁰²⁶.pdf",
]


def test_bad_urls_are_404(world):
    client = world.client("chair")
    wrong = {}
    for url in [
        *BAD_URLS,
        f"/activities/public/{world.public.token}/2026/13/",
        f"/activities/public/{world.public.token}/1800/1/",
    ]:
        with isolated():
            status = client.get(url).status_code
        if status != 404:
            wrong[url] = status
    assert not wrong, wrong


def test_a_bad_feed_token_is_404_for_anyone(world):
    anonymous = world.client("anonymous")
    assert anonymous.get(f"/activities/feed/{world.feed.token}x.ics").status_code == 404
    assert anonymous.get(f"/activities/public/{world.public.token[:-1]}/").status_code == 404
    assert anonymous.get(f"/activities/feed/{world.feed.token}.ics").status_code == 200


# Inputs that once gave a 500 (each fixed in the app), posted every run so they never do again.
ONCE_BROKEN = [
    ("members:edit (own phone)", {"version": "", "phone": "13800138000"}),  # garbled version: stale
    ("members:edit", {"version": "abc", "name": "孙敏"}),
    ("members:greet", {"next": "0"}),  # a ?next= that is not a path was taken for a view name
    ("funds:dues-pay", {"next": "25:61"}),
    ("members:account-enable", {"next": "0"}),
    ("members:choose-union", {"union": "abc"}),  # a union id that is not a number
    ("funds:review-add", {"year": "0", "kind": "year"}),  # no date in year 0
    ("funds:review-add", {"year": "2026"}),  # no period kind
    ("funds:review-add", {"conclusion": ""}),  # no year
    ("funds:review-edit", {"reviewers": "9223372036854775808"}),  # an id past 64 bits (SQLite)
    ("members:seasonal", {"members": "-9223372036854775809", "reason": "warmth"}),
    ("plans:edit", {"rows-TOTAL_FORMS": "1.0", "rows-INITIAL_FORMS": "0", "save": "1"}),  # rows ≠ forms
    ("plans:edit", {"rows-TOTAL_FORMS": "2.0", "rows-INITIAL_FORMS": "0", "op": "down:0"}),
    # Unicode digits pass str.isdigit() and fail int() (issue 14, part 7)
    ("members:choose-union", {"union": "²"}),
    ("members:seasonal", {"members": "²", "reason": "warmth"}),
    ("plans:edit", {"rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "0", "op": "down:²"}),
    ("funds:wage-import", {"token": "0" * 32, "from_month": "²"}),
    ("funds:dues-pay", {"dues": "99999999999999999999", "paid_on": "2026-01-20", "method": "cash"}),
    # 1E+30 yuan: more digits than a wage base has
    ("funds:wage-add", {"from_month": "1", "amount": "1E+30"}),
    ("funds:wage-edit", {"from_month": "1", "amount": "1E+30"}),
]


@pytest.mark.parametrize(("key", "data"), ONCE_BROKEN)
def test_inputs_that_once_broke_the_app(world, key, data):
    form = FORMS[key]
    with isolated():
        if form.setup:
            form.setup(world)
        before = row_counts()
        response = world.client(form.role).post(action_url(key, world), data)
        assert response.status_code < 500
        if refused(response):
            assert row_counts() == before


def test_attendance_is_recorded_for_an_activity_nobody_signed_up_for(world):
    """It gave a 500: without sign-ups the form has no "came" checkboxes."""
    with isolated():
        response = world.client("committee").post(
            f"/activities/{world.activity.pk}/attendance/",
            {"participants": "12", "outcome": "气氛热烈", "mark_done": "on"},
        )
        assert response.status_code == 302
        world.activity.refresh_from_db()
        assert (world.activity.attendance, world.activity.outcome) == (12, "气氛热烈")


def test_the_treasurer_saves_the_dues_settings(world):
    """It gave a 500 (found by the fuzzing above): saving looked for a version the settings lack."""
    with isolated():
        response = world.client("treasurer").post(
            "/funds/settings/",
            {
                "dues_rate": "0.60",
                "rounding": "fen",
                "exempt_statuses": ["retired"],
                # the rest of the form as the page shows it (the 2% allocation and the opening balance)
                "allocation_rate": "2",
                "allocation_kept_share": "60",
                "allocation_frequency": "month",
                "opening_balance": "0",
            },
        )
        assert response.status_code == 302
        from funds.models import FundSettings

        assert str(FundSettings.for_union(world.union).dues_rate) == "0.60"


def test_an_extra_row_in_the_care_standards_is_refused_and_nothing_is_saved(world):
    """It gave a 500 after saving the retirement rule: the extra row became a standard of no union."""
    from members.models import CareSettings

    url = "/members/care/settings/"
    with isolated():
        client = world.client("chair")
        (fields,) = [f for action, f in forms_on(client.get(url), url) if action == url]
        data = {name: field.initial[0] if field.initial else "" for name, field in fields.items()}
        data.pop("csrfmiddlewaretoken", None)
        rule = fields["ages-female_retirement_rule"]
        data["ages-female_retirement_rule"] = next(o for o in rule.options if o and o not in rule.initial)
        rows = int(data["std-TOTAL_FORMS"])
        data.update({"std-TOTAL_FORMS": str(rows + 1), f"std-{rows}-amount": "100", f"std-{rows}-gift": "鲜花"})
        before, rule_before = row_counts(), CareSettings.of(world.union).female_retirement_rule
        response = client.post(url, data)
        assert response.status_code == 200
        assert f"请最多提交 {rows} 个表单" in response.content.decode()
        assert row_counts() == before
        assert CareSettings.of(world.union).female_retirement_rule == rule_before


# --- hostile query strings -------------------------------------------------------------------------


class Queries(HTMLParser):
    """The query parameters a page offers: {path: {name}} from its GET forms and its links."""

    def __init__(self, path):
        super().__init__(convert_charrefs=True)
        self.path, self.found, self._form = path, {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = urlsplit(a.get("action") or self.path).path or self.path if method == "get" else None
        elif tag in ("input", "select", "textarea") and self._form and a.get("name"):
            if a.get("type") not in ("submit", "button", "reset", "image"):
                self.found.setdefault(self._form, set()).add(a["name"])
        elif tag == "a" and "?" in (a.get("href") or ""):
            link = urlsplit(a["href"])
            names = {name for name, _value in parse_qsl(link.query, keep_blank_values=True)}
            self.found.setdefault(link.path or self.path, set()).update(names)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


# Every page is also sent ?page= (any list may be paginated). Parameters a view reads that no form or
# link of this small world shows (a keyset page's cursors need
# a long list; a plan in parts, a long one; a feed is fetched by phones). Found by reading the views
# (request.GET); everything else is discovered on the pages.
QUERY_EXTRA = {
    "activities:feed": ("category", "mine"),
    "activities:public-feed": ("category", "mine"),
    "funds:dues": ("after", "before", "month", "status", "group", "q"),
    "funds:arrears": ("after", "before", "group", "month"),
    "funds:arrears-xlsx": ("group", "month"),
    "funds:expenses": ("category", "month", "activity"),
    "funds:income": ("month", "source"),
    "funds:expense-add": ("activity", "care_visit"),
    "funds:wages": ("q", "missing"),
    "funds:wage-template": ("month",),
    "plans:edit": ("part",),
    "plans:new": ("year",),
    "activities:add": ("date", "year", "month"),
    "members:birthdays": ("year", "month"),
    "members:visits": ("year", "reason"),
    "members:hardship-create": ("member",),
    "members:visit-create": ("member", "event", "reason"),
    "members:accounts": ("state", "q"),
    "members:roster": ("q", "department", "group", "status", "gender", "position", "o"),
    "members:export": ("q", "department", "group", "status", "gender", "position", "o"),
    "summary:page": ("draft",),
    "login": ("next",),
}
# Values that once broke a page, each sent alone in each parameter.
TROUBLE = ["²", "9" * 30, "²:²:²", "1:" + "9" * 30 + ":x"]
ROLES_TO_TRY = ["chair", "treasurer", "reviewer", "leader", "member", "superuser", "anonymous"]


@dataclass
class Page:
    name: str
    url: str
    role: str
    params: list


@pytest.fixture(scope="module")
def pages(world, django_db_blocker):
    """Every GET page of the matrix, opened by the first role it works for, with the query parameters
    found for it on any page (and QUERY_EXTRA)."""
    with django_db_blocker.unblock():
        return _pages(world)


def _pages(world):
    found, opened = {}, []
    for name, entry in MATRIX.items():
        if isinstance(entry, Skip):
            continue
        for case in entry if isinstance(entry, list) else [entry]:
            if case.method != "get":
                continue
            tried = []  # the first role the page answers 200, else the first it does not refuse
            for role in ROLES_TO_TRY:
                url = reverse(name, kwargs=case.kwargs(world, role) if case.kwargs else None)
                with isolated():
                    response = world.client(role).get(url)
                if response.status_code < 400:
                    tried.append((response.status_code != 200, role, url, response))
                if response.status_code == 200:
                    break
            if not tried:
                continue
            _redirected, role, url, response = min(tried, key=lambda t: t[0])
            opened.append((name, url, role))
            if "html" in response.get("Content-Type", ""):
                parser = Queries(url)
                parser.feed(response.content.decode())
                for path, names in parser.found.items():
                    found.setdefault(path, set()).update(names)
    names = {name for name, _url, _role in opened}
    assert not set(QUERY_EXTRA) - names, f"QUERY_EXTRA names pages that are not opened: {set(QUERY_EXTRA) - names}"
    return {
        name: Page(name, url, role, sorted((found.get(url, set()) | {*QUERY_EXTRA.get(name, ()), "page"}) - IGNORED))
        for name, url, role in opened
    }


IGNORED = {"csrfmiddlewaretoken"}


def page_names():
    cases = {name: entry if isinstance(entry, list) else [entry] for name, entry in MATRIX.items()}
    return sorted(
        name for name, entry in cases.items()
        if not isinstance(entry[0], Skip) and any(case.method == "get" for case in entry)
    )


def get(client, url, params):
    return client.get(f"{url}?{urlencode(params)}" if params else url)


def test_the_list_filters_are_found(pages):
    """So that the sweeps below reach them: the roster's, the money lists' and the calendar's filters."""
    assert {"q", "department", "group", "status", "gender", "position"} <= set(pages["members:roster"].params)
    assert {"category", "audience"} <= set(pages["activities:month"].params)
    assert {"category", "month", "activity"} <= set(pages["funds:expenses"].params)
    assert {"status", "group", "q", "month", "after"} <= set(pages["funds:dues"].params)
    assert {"month", "source"} <= set(pages["funds:income"].params)


@pytest.mark.parametrize("name", page_names())
def test_hostile_query_strings_give_no_error(world, pages, name):
    """Each parameter alone with each value that once broke a page, then hypothesis' combinations."""
    if name not in pages:
        pytest.skip("no role opens this page in the world")
    page = pages[name]
    client = world.client(page.role)
    broken = {}
    for param in page.params:
        for value in TROUBLE:
            with isolated():
                status = get(client, page.url, {param: value}).status_code
            if status >= 500:
                broken.setdefault(param, []).append(value)
    assert not broken, f"{page.url} as {page.role}: {broken}"
    if not page.params:
        return

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=bool(os.environ.get("CI")),
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({p: st.one_of(st.just(MISSING), hostile) for p in page.params}))
    def check(values):
        params = [(p, v) for p, v in values.items() if v is not MISSING]
        with isolated():
            response = get(client, page.url, params)
        assert response.status_code < 500, (params, response.status_code)

    check()


@pytest.mark.parametrize(
    "path",
    ["/activities/feed/%00.ics", "/activities/public/%00/", "/activities/public/%00.ics", "/members/%00/",
     "/plans/2026%00/"],
)
def test_a_nul_byte_in_a_path_is_a_404(world, path):
    for role in ("anonymous", "chair"):
        with isolated():
            response = world.client(role).get(path)
        assert response.status_code == 404, (role, response.status_code)


def test_a_nul_byte_in_a_query_is_a_chinese_400_and_saves_nothing(world, pages):
    before = row_counts()
    for name in ("members:roster", "funds:dues", "funds:wages", "members:accounts", "activities:month"):
        page = pages[name]
        with isolated():
            response = get(world.client(page.role), page.url, {"q": "张\x00", "after": "1:\x00:\x00"})
        assert response.status_code == 400, (name, response.status_code)
        assert "无法处理该请求" in response.content.decode()
    with isolated():
        response = world.client("anonymous").get(f"/activities/feed/{world.feed.token}.ics?category=1%00")
    assert response.status_code == 400
    assert row_counts() == before
