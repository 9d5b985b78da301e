"""The benchmark database: create it, fill it once per tier and seed, and
remember what was generated so that a rerun can reuse it."""

import dataclasses
import json
import logging
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from django.utils import timezone

from bench import hooks, load, planted
from bench.generate import Generated, Generator
from bench.tiers import Tier

logger = logging.getLogger(__name__)

META_TABLE = "bench_meta"
CREATE_META = (
    f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key text PRIMARY KEY, value text)"
)


class UnsafeDatabase(Exception):
    pass


def check_target() -> None:
    """The loader empties the database: refuse any that is not meant for it."""
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        raise UnsafeDatabase(
            "the benchmark needs PostgreSQL: set BENCH_DATABASE_URL=postgres://…"
        )
    if "bench" not in db["NAME"]:
        raise UnsafeDatabase(
            f"the benchmark empties its database; {db['NAME']!r} has no 'bench' in"
            " its name, so it is left alone"
        )


def create_if_missing() -> None:
    db = settings.DATABASES["default"]
    params = {
        "dbname": "postgres",
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def _stored(key: str) -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute(CREATE_META)
        cursor.execute(f"SELECT value FROM {META_TABLE} WHERE key = %s", [key])
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _store(key: str, value: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(CREATE_META)
        cursor.execute(f"DELETE FROM {META_TABLE}")
        cursor.execute(
            f"INSERT INTO {META_TABLE} VALUES (%s, %s)", [key, json.dumps(value)]
        )


def ensure(
    tier: Tier, seed: int, *, reuse: bool, out_dir: Path
) -> tuple[Generated, dict]:
    """The generated data set, loaded now or (with reuse) by an earlier run.

    Returns it with timings of the load: generation, COPY, ANALYZE.
    """
    key = f"{tier.name}:{seed}"
    if reuse:
        stored = _stored(key)
        if stored is not None:
            logger.info("reusing the loaded data set %s", key)
            return _generated(stored), {}

    timings = {}
    logger.info("loading tier %s (seed %s)", tier.name, seed)
    started = time.perf_counter()
    base = load.prepare_database()
    timings["migrate and empty"] = time.perf_counter() - started

    started = time.perf_counter()
    sink = load.CopySink()
    generated = Generator(
        tier=tier, seed=seed, base=base, sink=sink, now=timezone.now()
    ).run()
    timings["generate"] = time.perf_counter() - started
    logger.info("generated in %.0f s; copying", timings["generate"])

    started = time.perf_counter()
    sink.copy_all()
    hooks.after_load()
    timings["COPY"] = time.perf_counter() - started

    started = time.perf_counter()
    load.finish_load()
    timings["sequences and ANALYZE"] = time.perf_counter() - started

    _store(key, dataclasses.asdict(generated))
    write_ground_truth(generated, out_dir / f"planted-duplicates-{tier.name}.json")
    return generated, timings


def _generated(stored: dict) -> Generated:
    pairs = [planted.PlantedPair(**pair) for pair in stored.pop("pairs")]
    return Generated(**stored, pairs=pairs)


def write_ground_truth(generated: Generated, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            [pair.as_dict() for pair in generated.pairs], ensure_ascii=False, indent=1
        ),
        encoding="utf-8",
    )
