"""Small ordered and sliced queries read together: a dashboard's panels each show the first few rows of
their own query, and building, sending and reading one query costs more than the database's work."""

from django.db import connections


def rows_of(*parts):
    """The rows of each of `parts` (ordered and sliced querysets of values_list with the same columns), in
    one query, a UNION ALL of them, where the database allows ORDER BY and LIMIT in each part
    (PostgreSQL); else one query each (SQLite). Tell the parts' rows apart by a column of their own."""
    first, *rest = parts
    if rest and connections[first.db].features.supports_slicing_ordering_in_compound:
        return list(first.union(*rest, all=True))
    return [row for part in parts for row in part]
