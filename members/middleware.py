from members.models import Member, Union

SESSION_UNION_KEY = "union_id"


def union_of(request, member):
    """The union a request works in: the user's own, or the one a superuser picked."""
    if member is not None:
        return member.union
    if request.user.is_superuser:
        union_id = request.session.get(SESSION_UNION_KEY)
        return Union.objects.filter(pk=union_id).first() if union_id else None
    return None


class UnionMiddleware:
    """Resolve `request.member` and `request.union` once per request (one query, after login)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.member = request.union = None
        if request.user.is_authenticated:
            request.member = (
                Member.objects.select_related("union", "department", "group")
                .filter(user=request.user).exclude(status=Member.Status.LEFT).first()
            )
            request.union = union_of(request, request.member)
        return self.get_response(request)
