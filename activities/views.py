from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import exports, feeds, planner
from activities import series as series_ops
from activities.calendar import CalendarRow, SignupRow, build_month, grid_bounds
from activities.charts import month_chart
from activities.festivals import NORTH, xiaonian_between
from activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    AttendanceForm,
    CategoryForm,
    FestivalPlannerForm,
    SeriesForm,
)
from activities.from_plan import activities_from_plan, report_done
from activities.models import Activity, ActivityCategory, ActivitySeries, FeedToken, Signup, audience_of
from activities.schedule import SCHEDULE_ORDER, month_counts, month_lines, schedule_rows, year_schedule
from activities.signups import SignupRefused, cancel_signup, record_attendance, sign_up
from members import history
from members.access import get_for_union, id_or_none, require_perm, union_required
from members.models import CareSettings, namesakes_told
from members.versioning import StaleEdit
from members.versions import TIMEOUT, fragment, revalidated

FIRST_YEAR, LAST_YEAR = 2000, 2100


def check_year(year, month=1):
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404


def sees_every_activity(request):
    return request.member is None or request.user.has_perm("activities.change_activity")


def visible_activities(request):
    """The union's activities this user may see: all for the committee; for a member, their
    audience's and those they organise."""
    activities = Activity.objects.for_union(request.union)
    if sees_every_activity(request):
        return activities
    return activities.visible_to(request.member)


def audience_key(request):
    """What `visible_activities` depends on, for a fragment's key: everyone with the same key sees the
    same. A member who organises an activity outside their audience sees more: their own key."""
    if sees_every_activity(request):
        return "all"
    member = request.member
    organises_more = (member.pk in organiser_ids(request.union)
                      and Activity.objects.for_union(request.union).organised_outside_audience(member).exists())
    return audience_of(member), member.pk if organises_more else None


def organiser_ids(union):
    """The union's organisers, cached for the version of its activities: most readers organise
    nothing, and their fragment's key then needs no query of its own."""
    key = f"activities.organisers:{union.pk}:{union.activities_version}"
    ids = cache.get(key)
    if ids is None:
        ids = Activity.objects.for_union(union).organiser_ids()
        cache.set(key, ids, TIMEOUT)
    return ids


def get_activity(request, pk, perm="activities.view_activity"):
    require_perm(request, perm)
    return get_object_or_404(
        visible_activities(request).select_related(
            "category", "organiser", "audience_group", "series", "plan_item__plan"
        ),
        pk=pk,
    )


def my_signups(request, since):
    """The member's sign-ups for activities ending on or after `since`, soonest first, as SignupRows."""
    signups = Signup.objects.for_union(request.union).filter(member=request.member, activity__end_date__gte=since)
    return SignupRow.rows(signups.soonest_first())


@union_required
def index(request):
    today = timezone.localdate()
    return redirect("activities:month", year=today.year, month=today.month)


def month_content(request, year, month, today, signed_up_ids, upcoming_signups):
    """The month page's content as HTML: the toolbar, the reader's sign-ups, the filters, the grid and
    its legend: a cached fragment (members.versions)."""
    categories = ActivityCategory.objects.for_union(request.union)
    filters = ActivityFilterForm(request.GET or None, categories=categories)
    first, last = grid_bounds(year, month)
    rows = CalendarRow.rows(
        filters.apply(visible_activities(request))
        .filter(Q(start_date__lte=last, end_date__gte=first) | Q(start_date__isnull=True, year=year, month=month))
        .calendar_order()
    )
    grid = build_month(year, month, [a for a in rows if a.is_dated], today=today, signed_up_ids=set(signed_up_ids),
                       link=reverse("activities:index") + "{}/",  # activities:detail
                       xiaonian=xiaonian_of(request.union, first, last))
    add_url = reverse("activities:add") if request.user.has_perm("activities.add_activity") else ""
    return render_to_string("activities/_month.html", {
        "grid": grid,
        "add_url": add_url,
        "month_only": [a for a in rows if not a.is_dated],
        "filters": filters,
        "upcoming_signups": upcoming_signups,
        "month_title": month_title(year, month),
    }, request=request)


def xiaonian_of(union, first, last):
    """The union's 小年 for a calendar of the days first..last: asked (a query) only when one falls there."""
    return CareSettings.xiaonian_of(union) if xiaonian_between(first, last) else NORTH


def month_title(year, month):
    return _("%(month)s/%(year)s") % {"year": year, "month": month}


@union_required
def month(request, year, month):
    check_year(year, month)
    require_perm(request, "activities.view_activity")
    today = timezone.localdate()
    first, last = grid_bounds(year, month)
    since = min(first, today)
    # The reader's own sign-ups are on the page, so they are part of the key (most members have none);
    # the key needs their days only, the content (rendered on a miss) the upcoming ones' titles too.
    signups = my_signups(request, since) if request.member is not None else []
    signed_up_ids = sorted(s.activity_id for s in signups
                           if s.start_date is not None and s.start_date <= last and s.end_date >= first)
    upcoming = [s for s in signups if s.end_date >= today][:8]
    union = request.union
    content = fragment(
        "activities.month",
        [union.pk, union.activities_version, union.members_version, year, month, today, audience_key(request),
         request.user.has_perm("activities.add_activity"), sorted(request.GET.lists()), signed_up_ids,
         [s.pk for s in upcoming], get_language()],
        lambda: month_content(request, year, month, today, signed_up_ids, upcoming),
    )
    return render(request, "activities/month.html", {"content": content, "month_title": month_title(year, month)})


@union_required
@revalidated("activities", "members")
def year(request, year):
    check_year(year)
    require_perm(request, "activities.view_activity")
    union = request.union
    schedule = fragment(
        "activities.year",
        [union.pk, union.activities_version, union.members_version, year, audience_key(request), get_language()],
        lambda: year_schedule_html(request, year),
    )
    context = {"year": year, "schedule": schedule, "previous_year": year - 1, "next_year": year + 1}
    return render(request, "activities/year.html", context)


def year_schedule_html(request, year):
    """The year's chart and its months' activities, as HTML: a cached fragment (members.versions)."""
    activities = visible_activities(request).in_year(year)
    schedule = year_schedule(schedule_rows(activities), month_counts(activities))
    return render_to_string("activities/_year_schedule.html", {
        "year": year,
        "months": month_lines(schedule),
        "chart": month_chart(schedule),
        "total": sum(n for m in schedule for *_category, n in m.per_category),
    })


@union_required
def year_xlsx(request, year):
    check_year(year)
    require_perm(request, "activities.view_activity")
    activities = (
        visible_activities(request)
        .in_year(year)
        .select_related("category", "organiser", "audience_group", "series")
        .order_by("month", *SCHEDULE_ORDER)
    )
    return exports.xlsx_response(
        exports.year_workbook(request.union, year, year_schedule(activities)), f"{year}年工会活动安排.xlsx"
    )


@union_required
def detail(request, pk):
    activity = get_activity(request, pk)
    signup_count = activity.signups.count()
    mine = None
    if request.member is not None:
        mine = Signup.objects.filter(activity=activity, member=request.member).first()
    signups = None
    if request.user.has_perm("activities.view_signup"):
        signups = namesakes_told(activity.signups.by_name())
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "signup_count": signup_count,
            "places_left": activity.places_left(signup_count),
            "my_signup": mine,
            "signup_problem": activity.signup_problem(),
            "signups": signups,
            # The organiser sees an activity outside their audience, but it is not theirs to sign up for.
            "can_sign_up": request.member is not None and request.user.has_perm("activities.add_signup")
            and activity.is_for(request.member),
        },
    )


@require_POST
@union_required
def signup(request, pk):
    activity = get_activity(request, pk, perm="activities.add_signup")
    if request.member is None:
        raise Http404
    try:
        sign_up(activity, request.member)
    except SignupRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("You have signed up for %(title)s.") % {"title": activity.title})
    return redirect(activity)


@require_POST
@union_required
def cancel_signup_view(request, pk):
    activity = get_activity(request, pk, perm="activities.add_signup")
    if request.member is None:
        raise Http404
    try:
        cancel_signup(activity, request.member)
    except SignupRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect(activity)


@union_required
def signin_sheet(request, pk):
    activity = get_activity(request, pk, perm="activities.view_signup")
    signups = namesakes_told(activity.signups.by_name())
    return exports.xlsx_response(exports.signin_workbook(activity, signups), f"{activity.title}-签到表.xlsx")


@union_required
def attendance(request, pk):
    activity = get_activity(request, pk, perm="activities.record_attendance")
    signups = namesakes_told(activity.signups.by_name())
    initial = {
        "attended": [str(s.pk) for s in signups if s.attended],
        "participants": activity.attendance,
        "outcome": activity.outcome,
        "mark_done": True,
    }
    form = AttendanceForm(request.POST or None, initial=initial, signups=signups)
    if request.method == "POST" and form.is_valid():
        # No sign-ups, no "came" checkboxes: the form then has no such field.
        attended = [int(pk) for pk in form.cleaned_data.get("attended", [])]
        participants = form.cleaned_data["participants"]
        if participants is None:
            participants = len(attended)
        record_attendance(
            activity,
            attended,
            participants,
            form.cleaned_data["outcome"],
            mark_done=form.cleaned_data["mark_done"],
        )
        history.record(activity, request.user, "change", note=_("Attendance and outcome recorded"))
        report_done(activity, by=request.user)
        messages.success(request, _("Attendance and outcome saved."))
        return redirect(activity)
    return render(request, "activities/attendance.html", {"activity": activity, "form": form})


def _prefill(request):
    """Initial values for a new activity from the calendar's link (?date=2026-03-08 or ?year=&month=)."""
    initial = {}
    try:
        if request.GET.get("date"):
            from datetime import date

            day = date.fromisoformat(request.GET["date"])
            initial.update(start_date=day, year=day.year, month=day.month)
        elif request.GET.get("year") and request.GET.get("month"):
            initial.update(year=int(request.GET["year"]), month=int(request.GET["month"]))
    except ValueError:
        pass
    return initial


@union_required
def add(request):
    require_perm(request, "activities.add_activity")
    ActivityCategory.ensure_defaults(request.union)
    today = timezone.localdate()
    initial = {"year": today.year, "month": today.month, **_prefill(request)}
    form = ActivityForm(request.POST or None, initial=initial, union=request.union)
    if request.method == "POST" and form.is_valid():
        activity = form.save()
        history.record(activity, request.user, "create")
        messages.success(request, _("Activity added."))
        return redirect(activity)
    return render(request, "activities/form.html", {"form": form, "title": _("New activity")})


@union_required
def edit(request, pk):
    activity = get_activity(request, pk, perm="activities.change_activity")
    form = ActivityForm(request.POST or None, instance=activity, union=request.union)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        if activity.series_id:
            activity.edited_by_hand = True
        was_done = form.initial.get("status") == Activity.Status.DONE
        try:
            history.save_recorded(activity, request.user, form.cleaned_data.get("version") or 0)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            if not was_done:
                report_done(activity, by=request.user)
            messages.success(request, _("Activity saved."))
            return redirect(activity)
    return render(request, "activities/form.html", {"form": form, "activity": activity, "title": _("Edit activity")})


@require_POST
@union_required
def delete(request, pk):
    activity = get_activity(request, pk, perm="activities.delete_activity")
    year, month = activity.year, activity.month
    activity.deleted_by = request.user  # for the history of what the deletion changes elsewhere
    try:
        with transaction.atomic():
            history.record(activity, request.user, "delete")
            activity.delete()
    except ValidationError as refused:  # e.g. money spent for it in a period a fund review locked
        messages.error(request, refused.messages[0])
        return redirect(activity)
    messages.success(request, _("Activity deleted."))
    return redirect("activities:month", year=year, month=month)


# Recurring series


@union_required
def series_list(request):
    require_perm(request, "activities.view_activityseries")
    items = ActivitySeries.objects.for_union(request.union).select_related("category", "audience_group")
    return render(request, "activities/series_list.html", {"series_list": items})


@transaction.atomic
def _save_series(request, form, series=None):
    """Save the series, recorded (members.history), and bring its occurrences in line, all or nothing."""
    new = series is None
    if new:
        series = history.save_recorded(form.save(commit=False), request.user)
        created, updated, removed = series_ops.generate(series)
    else:
        series = history.save_recorded(form.save(commit=False), request.user, form.cleaned_data.get("version") or 0)
        created, updated, removed = series_ops.sync_occurrences(series, by=request.user)
    messages.success(
        request,
        _("Series saved: %(created)d added, %(updated)d updated, %(removed)d removed.")
        % {
            "created": created,
            "updated": updated,
            "removed": removed,
        },
    )
    return series


@union_required
def series_add(request):
    require_perm(request, "activities.add_activityseries")
    ActivityCategory.ensure_defaults(request.union)
    today = timezone.localdate()
    initial = {"first_date": today, "last_date": today.replace(month=12, day=31), "frequency": "weekly"}
    form = SeriesForm(request.POST or None, initial=initial, union=request.union)
    if request.method == "POST" and form.is_valid():
        _save_series(request, form)
        return redirect("activities:series")
    return render(request, "activities/series_form.html", {"form": form, "title": _("New recurring activity")})


@union_required
def series_edit(request, pk):
    series = get_for_union(request, ActivitySeries, "activities.change_activityseries", pk=pk)
    form = SeriesForm(request.POST or None, instance=series, union=request.union)
    if request.method == "POST" and form.is_valid():
        try:
            _save_series(request, form, series)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            return redirect("activities:series")
    occurrences = series.occurrences.select_related("category").order_by("start_date")
    return render(
        request,
        "activities/series_form.html",
        {
            "form": form,
            "series": series,
            "occurrences": occurrences,
            "title": _("Edit recurring activity"),
        },
    )


@require_POST
@union_required
def series_delete(request, pk):
    series = get_for_union(request, ActivitySeries, "activities.delete_activityseries", pk=pk)
    today = timezone.localdate()
    # Future occurrences nobody signed up for go with the series; the past stays on the record.
    try:
        with transaction.atomic():
            for occurrence in series.occurrences.filter(
                start_date__gte=today, edited_by_hand=False, signups__isnull=True
            ):
                occurrence.deleted_by = request.user
                occurrence.delete()
            history.record(series, request.user, "delete")
            series.delete()
    except ValidationError as refused:  # e.g. money spent for one in a period a fund review locked
        messages.error(request, refused.messages[0])
        return redirect("activities:series-edit", pk=series.pk)
    messages.success(request, _("Series deleted; its past activities stay on the calendar."))
    return redirect("activities:series")


# Categories


@union_required
def categories(request):
    require_perm(request, "activities.change_activitycategory")
    ActivityCategory.ensure_defaults(request.union)
    form = CategoryForm(request.POST or None, union=request.union)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Category added."))
        return redirect("activities:categories")
    items = ActivityCategory.objects.for_union(request.union)
    return render(request, "activities/categories.html", {"form": form, "categories": items})


@union_required
def category_edit(request, pk):
    category = get_for_union(request, ActivityCategory, "activities.change_activitycategory", pk=pk)
    form = CategoryForm(request.POST or None, instance=category, union=request.union)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Category saved."))
        return redirect("activities:categories")
    return render(request, "activities/form.html", {"form": form, "title": _("Edit category")})


# The year's planning tools


@union_required
def festivals(request, year):
    check_year(year)
    require_perm(request, "activities.add_activity")
    existing = planner.existing_festival_keys(request.union, year)
    form = FestivalPlannerForm(request.POST or None, union=request.union, year=year, existing=existing)
    if request.method == "POST" and form.is_valid():
        created = planner.add_festival_activities(request.union, year, set(form.cleaned_data["festivals"]))
        for activity in created:
            history.record(activity, request.user, "create", note=_("Festival planner"))
        messages.success(request, _("%(n)d festival activities added.") % {"n": len(created)})
        return redirect("activities:year", year=year)
    return render(request, "activities/festivals.html", {"form": form, "year": year})


@require_POST
@union_required
def from_plan(request, year):
    check_year(year)
    require_perm(request, "activities.add_activity")
    created, plan = activities_from_plan(request.union, year)
    if plan is None:
        messages.error(request, _("There is no approved plan for %(year)d.") % {"year": year})
    else:
        messages.success(request, _("%(n)d activities added from the plan's schedule.") % {"n": len(created)})
    return redirect("activities:year", year=year)


# Calendar subscriptions


@union_required
def subscribe(request):
    require_perm(request, "activities.view_activity")
    if request.member is None:
        raise Http404
    token = FeedToken.objects.for_member(request.member)
    url = request.build_absolute_uri(reverse("activities:feed", args=[token.token]))
    categories = ActivityCategory.objects.for_union(request.union)
    return render(
        request,
        "activities/subscribe.html",
        {
            "feed_url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[1],
            "mine_url": url + "?mine=1",
            "category_urls": [(c, f"{url}?category={c.pk}") for c in categories],
        },
    )


@require_POST
@union_required
def reset_feed(request):
    require_perm(request, "activities.view_activity")
    if request.member is None:
        raise Http404
    FeedToken.objects.for_member(request.member).reset()
    messages.success(request, _("You have a new subscription address; the old one no longer works."))
    return redirect("activities:subscribe")


@login_not_required
def feed(request, token):
    """A member's personal iCalendar feed: the secret token is the only key (phones send no cookies).
    It lives only as long as the member's login: disabled, removed or 离会, the feed is gone at once."""
    feed_token = get_object_or_404(
        FeedToken.objects.select_related("member__union", "member__group", "member__user"),
        token=token,
    )
    member = feed_token.member
    if member.status == member.Status.LEFT or member.user is None or not member.user.is_active:
        raise Http404
    today = timezone.localdate()
    activities = (
        Activity.objects.for_union(member.union)
        .visible_to(member)
        .dated()
        .between(today - timedelta(days=366), today + timedelta(days=366))
        .select_related("category")
        .order_by("start_date", "id")
    )
    category = id_or_none(request.GET.get("category"))
    if category is not None:
        activities = activities.filter(category_id=category)
    if request.GET.get("mine"):
        activities = activities.filter(signups__member=member)
    body = feeds.calendar_for(member.union, activities, request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="unionplan.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
