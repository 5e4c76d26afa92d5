"""Every URL of the app × every role → the outcome the issues promise.

The URL names come from the URL configuration itself, so a new page without a line in MATRIX makes
`test_every_url_is_in_the_matrix` fail, and a line for a page that is gone does too.

Expectations are one letter per role, in this order (tests/unionplan/world.py):

    anonymous, member, union-group leader, committee, treasurer, reviewer, chair, chair of another union

    O  the page works: 200, a redirect that is not to the login page, or a form-level refusal
       (400, 405, 409)
    L  302 to /accounts/login/
    F  403
    N  404

Every object in the world belongs to union A, so the other union's chair gets 404 for it. Pages
without an object of union A (lists, forms for new rows, the calendar) show the other chair their
own union's data: they are O, and their text is checked for union A's names.

Where the roles come from: DESIGN.md and the issues — sensitive data (hardship, visits, phones, the
roster, birthdays) for the committee and chair only; the treasurer edits money; the reviewer reads
all money and records reviews; the committee reads money totals; the chair approves plans and the
budget and reopens a reviewed period; members see the calendar, approved plans, their own record
and their own dues; a union-group leader sees the names in the group (members:my-group).
"""

from dataclasses import dataclass
from datetime import date as _date
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from activities.checkin import current_token
from tests.unionplan.world import HARDSHIP_REASON, PHONE, ROLES, VISIT_NOTES, YEAR, isolated, module_world

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN, NOT_FOUND = "O", "L", "F", "N"


@dataclass(frozen=True)
class Case:
    expect: str  # one letter per role, in ROLES order
    kwargs: object = None  # f(world, role) -> the URL's kwargs
    method: str = "get"
    data: object = None  # f(world) -> POST data
    label: str = ""

    def __post_init__(self):
        assert len(self.expect) == len(ROLES) and set(self.expect) <= {OK, LOGIN, FORBIDDEN, NOT_FOUND}, self


@dataclass(frozen=True)
class Skip:
    reason: str


def year(**extra):
    return lambda w, role: {"year": YEAR, **{k: v(w) for k, v in extra.items()}}


def pk(name, **extra):
    """kwargs {"pk": world.<name>.pk} (plus more, each a function of the world)."""
    return lambda w, role: {"pk": getattr(w, name).pk, **{k: v(w) for k, v in extra.items()}}


WAGE = year(member_id=lambda w: w.target.pk, pk=lambda w: w.wage.pk)


def own_record(w, role):
    """The role's own member record (the anonymous visitor tries 孙敏's)."""
    return {"pk": w.member_of(role).pk}


def handed_up(w, role):
    """{"pk": …} of union A's plan, handed up to the other union (once for the module)."""
    from federation import handup
    from federation.models import Submission

    submission = Submission.objects.filter(union=w.union).first()
    return {"pk": (submission or handup.submit(w.union, YEAR, "plan", w.users["chair"])).pk}


def POST(expect, kwargs=None, data=None, label=""):
    return Case(expect, kwargs, "post", data, label)


EVERYONE = "OOOOOOOO"  # pages that need no login
LOGGED_IN = "LOOOOOOO"  # anyone in a union; the other chair sees their own union's
UNION_A = "LOOOOOON"  # anyone in union A; an object of union A
PLANNERS = "LFFOFFOO"  # committee and chair: pages without an object
PLANNERS_A = "LFFOFFON"  # committee and chair: an object of union A
CHAIR_A = "LFFFFFON"  # only the chair
TOTALS = "LFFOOOOO"  # money totals: committee, treasurer, reviewer, chair
MONEY_READERS = "LFFFOOOO"  # money records: treasurer, reviewer, chair
MONEY_READERS_A = "LFFFOOON"
MONEY_KEEPERS = "LFFFOFOO"  # money edits: treasurer and chair
MONEY_KEEPERS_A = "LFFFOFON"
REVIEWERS = "LFFFFOOO"  # fund reviews: reviewer and chair
REVIEWERS_A = "LFFFFOON"

FIGURES_BELOW = "federation: the figures of the unions below"
HANDED_UP = "federation: a document union A handed up to the other union"
COVERED_ELSEWHERE = "Django's own password-reset view, 404 without EMAIL_URL; tests/members/test_accounts_email.py"

# Whole namespaces left out, with the reason.
SKIP_NAMESPACES = {
    "admin": Skip("Django's admin: staff only, scoped by members.admin.UnionScopedAdmin; tests/members/test_admin.py"),
}

MATRIX = {
    # --- the project ----------------------------------------------------------------------------
    "dashboard": Case(LOGGED_IN),  # members are sent on to their calendar
    "manifest": Case(EVERYONE),  # the home-screen app's manifest: the union's name for a logged-in user
    "service-worker": Case(EVERYONE),  # /sw.js, a static script
    "healthz": Case(EVERYONE),
    "login": Case(EVERYONE),  # a logged-in user is sent on to the dashboard
    "logout": POST("LLLLLLLL", label="logging out ends on the login page, for everyone"),
    "password_change": Case(LOGGED_IN),
    "password_change_done": Case(LOGGED_IN),
    "password_reset": Skip(COVERED_ELSEWHERE),
    "password_reset_done": Skip(COVERED_ELSEWHERE),
    "password_reset_confirm": Skip(COVERED_ELSEWHERE),
    "password_reset_complete": Skip(COVERED_ELSEWHERE),
    "set_language": Skip("Django's i18n view: sets a cookie, reads no data"),
    "admin-view-on-site": Skip("the admin's view-on-site shortcut: staff only, tests/unionplan/test_admin_scoping.py"),
    # --- plans ----------------------------------------------------------------------------------
    "plans:index": Case(LOGGED_IN),
    "plans:new": Case(PLANNERS),
    "plans:paste": Case(PLANNERS),
    "plans:detail": [
        Case(UNION_A, year(), label="approved plan: everyone in the union reads it"),
        Case("LNNONNON", lambda w, r: {"year": YEAR + 1}, label="a draft: the committee only"),
    ],
    "plans:print": [
        Case(UNION_A, year()),
        Case("LNNONNON", lambda w, r: {"year": YEAR + 1}, label="a draft: the committee only"),
    ],
    "plans:docx": [
        Case(UNION_A, year(), label="the plan as Word: as the plan page"),
        Case("LNNONNON", lambda w, r: {"year": YEAR + 1}, label="a draft: the committee only"),
    ],
    "plans:pdf": [
        Case(UNION_A, year(), label="the plan as PDF: as the plan page"),
        Case("LNNONNON", lambda w, r: {"year": YEAR + 1}, label="a draft: the committee only"),
    ],
    "plans:version-docx": Case(UNION_A, year(number=lambda w: 1)),
    "plans:version-pdf": Case(UNION_A, year(number=lambda w: 1)),
    "plans:edit": Case(PLANNERS_A, lambda w, r: {"year": YEAR + 1}),
    "plans:item-progress": POST(
        PLANNERS_A,
        year(pk=lambda w: w.item.pk),
        lambda w: {"status": "in_progress", "progress_note": "进行中", "outcome": "", "version": w.item.version},
    ),
    "plans:submit": POST(PLANNERS_A, lambda w, r: {"year": YEAR + 1}),
    "plans:approve": Case(CHAIR_A, year()),
    "plans:return": Case(CHAIR_A, year()),
    "plans:revise": Case(PLANNERS_A, year()),
    "plans:close": POST(CHAIR_A, year()),
    "plans:reopen": POST(CHAIR_A, year()),
    "plans:rollover": POST(PLANNERS_A, year()),
    "plans:history": Case(PLANNERS_A, year()),
    "plans:version": Case(UNION_A, year(number=lambda w: 1)),
    # --- activities -----------------------------------------------------------------------------
    "activities:index": Case(LOGGED_IN),
    "activities:month": Case(LOGGED_IN, year(month=lambda w: 3)),
    "activities:year": Case(LOGGED_IN, year()),
    "activities:year-xlsx": Case(LOGGED_IN, year()),
    "activities:festivals": Case(PLANNERS, year()),
    "activities:from-plan": POST(PLANNERS, year()),
    "activities:add": Case(PLANNERS),
    "activities:detail": Case(UNION_A, pk("activity")),
    "activities:edit": Case(PLANNERS_A, pk("activity")),
    "activities:delete": POST(PLANNERS_A, pk("activity")),
    "activities:signup": POST(UNION_A, pk("activity")),
    "activities:cancel-signup": POST(UNION_A, pk("activity")),
    "activities:attendance": Case(PLANNERS_A, pk("activity")),
    "activities:signin-sheet": Case(PLANNERS_A, pk("activity")),
    "activities:series": Case(PLANNERS),
    "activities:series-add": Case(PLANNERS),
    "activities:series-edit": Case(PLANNERS_A, pk("series")),
    "activities:series-delete": POST(PLANNERS_A, pk("series")),
    "activities:categories": Case(PLANNERS),
    "activities:category-edit": Case(PLANNERS_A, pk("category")),
    "activities:subscribe": Case(LOGGED_IN),
    "activities:reset-feed": POST(LOGGED_IN),
    # The token is the key (phones send no cookies): whoever holds it reads the feed.
    "activities:feed": Case(EVERYONE, lambda w, r: {"token": w.feed.token}),
    "activities:share": Case(PLANNERS),
    "activities:public": Case(EVERYONE, lambda w, r: {"token": w.public.token}),
    "activities:public-month": Case(EVERYONE, lambda w, r: {"token": w.public.token, "year": YEAR, "month": 3}),
    "activities:public-feed": Case(EVERYONE, lambda w, r: {"token": w.public.token}),
    # QR-code check-in (activities/checkin_views.py): whoever records attendance runs it; the code's URL
    # is for members of union A who signed up (the world's activity takes no walk-ins)
    "activities:checkin": Case(PLANNERS_A, pk("activity")),
    "activities:checkin-code": Case(PLANNERS_A, pk("activity")),
    "activities:checkin-present": Case(PLANNERS_A, pk("activity")),
    "activities:checkin-sheet": Case(PLANNERS_A, pk("activity")),
    "activities:checkin-add": POST(PLANNERS_A, pk("activity"), lambda w: {"member": w.target.pk}),
    "activities:checkin-remove": POST(PLANNERS_A, pk("activity", signup_pk=lambda w: checked_in(w).pk)),
    "activities:checkin-scan": [
        Case("LFFFFFFF", lambda w, r: {"pk": w.activity.pk, "token": current_token(w.activity)},
             label="nobody signed up: refused; the other union's chair: refused"),
        Case("NNNNNNNN", lambda w, r: {"pk": w.activity.pk, "token": "1-0123456789abcdef"},
             label="a made-up code"),
    ],
    # --- members --------------------------------------------------------------------------------
    "members:roster": Case("LFOOFFOO", label="a group leader is sent on to their group's list"),
    "members:export": Case(PLANNERS),
    "members:create": Case(PLANNERS),
    "members:detail": [
        Case(PLANNERS_A, pk("target"), label="another member's record"),
        Case(LOGGED_IN, own_record, label="one's own record"),
    ],
    "members:edit": [
        Case(PLANNERS_A, pk("target"), label="another member's record"),
        Case(LOGGED_IN, own_record, label="one's own phone number"),
    ],
    "members:my-group": Case("LFOFFFFF", label="only a union-group leader"),
    "members:pick": Case(  # a member picker's search: the other chair finds their own union's only
        PLANNERS, data=lambda w: {"scope": "current", "q": w.target.name}, label="search for a member of union A"
    ),
    "members:import": Case(PLANNERS),
    "members:import-confirm": POST(PLANNERS),
    "members:import-template": Case(PLANNERS),
    "members:birthdays": Case(PLANNERS),
    "members:greet": POST(PLANNERS_A, pk("target")),
    "members:care": Case(PLANNERS),
    "members:seasonal": POST(PLANNERS),
    "members:care-settings": Case(PLANNERS),
    "members:workforce": Case(PLANNERS),  # federation: the union's employees and founding date
    "members:hardship-create": Case(PLANNERS),
    "members:hardship-edit": Case(PLANNERS_A, pk("hardship")),
    "members:hardship-delete": POST(CHAIR_A, pk("hardship"), label="records are deleted by the chair"),
    "members:event-create": Case(PLANNERS),
    "members:visits": Case(PLANNERS),
    "members:visit-create": Case(PLANNERS),
    "members:visit": Case(PLANNERS_A, pk("visit")),
    "members:visit-edit": Case(PLANNERS_A, pk("visit")),
    "members:visit-delete": POST(CHAIR_A, pk("visit"), label="records are deleted by the chair"),
    "members:choose-union": Case("LFFFFFFF", label="superusers without a union only"),
    "members:accounts": Case(PLANNERS),
    "members:accounts-create": POST(PLANNERS),
    "members:accounts-login-help": POST(PLANNERS),
    "members:accounts-sheet": Case(PLANNERS),
    "members:accounts-sheet-xlsx": Case(PLANNERS),
    "members:accounts-sheet-done": POST(PLANNERS),
    "members:account-reset": POST(PLANNERS_A, lambda w, r: {"pk": w.users["member"].member.pk}),
    "members:account-disable": POST(PLANNERS_A, lambda w, r: {"pk": w.users["member"].member.pk}),
    "members:account-enable": POST(PLANNERS_A, lambda w, r: {"pk": w.users["member"].member.pk}),
    # joining online (members/join_views.py): the public join and status pages need only the union's
    # token; the committee and chair keep the link, the numbering and the applications
    "join": [Case(EVERYONE, lambda w, r: join_token(w, r)),
             POST(EVERYONE, lambda w, r: join_token(w, r), lambda w: {"name": "周新"})],
    "join-status": [Case(EVERYONE, lambda w, r: join_token(w, r)),
                    POST(EVERYONE, lambda w, r: join_token(w, r), lambda w: {"code": "AAAA-BBBB-CCCC"})],
    "members:join-link": Case(PLANNERS),
    # the poster of union A's link; the other union's link is off, so its chair gets a 404
    "members:join-poster": Case(PLANNERS_A, lambda w, r: join_token(w, r) and None),
    "members:join-renew": POST(PLANNERS),
    "members:join-off": POST(PLANNERS),
    "members:join-numbering": POST(
        PLANNERS, data=lambda w: {"card_prefix": "JY-", "card_next": "1", "card_digits": "4"}),
    "members:join-applications": Case(PLANNERS),
    "members:join-application": Case(PLANNERS_A, lambda w, r: {"pk": join_application(w).pk}),
    "members:join-approve": POST(PLANNERS_A, lambda w, r: {"pk": join_application(w).pk}),
    "members:join-decline": POST(
        PLANNERS_A, lambda w, r: {"pk": join_application(w).pk}, lambda w: {"reason": "不符合"}),
    # --- transfers: 会籍接转 and 保留会籍 (members/transfer_views.py), the statute's automatic leave
    # (funds/inactive.py): the committee and chair; another union's member or letter is a 404
    "members:transfer-letter": [
        Case(PLANNERS_A, pk("target")),
        POST(PLANNERS_A, pk("target"), data=lambda w: {"destination": "外单位工会", "dues_paid_to": "2026年11月",
                                                         "issued_on": "2026-01-05"}),
    ],
    "members:transfer-letter-docx": Case(PLANNERS_A, lambda w, r: {"pk": transfer_letter(w).pk}),
    "members:transfer-letter-pdf": Case(PLANNERS_A, lambda w, r: {"pk": transfer_letter(w).pk}),
    "members:retain": POST(PLANNERS_A, pk("target")),
    "members:restore": POST(PLANNERS_A, pk("target")),
    "funds:inactive": Case(PLANNERS),
    "funds:inactive-leave": POST(PLANNERS_A, lambda w, r: {"member_id": idle_member(w).pk}),
    "funds:inactive-dismiss": POST(PLANNERS_A, lambda w, r: {"member_id": idle_member(w).pk}),
    # --- transfers within: 会籍接转 to a sister union (members/transfer_views.py). The other union is union
    # A's higher-level union, so union A has a sister only once `sister_union` made one; the answer page is
    # the receiving union's (a transfer into union A), cancelling the sending union's
    "members:transfer-within": [
        Case(PLANNERS_A, lambda w, r: with_sister(w, r)),
        POST(PLANNERS_A, lambda w, r: with_sister(w, r),
             data=lambda w: {"to_union": sister_union(w).pk, "arrears": "0", "arrears_handling": "settled"}),
    ],
    "members:transfers": Case(PLANNERS),
    "members:transfer-answer": [
        Case(PLANNERS_A, lambda w, r: {"pk": incoming_transfer(w).pk}),
        POST(PLANNERS_A, lambda w, r: {"pk": incoming_transfer(w).pk}, lambda w: {"answer": "decline"}),
    ],
    "members:transfer-cancel": POST(PLANNERS_A, lambda w, r: {"pk": outgoing_transfer(w).pk}),
    # --- end transfers within
    # --- funds ----------------------------------------------------------------------------------
    "funds:index": Case(TOTALS),
    "funds:year": Case(TOTALS, year()),
    "funds:year-xlsx": Case(TOTALS, year()),
    "funds:dues": Case(MONEY_READERS, year()),
    "funds:dues-generate": POST(MONEY_KEEPERS, year(), lambda w: {"month": "1"}),
    "funds:dues-pay": POST(
        MONEY_KEEPERS, year(), lambda w: {"dues": [w.dues.pk], "paid_on": f"{YEAR}-01-20", "method": "cash"}
    ),
    "funds:dues-record": Case(MONEY_READERS_A, pk("dues")),
    "funds:dues-unpay": POST(MONEY_KEEPERS_A, pk("dues")),
    "funds:arrears": Case(MONEY_READERS, year()),
    "funds:arrears-xlsx": Case(MONEY_READERS, year()),
    "funds:wages": Case(MONEY_READERS, year()),
    "funds:wage-import": Case(MONEY_KEEPERS, year()),
    "funds:wage-template": Case(MONEY_READERS, year()),
    "funds:wage-add": Case(MONEY_KEEPERS_A, year(member_id=lambda w: w.target.pk)),
    "funds:wage-edit": [
        Case(MONEY_READERS_A, WAGE, label="the reviewer reads a wage base and its history"),
        POST(MONEY_KEEPERS_A, WAGE, lambda w: {"from_month": "1", "amount": "6500.00"}, label="changing it"),
    ],
    "funds:wage-delete": POST(MONEY_KEEPERS_A, pk("wage")),
    "funds:income": Case(MONEY_READERS, year()),
    "funds:income-add": Case(MONEY_KEEPERS),
    "funds:income-record": Case(MONEY_READERS_A, pk("income")),
    "funds:income-delete": POST(MONEY_KEEPERS_A, pk("income")),
    "funds:expenses": Case(MONEY_READERS, year()),
    "funds:expense-add": Case(MONEY_KEEPERS),
    "funds:expense-record": Case(MONEY_READERS_A, pk("expense")),
    "funds:expense-delete": POST(MONEY_KEEPERS_A, pk("expense")),
    "funds:budget": Case(MONEY_READERS, year()),
    "funds:budget-add": Case(MONEY_KEEPERS, year()),
    "funds:budget-approve": POST("LFFFFFOO", year(), label="the chair approves the budget"),
    "funds:budget-record": Case(MONEY_READERS_A, pk("budget")),
    "funds:budget-delete": POST(MONEY_KEEPERS_A, pk("budget")),
    "funds:reviews": Case(MONEY_READERS),
    "funds:review-add": Case(REVIEWERS),
    "funds:review": Case(MONEY_READERS_A, pk("review")),
    "funds:review-edit": Case(REVIEWERS_A, pk("review")),
    "funds:review-sign": POST(REVIEWERS_A, pk("review")),
    "funds:review-reopen": POST(CHAIR_A, pk("review"), lambda w: {"reason": "补充单据"}),
    "funds:settings": Case(MONEY_READERS),
    "funds:category-add": Case(MONEY_KEEPERS),
    "funds:category-edit": Case(MONEY_KEEPERS_A, pk("expense_category")),
    # the 2% allocation and the final accounts (issue 17, points 3 and 4)
    "funds:allocations": Case(MONEY_READERS, year()),
    "funds:allocation-add": Case(MONEY_KEEPERS, year()),
    "funds:allocation-record": Case(MONEY_READERS_A, lambda w, r: {"pk": allocation(w).pk}),
    "funds:allocation-delete": POST(MONEY_KEEPERS_A, lambda w, r: {"pk": allocation(w).pk}),
    "funds:final-accounts": Case(MONEY_READERS, year()),
    "funds:final-accounts-xlsx": Case(MONEY_READERS, year()),
    "funds:final-accounts-pdf": Case(MONEY_READERS, year()),
    "funds:final-accounts-explain": [
        Case(MONEY_READERS, year(line=lambda w: "account:rights"), label="the treasurer writes, the reviewer reads"),
        POST(MONEY_KEEPERS, year(line=lambda w: "account:rights"), lambda w: {"explanation": "慰问增加"}),
    ],
    # welfare caps and festival distributions (issue 17)
    "funds:welfare": Case(TOTALS, year()),
    "funds:distributions": Case(TOTALS, year()),
    "funds:distribution-add": Case(MONEY_KEEPERS, year(), label="without a standard: sent to the standard page"),
    "funds:distribution": Case("LFFOOOON", lambda w, r: {"pk": festival_distribution(w).pk}),
    "funds:distribution-xlsx": Case("LFFOOOON", lambda w, r: {"pk": festival_distribution(w).pk}),
    "funds:distribution-pdf": Case("LFFOOOON", lambda w, r: {"pk": festival_distribution(w).pk}),
    "funds:distribution-sign": POST(
        "LFFOOFON",
        lambda w, r: {"pk": festival_distribution(w).pk,
                      "recipient_id": festival_distribution(w).recipients.get().pk},
        lambda w: {"signed": "1"},
        label="the committee, the treasurer and the chair tick who signed",
    ),
    "funds:visit-cap-reason": POST("LFFOOFON", lambda w, r: {"visit_id": w.visit.pk}, lambda w: {"reason": "双职工"}),
    # --- the year-end summary -------------------------------------------------------------------
    "summary:page": Case(PLANNERS, year()),
    "summary:history": Case(PLANNERS, year()),
    "summary:docx": Case(PLANNERS, year()),
    "summary:xlsx": Case(PLANNERS, year()),
    "summary:pdf": Case(PLANNERS, year()),
    # --- notify: group robots (committee and chair; another union's robot is a 404) ----------------
    "notify:index": Case("LFFOFFOO"),
    "notify:add": Case("LFFOFFOO"),
    "notify:robot": Case("LFFOFFON", lambda w, r: {"pk": robot(w).pk}),
    "notify:edit": Case("LFFOFFON", lambda w, r: {"pk": robot(w).pk}),
    "notify:delete": POST("LFFOFFON", lambda w, r: {"pk": robot(w).pk}),
    "notify:test": POST("LFFOFFON", lambda w, r: {"pk": robot(w).pk}, label="the webhook refuses: a failure shown"),
    # --- federation: the higher-level union's roll-up — its chair alone (union A's union has nothing below)
    "federation:rollup": Case("LFFFFFFO", label=FIGURES_BELOW),
    "federation:union": Case("LFFFFFFO", lambda w, role: {"union_id": w.union.pk}, label=FIGURES_BELOW),
    "federation:statistics": Case("LFFFFFFO", year(), label=FIGURES_BELOW),
    # --- hand up (上报): union A's chair hands up (the other union has no parent: told so, nothing saved);
    # the other union is union A's higher-level union, its chair reviews what union A handed up
    "federation:handup": Case("LFFFFFOO"),
    "federation:handup-submit": POST("LFFFFFOO", year(kind=lambda w: "plan")),
    "federation:handup-file": Case("LFFFFFON", handed_up),
    "federation:submissions": Case("LFFFFFFO", label=FIGURES_BELOW),
    "federation:submissions-deadline": POST(
        "LFFFFFFO", data=lambda w: {"year": YEAR, "kind": "plan", "due_on": f"{YEAR}-03-31"}),
    "federation:submission": [
        Case("LFFFFFFO", handed_up, label=HANDED_UP),
        POST("LFFFFFFO", handed_up, lambda w: {"decision": "return", "comment": "请补充"}, label=HANDED_UP),
    ],
    "federation:submission-file": Case("LFFFFFFO", handed_up, label=HANDED_UP),
    "federation:submissions-zip": Case("LFFFFFFO", year(kind=lambda w: "plan"), label=HANDED_UP),
    # --- end hand up
    # --- congress: democratic management (one block per area) -----------------------------------
    "congress:index": Case(LOGGED_IN),
    # congress sessions, representatives, proposals: the committee keeps the congresses; everyone reads them
    # and the representatives; only a representative writes (刘会员 and 周组长 are, the others not); a draft
    # is its proposer's alone; the representatives and whoever may review read a submitted proposal; the
    # committee and chair review (congress.review_proposal); only the proposer rates
    "congress:congress-list": Case(LOGGED_IN),
    "congress:congress-create": Case(PLANNERS),
    "congress:congress-detail": Case(UNION_A, pk("congress")),
    "congress:congress-edit": Case(PLANNERS_A, pk("congress")),
    "congress:delegation-create": Case(PLANNERS_A, lambda w, r: {"congress_pk": w.congress.pk}),
    "congress:delegation-edit": Case(PLANNERS_A, pk("delegation")),
    "congress:representative-add": Case(PLANNERS_A, lambda w, r: {"congress_pk": w.congress.pk}),
    "congress:representative-edit": Case(PLANNERS_A, pk("representative")),
    "congress:representative-remove": POST(PLANNERS_A, pk("representative")),
    "congress:representative-list": Case(LOGGED_IN),
    "congress:proposal-list": Case(LOGGED_IN),
    "congress:proposal-mine": Case(LOGGED_IN),
    "congress:proposal-create": Case("LOOFFFFF", label="representatives only"),
    "congress:proposal-detail": [
        Case("LOOOFFON", pk("proposal"), label="submitted: representatives and reviewers"),
        Case("LOFFFFFN", pk("proposal_draft"), label="a draft: its proposer only"),
    ],
    "congress:proposal-edit": Case("LOFFFFFN", pk("proposal_draft")),
    "congress:proposal-submit": POST("LOFFFFFN", pk("proposal_draft")),
    "congress:proposal-cosign": POST("LOOFFFFN", pk("proposal"), label="the proposer is refused with a message"),
    "congress:proposal-register": POST(PLANNERS_A, pk("proposal"), label="too few co-signers: refused with a message"),
    "congress:proposal-merge": POST(PLANNERS_A, pk("proposal")),
    "congress:proposal-decline": POST(PLANNERS_A, pk("proposal")),
    "congress:proposal-assign": POST(PLANNERS_A, pk("proposal")),
    "congress:proposal-reply": POST(PLANNERS_A, pk("proposal")),
    "congress:proposal-rate": POST("LOFFFFFN", pk("proposal")),
    # proposal exports
    "congress:proposals-xlsx": Case(PLANNERS_A, pk("congress_exported")),
    "congress:proposal-report-docx": Case(PLANNERS_A, pk("congress_exported")),
    "congress:proposal-report-pdf": Case(PLANNERS_A, pk("congress_exported")),
    # suggestions and the union mailbox: a member reads their own named ones, the committee all
    "congress:suggestion-list": Case(LOGGED_IN),  # a member sees their own, the committee all
    "congress:suggestion-create": Case(LOGGED_IN),
    "congress:suggestion-sent": Case(LOGGED_IN),
    "congress:suggestion-receipt": Case(LOGGED_IN),
    "congress:suggestion-detail": [
        Case("LONONNON", pk("suggestion"), label="刘会员's named suggestion: its author and the committee"),
        Case("LNNONNON", pk("anonymous_letter"), label="an anonymous letter: the committee only, others 404"),
    ],
    "congress:suggestion-answer": POST(
        PLANNERS_A, pk("suggestion"),
        lambda w: {"status": "adopted", "reply": "采纳", "seen_version": w.suggestion.version},
    ),
    "congress:suggestion-reward": POST(
        CHAIR_A, pk("suggestion"),
        lambda w: {"amount": "200", "date": f"{YEAR}-11-20", "category": w.expense_category.pk,
                   "seen_version": w.suggestion.version},
        label="answering and paying: the chair (the committee does not record expenses)",
    ),
    # ballots and polls: the committee prepares, opens, closes and exports; the audience (here: everyone in
    # union A) votes and reads results once closed; a draft is the committee's alone
    "congress:ballot-list": Case(LOGGED_IN),
    "congress:ballot-create": Case(PLANNERS),
    "congress:ballot-detail": [
        Case(UNION_A, pk("ballot_open"), label="an open ballot: its audience and the committee"),
        Case("LNNONNON", pk("ballot_draft"), label="a draft: the committee only"),
    ],
    "congress:ballot-edit": Case(PLANNERS_A, pk("ballot_draft")),
    "congress:ballot-question-add": POST(PLANNERS_A, pk("ballot_draft"),
                                         lambda w: {"kind": "text", "text": "再问一题"}),
    "congress:ballot-question-delete": POST(
        PLANNERS_A, pk("ballot_draft", question_pk=lambda w: w.ballot_question.pk)),
    "congress:ballot-open": POST(PLANNERS_A, pk("ballot_draft")),
    "congress:ballot-close": POST(PLANNERS_A, pk("ballot_open")),
    "congress:ballot-vote": POST(
        UNION_A, pk("ballot_open"), lambda w: {f"q{w.ballot_rating.pk}": str(w.ballot_rating.choices.first().pk)},
        label="every member of union A may vote on a ballot for all members",
    ),
    "congress:ballot-results": [
        Case(UNION_A, pk("ballot_closed"), label="closed: the audience reads the counts"),
        Case(UNION_A, pk("ballot_open"), label="open: sent back to the ballot, nothing shown"),
    ],
    "congress:ballot-results-xlsx": Case(PLANNERS_A, pk("ballot_closed")),
    # notices: everyone in union A reads a published notice for all, its files and gives feedback; the committee
    # writes, attaches, publishes and corrects; a draft and its files are the committee's alone (others 404)
    "congress:notice-list": Case(LOGGED_IN),
    "congress:notice-create": Case(PLANNERS),
    "congress:notice-detail": [
        Case(UNION_A, pk("notice"), label="published, for all members"),
        Case("LNNONNON", pk("notice_draft"), label="a draft: the committee only"),
    ],
    "congress:notice-edit": Case(PLANNERS_A, pk("notice_draft")),
    "congress:notice-delete": POST(PLANNERS_A, pk("notice_draft")),
    "congress:notice-publish": POST(PLANNERS_A, pk("notice_draft")),
    "congress:notice-correct": Case(PLANNERS_A, pk("notice")),
    "congress:notice-attachment-add": POST(PLANNERS_A, pk("notice_draft"), label="no file: the form again, 400"),
    "congress:notice-feedback": POST(UNION_A, pk("notice"), lambda w: {"text": "矩阵意见"}),
    "congress:notice-attachment": [
        Case(UNION_A, pk("notice_attachment"), label="a published notice's file"),
        Case("LNNONNON", pk("notice_draft_attachment"), label="a draft's file: the committee only"),
    ],
    "congress:notice-attachment-remove": POST(PLANNERS_A, pk("notice_draft_attachment")),
}


def join_token(w, role=None):
    """Union A's join link, turned on (joining online is off until the committee turns it on)."""
    from members.joining import new_join_token
    from members.models import Union

    w.union.join_token = w.union.join_token or new_join_token()
    Union.objects.filter(pk=w.union.pk).update(join_token=w.union.join_token)  # again after a rollback
    return {"token": w.union.join_token}


def transfer_letter(w):
    """A transfer letter of union A for 孙敏 (the letter alone: the member stays)."""
    from members.models import TransferLetter

    letter, _created = TransferLetter.objects.get_or_create(
        union=w.union, member=w.target, defaults={"destination": "外单位工会", "dues_paid_to": "2026年11月",
                                                  "issued_on": _date(2026, 1, 5)},
    )
    return letter


def sister_union(w):
    """姊妹工会, a union under the same higher-level union as union A (made once)."""
    from members.models import Union

    return Union.objects.filter(name="姊妹工会").first() or Union.objects.create(name="姊妹工会", parent=w.other_union)


def with_sister(w, role):
    """{"pk": 孙敏}, once union A has a sister union to transfer to."""
    sister_union(w)
    return {"pk": w.target.pk}


def incoming_transfer(w):
    """A transfer proposed by the sister union into union A (its member 赵转入)."""
    from members.models import Transfer
    from tests.factories import MemberFactory

    sister = sister_union(w)
    member = sister.member_set.filter(name="赵转入").first() or MemberFactory(union=sister, name="赵转入")
    transfer, _created = Transfer.objects.get_or_create(
        union=sister, member=member, to_union=w.union,
        defaults={"member_name": member.name, "proposed_on": _date(2026, 1, 5)},
    )
    return transfer


def outgoing_transfer(w):
    """A transfer of 孙敏 proposed by union A to the sister union."""
    from members.models import Transfer

    transfer, _created = Transfer.objects.get_or_create(
        union=w.union, member=w.target, to_union=sister_union(w),
        defaults={"member_name": w.target.name, "proposed_on": _date(2026, 1, 5)},
    )
    return transfer


def idle_member(w):
    """A member of union A since 2015 with neither dues nor sign-ups: on the automatic-leave list."""
    from tests.factories import MemberFactory

    member = w.union.member_set.filter(name="闲会员").first()
    return member or MemberFactory(union=w.union, name="闲会员", joined_on=_date(2015, 1, 1))


def join_application(w):
    """A pending application to union A."""
    from members.models import JoinApplication

    application, _created = JoinApplication.objects.get_or_create(
        union=w.union, receipt_hash="matrix", defaults={"name": "周新", "gender": "F", "phone": "13912345678",
                                                      "employer": "矩阵第一中学"},
    )
    return application


def checked_in(w):
    """A check-in of 孙敏 at the world's activity, to take back."""
    from activities.models import Signup

    signup, _created = Signup.objects.get_or_create(
        activity=w.activity, member=w.target, defaults={"union": w.union, "attended": True}
    )
    return signup


def robot(w):
    """A WeCom robot of union A whose webhook is a closed port on this machine (nothing leaves it)."""
    from notify.models import Robot

    kept = w.objects.get("robot")
    if kept is None or not Robot.objects.filter(pk=kept.pk).exists():
        w.objects["robot"] = Robot.objects.create(
            union=w.union, name="矩阵委员群", webhook_url="http://127.0.0.1:9/cgi-bin/webhook/send?key=matrix",
        )
    return w.objects["robot"]


def festival_distribution(w):
    """A 中秋 distribution of union A covering 孙敏 (made again after a test's rollback took it)."""
    from datetime import date

    from funds.distributions import create_distribution
    from funds.models import FestivalDistribution

    kept = w.objects.get("distribution")
    if kept is None or not FestivalDistribution.objects.filter(pk=kept.pk).exists():
        distribution = FestivalDistribution(
            union=w.union, festival="中秋", date=date(YEAR, 9, 20), item="月饼", amount_per_person=200,
            supplier="矩阵超市",
        )
        w.objects["distribution"] = create_distribution(distribution, [w.target], w.users["treasurer"])
    return w.objects["distribution"]


def allocation(w):
    """January's 2% allocation of union A (made again after a test's rollback took it)."""
    from funds.allocation import new_allocation
    from funds.models import Allocation

    kept = w.objects.get("allocation")
    if kept is None or not Allocation.objects.filter(pk=kept.pk).exists():
        row = new_allocation(w.union, YEAR, "month", 1)
        row.payroll = 100000
        row.save()
        w.objects["allocation"] = row
    return w.objects["allocation"]


def url_names(patterns=None, namespace=""):
    """{"ns:name": pattern} for every URL pattern, and the unnamed ones under None (as a list)."""
    found, unnamed = {}, []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in SKIP_NAMESPACES and not namespace:
                found[entry.namespace] = entry
                continue
            inner, inner_unnamed = url_names(entry.url_patterns, ns)
            found.update(inner)
            unnamed += inner_unnamed
        elif isinstance(entry, URLPattern):
            if entry.name:
                found[namespace + entry.name] = entry
            else:
                unnamed.append(f"{namespace}{entry.pattern}")
    return found, unnamed


def cases(name):
    entry = MATRIX[name]
    return entry if isinstance(entry, list) else [entry]


def outcome(response):
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        return LOGIN if urlsplit(response["Location"]).path == reverse("login") else OK
    if code in (200, 400, 405, 409):
        return OK
    return {403: FORBIDDEN, 404: NOT_FOUND}.get(code, f"HTTP {code}")


# Who may read what on a page that opens for them.
PRIVATE = [PHONE, HARDSHIP_REASON, VISIT_NOTES]
MAY_READ_PRIVATE = {"committee", "chair"}


def leaks(world, role, response, case):
    """Union A's private data, or (for the other union's chair) anything of union A, on the page.

    Pages that need no login (the token is the key) show union A's calendar to whoever holds the
    link, and private data to nobody."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/"):
        return []
    text = response.content.decode()
    if case.expect == EVERYONE:
        secrets = PRIVATE
    elif role in MAY_READ_PRIVATE:
        secrets = []
    elif role != "other_chair":
        secrets = PRIVATE
    else:
        secrets = [*PRIVATE, world.union.name, world.target.name, world.activity.title, world.plan.title]
        if case.label == FIGURES_BELOW:  # federation: union A's name beside its figures, never its people
            secrets.remove(world.union.name)
        if case.label == HANDED_UP:  # the plan union A handed up, under its name and title
            secrets = [s for s in secrets if s not in (world.union.name, world.plan.title)]
    return [s for s in secrets if s in text]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with module_world(django_db_blocker) as w:
        yield w


def test_every_url_is_in_the_matrix():
    names, unnamed = url_names()
    listed = set(MATRIX) | set(SKIP_NAMESPACES)
    missing = sorted(set(names) - listed)
    assert not missing, (
        f"URL names without an entry in tests/unionplan/test_permission_matrix.py MATRIX: {missing}. "
        "Add one: who may open the page, and what everyone else gets."
    )
    gone = sorted(listed - set(names))
    assert not gone, f"MATRIX lists URL names that no longer exist: {gone}"
    assert not unnamed, f"URL patterns without a name cannot be in the matrix: {unnamed}"


def test_the_private_data_looked_for_is_on_the_committees_pages(world):
    """So that not finding it elsewhere means something."""
    client = world.client("committee")
    with isolated():
        assert PHONE in client.get(reverse("members:detail", args=[world.target.pk])).content.decode()
        assert HARDSHIP_REASON in client.get(reverse("members:care")).content.decode()
        assert VISIT_NOTES in client.get(reverse("members:visit", args=[world.visit.pk])).content.decode()


def test_the_roles_are_the_seven_of_a_union_and_a_stranger(world):
    assert set(world.users) == set(ROLES) - {"anonymous"}
    assert world.users["leader"].member.led_groups.exists()
    assert world.users["other_chair"].member.union == world.other_union


@pytest.mark.parametrize("name", [name for name, entry in MATRIX.items() if not isinstance(entry, Skip)])
def test_permission_matrix(world, name):
    problems = []
    for case in cases(name):
        for role, expected in zip(ROLES, case.expect, strict=True):
            url = reverse(name, kwargs=case.kwargs(world, role) if case.kwargs else None)
            with isolated():
                client = world.client(role)
                data = case.data(world) if case.data else {}
                response = getattr(client, case.method)(url, data)
                got = outcome(response)
                leaked = leaks(world, role, response, case)
            where = f"{case.method.upper()} {url}" + (f" ({case.label})" if case.label else "")
            if got != expected:
                detail = response.get("Location", "") if got in (OK, LOGIN) else ""
                problems.append(f"{role}: expected {expected}, got {got} {detail}— {where}")
            if leaked:
                problems.append(f"{role} reads {leaked} — {where}")
    assert not problems, "\n".join(problems)
