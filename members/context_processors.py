from django.utils import timezone

from members.roles import ROLE_LABELS, role_of


def union(request):
    """The union, the member and the role label for the layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"today": timezone.localdate()}
    role = role_of(user)
    return {
        "today": timezone.localdate(),
        "union": request.union,
        "current_member": request.member,
        "role_label": ROLE_LABELS.get(role, "") if role else "",
    }
