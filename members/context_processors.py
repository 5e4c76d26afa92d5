from django.conf import settings
from django.utils import timezone

from members.roles import ROLE_LABELS, displayed_role


def union(request):
    """The union, the member and the role label for the layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        # The login page offers "Forgotten your password?" only where mail can be sent.
        return {"today": timezone.localdate(), "email_enabled": settings.EMAIL_ENABLED}
    role = displayed_role(user)
    return {
        "today": timezone.localdate(),
        "union": request.union,
        "current_member": request.member,
        "role_label": ROLE_LABELS.get(role, "") if role else "",
    }
