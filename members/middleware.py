from django.contrib.auth import get_user_model
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from members.models import Member, Union

SESSION_UNION_KEY = "union_id"


def union_of(request, member):
    """The union a request works in: the user's own, or the one a superuser picked."""
    if member is not None:
        return member.union
    if request.user.is_superuser:
        union_id = request.session.get(SESSION_UNION_KEY)
        return Union.objects.filter(pk=union_id).first() if union_id else None
    return None


def member_of(user):
    """The user's member record (None for a leaver): loaded with the user by
    members.backends.UnionBackend, else read here (its union with it)."""
    if get_user_model().member.related.is_cached(user):
        member = getattr(user, "member", None)  # cached None when the user has no member record
        return member if member is not None and member.status != Member.Status.LEFT else None
    return (
        Member.objects.select_related("union")
        .filter(user=user).exclude(status=Member.Status.LEFT).first()
    )


class UnionMiddleware:
    """Resolve `request.member` and `request.union` once per request (no query after login: see
    members.backends)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.member = request.union = None
        if request.user.is_authenticated:
            request.member = member_of(request.user)
            request.union = union_of(request, request.member)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """What a logged-in user is sent is theirs alone: `Cache-Control: private, no-store`, so that no
    proxy keeps it and a shared computer's browser cannot show it again after logout (the back
    button, the cache). A view that chose its own Cache-Control keeps it (the calendar feeds,
    /healthz, the credentials sheet); pages for visitors without a login are left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and request.user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response


# Session values kept for a while only (the credentials sheet's initial passwords): {key: deadline}.
SESSION_DEADLINES_KEY = "members.deadlines"


def forget_after(session, key, lifetime):
    """Drop `session[key]` once `lifetime` (a timedelta) has passed: the first request of the session
    after that forgets it (SessionDeadlineMiddleware), whether or not its page is opened again."""
    deadlines = dict(session.get(SESSION_DEADLINES_KEY) or {})
    deadlines[key] = (timezone.now() + lifetime).timestamp()
    session[SESSION_DEADLINES_KEY] = deadlines


def forget_overdue(session):
    deadlines = session.get(SESSION_DEADLINES_KEY)
    if not deadlines:
        return
    now = timezone.now().timestamp()
    overdue = [key for key, deadline in deadlines.items() if deadline <= now]
    for key in overdue:
        session.pop(key, None)
        del deadlines[key]
    if overdue:
        session[SESSION_DEADLINES_KEY] = deadlines  # marks the session modified, so it is saved
    if not deadlines:
        del session[SESSION_DEADLINES_KEY]


class SessionDeadlineMiddleware:
    """Enforce `forget_after` on every request whose session is read anyway (every page behind the
    login reads it for the user), so it costs no query of its own. Must come after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed:
            forget_overdue(session)
        return response


# What a member who must change the initial password may still open.
PASSWORD_CHANGE_EXEMPT = {"password_change", "password_change_done", "logout", "set_language"}


class PasswordChangeRequiredMiddleware:
    """A member whose login still has an initial password sets their own before anything else.

    Reads the flag on `request.member` (loaded by UnionMiddleware, which must come first): no query.
    Pages that need no login (public calendar, feeds, health check) are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        member = getattr(request, "member", None)
        if member is None or not member.must_change_password:
            return None
        if not getattr(view_func, "login_required", True):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in PASSWORD_CHANGE_EXEMPT:
            return None
        url = reverse("password_change")
        if request.method == "GET" and request.path != "/":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return redirect(url)


class NulBytesMiddleware:
    """A NUL byte in the path is a page that cannot exist (404) and one in the query string a request
    that cannot be meant (400), refused before any view reads them: PostgreSQL refuses NUL in text,
    so a search or a token lookup with one would end in a 500. (Form fields are Django's forms' to
    refuse, beside the field.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
            raise BadRequest("NUL byte in the query string")
        return self.get_response(request)
