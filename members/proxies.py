"""The client's own address behind the reverse proxy (README, "Deployment"), for the lock-out after
failed logins (django-axes, AXES_CLIENT_IP_CALLABLE).

Behind nginx every request comes from the proxy's address, so the lock-out for a user name "from the
same address" would lock the whole school out together. Each proxy appends the address it saw to
X-Forwarded-For; with PROXY_COUNT proxies in front of the app, the client is the PROXY_COUNT-th entry
from the right. Entries further left were sent by the client itself and prove nothing, so a client
cannot dodge the lock-out with a made-up header. PROXY_COUNT=0 (no proxy) ignores the header.

(django-axes reads AXES_IPWARE_PROXY_COUNT only with the optional django-ipware package, which this
project does not install; this function does the same job in a few lines.)
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address of whoever sent `request`: REMOTE_ADDR, or the entry of X-Forwarded-For that the
    outermost of PROXY_COUNT proxies wrote (REMOTE_ADDR when the header has fewer entries)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
