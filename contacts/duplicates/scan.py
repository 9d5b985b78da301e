"""A scan of the whole address base for possible duplicate pairs.

The scan groups records by each duplicate key in memory (one query per
table, no pairwise comparison across the base) and stores the pairs it
finds as proposals. Decisions people took ("not a duplicate", merged) are
never overwritten, so a pair someone kept apart is not proposed again.
"""

import itertools
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from contacts.duplicates import finding
from contacts.duplicates.models import CompanyPair, PairStatus, PersonPair
from contacts.duplicates.similarity import similarity
from contacts.models import Address, Company, ContactPerson

logger = logging.getLogger(__name__)

# A key shared by more records than this (a group switchboard, a holding's
# domain) says little about any two of them, and pairing them all would
# swamp the list; such groups are skipped and logged.
MAX_GROUP = 25


@dataclass
class ScanResult:
    found: int
    new: int
    dropped: int


def pair_model(record):
    return CompanyPair if isinstance(record, Company) else PersonPair


def pair_decide(
    *, user, records, note: str = "", merged: bool, reasons=(), score: int = 0
):
    """Remember what a person decided about two records: kept apart or merged."""
    first, second = sorted(records, key=lambda record: record.pk)
    model = pair_model(first)
    pair, _created = model.objects.get_or_create(
        first=first,
        second=second,
        defaults={
            "score": score,
            "reasons": list(reasons),
            "newest_at": max(first.created_at, second.created_at),
        },
    )
    pair.status = PairStatus.MERGED if merged else PairStatus.NOT_DUPLICATE
    pair.decided_by = user
    pair.decided_at = timezone.now()
    pair.note = note[: model._meta.get_field("note").max_length]
    pair.save()
    return pair


def pair_propose(*, records, reasons, score: int, note: str = ""):
    """Store an open proposal unless the pair is known already."""
    first, second = sorted(records, key=lambda record: record.pk)
    model = pair_model(first)
    model.objects.get_or_create(
        first=first,
        second=second,
        defaults={
            "score": score,
            "reasons": list(reasons),
            "newest_at": max(first.created_at, second.created_at),
            "note": note[: model._meta.get_field("note").max_length],
        },
    )


def pairs_propose(proposals) -> None:
    """pair_propose() for many (record, candidate) pairs in one INSERT: a
    pair known already stays as it is (the unique pair constraint)."""
    pairs = []
    for record, candidate in proposals:
        first, second = sorted((record, candidate.record), key=lambda r: r.pk)
        pairs.append(
            pair_model(first)(
                first=first,
                second=second,
                score=candidate.score,
                reasons=list(candidate.reasons),
                newest_at=max(first.created_at, second.created_at),
            )
        )
    if pairs:
        type(pairs[0]).objects.bulk_create(pairs, ignore_conflicts=True)


def _pairs_from_groups(groups: dict, reason: str, found: dict) -> None:
    for ids in groups.values():
        ids = sorted(set(ids))
        if len(ids) > MAX_GROUP:
            logger.info("duplicate scan: skipped %s group of %s", reason, len(ids))
            continue
        for pair in itertools.combinations(ids, 2):
            found[pair].add(reason)


def company_pairs() -> dict[tuple[int, int], set[str]]:
    """Every pair of current companies that shares a duplicate key."""
    rows = {
        row[0]: row
        for row in Company.objects.filter(merged_into__isnull=True).values_list(
            "id",
            "name_key",
            "name_sound",
            "phone",
            "email_key",
            "email_domain",
            "website_domain",
            "vat_key",
        )
    }
    groups = defaultdict(lambda: defaultdict(list))
    for pk, _name, _sound, phone, email, domain, website, vat in rows.values():
        if phone.startswith("+"):
            groups[finding.PHONE][phone].append(pk)
        if email:
            groups[finding.EMAIL][email].append(pk)
        if domain and domain not in finding.FREEMAIL_DOMAINS:
            groups[finding.EMAIL_DOMAIN][domain].append(pk)
        if website:
            groups[finding.WEBSITE][website].append(pk)
        if vat:
            groups[finding.VAT][vat].append(pk)

    by_postal = defaultdict(set)
    places = Address.objects.filter(
        valid_until__isnull=True, company__merged_into__isnull=True
    ).values_list("company_id", "postal_code", "city_key")
    for company_id, postal, city in places:
        sound = rows[company_id][2]
        if postal:
            by_postal[postal].add(company_id)
        if sound and postal:
            groups[finding.SOUND_POSTAL][(sound, postal)].append(company_id)
        if sound and city:
            groups[finding.SOUND_CITY][(sound, city)].append(company_id)

    found = defaultdict(set)
    for reason, keyed in groups.items():
        _pairs_from_groups(keyed, reason, found)
    for reasons in found.values():
        # The stronger place reason says it all.
        if finding.SOUND_POSTAL in reasons:
            reasons.discard(finding.SOUND_CITY)
        if finding.EMAIL in reasons:
            reasons.discard(finding.EMAIL_DOMAIN)
    # Names that sound different but are spelt alike (typos) at one postal code.
    # TODO: compare large postal-code groups in the database with pg_trgm once
    # the benchmark (#5) shows groups above MAX_GROUP matter.
    for ids in by_postal.values():
        if len(ids) > MAX_GROUP:
            continue
        for a, b in itertools.combinations(sorted(ids), 2):
            if (a, b) in found and finding.SOUND_POSTAL in found[(a, b)]:
                continue
            if similarity(rows[a][1], rows[b][1]) >= finding.SIMILAR_NAME:
                found[(a, b)].add(finding.SIMILAR_POSTAL)
    return _scored(rows, found)


def _scored(rows, found) -> dict:
    """Pair → (reasons, score); the name key is the second value of each row."""
    return {
        (a, b): (reasons, finding.score(reasons, similarity(rows[a][1], rows[b][1])))
        for (a, b), reasons in found.items()
    }


def person_pairs() -> dict[tuple[int, int], set[str]]:
    rows = {
        row[0]: row
        for row in ContactPerson.objects.filter(
            merged_into__isnull=True, erased_at=None
        ).values_list(
            "id", "name_key", "name_sound", "company_id", "email_key", "phone", "mobile"
        )
    }
    groups = defaultdict(lambda: defaultdict(list))
    for pk, _name, sound, company_id, email, phone, mobile in rows.values():
        if sound:
            groups[finding.SOUND_COMPANY][(company_id, sound)].append(pk)
        if email:
            groups[finding.EMAIL][email].append(pk)
        for number in {phone, mobile}:
            if number.startswith("+"):
                groups[finding.PHONE][number].append(pk)
    found = defaultdict(set)
    for reason, keyed in groups.items():
        _pairs_from_groups(keyed, reason, found)
    return _scored(rows, found)


def _newest(model, ids) -> dict[int, object]:
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "created_at"))


@transaction.atomic
def duplicates_scan(*, kind: str = "company") -> ScanResult:
    """Store every pair found as an open proposal; drop open proposals whose
    reasons are gone; leave decided pairs alone."""
    model, record_model = (
        (CompanyPair, Company) if kind == "company" else (PersonPair, ContactPerson)
    )
    found = company_pairs() if kind == "company" else person_pairs()
    existing = {
        (first, second): (pk, status)
        for pk, first, second, status in model.objects.values_list(
            "pk", "first_id", "second_id", "status"
        )
    }
    created_at = _newest(record_model, {pk for pair in found for pk in pair})
    now = timezone.now()

    new, update = [], []
    for (first, second), (reasons, score) in found.items():
        ordered = sorted(reasons, key=lambda key: -finding._WEIGHTS[key])
        known = existing.get((first, second))
        if known is None:
            new.append(
                model(
                    first_id=first,
                    second_id=second,
                    score=score,
                    reasons=ordered,
                    newest_at=max(created_at[first], created_at[second]),
                    found_at=now,
                )
            )
        elif known[1] == PairStatus.OPEN:
            update.append(
                model(pk=known[0], score=score, reasons=ordered, found_at=now)
            )
    model.objects.bulk_create(new, batch_size=1000)
    model.objects.bulk_update(update, ["score", "reasons", "found_at"], batch_size=1000)
    gone = [
        pk
        for pair, (pk, status) in existing.items()
        if status == PairStatus.OPEN and pair not in found
    ]
    model.objects.filter(pk__in=gone).delete()
    logger.info(
        "duplicate scan %s: %s pairs, %s new, %s dropped",
        kind,
        len(found),
        len(new),
        len(gone),
    )
    return ScanResult(found=len(found), new=len(new), dropped=len(gone))
