"""The proof that an erasure erases: after it, no text column anywhere in
the database holds the person's surname, e-mail address or phone number."""

import pytest
from django.db import connection

from privacy.erasure import person_erase
from tests.privacy.conftest import EMAIL, OLD_EMAIL, PHONE, SURNAME

pytestmark = pytest.mark.django_db

TRACES = [SURNAME, EMAIL, OLD_EMAIL, PHONE, "5550123", "987 65 43"]


def _postgres_columns(cursor):
    cursor.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' "
        "AND data_type IN ('text', 'character varying', 'json', 'jsonb')"
    )
    return cursor.fetchall()


def _sqlite_columns(cursor):
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    tables = [row[0] for row in cursor.fetchall()]
    columns = []
    for table in tables:
        cursor.execute(f"PRAGMA table_info({connection.ops.quote_name(table)})")
        # SQLite keeps JSON as text and lets any column hold text: all of them.
        columns += [(table, row[1]) for row in cursor.fetchall()]
    return columns


def _found(trace: str) -> list[str]:
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    hits = []
    with connection.cursor() as cursor:
        columns = _postgres_columns(cursor) if postgres else _sqlite_columns(cursor)
        for table, column in columns:
            cast = "::text" if postgres else ""
            match = "ILIKE" if postgres else "LIKE"
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(table)} "
                f"WHERE CAST({quote(column)} AS TEXT){cast} {match} %s",
                [f"%{trace}%"],
            )
            if cursor.fetchone()[0]:
                hits.append(f"{table}.{column}")
    return hits


def _assert_planted_then_erased(rich_person):
    # First make sure the search would see the traces at all.
    assert _found(SURNAME) and _found(EMAIL) and _found(PHONE)

    person_erase(
        user=rich_person["dpo"],
        person=rich_person["person"],
        request_reference="Ticket DS-2026-0042",
    )

    left = {trace: _found(trace) for trace in TRACES}
    assert left == dict.fromkeys(TRACES, [])


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the information_schema search is the PostgreSQL proof; "
    "SQLite has its own test below",
)
def test_no_text_column_of_postgresql_holds_the_person(rich_person):
    _assert_planted_then_erased(rich_person)


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="walks sqlite_master; SQLite only"
)
def test_no_column_of_sqlite_holds_the_person(rich_person):
    _assert_planted_then_erased(rich_person)
