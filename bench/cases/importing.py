"""Importing an address list through the real importer, in a process of its
own for its peak memory; the floor is COPY of the same rows."""

import csv
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import time

from django.db import connection, transaction
from django.db.models import Max
from faker import Faker

from bench.cases.context import Context
from bench.load import CopySink
from bench.report import Result
from contacts.demo.builder import ascii_fold
from contacts.duplicates.models import CompanyPair
from contacts.models import Address, Company, ContactPerson, Source

logger = logging.getLogger(__name__)

CASE = "import of a {rows}-row list"
TARGET = "≤ 60 s per 100k rows, peak ≤ 1 GB"
HEADINGS = [
    "Firma",
    "Straße",
    "PLZ",
    "Ort",
    "Vorname",
    "Nachname",
    "E-Mail",
    "Telefon",
    "Funktion",
]
FORMS = ["GmbH", "GmbH & Co. KG", "AG", "KG", "e.K.", "UG (haftungsbeschränkt)"]
# Rows with a fault the importer must reject with a reason (about 1 %).
BAD_SHARE = 0.01


def write_list(path, rows: int, seed: int) -> list[list[str]]:
    """A German trade-fair list: about two people per company, a few bad rows."""
    rng = random.Random(seed)
    fake = Faker("de_DE")
    fake.seed_instance(seed)
    last_names = sorted({fake.last_name() for _ in range(2000)})
    first_names = sorted({fake.first_name() for _ in range(800)})
    streets = sorted({fake.street_name() for _ in range(800)})
    cities = sorted({fake.city() for _ in range(400)})
    lines = []
    company = None
    for number in range(rows):
        if company is None or rng.random() < 0.5:
            owner = rng.choice(last_names)
            company = [
                f"{owner} Import {number} {rng.choice(FORMS)}",
                f"{rng.choice(streets)} {rng.randint(1, 120)}",
                f"{rng.randint(1067, 99998):05d}",
                rng.choice(cities),
            ]
        first, last = rng.choice(first_names), rng.choice(last_names)
        email = f"{ascii_fold(first)}.{ascii_fold(last)}@example.de"
        line = [
            *company,
            first,
            last,
            email,
            f"0{rng.randint(30, 999)} {rng.randint(10000, 999999)}",
            "Einkauf",
        ]
        if rng.random() < BAD_SHARE:
            line[6] = "kein-at-zeichen"
        lines.append(line)
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(HEADINGS)
        writer.writerows(lines)
    return lines


class ImportTooSlow(Exception):
    def __init__(self, seconds: float, progress: str):
        super().__init__(progress)
        self.seconds = seconds
        self.progress = progress


def _probe(ctx: Context, path) -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.import_probe",
        str(path),
        str(ctx.data.inside_sales[0]),
    ]
    # Forty times the target's pace; slower than that is a finding, not a wait.
    timeout = max(120, ctx.tier.import_rows * 60 * 40 // 100_000)
    with tempfile.TemporaryFile("w+") as errors:
        try:
            completed = subprocess.run(
                command,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                timeout=timeout,
                env=os.environ.copy(),
            )
        except subprocess.TimeoutExpired:
            errors.seek(0)
            progress = [line for line in errors if line.startswith("import:")]
            raise ImportTooSlow(
                timeout, progress[-1].strip() if progress else ""
            ) from None
        errors.seek(0)
        if completed.returncode != 0:
            raise RuntimeError(f"import probe failed:\n{errors.read()[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _copy_floor(lines: list[list[str]], user_id: int) -> float:
    """COPY the rows an import of these lines writes, then roll them back."""
    started = time.perf_counter()
    with transaction.atomic():
        top = {
            model: model.objects.aggregate(top=Max("id"))["top"] or 0
            for model in (Company, Address, ContactPerson)
        }
        sink = CopySink()
        history = dict.fromkeys((Company, Address, ContactPerson), 0)
        for model in history:
            history[model] = (
                model.history.model.objects.aggregate(top=Max("history_id"))["top"] or 0
            )
        seen: dict = {}

        def add(model, row):
            sink.add(model, row)
            history[model] += 1
            sink.add(
                model.history.model,
                {
                    **row,
                    "history_id": history[model],
                    "history_type": "+",
                    "history_date": row.get("created_at"),
                    "history_user_id": user_id,
                    "history_change_reason": "import",
                },
            )

        from django.utils import timezone

        now = timezone.now()
        for line in lines:
            name = line[0]
            if name not in seen:
                top[Company] += 1
                seen[name] = top[Company]
                add(
                    Company,
                    {
                        "id": top[Company],
                        "name": name,
                        "source_id": 1,
                        "created_at": now,
                        "updated_at": now,
                    },
                )
                top[Address] += 1
                street, _sep, number = line[1].rpartition(" ")
                add(
                    Address,
                    {
                        "id": top[Address],
                        "company_id": seen[name],
                        "street": street,
                        "house_number": number,
                        "postal_code": line[2],
                        "city": line[3],
                        "created_at": now,
                    },
                )
            top[ContactPerson] += 1
            add(
                ContactPerson,
                {
                    "id": top[ContactPerson],
                    "company_id": seen[name],
                    "first_name": line[4],
                    "last_name": line[5],
                    "email": line[6],
                    "phone": line[7],
                    "job_title": line[8],
                    "source_id": 1,
                    "created_at": now,
                    "updated_at": now,
                },
            )
        sink.copy_all()
        transaction.set_rollback(True)
    return time.perf_counter() - started


def _vacuum() -> None:
    """The dry run and the floor roll back: their dead rows stay in the tables
    and the trigram indexes until autovacuum comes, and made the next floor,
    the next import and the duplicate checks several times slower."""
    tables = [
        model._meta.db_table
        for model in (Company, Address, ContactPerson, CompanyPair, Source)
    ] + [
        model.history.model._meta.db_table
        for model in (Company, Address, ContactPerson)
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")


def run(ctx: Context) -> list[Result]:
    rows = ctx.tier.import_rows
    path = ctx.out_dir / f"import-{ctx.tier.name}.csv"
    lines = write_list(path, rows, seed=rows)
    case = CASE.format(rows=f"{rows:,}".replace(",", " "))
    try:
        outcome = _probe(ctx, path)
    except ImportTooSlow as exc:
        return [
            Result(
                case=case,
                p50=exc.seconds,
                p95=exc.seconds,
                unit="s",
                target=TARGET,
                met=False,
                note=f"stopped after {exc.seconds:.0f} s, unfinished ({exc.progress})",
            )
        ]
    _vacuum()
    floor = _copy_floor(lines, ctx.data.inside_sales[0])
    _vacuum()
    seconds = outcome["seconds"]
    rate = outcome["rows"] / seconds if seconds else 0
    # The target is for 100,000 rows; smaller tiers are held to the same pace.
    target_seconds = 60 * rows / 100_000
    return [
        Result(
            case=case,
            p50=seconds,
            p95=seconds,
            unit="s",
            queries=outcome["queries"],
            rows_written=outcome["rows_written"],
            floor="COPY of the same rows",
            floor_p50=floor,
            floor_p95=floor,
            target=TARGET,
            met=seconds <= target_seconds and outcome["peak_rss_mib"] <= 1024,
            note=(
                f"one run (dry run: every write, then rolled back); {rate:.0f} rows/s, "
                f"{outcome['imported']} imported, {outcome['rejected']} rejected, "
                f"{outcome['history_rows']} history rows, peak memory "
                f"{outcome['peak_rss_mib']:.0f} MiB "
                f"(at start {outcome['baseline_rss_mib']:.0f} MiB)"
            ),
        )
    ]
