"""GDPR Art. 17: erase a contact person's personal data everywhere it is held.

The live record keeps what the company's business needs (company, source,
dates, the left-on date and successor link) and loses who the person was. Every
history row of the person is rewritten in place: a history table that still
held the old values would be a readable copy of what was erased. Free text
written about the company (call notes, handover briefs, duplicate notes, merge
snapshots) loses every mention of the person. What stays is the Erasure
tombstone and a suppression entry, neither of which says who it was.
"""

import logging
import re
from collections import Counter

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import audit, normalize, reasons
from contacts.consent.models import ContactPermission, Suppression
from contacts.consent.services import suppression_add
from contacts.duplicates.models import CompanyPair, Merge, PersonPair
from contacts.models import ContactPerson, Source, person_name
from contacts.validators import forbidden_character
from privacy.models import Erasure
from qualification.models import (
    Assessment,
    CompanyProfile,
    ContactProfile,
    Handover,
    QualificationCall,
)

logger = logging.getLogger(__name__)

# Stored, not translated: data must read the same whatever language the
# eraser used (the detail page shows an "erased" badge in the user's language).
PLACEHOLDER = "[gelöscht]"

# What the person's live record and every one of their history rows get.
# informed_on stays: the date the person was told (Art. 14) identifies nobody
# once the name is gone, and it is the controller's proof of having informed
# them (Art. 5(2)). Authority goes with job title and department: "the
# purchaser of a ten-person firm" can point to one human being.
ERASED_PERSON = {
    "salutation": ContactPerson.Salutation.NONE,
    "academic_title": "",
    "first_name": "",
    "last_name": PLACEHOLDER,
    "job_title": "",
    "department": "",
    "authority": "",
    "email": "",
    "phone": "",
    "mobile": "",
    "restriction_reason": "",
}
# Basis, dates and who recorded them stay: they show that contact was lawful.
# A text that was there becomes the placeholder rather than empty, so the
# page says "given on 20 April, [gelöscht]" instead of looking unrecorded.
ERASED_PERMISSION = ["consent_method", "consent_wording", "reason"]
# Budget, signing limit and reach window describe a role, not a person; the
# free text may say anything about them.
ERASED_PROFILE = {"preferences": "", "language": ""}

# Free text about the company that may mention the person, per model.
_MENTION_FIELDS = {
    QualificationCall: ["notes"],
    Handover: ["brief", "outcome_note", "reject_reason"],
    CompanyProfile: ["need_description", "recommendation"],
    Assessment: ["override_reason"],
}

_MAX_REFERENCE = Erasure._meta.get_field("request_reference").max_length
# What people type between the digits of a phone number.
_SEP = r"[\s\-/.()]*"


def checked_reference(value: str) -> str:
    reference = normalize.tidy(value or "")
    if "\x00" in reference or forbidden_character(reference):
        raise ValidationError(
            {
                "request_reference": _(
                    "The request reference contains a control character; "
                    "please retype it."
                )
            }
        )
    if not reference:
        raise ValidationError(
            {
                "request_reference": _(
                    "Give the reference of the erasure request (ticket or letter)."
                )
            }
        )
    if len(reference) > _MAX_REFERENCE:
        raise ValidationError(
            {
                "request_reference": _(
                    "The request reference may have at most %(max)s characters."
                )
                % {"max": _MAX_REFERENCE}
            }
        )
    return reference


def _check_person(person: ContactPerson) -> None:
    if person.erased_at is not None:
        raise ValidationError(_("This contact person's data has already been erased."))
    if person.merged_into_id is not None:
        raise ValidationError(
            _(
                "This record was merged into contact person #%(id)s; erase that "
                "record, which erases this one with it."
            )
            % {"id": person.merged_into_id}
        )


def _merged_ids(person: ContactPerson) -> list[int]:
    """The person and every record merged into them, however deep: a merge
    says they are one person, so an erasure takes all of them."""
    ids = [person.pk]
    frontier = ids
    while frontier:
        frontier = list(
            ContactPerson.objects.filter(merged_into__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids = ids + frontier
    return ids


def merge_group(person: ContactPerson) -> list[ContactPerson]:
    """The person first, then the records merged into them, all locked."""
    locked = ContactPerson.objects.select_for_update().filter(
        pk__in=_merged_ids(person)
    )
    return sorted(locked, key=lambda record: record.pk != person.pk)


def _phone_pattern(stored: str) -> str | None:
    """The number however it is likely typed: "+49 30 1234567",
    "0049 (0)30 123 45 67", "030/1234567"."""
    try:
        number = phonenumbers.parse(stored, "DE")
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", stored)
        # Fewer digits than that match too much unrelated text.
        return _SEP.join(digits) if len(digits) >= 6 else None
    country = re.escape(str(number.country_code))
    prefix = rf"(?:(?:\+|00){country}{_SEP}(?:\(0\){_SEP})?|0{_SEP})?"
    return rf"(?<!\d){prefix}{_SEP.join(str(number.national_number))}(?!\d)"


# The values that say who a person is, as free text may quote them.
IDENTIFYING = ["academic_title", "first_name", "last_name", "email", "phone", "mobile"]


def identities(records) -> dict[int, list[dict]]:
    """Who each record was, now and in every history row: a note may still
    use a surname or e-mail address that was corrected since."""
    found = {r.pk: [{name: getattr(r, name) for name in IDENTIFYING}] for r in records}
    rows = (
        ContactPerson.history.filter(id__in=list(found))
        .values("id", *IDENTIFYING)
        .distinct()
    )
    for row in rows:
        found[row.pop("id")].append(row)
    return found


def mention_pattern(values) -> re.Pattern | None:
    """A pattern for the names, e-mail addresses and phone numbers in
    `values`, longest names first so "Petra Maier" goes as a whole."""
    names, others = set(), set()
    for value in values:
        first, last = value["first_name"], value["last_name"]
        for name in (
            person_name(value["academic_title"], first, last),
            person_name(first, last),
            last,
        ):
            if name.strip() and name != PLACEHOLDER:
                names.add(name.strip())
        if value["email"]:
            others.add(re.escape(value["email"]))
        for number in (value["phone"], value["mobile"]):
            if number and (pattern := _phone_pattern(number)):
                others.add(pattern)
    alternatives = [
        # A genitive or possessive ending belongs to the name ("Maiers Wunsch").
        r"(?<!\w)"
        + r"\s+".join(re.escape(part) for part in name.split())
        + r"(?:s|'s|’s|')?(?!\w)"
        for name in sorted(names, key=len, reverse=True)
    ]
    alternatives += sorted(others, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _scrub(text, pattern):
    if not text or pattern is None:
        return text
    return pattern.sub(PLACEHOLDER, text)


def _scrub_rows(queryset, fields, pattern, *, live=False, changed_text=None) -> int:
    """Replace mentions in `fields` of each row; rows are updated without a
    save, so no history row with the old text is written on the way.
    `changed_text` hears the old text of each row that changed."""
    # A live versioned record gets a new version, so that an edit form opened
    # before the erasure cannot save the old text back.
    bump = live and any(f.name == "version" for f in queryset.model._meta.fields)
    loaded = ["pk", *fields, *(["version"] if bump else [])]
    changed = []
    for row in queryset.only(*loaded):
        before = [getattr(row, name) for name in fields]
        after = [_scrub(value, pattern) for value in before]
        if after != before:
            if changed_text is not None:
                changed_text(" ".join(value or "" for value in before))
            for name, value in zip(fields, after, strict=True):
                setattr(row, name, value)
            if bump:
                row.version += 1
            changed.append(row)
    if changed:
        queryset.model.objects.bulk_update(
            changed, [*fields, *(["version"] if bump else [])], batch_size=500
        )
    return len(changed)


def _strip_reason_details(history_rows) -> None:
    """Change reasons may carry typed detail ("saved despite possible
    duplicate: …"); keep the kind of change, drop the detail."""
    stored = (
        history_rows.filter(history_change_reason__contains=": ")
        .values_list("history_change_reason", flat=True)
        .distinct()
    )
    for reason in list(stored):
        history_rows.filter(history_change_reason=reason).update(
            history_change_reason=reason.partition(": ")[0]
        )


def _erase_live(records, *, user, now) -> None:
    for record in records:
        for name, value in ERASED_PERSON.items():
            setattr(record, name, value)
        record.erased_at = now
        record.version += 1
        record.updated_at = now
        record._history_user = user
        record._change_reason = reasons.ERASURE
        record.save()
    ids = [record.pk for record in records]
    tracked = [
        (ContactPermission.objects.filter(person_id__in=ids), _permission_erased),
        (ContactProfile.objects.filter(person_id__in=ids), _profile_erased),
    ]
    for rows, erased in tracked:
        for row in rows:
            after = erased(row)
            if all(getattr(row, name) == value for name, value in after.items()):
                continue
            for name, value in after.items():
                setattr(row, name, value)
            row._history_user = user
            row._change_reason = reasons.ERASURE
            row.save()


def _permission_erased(row) -> dict:
    return {
        name: PLACEHOLDER if getattr(row, name) else "" for name in ERASED_PERMISSION
    }


def _profile_erased(row) -> dict:
    return dict(ERASED_PROFILE)


def _erase_history(ids) -> Counter:
    """Every history row of the records, set-based: an UPDATE or three per
    table however many records. Returns the rows per record id."""
    tables = [
        (ContactPerson.history.filter(id__in=ids), "id"),
        (ContactProfile.history.filter(person_id__in=ids), "person_id"),
        (ContactPermission.history.filter(person_id__in=ids), "person_id"),
    ]
    counts = Counter()
    for rows, owner in tables:
        for pk, number in (
            rows.values(owner).annotate(n=Count("pk")).values_list(owner, "n")
        ):
            counts[pk] += number
    people, profiles, permissions = (rows for rows, _owner in tables)
    people.update(**ERASED_PERSON)
    profiles.update(**ERASED_PROFILE)
    for name in ERASED_PERMISSION:
        permissions.exclude(**{name: ""}).update(**{name: PLACEHOLDER})
    for rows, _owner in tables:
        _strip_reason_details(rows)
    return counts


def _erase_mentions(records, known, pattern, patterns) -> Counter:
    """Mentions of any of the records, in one pass over their companies'
    texts; each history row rewritten counts for the erasure (by root id in
    `patterns`) whose person it mentioned."""
    ids = [record.pk for record in records]
    company_ids = {record.company_id for record in records}
    company_ids |= set(
        QualificationCall.objects.filter(reached_id__in=ids).values_list(
            "company_id", flat=True
        )
    )
    history_rows = Counter()

    def count(text):
        for root, own in patterns.items():
            if own is not None and own.search(text):
                history_rows[root] += 1

    for model, fields in _MENTION_FIELDS.items():
        _scrub_rows(
            model.objects.filter(company_id__in=company_ids), fields, pattern, live=True
        )
        if history := getattr(model, "history", None):
            _scrub_rows(
                history.filter(company_id__in=company_ids),
                fields,
                pattern,
                changed_text=count,
            )
    _scrub_rows(
        Source.objects.filter(contact_persons__in=ids).distinct(), ["notes"], pattern
    )
    PersonPair.objects.filter(Q(first_id__in=ids) | Q(second_id__in=ids)).exclude(
        note=""
    ).update(note="")
    _scrub_rows(
        CompanyPair.objects.filter(
            Q(first_id__in=company_ids) | Q(second_id__in=company_ids)
        ).exclude(note=""),
        ["note"],
        pattern,
    )
    _erase_merges(ids, known, pattern)
    return history_rows


def _erase_merges(ids, known, pattern) -> None:
    """Merge snapshots keep field values for undo; those of the erased
    records become the erased values. An undone merge may name the person
    as a merged-away record, so those are looked through as well."""
    ids = set(ids)
    # In another person's snapshot only values that identify are replaced:
    # a salutation or job title shared with the erased person is no trace.
    erased_values = {}
    for value in (value for values in known.values() for value in values):
        for name in IDENTIFYING:
            if value[name]:
                erased_values.setdefault(name, set()).add(value[name].casefold())
    merges = Merge.objects.filter(kind=Merge.Kind.PERSON).filter(
        Q(survivor_id__in=ids) | Q(undone_at__isnull=False)
    )
    for merge in merges:
        if merge.survivor_id not in ids and not ids & set(merge.merged_ids):
            continue
        for key in ("fields", "after"):
            values = merge.snapshot.get(key) or {}
            for name, value in values.items():
                if name not in ERASED_PERSON:
                    continue
                ours = merge.survivor_id in ids
                if ours or str(value).casefold() in erased_values.get(name, ()):
                    values[name] = ERASED_PERSON[name]
        merge.reason = _scrub(merge.reason, pattern)
        merge.save(update_fields=["snapshot", "reason"])


def _erase_batch(*, user, persons, reference: str, now) -> list[Erasure]:
    groups = {}
    for person in persons:
        if person.pk not in groups:
            records = merge_group(person)
            _check_person(records[0])
            groups[person.pk] = records
    every = [record for records in groups.values() for record in records]
    known = identities(every)
    patterns = {
        root: mention_pattern(v for r in records for v in known[r.pk])
        for root, records in groups.items()
    }
    pattern = mention_pattern(v for values in known.values() for v in values)

    # The tombstone and the suppression entry come first: both need the
    # values (the suppression its hashes) that the next steps remove.
    erasures = [
        Erasure.objects.create(
            person_id=root,
            company_id=records[0].company_id,
            erased_at=now,
            erased_by=user,
            request_reference=reference,
        )
        for root, records in groups.items()
    ]
    for record in every:
        suppression_add(record, cause=Suppression.Cause.ERASURE)

    # Mentions before the live records: they are found by their values.
    mention_rows = _erase_mentions(every, known, pattern, patterns)
    _erase_live(every, user=user, now=now)
    own_rows = _erase_history([record.pk for record in every])

    for erasure in erasures:
        records = groups[erasure.person_id]
        erasure.history_rows = mention_rows[erasure.person_id] + sum(
            own_rows[record.pk] for record in records
        )
        audit.record(
            user,
            audit.ERASURE,
            object_type="contact_person",
            object_id=erasure.person_id,
        )
    Erasure.objects.bulk_update(erasures, ["history_rows"])
    return erasures


@transaction.atomic
def person_erase(*, user, person: ContactPerson, request_reference: str) -> Erasure:
    reference = checked_reference(request_reference)
    _check_person(person)
    (erasure,) = _erase_batch(
        user=user, persons=[person], reference=reference, now=timezone.now()
    )
    return erasure


@transaction.atomic
def persons_erase(*, user, persons, request_reference: str) -> list[Erasure]:
    """Several persons under one request (the retention report): one
    transaction, so either all of them are erased or none, and the
    set-based steps run once for all of them."""
    reference = checked_reference(request_reference)
    erasures = _erase_batch(
        user=user, persons=persons, reference=reference, now=timezone.now()
    )
    logger.info("erased %s contact persons", len(erasures))
    return erasures


def erasure_preview(person: ContactPerson) -> dict:
    """What an erasure of `person` would reach, as counts for the DPO."""
    records = sorted(
        ContactPerson.objects.filter(pk__in=_merged_ids(person)),
        key=lambda record: record.pk != person.pk,
    )
    ids = [record.pk for record in records]
    pattern = mention_pattern(
        value for values in identities(records).values() for value in values
    )
    company_ids = {record.company_id for record in records}
    mentions = 0
    for model, fields in _MENTION_FIELDS.items():
        for row in model.objects.filter(company_id__in=company_ids).only(*fields):
            mentions += any(
                pattern and pattern.search(getattr(row, name) or "") for name in fields
            )
    return {
        "merged_records": len(records) - 1,
        "history_rows": ContactPerson.history.filter(id__in=ids).count()
        + ContactPermission.history.filter(person_id__in=ids).count()
        + ContactProfile.history.filter(person_id__in=ids).count(),
        "permissions": ContactPermission.objects.filter(person_id__in=ids).count(),
        "mentions": mentions,
    }
