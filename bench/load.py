"""Fill the benchmark database: COPY rows whose column lists come from the
models, so the loader keeps working when columns are added to them."""

import datetime
import decimal
import json
import logging
import tempfile
from collections import Counter

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection, models
from django.db.models import Max

from bench import hooks
from bench.generate import Base

logger = logging.getLogger(__name__)


class LoadError(Exception):
    pass


def _escaped(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


# By exact type, the common case of a row of plain values.
_FORMATS = {
    str: _escaped,
    int: str,
    float: str,
    decimal.Decimal: str,
    datetime.date: str,
    datetime.datetime: lambda value: value.isoformat(sep=" "),
    bool: lambda value: "t" if value else "f",
    type(None): lambda _value: "\\N",
}


def _text(value) -> str:
    """One value in COPY's text format."""
    formats = _FORMATS.get(type(value))
    if formats is not None:
        return formats(value)
    if isinstance(value, dict | list):
        return _escaped(json.dumps(value))
    return _escaped(str(value))


class _Table:
    def __init__(self, model):
        self.model = model
        self.fields = [
            f for f in model._meta.concrete_fields if not getattr(f, "generated", False)
        ]
        self.columns = [f.column for f in self.fields]
        self.json_fields = {
            f.attname for f in self.fields if f.get_internal_type() == "JSONField"
        }
        # Closed by CopySink.copy_all once copied; a with-block cannot span that.
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.fills: dict[str, object] = {}

    def fill(self, field: models.Field):
        """The value of a column the generator says nothing about."""
        if field.attname not in self.fills:
            if field.has_default():
                value = field.get_db_prep_save(field.get_default(), connection)
            elif field.null:
                value = None
            elif field.empty_strings_allowed:
                value = ""
            else:
                raise LoadError(
                    f"{self.model._meta.db_table}.{field.column} is NOT NULL without"
                    " a default: give it a value in bench/generate.py"
                )
            if field.unique and value not in (None, ""):
                raise LoadError(
                    f"{self.model._meta.db_table}.{field.column} is unique: give it"
                    " a value in bench/generate.py"
                )
            self.fills[field.attname] = value
        return self.fills[field.attname]

    def write(self, row: dict) -> None:
        cells = []
        for field in self.fields:
            value = row.get(field.attname, _MISSING)
            if value is _MISSING:
                value = self.fill(field)
            elif field.attname in self.json_fields:
                value = json.dumps(value)
            cells.append(_text(value))
        self.file.write("\t".join(cells) + "\n")


_MISSING = object()


class CopySink:
    """Collects rows per model in temporary files, then COPYs them in the order
    the models were first given rows (parents before children)."""

    def __init__(self):
        self.tables: dict[type, _Table] = {}
        self.counts: Counter = Counter()

    def add(self, model, row: dict) -> None:
        table = self.tables.get(model)
        if table is None:
            table = self.tables[model] = _Table(model)
        hooks.derive_keys(model, row)
        table.write(row)
        self.counts[model._meta.db_table] += 1

    def copy_all(self) -> None:
        with connection.cursor() as django_cursor:
            cursor = django_cursor.cursor
            for table in _parents_first(self.tables.values()):
                table.file.seek(0)
                columns = ", ".join(f'"{c}"' for c in table.columns)
                statement = (
                    f'COPY "{table.model._meta.db_table}" ({columns}) FROM STDIN'
                )
                with cursor.copy(statement) as copy:
                    while chunk := table.file.read(1 << 20):
                        copy.write(chunk)
                table.file.close()


def _parents_first(tables):
    """Foreign keys are checked row by row, so a table is copied after the
    tables it points at."""
    pending = list(tables)
    present = {table.model for table in pending}
    done: list = []
    while pending:
        for table in pending:
            parents = {
                f.related_model
                for f in table.fields
                if f.is_relation and f.db_constraint and f.related_model in present
            } - {table.model}
            if parents <= {t.model for t in done}:
                done.append(table)
                pending.remove(table)
                break
        else:
            raise LoadError("foreign keys between the loaded tables form a cycle")
    return done


def prepare_database() -> Base:
    """Migrate, then empty every table the loader fills (the roles and
    permissions that migrations create stay)."""
    call_command("migrate", interactive=False, verbosity=0)
    keep = {"django_migrations", "django_content_type", "auth_permission"}
    with connection.cursor() as cursor:
        tables = [
            t for t in connection.introspection.table_names(cursor) if t not in keep
        ]
        cursor.execute(
            "TRUNCATE "
            + ", ".join(f'"{t}"' for t in tables)
            + " RESTART IDENTITY CASCADE"
        )
    _recreate_roles()
    permission = Permission.objects.get(
        codename="view_company", content_type__app_label="contacts"
    )
    groups = dict(Group.objects.values_list("name", "id"))
    next_group = (Group.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    return Base(
        role_groups=groups, view_permission=permission.pk, next_group_id=next_group
    )


def _recreate_roles() -> None:
    """TRUNCATE took the role groups that a data migration created; make them again
    the way that migration does."""
    from contacts.roles import Role

    for name in Role.values:
        Group.objects.get_or_create(name=name)


def finish_load() -> None:
    """Sequences after the highest loaded id, then fresh planner statistics."""
    with connection.cursor() as cursor:
        for table, column in _serial_columns(cursor):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s),"
                f' COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)',
                [table, column],
            )
        cursor.execute("ANALYZE")


def _serial_columns(cursor):
    cursor.execute(
        """
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema()
          AND (column_default LIKE 'nextval(%%' OR is_identity = 'YES')
        """
    )
    return cursor.fetchall()
