"""The plan's completion rate (完成率): one definition for every page and export.

    完成率 = 已完成 ÷ (全部 − 已取消)

A dropped item (已取消) is neither done nor owed, so it leaves the denominator. The percentage is
rounded half up in whole numbers (57.5% → 58%), with integers only: Python's round() rounds a half
to the even number and 0.575 × 100 is 57.4999… in floating point, which made the page say 58% where
the Word file said 57%. With nothing owed (no items, or all dropped) there is no rate (None), not 0%.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _


def completion_percent(done, counted):
    """done ÷ counted as a whole percentage, rounded half up; None when nothing is counted."""
    if not counted:
        return None
    return (200 * done + counted) // (2 * counted)


@dataclass(frozen=True)
class Completion:
    done: int
    total: int  # every work item, dropped ones included
    dropped: int

    @property
    def counted(self):
        """The denominator: the items still owed."""
        return self.total - self.dropped

    @property
    def percent(self):
        return completion_percent(self.done, self.counted)

    @property
    def fraction(self):
        """The rounded rate as a fraction (0.58), so that a spreadsheet shows the same number."""
        return None if self.percent is None else self.percent / 100

    def __str__(self):
        return "—" if self.percent is None else f"{self.percent}%"

    @property
    def denominator(self):
        """How the rate was worked out: （已完成40项÷应完成50项，不含已取消5项）."""
        if self.dropped:
            return _("(%(done)d done ÷ %(counted)d due, not counting %(dropped)d dropped)") % {
                "done": self.done,
                "counted": self.counted,
                "dropped": self.dropped,
            }
        return _("(%(done)d done ÷ %(counted)d due)") % {"done": self.done, "counted": self.counted}

    @property
    def explained(self):
        """完成率80%（已完成40项÷应完成50项，不含已取消5项）."""
        return _("completion rate %(rate)s%(denominator)s") % {"rate": self, "denominator": self.denominator}
