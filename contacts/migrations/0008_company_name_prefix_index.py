from django.db import migrations

# A search of one or two characters matches the start of the name
# (selectors._short_search). The name's plain index serves equality and
# order, not LIKE 'prefix%' under a non-C collation; this one does (#5).
# PostgreSQL only, like 0006.
NAME = "company_name_key_prefix"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON contacts_company "
        "(name_key varchar_pattern_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0007_history_timeline_indexes")]

    operations = [migrations.RunPython(create, drop)]
