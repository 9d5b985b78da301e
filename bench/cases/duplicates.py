"""The duplicate check for one new contact person, with recall on the
planted pairs; n/a until contacts.duplicates exists (see bench/hooks.py)."""

import time

from bench import hooks
from bench.cases.context import Context
from bench.measure import counting_sql, percentile
from bench.report import Result
from contacts.models import ContactPerson

CASE = "duplicate check for one new contact"
TARGET = "p95 ≤ 10 ms, recall ≥ 0.95"
# Every person of the company: what any check has to look at, by index.
FLOOR = """
    SELECT id, first_name, last_name, email FROM contacts_contactperson
    WHERE company_id = %s
"""


def candidates(ctx: Context) -> list[tuple[dict, int]]:
    """(the planted duplicate's data as a new contact, the original's id)."""
    pairs = [pair for pair in ctx.data.pairs if pair.model == "contact"]
    people = ContactPerson.objects.select_related("company").in_bulk(
        [pair.duplicate for pair in pairs]
    )
    result = []
    for pair in pairs:
        person = people[pair.duplicate]
        address = person.company.addresses.filter(valid_until__isnull=True).first()
        result.append(
            (
                {
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "email": person.email,
                    "company_id": person.company_id,
                    "company_name": person.company.name,
                    "postal_code": address.postal_code if address else "",
                    "city": address.city if address else "",
                },
                pair.original,
            )
        )
    return result


def run(ctx: Context) -> list[Result]:
    check = hooks.duplicate_check()
    if check is None:
        return [Result.not_available(CASE, "not built yet", TARGET)]
    probes = candidates(ctx)
    try:
        check(probes[0][0])
    except hooks.NotWired as exc:
        return [Result.not_available(CASE, str(exc), TARGET)]

    seconds, found, queries = [], 0, 0
    for candidate, original in probes:
        with counting_sql() as count:
            started = time.perf_counter()
            matches = check(candidate)
            seconds.append(time.perf_counter() - started)
        queries = max(queries, count.queries)
        found += original in matches
    floor = []
    for candidate, _original in probes:
        started = time.perf_counter()
        ctx.sql.execute(FLOOR, [candidate["company_id"]]).fetchall()
        floor.append(time.perf_counter() - started)

    recall = found / len(probes)
    p95 = percentile(seconds, 0.95) * 1000
    return [
        Result(
            case=CASE,
            p50=percentile(seconds, 0.5) * 1000,
            p95=p95,
            queries=queries,
            rows_written=0,
            floor="persons of the company by index",
            floor_p50=percentile(floor, 0.5) * 1000,
            floor_p95=percentile(floor, 0.95) * 1000,
            target=TARGET,
            met=p95 <= 10 and recall >= 0.95,
            note=f"recall {recall:.3f} on {len(probes)} planted pairs",
        )
    ]
