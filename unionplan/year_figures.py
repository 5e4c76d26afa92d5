"""The year's figures for the summary, kept as data (YearFigures).

A year's figures are read far more often than what they count changes: the summary page, its three
exports and the chair's drafts read them all, and a sign-up, a payment or a visit changes one part of
them. So each app's part is kept with the versions of the union's data it reads (members.versions)
and computed again only when one of them has moved: a sign-up this week moves the sign-ups on and
recomputes the year's activities (two queries), not its money or its plan. Reading a year whose data
has not changed costs one query. This year's figures are kept the same way as a closed year's: none of
the parts depends on the day it is read, only on the data.

Parts are kept as JSON: dataclasses, Decimals and dates tagged with what they were, read back into
the same dataclasses, so that the page and the exports cannot tell a kept year from a computed one.
"""

import dataclasses
import importlib
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language

import activities.summary
import funds.summary
import members.summary
import plans.summary
from unionplan.models import YearFigures

# Each part of the summary: the function that computes it and the areas of the union's data it
# reads (a plan item's owner and a fund review's reviewers are members: their names are shown).
PARTS = {
    "plan": (plans.summary.year_summary, ("plans", "members")),
    "activities": (activities.summary.year_summary, ("activities", "signups")),
    "members": (members.summary.year_summary, ("members",)),
    "funds": (funds.summary.year_summary, ("funds", "members")),
}

# Kept with each part's versions, and raised whenever what a part computes changes, so that the parts
# kept by the older code are computed again. 2: the plan's approval day in local time, not UTC.
COMPUTING = 2

# The only modules whose dataclasses a kept part may name.
SUMMARY_MODULES = {"plans.summary", "activities.summary", "members.summary", "funds.summary"}


def is_closed(year, today=None):
    """A year before this one (its summary is told in the past tense and dated at its end)."""
    return year < (today or timezone.localdate()).year


def year_parts(union, year):
    """{part name: the app's year_summary(union, year)} for the four parts of PARTS.

    The parts come from the year's YearFigures row when the versions they were computed from are
    still the union's (the union as loaded with the request: a change committed since then only makes
    the next reading compute again); the others are computed and the row is written again.
    """
    language = get_language() or ""
    stored = (
        YearFigures.objects.filter(union=union, year=year, language=language)
        .values("id", "parts", "versions")
        .first()
        or {"id": None, "parts": {}, "versions": {}}
    )
    parts, versions, computed = {}, {}, False
    for name, (compute, areas) in PARTS.items():
        versions[name] = [COMPUTING, *(getattr(union, f"{area}_version") for area in areas)]
        if stored["versions"].get(name) == versions[name] and name in stored["parts"]:
            parts[name] = decode(stored["parts"][name])
        else:
            parts[name] = compute(union, year)
            computed = True
    if computed:
        keep(union, year, language, stored["id"], parts, versions)
    return parts


def keep(union, year, language, row_id, parts, versions):
    """Write the year's row: one UPDATE of the row read (`row_id`), or the first time an INSERT that
    leaves a row written meanwhile by another reader as theirs (an upsert: two readers may race; both
    computed from data at least as new as the versions they write)."""
    encoded = {name: encode(part) for name, part in parts.items()}
    if row_id is not None:
        YearFigures.objects.filter(pk=row_id).update(parts=encoded, versions=versions, computed_at=timezone.now())
        return
    row = YearFigures(union=union, year=year, language=language, parts=encoded, versions=versions)
    YearFigures.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["union", "year", "language"],
        update_fields=["parts", "versions", "computed_at"],
    )


# -- the JSON form of a part ------------------------------------------------------------------------


def encode(value):
    """A part as JSON-ready data: dataclasses, Decimals and dates tagged, everything else as it is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {"@dataclass": f"{cls.__module__}.{cls.__qualname__}", **fields}
    if isinstance(value, Decimal):
        return {"@decimal": str(value)}
    if isinstance(value, date):  # a date, never a datetime in these figures
        return {"@date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot keep {type(value).__name__} in a year's figures")


def decode(value):
    """The inverse of `encode`."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "@decimal" in value:
        return Decimal(value["@decimal"])
    if "@date" in value:
        return date.fromisoformat(value["@date"])
    if "@dataclass" in value:
        cls = _dataclass(value["@dataclass"])
        return cls(**{key: decode(item) for key, item in value.items() if key != "@dataclass"})
    return {key: decode(item) for key, item in value.items()}


def _dataclass(path):
    module_name, _, name = path.rpartition(".")
    if module_name not in SUMMARY_MODULES:
        raise ValueError(f"not a summary figure: {path}")
    cls = getattr(importlib.import_module(module_name), name)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"not a summary figure: {path}")
    return cls
