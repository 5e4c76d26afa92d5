"""The app on the phone's home screen: the web app manifest, with the union's name, and the service
worker (static/js/service_worker.js), served from the site's root so that its scope covers every page."""

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEME_COLOUR = "#b02a37"  # the icons' red
WORKER = settings.BASE_DIR / "static" / "js" / "service_worker.js"


@require_GET
@login_not_required
def manifest(request):
    """The manifest. base.html links it with crossorigin="use-credentials", so a logged-in member's
    phone names the app after the union."""
    name = request.union.name if getattr(request, "union", None) else _("Union work")
    icons = [
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("icons/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ]
    data = {
        "name": name,
        "short_name": name[:12],
        "lang": "zh-CN",
        "start_url": reverse("dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@cache
def worker_source():
    return WORKER.read_bytes()


@require_GET
@login_not_required
def service_worker(request):
    """The worker's script. Asked for again on every visit (no-cache), so a new release reaches phones."""
    response = HttpResponse(worker_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
