"""Possible duplicates of one company or contact person, with their reasons.

Candidates are found through blocks, each an indexed key that two records of
the same firm or person are likely to share (the sound of the name with the
postal code, the phone number, the e-mail address, …), and ranked by how
alike the names are. A candidate is only ever a proposal: nothing here
changes a record.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from contacts.duplicates.similarity import similarity
from contacts.models import Address, Company, ContactPerson
from contacts.sql import among

SOUND_POSTAL = "sound+postal"
SOUND_CITY = "sound+city"
SIMILAR_POSTAL = "similar+postal"
SOUND_COMPANY = "sound+company"
PHONE = "phone"
EMAIL = "email"
EMAIL_DOMAIN = "email-domain"
WEBSITE = "website"
VAT = "vat"

_LABELS = {
    SOUND_POSTAL: _("same sound of name + same postal code"),
    SOUND_CITY: _("same sound of name + same city"),
    SIMILAR_POSTAL: _("similar name + same postal code"),
    SOUND_COMPANY: _("same sound of surname at the same company"),
    PHONE: _("same phone"),
    EMAIL: _("same e-mail"),
    EMAIL_DOMAIN: _("same e-mail domain"),
    WEBSITE: _("same website"),
    VAT: _("same VAT ID"),
}
# How strongly each reason alone says "same firm", out of 100.
_WEIGHTS = {
    VAT: 95,
    EMAIL: 85,
    PHONE: 75,
    WEBSITE: 70,
    SOUND_POSTAL: 65,
    SOUND_COMPANY: 60,
    SIMILAR_POSTAL: 55,
    SOUND_CITY: 45,
    EMAIL_DOMAIN: 45,
}
# Mail providers that many unrelated firms share; their domain says nothing.
FREEMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "arcor.de",
        "bluewin.ch",
        "freenet.de",
        "gmail.com",
        "gmx.at",
        "gmx.ch",
        "gmx.de",
        "gmx.net",
        "googlemail.com",
        "hotmail.com",
        "hotmail.de",
        "icloud.com",
        "mail.de",
        "online.de",
        "outlook.com",
        "outlook.de",
        "posteo.de",
        "t-online.de",
        "web.de",
        "yahoo.com",
        "yahoo.de",
    }
)
# pg_trgm's default threshold for the % operator, used on both databases.
SIMILAR_NAME = 0.3
MAX_CANDIDATES = 10
# Rows fetched from one block before ranking: enough for any real duplicate,
# bounded so that a common name ("Müller") cannot make the check slow.
_BLOCK_LIMIT = 50


def reason_label(key: str) -> str:
    return str(_LABELS.get(key, key))


def score(reasons, name_similarity: float) -> int:
    """0-100: the reasons combined (each adds its weight to what is left),
    tempered by how alike the names are."""
    missing = 1.0
    for key in reasons:
        missing *= 1 - _WEIGHTS[key] / 100
    return round(100 * (0.75 * (1 - missing) + 0.25 * name_similarity))


@dataclass
class Candidate:
    record: object
    reasons: list[str]
    similarity: float
    score: int = 0
    visible: bool = True
    addresses: list = field(default_factory=list)

    @property
    def reason_labels(self) -> list[str]:
        return [reason_label(key) for key in self.reasons]


@dataclass
class Candidates:
    """What the user may see in full, and those out of their sight, which are
    only ever counted in front of them."""

    visible: list[Candidate]
    hidden: list[Candidate] = field(default_factory=list)

    @property
    def hidden_count(self) -> int:
        return len(self.hidden)

    @property
    def all(self) -> list[Candidate]:
        return [*self.visible, *self.hidden]

    def __bool__(self):
        return bool(self.visible) or self.hidden_count > 0

    def __iter__(self):
        return iter(self.visible)

    def __len__(self):
        return len(self.visible)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _current_addresses(**lookup):
    return Address.objects.filter(
        company_id=OuterRef("pk"), valid_until__isnull=True, **lookup
    )


def company_keys(data: dict, address: dict | None) -> tuple[Company, Address | None]:
    """The keys a company with these values would get when saved."""
    company = Company(**{k: v for k, v in data.items() if k != "source"})
    company.refresh_keys()
    place = None
    if address:
        place = Address(**address)
        place.refresh_keys()
    return company, place


def company_candidates(
    *, user, data: dict, address: dict | None = None, exclude=None
) -> Candidates:
    """Companies that may be the one described by `data` (and its address)."""
    probe, place = company_keys(data, address)
    postal = place.postal_code if place else ""
    city = place.city_key if place else ""

    blocks = Q()
    if probe.name_sound and postal:
        blocks |= Q(name_sound=probe.name_sound) & Exists(
            _current_addresses(postal_code=postal)
        )
    if probe.name_sound and city:
        blocks |= Q(name_sound=probe.name_sound) & Exists(
            _current_addresses(city_key=city)
        )
    if probe.name_key and postal and _postgres():
        blocks |= Q(name_key__trigram_similar=probe.name_key) & Exists(
            _current_addresses(postal_code=postal)
        )
    if probe.phone.startswith("+"):
        blocks |= Q(phone=probe.phone)
    for key in ("email_key", "website_domain", "vat_key"):
        if getattr(probe, key):
            blocks |= Q(**{key: getattr(probe, key)})
    if probe.email_domain and probe.email_domain not in FREEMAIL_DOMAINS:
        blocks |= Q(email_domain=probe.email_domain)

    found = []
    if blocks:
        rows = Company.objects.filter(blocks, merged_into__isnull=True)
        if exclude is not None:
            rows = rows.exclude(pk=exclude.pk)
        if _postgres():
            rows = rows.annotate(
                name_similarity=TrigramSimilarity("name_key", probe.name_key)
            )
        found = list(rows.prefetch_related("addresses")[:_BLOCK_LIMIT])
    if postal and not _postgres():
        found += _similar_at_postal_code(probe, postal, exclude, found)

    candidates = [_company_candidate(probe, postal, city, row) for row in found]
    candidates = [c for c in candidates if c.reasons]
    return _split_by_visibility(candidates, _visible_companies(user))


def _similar_at_postal_code(probe, postal, exclude, found):
    """SQLite's stand-in for the trigram operator: names at the same postal
    code, compared in Python."""
    seen = {row.pk for row in found} | ({exclude.pk} if exclude else set())
    rows = (
        Company.objects.filter(
            Exists(_current_addresses(postal_code=postal)), merged_into__isnull=True
        )
        .exclude(pk__in=seen)
        .prefetch_related("addresses")[: _BLOCK_LIMIT * 10]
    )
    return [
        row for row in rows if similarity(probe.name_key, row.name_key) >= SIMILAR_NAME
    ][:_BLOCK_LIMIT]


def _company_candidate(probe, postal, city, row, current=None) -> Candidate:
    """`current` is the row's current addresses when the caller read them."""
    if current is None:
        current = [a for a in row.addresses.all() if a.is_current]
    name_similarity = _name_similarity(probe, row)
    same_sound = bool(probe.name_sound) and probe.name_sound == row.name_sound
    reasons = []
    if same_sound and postal and any(a.postal_code == postal for a in current):
        reasons.append(SOUND_POSTAL)
    elif same_sound and city and any(a.city_key == city for a in current):
        reasons.append(SOUND_CITY)
    elif (
        postal
        and name_similarity >= SIMILAR_NAME
        and any(a.postal_code == postal for a in current)
    ):
        reasons.append(SIMILAR_POSTAL)
    if probe.phone.startswith("+") and probe.phone == row.phone:
        reasons.append(PHONE)
    if probe.email_key and probe.email_key == row.email_key:
        reasons.append(EMAIL)
    elif (
        probe.email_domain
        and probe.email_domain not in FREEMAIL_DOMAINS
        and probe.email_domain == row.email_domain
    ):
        reasons.append(EMAIL_DOMAIN)
    if probe.website_domain and probe.website_domain == row.website_domain:
        reasons.append(WEBSITE)
    if probe.vat_key and probe.vat_key == row.vat_key:
        reasons.append(VAT)
    return Candidate(
        record=row,
        reasons=reasons,
        similarity=name_similarity,
        score=score(reasons, name_similarity),
        addresses=current,
    )


def _name_similarity(probe, row) -> float:
    """pg_trgm's figure where the database computed it, else the same in Python."""
    figure = getattr(row, "name_similarity", None)
    if figure is None:
        figure = similarity(probe.name_key, row.name_key)
    return round(float(figure), 3)


def _visible_companies(user):
    """Without a user (a command run by an operator) every company counts:
    None, so that no visibility query runs at all."""
    from contacts.selectors import companies_visible_to

    return None if user is None else companies_visible_to(user)


def _split_by_visibility(candidates, visible) -> Candidates:
    candidates.sort(key=lambda c: (-c.score, c.record.pk))
    candidates = candidates[:MAX_CANDIDATES]
    if not candidates:
        return Candidates([])
    if visible is None:
        return Candidates(candidates)
    model = type(candidates[0].record)
    ids = [c.record.pk for c in candidates]
    if model is Company:
        seen = set(visible.filter(pk__in=ids).values_list("pk", flat=True))
    else:
        # A restricted person (Art. 18) still stops a second entry, but is
        # only counted, like a record of another team.
        seen = set(
            model.objects.filter(
                pk__in=ids, company__in=visible.values("pk"), restricted_at__isnull=True
            ).values_list("pk", flat=True)
        )
    return Candidates(
        [c for c in candidates if c.record.pk in seen],
        [c for c in candidates if c.record.pk not in seen],
    )


def person_keys(data: dict, company) -> ContactPerson:
    person = ContactPerson(
        company=company, **{k: v for k, v in data.items() if k != "source"}
    )
    person.refresh_keys()
    return person


def person_candidates(*, user, company, data: dict, exclude=None) -> Candidates:
    """Contact persons who may be the one described by `data` at `company`."""
    probe = person_keys(data, company)
    numbers = [n for n in (probe.phone, probe.mobile) if n.startswith("+")]

    blocks = Q()
    if probe.name_sound:
        blocks |= Q(name_sound=probe.name_sound, company=company)
    if probe.email_key:
        blocks |= Q(email_key=probe.email_key)
    if numbers:
        blocks |= Q(phone__in=numbers) | Q(mobile__in=numbers)
    if not blocks:
        return Candidates([])

    rows = ContactPerson.objects.filter(blocks, merged_into=None, erased_at=None)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    if _postgres():
        rows = rows.annotate(
            name_similarity=TrigramSimilarity("name_key", probe.name_key)
        )
    candidates = []
    for row in rows.select_related("company")[:_BLOCK_LIMIT]:
        reasons = []
        if probe.name_sound == row.name_sound and row.company_id == company.pk:
            reasons.append(SOUND_COMPANY)
        if probe.email_key and probe.email_key == row.email_key:
            reasons.append(EMAIL)
        if set(numbers) & {row.phone, row.mobile}:
            reasons.append(PHONE)
        name_similarity = _name_similarity(probe, row)
        candidates.append(
            Candidate(
                record=row,
                reasons=reasons,
                similarity=name_similarity,
                score=score(reasons, name_similarity),
            )
        )
    return _split_by_visibility(candidates, _visible_companies(user))


def earlier_company_candidates(*, user, probes) -> dict[int, Candidates]:
    """For companies just saved in one batch (an import), each one's possible
    duplicates among the companies saved before it, in a handful of queries
    however large the batch: the same blocks, reasons and scores as
    company_candidates() gives the row that is about to be saved.

    `probes` are (company, current address or None) pairs; the answer is keyed
    by company id. "Before it" is a lower id, so a file's row finds its
    earlier rows as it did when each row was saved on its own.
    """
    probes = [(company, place) for company, place in probes]
    if not probes:
        return {}
    found: dict[int, set[int]] = {company.pk: set() for company, _place in probes}
    figures: dict[tuple[int, int], float] = {}
    _by_own_keys(probes, found)
    _by_sound_and_place(probes, found)
    if _postgres():
        _by_similar_name_at_postal_code(probes, found, figures)
    else:
        _by_similar_name_in_python(probes, found)

    for company_id, ids in found.items():
        ids.discard(company_id)
        # Bounded like one block query, so a common key stays cheap.
        kept = sorted(i for i in ids if i < company_id)[-_BLOCK_LIMIT:]
        found[company_id] = set(kept)
    wanted = set().union(*found.values())
    rows = {
        row.pk: row
        for row in Company.objects.filter(among("pk", wanted), merged_into__isnull=True)
    }
    # The current addresses in one query, not prefetch_related(), which
    # builds a queryset per company: a fifth of this check in an import
    # whose rows each had a candidate (#5).
    current: dict[int, list] = {}
    if rows:
        for address in Address.objects.filter(
            among("company_id", rows),
            valid_until__isnull=True,
        ):
            current.setdefault(address.company_id, []).append(address)
    visible = _visible_companies(user)
    seen = None
    if visible is not None and rows:
        seen = set(visible.filter(pk__in=list(rows)).values_list("pk", flat=True))

    answer = {}
    for company, place in probes:
        postal = place.postal_code if place else ""
        city = place.city_key if place else ""
        candidates = []
        for row_id in found[company.pk]:
            row = rows.get(row_id)
            if row is None:
                continue
            row.name_similarity = figures.get((company.pk, row_id))
            candidate = _company_candidate(
                company, postal, city, row, current.get(row_id, [])
            )
            if candidate.reasons:
                candidates.append(candidate)
        candidates.sort(key=lambda c: (-c.score, c.record.pk))
        candidates = candidates[:MAX_CANDIDATES]
        if seen is None:
            answer[company.pk] = Candidates(candidates)
        else:
            answer[company.pk] = Candidates(
                [c for c in candidates if c.record.pk in seen],
                [c for c in candidates if c.record.pk not in seen],
            )
    for row in rows.values():
        row.name_similarity = None
    return answer


def _match(found, by_key: dict, rows) -> None:
    """Add to each probe the companies whose key equals one of the probe's."""
    for row_id, *keys in rows:
        for key in keys:
            for company_id in by_key.get(key, ()):
                found[company_id].add(row_id)


def _by_own_keys(probes, found) -> None:
    by_key: dict[tuple, list[int]] = {}
    wanted: dict[str, set] = {}

    def want(company_id, name, value):
        by_key.setdefault((name, value), []).append(company_id)
        wanted.setdefault(name, set()).add(value)

    for company, _place in probes:
        if company.phone.startswith("+"):
            want(company.pk, "phone", company.phone)
        for name in ("email_key", "website_domain", "vat_key"):
            if getattr(company, name):
                want(company.pk, name, getattr(company, name))
        domain = company.email_domain
        if domain and domain not in FREEMAIL_DOMAINS:
            want(company.pk, "email_domain", domain)
    if not wanted:
        return
    blocks = Q()
    for name, values in wanted.items():
        blocks |= Q(**{f"{name}__in": sorted(values)})
    names = ["phone", "email_key", "website_domain", "vat_key", "email_domain"]
    rows = Company.objects.filter(blocks, merged_into__isnull=True).values_list(
        "id", *names
    )
    _match(
        found,
        by_key,
        ([row[0], *zip(names, row[1:], strict=True)] for row in rows),
    )


def _by_sound_and_place(probes, found) -> None:
    by_key: dict[tuple, list[int]] = {}
    for company, place in probes:
        if not (company.name_sound and place):
            continue
        if place.postal_code:
            key = ("postal", company.name_sound, place.postal_code)
            by_key.setdefault(key, []).append(company.pk)
        if place.city_key:
            key = ("city", company.name_sound, place.city_key)
            by_key.setdefault(key, []).append(company.pk)
    if not by_key:
        return
    rows = (_sound_place_rows if _postgres() else _sound_place_rows_portable)(by_key)
    _match(
        found,
        by_key,
        (
            (row_id, ("postal", sound, postal), ("city", sound, city))
            for row_id, sound, postal, city in rows
        ),
    )


def _sound_place_rows(by_key) -> list[tuple]:
    """The current addresses whose company sounds like a probe at the probe's
    own postal code or city: the pairs themselves are joined, not every sound
    with every place of the batch, which at 200k companies returned some
    20,000 rows per batch of an import whose names sound alike (#5)."""
    postal = [(sound, place) for kind, sound, place in by_key if kind == "postal"]
    city = [(sound, place) for kind, sound, place in by_key if kind == "city"]
    sounds = sorted({sound for _kind, sound, _place in by_key})
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT DISTINCT c.id, c.name_sound, a.postal_code, a.city_key
            FROM contacts_company c
            JOIN contacts_address a ON a.company_id = c.id AND a.valid_until IS NULL
            WHERE c.name_sound = ANY(%s::text[]) AND c.merged_into_id IS NULL
              AND ((c.name_sound, a.postal_code) IN
                     (SELECT * FROM unnest(%s::text[], %s::text[]))
                   OR (c.name_sound, a.city_key) IN
                     (SELECT * FROM unnest(%s::text[], %s::text[])))
            """,
            [
                sounds,
                [s for s, _p in postal],
                [p for _s, p in postal],
                [s for s, _p in city],
                [p for _s, p in city],
            ],
        )
        return cursor.fetchall()


def _sound_place_rows_portable(by_key) -> list[tuple]:
    """SQLite's version of _sound_place_rows(): every sound with every place,
    which is wider but plain ORM, and SQLite only holds small data sets."""
    sounds = {sound for _kind, sound, _place in by_key}
    postals = {place for kind, _sound, place in by_key if kind == "postal"}
    cities = {place for kind, _sound, place in by_key if kind == "city"}
    return list(
        Address.objects.filter(
            Q(postal_code__in=sorted(postals)) | Q(city_key__in=sorted(cities)),
            valid_until__isnull=True,
            company__name_sound__in=sorted(sounds),
            company__merged_into__isnull=True,
        )
        # Without the model's ordering, whose columns would make DISTINCT
        # keep one row per address.
        .order_by()
        .values_list("company_id", "company__name_sound", "postal_code", "city_key")
        .distinct()
    )


def _by_similar_name_at_postal_code(probes, found, figures) -> None:
    """pg_trgm's % between each probe's name and the names at its postal
    code: the index on the postal code leads, the operator filters."""
    wanted = [
        (company.pk, company.name_key, place.postal_code)
        for company, place in probes
        if place and place.postal_code and company.name_key
    ]
    if not wanted:
        return
    ids, names, postals = (list(column) for column in zip(*wanted, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT probe.id, c.id, similarity(c.name_key, probe.name_key)
            FROM unnest(%s::bigint[], %s::text[], %s::text[])
                 AS probe(id, name_key, postal_code)
            JOIN contacts_address a
              ON a.postal_code = probe.postal_code AND a.valid_until IS NULL
            JOIN contacts_company c ON c.id = a.company_id
            WHERE c.id < probe.id AND c.merged_into_id IS NULL
              AND c.name_key %% probe.name_key
            """,
            [ids, names, postals],
        )
        for company_id, row_id, figure in cursor.fetchall():
            found[company_id].add(row_id)
            figures[(company_id, row_id)] = figure


def _by_similar_name_in_python(probes, found) -> None:
    """SQLite's stand-in for the trigram operator, as _similar_at_postal_code."""
    by_postal: dict[str, list] = {}
    for company, place in probes:
        if place and place.postal_code and company.name_key:
            by_postal.setdefault(place.postal_code, []).append(company)
    if not by_postal:
        return
    rows = (
        Address.objects.filter(
            postal_code__in=sorted(by_postal),
            valid_until__isnull=True,
            company__merged_into__isnull=True,
        )
        .values_list("company_id", "company__name_key", "postal_code")
        .distinct()
    )
    for row_id, name_key, postal in rows:
        for company in by_postal[postal]:
            if similarity(company.name_key, name_key) >= SIMILAR_NAME:
                found[company.pk].add(row_id)
