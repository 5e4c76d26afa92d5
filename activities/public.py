"""The union's public calendar: a read-only month view and an iCalendar feed at an unguessable link,
for people without a login, built from the same month grid and feed code as the members' calendar.

It shows only activities for all members: titles, dates, times, places and categories; never
descriptions, organisers or sign-ups (which name people). The committee shares, renews and stops
the link on /activities/share/.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from activities import feeds
from activities.calendar import build_month, grid_bounds, month_bounds
from activities.models import Activity, Audience, PublicCalendar
from activities.views import check_year, xiaonian_of
from members import history
from members.access import require_perm, union_required

PERM = "activities.change_publiccalendar"


def public_activities(union):
    """What anyone with the link may see: the union's activities for all members (cancelled ones are
    shown as cancelled, so that nobody turns up)."""
    return Activity.objects.for_union(union).filter(audience=Audience.EVERYONE)


def _shared(token):
    return get_object_or_404(PublicCalendar.objects.select_related("union"), token=token, is_shared=True)


def _private_to_the_link(response):
    # The token is the only key: keep it out of search engines and other sites' Referer headers.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def feed_urls(request, calendar):
    url = request.build_absolute_uri(reverse("activities:public-feed", args=[calendar.token]))
    return url, "webcal://" + url.split("://", 1)[1]


@login_not_required
def month(request, token, year=None, month=None):
    calendar = _shared(token)
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    check_year(year, month)
    first, last = grid_bounds(year, month)
    rows = list(
        public_activities(calendar.union)
        .filter(Q(start_date__lte=last, end_date__gte=first) | Q(start_date__isnull=True, year=year, month=month))
        .select_related("category")
        .calendar_order()
    )
    grid = build_month(year, month, [a for a in rows if a.is_dated], today=today, link="#activity-{}",
                       xiaonian=xiaonian_of(calendar.union, first, last))
    month_first, month_last = month_bounds(year, month)
    feed_url, webcal_url = feed_urls(request, calendar)
    response = render(
        request,
        "activities/public_month.html",
        {
            "calendar": calendar,
            "public_union": calendar.union,
            "grid": grid,
            "agenda": [a for a in rows if a.is_dated and a.start_date <= month_last and a.end_date >= month_first],
            "month_only": [a for a in rows if not a.is_dated],
            "month_title": f"{year}年{month}月",
            "feed_url": feed_url,
            "webcal_url": webcal_url,
        },
    )
    return _private_to_the_link(response)


@login_not_required
def feed(request, token):
    calendar = _shared(token)
    today = timezone.localdate()
    activities = (
        public_activities(calendar.union)
        .dated()
        .between(today - timedelta(days=366), today + timedelta(days=366))
        .select_related("category")
        .order_by("start_date", "id")
    )
    body = feeds.calendar_for(calendar.union, activities, request.build_absolute_uri("/"), public=True)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="union-calendar.ics"'
    response["Cache-Control"] = "max-age=900"
    return _private_to_the_link(response)


@union_required
@require_http_methods(["GET", "POST"])
def share(request):
    """The committee switches the public calendar on, renews its link, or stops sharing it."""
    require_perm(request, PERM)
    calendar = PublicCalendar.of(request.union)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "share":
            calendar = PublicCalendar.share(request.union)
            note, message = _("Calendar shared"), _("The calendar is shared. Pass the link on.")
        elif action == "renew" and calendar is not None and calendar.is_shared:
            calendar.new_link()
            note = _("New link for the shared calendar; the old one stopped working")
            message = _("New link made: the old one no longer works.")
        elif action == "stop" and calendar is not None and calendar.is_shared:
            calendar.stop()
            note, message = _("Calendar no longer shared"), _("The calendar is no longer shared.")
        else:
            return redirect("activities:share")
        history.record(calendar, request.user, "change", note=note)
        messages.success(request, message)
        return redirect("activities:share")
    context = {"calendar": calendar}
    if calendar is not None and calendar.is_shared:
        context["page_url"] = request.build_absolute_uri(reverse("activities:public", args=[calendar.token]))
        context["feed_url"], context["webcal_url"] = feed_urls(request, calendar)
    return render(request, "activities/public_share.html", context)
