"""The QR-code check-in's pages (activities/checkin.py): the organiser's screen with its two polled
fragments (the code, who is present), check-in by hand, the printable sign-in sheet, and the page a
member's phone opens from the code."""

from datetime import timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from activities.checkin import CheckinRefused, Token, check_in, current_token, present, read_token, undo_check_in
from activities.models import Activity, Signup
from members.access import get_for_union, require_perm, union_required
from members.forms import MemberChoiceField, StyledForm
from members.models import Member, namesakes_told

# A member who scanned a valid code and is asked to log in first may take this long to do it.
LOGIN_GRACE = timedelta(minutes=10)
PASSES_KEY = "activities.checkin.passes"  # session: {activity id: deadline timestamp}


class CheckinByHandForm(StyledForm):
    member = MemberChoiceField(label=gettext_lazy("member"), queryset=Member.objects.none())

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].offer(union, "current")


def organised_activity(request, pk):
    """The activity whose check-in the user runs: whoever may record attendance; another union's is a 404."""
    require_perm(request, "activities.record_attendance")
    return get_for_union(request, Activity.objects.select_related("category"), pk=pk)


def scan_url(request, activity):
    return request.build_absolute_uri(reverse("activities:checkin-scan", args=[activity.pk, current_token(activity)]))


def code_context(request, activity):
    url = scan_url(request, activity)
    # segno's SVG without its size: the page's CSS scales it to the screen.
    svg = segno.make(url, error="m").svg_inline(omitsize=True, border=2, dark="#000", light="#fff")
    return {"activity": activity, "scan_url": url, "qr_svg": mark_safe(svg)}  # noqa: S308 — segno's own markup


def present_context(activity):
    people = namesakes_told(present(activity))
    return {"activity": activity, "present": people, "signup_count": activity.signups.count()}


@union_required
def screen(request, pk):
    activity = organised_activity(request, pk)
    context = {
        **code_context(request, activity),
        **present_context(activity),
        "form": CheckinByHandForm(union=request.union),
    }
    return render(request, "activities/checkin.html", context)


@union_required
def code(request, pk):
    """The code, polled by the screen: a new one every 30 seconds."""
    activity = organised_activity(request, pk)
    return render(request, "activities/_checkin_code.html", code_context(request, activity))


@union_required
def present_list(request, pk):
    """The count and the names, polled by the screen."""
    activity = organised_activity(request, pk)
    return render(request, "activities/_checkin_present.html", present_context(activity))


@require_POST
@union_required
def add_by_hand(request, pk):
    activity = organised_activity(request, pk)
    form = CheckinByHandForm(request.POST, union=request.union)
    if form.is_valid():
        member = form.cleaned_data["member"]
        try:
            result = check_in(activity, member, by=request.user)
        except CheckinRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if result.already:
                messages.info(request, _("%(name)s has already checked in.") % {"name": member.name})
            else:
                messages.success(request, _("%(name)s is checked in.") % {"name": member.name})
    else:
        messages.error(request, _("Choose the member to check in."))
    return redirect("activities:checkin", activity.pk)


@require_POST
@union_required
def remove_by_hand(request, pk, signup_pk):
    activity = organised_activity(request, pk)
    signup = get_object_or_404(Signup.objects.for_union(request.union).select_related("member"),
                               activity=activity, pk=signup_pk)
    undo_check_in(activity, signup, by=request.user)
    messages.success(request, _("%(name)s is no longer checked in.") % {"name": signup.member.name})
    return redirect("activities:checkin", activity.pk)


@union_required
def sheet(request, pk):
    """The sign-in sheet (签到表) to print: everyone signed up or checked in, in the order of names,
    with the time they checked in."""
    activity = organised_activity(request, pk)
    signups = namesakes_told(activity.signups.by_name())
    return render(request, "activities/checkin_sheet.html", {
        "activity": activity,
        "signups": signups,
        "present_count": sum(1 for s in signups if s.attended),
        "printed_at": timezone.localtime(),
    })


# -- the member's phone ---------------------------------------------------------------------------


def _grant_pass(request, activity):
    passes = dict(request.session.get(PASSES_KEY) or {})
    passes[str(activity.pk)] = (timezone.now() + LOGIN_GRACE).timestamp()
    request.session[PASSES_KEY] = passes


def _has_pass(request, activity):
    deadline = (request.session.get(PASSES_KEY) or {}).get(str(activity.pk))
    return deadline is not None and timezone.now().timestamp() < deadline


def _answer(request, activity, outcome, status=200, **context):
    return render(request, "activities/checkin_result.html",
                  {"activity": activity, "outcome": outcome, **context}, status=status)


@login_not_required
def scan(request, pk, token):
    """What the code holds. A valid code (or one that was valid when this browser scanned it before
    logging in) checks the member in; an old one says so. Checking in is done on GET: that is what a
    phone's camera opens, and doing it twice changes nothing."""
    activity = Activity.objects.filter(pk=pk).first()
    state = read_token(activity, token) if activity is not None else Token.INVALID
    if state == Token.INVALID:
        return _answer(request, None, "invalid", status=404)
    if state == Token.EXPIRED and not _has_pass(request, activity):
        return _answer(request, None, "expired", status=410)
    if not request.user.is_authenticated:
        _grant_pass(request, activity)  # the code may change while the member types the password
        return redirect_to_login(request.get_full_path())
    if request.member is None:
        return _answer(request, None, "not_member", status=403)
    if activity.union_id != request.member.union_id:
        return _answer(request, None, "other_union", status=403)
    try:
        result = check_in(activity, request.member)
    except CheckinRefused as refusal:
        return _answer(request, activity, "refused", status=403, reason=str(refusal))
    request.session.pop(PASSES_KEY, None)
    return _answer(request, activity, "already" if result.already else "done", signup=result.signup,
                   walk_in=result.walk_in)
