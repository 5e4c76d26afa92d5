"""Dashboard panels of this app (see members.dashboard)."""


def panels(request):
    return []
