"""Where product parts that do not exist yet plug into the benchmark.

Duplicate check (issue #3). The case "duplicate check for one new contact"
calls `duplicate_check()` once; while it returns None the case reports
"n/a". Once contacts.duplicates exists, make `_check` below call it:

    def _check(candidate: dict) -> set[int]:
        # candidate: first_name, last_name, email, company_id, company_name,
        # postal_code, city of a contact person about to be saved.
        # Return the ids of the existing ContactPersons it flags as duplicates.
        return {match.pk for match in duplicates.<the product's function>(...)}

and the case times it per candidate (p50/p95, queries) and scores its
recall on the planted pairs (bench/planted.py).

After loading. Columns that others derive from the data (normalised search
keys, phonetic codes) are loaded with their default; `after_load()` is the
place to fill them the way the product does, e.g. with its own backfill.
"""

import importlib


class NotWired(Exception):
    """contacts.duplicates exists, but bench/hooks.py does not call it yet."""


def duplicate_check():
    try:
        importlib.import_module("contacts.duplicates")
    except ImportError:
        return None
    return _check


def _check(candidate: dict) -> set[int]:
    raise NotWired("contacts.duplicates exists: call it in bench/hooks.py")


def after_load() -> None:
    """Runs after COPY and before ANALYZE."""
