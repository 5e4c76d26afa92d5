"""Dashboard panels. Each app's `dashboard.panels(request)` returns a list of Panel; the
dashboard in `unionplan` shows them in `order`. A panel's template gets `panel` in its context."""

from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    order: int = 50
    context: dict = field(default_factory=dict)


def panels(request):
    return []
