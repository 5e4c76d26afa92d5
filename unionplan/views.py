from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache

import activities.dashboard
import funds.dashboard
import members.dashboard
import plans.dashboard
from members.access import union_required
from members.stamps import CSRF_SLOT, cached, with_csrf


@login_not_required
@never_cache
def healthz(request):
    """200 "ok" when the database answers; touches no session."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@union_required
def dashboard(request):
    """Committee roles see the dashboard; members land on their calendar."""
    if not request.user.has_perm("members.view_dashboard"):
        today = timezone.localdate()
        return redirect("activities:month", year=today.year, month=today.month)
    # Each reader's panels (some are their own: plan items they own, their sign-ups), as HTML, until
    # the union's data changes or the day does.
    panels = cached(request, "dashboard", lambda: dashboard_panels(request), request.user.pk, timezone.localdate())
    return render(request, "unionplan/dashboard.html", {"panels": with_csrf(request, panels)})


def dashboard_panels(request):
    panels = [
        *members.dashboard.panels(request),
        *plans.dashboard.panels(request),
        *activities.dashboard.panels(request),
        *funds.dashboard.panels(request),
    ]
    context = {"panels": sorted(panels, key=lambda p: p.order), "csrf_token": CSRF_SLOT}
    return render_to_string("unionplan/_panels.html", context, request=request)
