"""Query shapes that Django has no name for."""

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import F, Lookup, Q, Value


class AnyOf(Lookup):
    """`column = ANY(array)`: one parameter however many values."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def among(name: str, values) -> Q:
    """`name` is one of `values` (ids or strings), as `__in` says it, but on
    PostgreSQL as one array parameter: Django compiles `IN (%s, …)` value by
    value and psycopg splices each into the statement, which cost an import
    batch's lookups of thousands of ids and digests more than the database's
    own work (#5)."""
    values = list(values)
    if connection.vendor != "postgresql" or not values:
        return Q(**{f"{name}__in": values})
    ints = all(isinstance(v, int) for v in values)
    array = ArrayField(models.BigIntegerField() if ints else models.TextField())
    return Q(AnyOf(F(name), Value(values, output_field=array)))
