"""unionplan's URLs plus /bench/bare/: a bare Django page that runs one query and renders 100 rows
through a template — what issue 8 calls the framework's floor (about 14% of /healthz)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

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


urlpatterns = [path("bench/bare/", bare), *unionplan_urls]
