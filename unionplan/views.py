from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

import activities.dashboard
import congress.dashboard
import funds.dashboard
import members.dashboard
import plans.dashboard
from members.access import union_required


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
    return render(request, "unionplan/dashboard.html", {"panels": dashboard_panels(request)})


def dashboard_panels(request):
    panels = [
        *members.dashboard.panels(request),
        *plans.dashboard.panels(request),
        *activities.dashboard.panels(request),
        *funds.dashboard.panels(request),
        *congress.dashboard.panels(request),
    ]
    return sorted(panels, key=lambda p: p.order)
