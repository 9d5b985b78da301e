"""Writing many new records at once: COPY on PostgreSQL, bulk_create elsewhere.

bulk_create() compiles an INSERT with every value of every row as a parameter;
for an import batch of 1,000 persons that compiling cost more than the
database's work (a quarter of a 100k-row import, #5). COPY takes the values as
they are. The records keep what bulk_create() gives them: their ids, and the
foreign key columns of the objects they were given.
"""

import datetime
import decimal

from django.db import connection
from django.db.models import fields

# Field classes, and the Python types whose values are already what their
# column takes, so that they go to COPY without get_db_prep_save(); psycopg
# adapts them itself. Any other value (a datetime for a date, a naive
# datetime, True or 12.0 for a number) and any other field (JSON, a country,
# a subclass with its own conversion) goes through the field, as in
# bulk_create(), which would otherwise store something else or fail.
_WHOLE = (int,)
_TEXT = (str,)
_PLAIN = {
    fields.AutoField: _WHOLE,
    fields.BigAutoField: _WHOLE,
    fields.BigIntegerField: _WHOLE,
    fields.BooleanField: (bool,),
    fields.CharField: _TEXT,
    fields.DateField: (datetime.date,),
    fields.DateTimeField: (datetime.datetime,),
    fields.DecimalField: (decimal.Decimal, int),
    fields.EmailField: _TEXT,
    fields.IntegerField: _WHOLE,
    fields.PositiveIntegerField: _WHOLE,
    fields.PositiveSmallIntegerField: _WHOLE,
    fields.SmallIntegerField: _WHOLE,
    fields.TextField: _TEXT,
    fields.URLField: _TEXT,
}


def insert_new(objects: list) -> None:
    """Save new records of one model, each getting its id."""
    if not objects:
        return
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects)
        return
    for obj in objects:
        # What bulk_create() does first: a parent given as an object
        # (Address(company=company)) lends its new id to the column.
        obj._prepare_related_fields_for_save(operation_name="insert_new")
    columns = [f for f in model._meta.concrete_fields if not f.primary_key]
    convert = [_converter(f) for f in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    pk = model._meta.pk
    with connection.cursor() as django_cursor:
        # Ids first, from the table's own sequence, so that concurrent
        # writers never collide and the children can point at them.
        django_cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(objects)],
        )
        for obj, (new_id,) in zip(objects, django_cursor.fetchall(), strict=True):
            setattr(obj, pk.attname, new_id)
        # COPY needs psycopg's own cursor; Django's execute wrappers (and
        # so its query counts) do not see it.
        cursor = django_cursor.cursor
        names = ", ".join(connection.ops.quote_name(f.column) for f in [pk, *columns])
        # The raw cursor's errors as Django's (DataError, IntegrityError …),
        # as the cursor wrapper gives them for every other statement.
        with (
            connection.wrap_database_errors,
            cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for obj in objects:
                copy.write_row(
                    [
                        obj.pk,
                        *(
                            conv(getattr(obj, f.attname))
                            for f, conv in zip(columns, convert, strict=True)
                        ),
                    ]
                )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


def _converter(field):
    # A foreign key holds the id of its parent, which is a number here.
    types = _WHOLE if field.is_relation else _PLAIN.get(type(field))

    def convert(value):
        if types is not None and (value is None or _plain(value, types)):
            return value
        return field.get_db_prep_save(value, connection)

    return convert


def _plain(value, types) -> bool:
    # Any text: the field hands a str subclass (a choice's enum member) to
    # psycopg unchanged as well, and psycopg writes its text.
    if types is _TEXT:
        return isinstance(value, str)
    # Otherwise the exact type: a bool is an int and a datetime a date to
    # isinstance().
    if type(value) not in types:
        return False
    return not (isinstance(value, datetime.datetime) and value.tzinfo is None)
