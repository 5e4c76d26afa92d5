"""unionplan's URLs plus two reference pages for the throughput table:

- /bench/bare/: a bare Django page that runs one query and renders 100 rows through a template — what
  issue 8 calls the framework's floor (about 14% of /healthz on its machine);
- /bench/floor/: what every page of the app pays before showing anything: a logged-in user's
  session, user, member and permissions, and the layout with its navigation, around an empty page.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template import engines
from django.urls import path

from members.access import union_required
from members.models import Member
from unionplan.urls import urlpatterns as unionplan_urls

ROWS = engines["django"].from_string(
    "<!doctype html><title>bare</title><table>{% for id, name in rows %}<tr><td>{{ id }}</td><td>{{ name }}</td></tr>"
    "{% endfor %}</table>"
)


@login_not_required
def bare(request):
    rows = Member.objects.order_by("id").values_list("id", "name")[:100]
    return HttpResponse(ROWS.render({"rows": rows}, request))


@union_required
def floor(request):
    request.user.has_perm("activities.view_activity")  # every page checks one
    return render(request, "base.html")


urlpatterns = [path("bench/bare/", bare), path("bench/floor/", floor), *unionplan_urls]
