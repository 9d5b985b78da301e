"""Where product parts plug into the benchmark.

Duplicate check (issue #3): `duplicate_check()` returns the function the
case times per candidate (p50/p95, queries) and scores for recall on the
planted pairs (bench/planted.py). It calls the product's own
`contacts.duplicates.finding.person_candidates`, as a save would.

Derived columns: rows go into the database by COPY, past `save()`, so
`derive_keys()` fills the search and duplicate keys the way
`refresh_keys()` does on a save. Phones are left as generated: the
candidates carry no phone, and parsing a million numbers would double the
load time.
"""

import importlib


class NotWired(Exception):
    """Kept for the case's contract: a hook that is not wired raises it."""


def duplicate_check():
    try:
        importlib.import_module("contacts.duplicates.finding")
    except ImportError:
        return None
    return _check


def _check(candidate: dict) -> set[int]:
    """Ids of the existing contact persons flagged as possible duplicates of
    `candidate` (a person about to be saved at company `company_id`)."""
    from contacts.duplicates import finding
    from contacts.models import Company

    found = finding.person_candidates(
        user=None,
        company=Company(pk=candidate["company_id"]),
        data={
            "first_name": candidate["first_name"],
            "last_name": candidate["last_name"],
            "email": candidate["email"],
        },
    )
    return {c.record.pk for c in found.all}


def derive_keys(model, row: dict) -> None:
    """Fill the key columns of one COPY row as refresh_keys() would."""
    from contacts import normalize
    from contacts.models import Address, Company, ContactPerson, person_name

    if model is ContactPerson:
        name = person_name(row.get("first_name", ""), row.get("last_name", ""))
        row["name_key"] = normalize.search_fold(name)[:250]
        row["name_sound"] = normalize.name_sound(row.get("last_name", ""))[:100]
        row["email_key"] = (row.get("email") or "").strip().casefold()
    elif model is Company:
        name = normalize.tidy(row.get("name", ""))
        email = row.get("email") or ""
        row["name_key"] = normalize.search_fold(name)[:200]
        row["name_sound"] = normalize.name_sound(name)[:100]
        row["email_key"] = email.strip().casefold()
        row["email_domain"] = normalize.email_domain(email)
        row["website_domain"] = normalize.website_domain(row.get("website") or "")
    elif model is Address:
        row["street_key"] = normalize.street_fold(row.get("street", ""))[:200]
        row["city_key"] = normalize.search_fold(row.get("city", ""))[:120]


def after_load() -> None:
    """Runs after COPY and before ANALYZE."""
