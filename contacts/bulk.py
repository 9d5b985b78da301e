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

# Field classes whose Python value is already what the column takes, so the
# value goes to COPY without get_db_prep_save(); psycopg adapts str, int,
# bool, Decimal, date and aware datetime itself. Anything else (JSON, a
# country, a subclass with its own conversion) goes through the field.
_PLAIN = {
    fields.AutoField,
    fields.BigAutoField,
    fields.BigIntegerField,
    fields.BooleanField,
    fields.CharField,
    fields.DateField,
    fields.DateTimeField,
    fields.DecimalField,
    fields.EmailField,
    fields.IntegerField,
    fields.PositiveIntegerField,
    fields.PositiveSmallIntegerField,
    fields.SmallIntegerField,
    fields.TextField,
    fields.URLField,
}
_PLAIN_VALUES = (str, int, bool, decimal.Decimal, datetime.date, type(None))


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
        cursor = django_cursor.cursor
        # Ids first, from the table's own sequence, so that concurrent
        # writers never collide and the children can point at them.
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(objects)],
        )
        for obj, (new_id,) in zip(objects, cursor.fetchall(), strict=True):
            setattr(obj, pk.attname, new_id)
        names = ", ".join(connection.ops.quote_name(f.column) for f in [pk, *columns])
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
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
    plain = type(field) in _PLAIN or field.is_relation

    def convert(value):
        if plain and isinstance(value, _PLAIN_VALUES):
            return value
        return field.get_db_prep_save(value, connection)

    return convert
