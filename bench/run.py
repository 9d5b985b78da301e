"""One benchmark run: data, cases, report."""

import dataclasses
import datetime
import importlib
import logging
import os
import platform
import subprocess
import time
from pathlib import Path

from django.db import connection

from bench import dataset, report
from bench.cases.context import Context
from bench.tiers import TIERS

logger = logging.getLogger("bench")


def machine() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores (nproc), {memory:.0f} GiB RAM, "
        f"{platform.python_implementation()} {platform.python_version()}",
        "PostgreSQL": pg_version,
        "commit": _commit(),
        # Other work on the machine skews the figures; this says how much there was.
        "load average (1 min) at the end": f"{os.getloadavg()[0]:.2f}",
    } | ({"PGOPTIONS": os.environ["PGOPTIONS"]} if os.environ.get("PGOPTIONS") else {})


def _commit() -> str:
    # A run from an exported copy of the tree has no .git; it is told the commit.
    if os.environ.get("BENCH_COMMIT"):
        return os.environ["BENCH_COMMIT"]
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run(
    *,
    tier_name: str,
    seed: int,
    reuse: bool,
    cases,
    out_dir: Path,
    repetitions=None,
    label: str = "",
) -> int:
    tier = TIERS[tier_name]
    if repetitions:
        tier = dataclasses.replace(
            tier, repetitions=repetitions, warmup=min(tier.warmup, repetitions)
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data, load_timings = dataset.ensure(tier, seed, reuse=reuse, out_dir=out_dir)
    setup = {
        "tier": f"{tier.name}, seed {seed}: {tier.companies} companies, "
        f"{tier.contacts} contact persons, {tier.teams} teams, {tier.reps} field reps",
        "rows loaded": ", ".join(f"{t} {n}" for t, n in sorted(data.counts.items())),
        "load": ", ".join(f"{k} {v:.1f} s" for k, v in load_timings.items())
        or "reused from an earlier run",
        "repetitions": f"{tier.warmup} warm-up, {tier.repetitions} measured per case",
    }
    ctx = Context(tier=tier, data=data, out_dir=out_dir)
    results: list[report.Result] = []
    failed = []
    try:
        for name in cases:
            logger.info("case %s", name)
            module = importlib.import_module(f"bench.cases.{name}")
            try:
                results.extend(module.run(ctx))
            except Exception as exc:
                # The other cases' figures are still worth a report; the exit
                # status says the harness is broken.
                logger.exception("case %s failed", name)
                failed.append(name)
                results.append(report.Result(case=name, note=f"FAILED: {exc}"))
    finally:
        ctx.close()
    setup["run time"] = f"{time.perf_counter() - started:.0f} s"

    text = report.document(
        title=f"Benchmark, tier {tier.name}",
        machine=machine(),
        setup=setup,
        results=results,
    )
    name = "-".join(part for part in ("report", tier.name, label) if part)
    path = out_dir / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {path})")
    if failed:
        print(f"bench: cases failed: {', '.join(failed)}")
        return 1
    return 0
