from django.db import migrations

# The history tab asks each history table for a record's newest rows:
# WHERE id = … ORDER BY history_date DESC, history_id DESC LIMIT 51. With
# only simple-history's single-column indexes, PostgreSQL walked the
# history_date index backwards from the newest row of the whole table and
# filtered: for a long-history company, behind 10k rows of a newer bulk
# reassignment, that was 167k rows and 51 ms of the tab's 100 (#5). An index
# on (record, date, id) hands over exactly the rows asked for. Outside the
# models' state like 0006, because simple-history generates these models;
# PostgreSQL only, as SQLite plans the small tables it holds without them.
INDEXES = [
    ("history_company_timeline", "contacts_historicalcompany", "id"),
    ("history_address_timeline", "contacts_historicaladdress", "company_id"),
    ("history_person_timeline", "contacts_historicalcontactperson", "company_id"),
    ("history_person_own_timeline", "contacts_historicalcontactperson", "id"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"({column}, history_date, history_id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0006_address_search_indexes")]

    operations = [migrations.RunPython(create, drop)]
