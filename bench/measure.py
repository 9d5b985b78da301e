"""Timing loops, percentiles, and counting the SQL a case sends."""

import math
import re
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)


@dataclass
class SqlCount:
    queries: int = 0
    # Rows inserted, updated or deleted, per table.
    written: Counter = field(default_factory=Counter)

    @property
    def rows_written(self) -> int:
        return sum(self.written.values())

    def history_rows(self) -> int:
        return sum(n for table, n in self.written.items() if "historical" in table)


@contextmanager
def counting_sql():
    count = SqlCount()

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        count.queries += 1
        match = _WRITE.match(sql)
        if match:
            count.written[match.group(1)] += max(context["cursor"].rowcount, 0)
        return result

    with connection.execute_wrapper(wrapper):
        yield count


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile; `share` between 0 and 1."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Timing:
    seconds: list[float]
    queries: int
    rows_written: int
    history_rows: int

    @property
    def p50(self) -> float:
        return percentile(self.seconds, 0.50)

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 0.95)


def repeat(action: Callable[[int], object], *, warmup: int, repetitions: int) -> Timing:
    """Run `action(i)` warm-up times unmeasured, then `repetitions` times.

    Queries and rows written are those of the last repetition; a case whose
    count varies between repetitions says so itself.
    """
    for number in range(warmup):
        action(number)
    seconds = []
    last = SqlCount()
    for number in range(warmup, warmup + repetitions):
        with counting_sql() as count:
            started = time.perf_counter()
            action(number)
            seconds.append(time.perf_counter() - started)
        last = count
    return Timing(
        seconds=seconds,
        queries=last.queries,
        rows_written=last.rows_written,
        history_rows=last.history_rows(),
    )


def repeat_plain(action: Callable[[int], object], *, warmup: int, repetitions: int):
    """The same loop for floors, which send SQL past Django's counting."""
    for number in range(warmup):
        action(number)
    seconds = []
    for number in range(warmup, warmup + repetitions):
        started = time.perf_counter()
        action(number)
        seconds.append(time.perf_counter() - started)
    return Timing(seconds=seconds, queries=0, rows_written=0, history_rows=0)
