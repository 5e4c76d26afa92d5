"""Queries of a fixed shape whose SQL the ORM writes once per process.

Some queries run on every page, or on every roster page, and cost more to build and compile than to
run: the login's user with member and union (59 columns, two joins), a roster page's rows (18 values
over three joins and the namesakes' EXISTS). `Compiled(model, build, *placeholders)` asks the ORM for
the SQL of `build(*placeholders)` once per database, then runs that SQL with the values it is called
with in the placeholders' places, and makes the rows what the queryset would have given: model
instances with their select_related objects, dicts (values()) or tuples (values_list()).

Only the SQL is kept, never a result: every call asks the database. A placeholder must be a value the
query could not hold of its own (a negative id) and must reach the SQL as a parameter of its own (an
id compared or listed, not a LIMIT).
"""

from django.apps import apps
from django.db import connections, router
from django.db.models.query import ModelIterable, ValuesIterable, ValuesListIterable, get_related_populators


class Compiled:
    def __init__(self, model, build, *placeholders):
        self.model = model  # the model or its "app_label.ModelName": the database is the router's for it
        self.build = build
        self.placeholders = placeholders
        self._by_alias = {}  # database alias -> (sql, where each parameter comes from, row maker)

    def __call__(self, *values):
        """The query's rows with `values` in the placeholders' places, as a list."""
        if len(values) != len(self.placeholders):
            raise TypeError(f"{len(self.placeholders)} values expected, {len(values)} given")
        if isinstance(self.model, str):
            self.model = apps.get_model(self.model)
        alias = router.db_for_read(self.model)
        if alias not in self._by_alias:
            self._by_alias[alias] = self._compile(alias)
        sql, sources, make_row = self._by_alias[alias]
        params = [values[source] if isinstance(source, int) else source[0] for source in sources]
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [make_row(row, connection) for row in rows]

    def _compile(self, alias):
        queryset = self.build(*self.placeholders)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        # Each parameter is a placeholder (its value's position) or a constant of the query (a 1-tuple).
        sources = [self.placeholders.index(p) if p in self.placeholders else (p,) for p in params]
        missing = set(range(len(self.placeholders))) - set(sources)
        assert not missing, f"placeholders {missing} did not reach the SQL as parameters"
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = list(compiler.get_converters(columns).items())
        shape = _row_shape(queryset, compiler, alias)

        def make_row(row, connection):
            if converters:  # e.g. JSON text, or SQLite's dates
                row = list(row)
                for position, (functions, expression) in converters:
                    for function in functions:
                        row[position] = function(row[position], expression, connection)
            return shape(row)

        return sql, sources, make_row


def _row_shape(queryset, compiler, alias):
    """A function making a row what iterating `queryset` gives, as its iterable class does."""
    iterable = queryset._iterable_class
    query = queryset.query
    if iterable is ModelIterable:
        klass_info, select = compiler.klass_info, compiler.select
        model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, alias)
        annotations = list(compiler.annotation_col_map.items())
        assert not queryset._known_related_objects, "not supported"

        def instance(row):
            obj = model.from_db(alias, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            return obj

        return instance
    names = list(query.selected) if query.selected else [
        *query.extra_select, *query.values_select, *query.annotation_select
    ]
    if iterable is ValuesIterable:
        return lambda row: dict(zip(names, row, strict=True))
    if iterable is ValuesListIterable:
        return tuple
    raise TypeError(f"{iterable.__name__} is not supported")
