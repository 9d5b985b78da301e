"""Runs one import in a process of its own, so that its peak memory is its own.

python -m bench.import_probe FILE USER_ID prints one JSON line: seconds,
rows, queries, rows written, peak resident memory. Progress goes to stderr.
"""

import datetime
import json
import os
import resource
import sys
import time


def main(path: str, user_id: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from bench.measure import counting_sql
    from contacts.importing import SourceSpec, import_file, runner

    user = get_user_model().objects.get(pk=user_id)
    _report_progress(runner)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with counting_sql() as count:
        _count_copies(count)
        started = time.perf_counter()
        # A dry run does every check and every write, then rolls back, so the
        # data set stays the same for the cases after this one.
        report = import_file(
            path,
            source=SourceSpec(
                kind="address_broker",
                name="Benchmark-Liste",
                licence_reference="BENCH-1",
                licence_expires_on=datetime.date(2099, 12, 31),
            ),
            user=user,
            dry_run=True,
        )
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rows": report.rows_read,
                "imported": report.imported,
                "rejected": report.rejected,
                "queries": count.queries,
                "rows_written": count.rows_written,
                "history_rows": count.history_rows(),
                "peak_rss_mib": peak / 1024,
                "baseline_rss_mib": baseline / 1024,
            }
        )
    )


def _count_copies(count) -> None:
    """COPY runs on psycopg's own cursor, past Django's execute wrappers:
    count its statement and rows here, so that the report's statements and
    rows written still cover every write."""
    from django.db import connection

    from contacts import bulk

    original = bulk.insert_new

    def insert_new(objects):
        original(objects)
        if objects and connection.vendor == "postgresql":
            count.queries += 1
            count.written[type(objects[0])._meta.db_table] += len(objects)

    bulk.insert_new = insert_new


def _report_progress(runner) -> None:
    """Every 5,000 rows a line on stderr, so a slow import shows its pace."""
    original = runner._RowImporter.run
    state = {"rows": 0, "started": time.perf_counter()}

    def run(self, line, cells):
        outcome = original(self, line, cells)
        state["rows"] += 1
        if state["rows"] % 5000 == 0:
            elapsed = time.perf_counter() - state["started"]
            print(f"import: {state['rows']} rows in {elapsed:.0f} s", file=sys.stderr)
        return outcome

    runner._RowImporter.run = run


if __name__ == "__main__":
    main(*sys.argv[1:3])
