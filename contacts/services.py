"""Every write to the address base goes through these functions.

Each runs in a transaction, saves every changed object exactly once (so
exactly one history row per changed object), and stamps that row with the
acting user and a reason.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import reasons
from contacts.consent import services as consent
from contacts.duplicates import finding as duplicates
from contacts.models import (
    UNTRACKED_FIELDS,
    Address,
    Company,
    ContactPerson,
    Source,
    save_tracked,
)
from contacts.selectors import team_for_address
from contacts.validators import forbidden_character_error


@dataclass(frozen=True)
class Conflict:
    field: str
    label: str
    yours: object
    theirs: object


def _comparable(value):
    """Model instances compare by primary key, whatever object carries them."""
    return value.pk if isinstance(value, models.Model) else value


def _stored(record, name: str):
    """A field's value on a live or historical row, foreign keys as their id."""
    return getattr(record, record._meta.get_field(name).attname)


def _differences(base, current) -> list[Conflict]:
    """What the other save changed, field by field (old value as `yours`)."""
    return [
        Conflict(
            field=field.name,
            label=str(field.verbose_name),
            yours=getattr(base, field.attname),
            theirs=getattr(current, field.attname),
        )
        for field in current._meta.concrete_fields
        if field.name not in {*UNTRACKED_FIELDS, "id"}
        and getattr(base, field.attname) != getattr(current, field.attname)
    ]


class PossibleDuplicates(Exception):
    """Records that may be the one being saved; nothing was written.

    Saving anyway takes a reason (`duplicate_reason`), which goes into the
    history row and onto the proposals left on the duplicates page.
    `reason_error` says why a reason given to save anyway was not taken.
    """

    def __init__(self, candidates, *, reason_error: str | None = None):
        super().__init__("possible duplicates found")
        self.candidates = candidates
        self.reason_error = reason_error


class StaleEditError(Exception):
    """Someone saved the record after the form was opened; nothing was written.

    Knowing the version the form was opened at, it tells apart what the user
    changed (`yours`) from what the other save changed, and lists as conflicts
    only the fields both changed to different values.
    """

    def __init__(self, current, data: dict, base=None):
        super().__init__("record changed since the form was opened")
        self.current = current
        self.yours = {
            name: value
            for name, value in data.items()
            if base is None or _comparable(value) != _stored(base, name)
        }
        self.conflicts = [
            Conflict(
                field=name,
                label=str(current._meta.get_field(name).verbose_name),
                yours=value,
                theirs=getattr(current, name),
            )
            for name, value in self.yours.items()
            if _comparable(value) != _stored(current, name)
            and (base is None or _stored(current, name) != _stored(base, name))
        ]
        self.their_changes = [] if base is None else _differences(base, current)
        last = current.history.order_by("-history_date", "-history_id").first()
        self.changed_by = last.history_user if last else None
        self.changed_at = last.history_date if last else None


_save = save_tracked


def _apply(obj, data: dict) -> list[str]:
    """Set the given fields; return the names of those whose value changed."""
    changed = []
    for field, value in data.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed


def _locked_current(obj, expected_version: int | None, data: dict):
    """Re-read the row under a lock and refuse the edit if its version moved on."""
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and current.version != expected_version:
        base = (
            current.history.filter(version=expected_version)
            .order_by("-history_date", "-history_id")
            .first()
        )
        raise StaleEditError(current, data, base)
    return current


def _update(obj, *, user, data: dict, expected_version: int | None, reason: str):
    current = _locked_current(obj, expected_version, data)
    if _apply(current, data):
        current.full_clean()
        _save(current, user=user, reason=reason)
    return current


def source_get_or_create(
    *,
    kind: str,
    name: str,
    date=None,
    notes="",
    licence_reference: str = "",
    licence_expires_on=None,
) -> Source:
    source = Source.objects.filter(kind=kind, name=name, date=date).first()
    if source is not None and licence_reference and not source.licence_reference:
        # A broker list recorded before licences were asked for gets its
        # licence now instead of being silently reused without one.
        source.licence_reference = licence_reference
        source.licence_expires_on = licence_expires_on
        source.full_clean()
        source.save(update_fields=["licence_reference", "licence_expires_on"])
    if source is None:
        source = Source(
            kind=kind,
            name=name,
            date=date,
            notes=notes,
            licence_reference=licence_reference,
            licence_expires_on=licence_expires_on,
        )
        source.full_clean()
        source.save()
    return source


def _check_duplicates(find, duplicate_reason: str | None):
    """The candidates found; PossibleDuplicates unless a usable reason was given."""
    candidates = find()
    if not candidates:
        return []
    if duplicate_reason is None:
        raise PossibleDuplicates(candidates)
    if not duplicate_reason.strip():
        raise PossibleDuplicates(
            candidates, reason_error=_("Say why this is not a duplicate.")
        )
    if error := forbidden_character_error(duplicate_reason):
        raise PossibleDuplicates(candidates, reason_error=error)
    return candidates.all


def _remember_kept_apart(record, candidates, *, user, note: str) -> None:
    """Saved anyway: the pairs stay on the duplicates page, with the reason
    given, until someone marks them "not a duplicate" or merges them."""
    from contacts.duplicates.scan import pair_propose

    for candidate in candidates:
        pair_propose(
            records=(record, candidate.record),
            reasons=candidate.reasons,
            score=candidate.score,
            note=note,
        )


@transaction.atomic
def company_create(
    *,
    user,
    data: dict,
    address: dict | None = None,
    reason: str = reasons.CREATED,
    check_duplicates: bool = True,
    duplicate_reason: str | None = None,
) -> Company:
    """Create a company, and with it its first address when one is given.

    A company without a team falls into the team whose territory holds that
    address (postal-code prefix in Germany, else the country). Possible
    duplicates stop the save unless a reason to save anyway is given.
    """
    candidates = []
    if check_duplicates:
        candidates = _check_duplicates(
            lambda: duplicates.company_candidates(
                user=user, data=data, address=address
            ),
            duplicate_reason,
        )
        if candidates:
            reason = reasons.with_detail(reasons.DESPITE_DUPLICATE, duplicate_reason)
    company = Company(**data)
    if company.team_id is None and address:
        company.team = team_for_address(
            address.get("country"), address.get("postal_code") or ""
        )
    company.full_clean()
    _save(company, user=user, reason=reason)
    if address:
        address_create(user=user, company=company, data=address, reason=reason)
    _remember_kept_apart(company, candidates, user=user, note=duplicate_reason or "")
    return company


# A change to any of these can make a record the twin of another one.
_COMPANY_KEY_SOURCES = {"name", "phone", "email", "website", "vat_id"}
_PERSON_KEY_SOURCES = {"first_name", "last_name", "email", "phone", "mobile"}


def _key_sources_changed(record, data: dict, names: set[str]) -> bool:
    """Compared with the saved row: a model form has already put the new
    values on the instance it was given."""
    wanted = [name for name in names if name in data]
    if not wanted:
        return False
    saved = type(record).objects.filter(pk=record.pk).values(*wanted).first() or {}
    return any(saved.get(name) != data[name] for name in wanted)


@transaction.atomic
def company_update(
    *,
    user,
    company: Company,
    data: dict,
    expected_version: int | None = None,
    reason: str = reasons.MANUAL_EDIT,
    check_duplicates: bool = True,
    duplicate_reason: str | None = None,
) -> Company:
    _refuse_merged(company)
    candidates = []
    if check_duplicates and _key_sources_changed(company, data, _COMPANY_KEY_SOURCES):
        address = (
            company.addresses.filter(valid_until__isnull=True)
            .order_by(Address.kind_order(), "id")
            .first()
        )
        candidates = _check_duplicates(
            lambda: duplicates.company_candidates(
                user=user,
                data={**_field_values(company), **data},
                address=address and _field_values(address),
                exclude=company,
            ),
            duplicate_reason,
        )
        if candidates:
            reason = reasons.with_detail(reasons.DESPITE_DUPLICATE, duplicate_reason)
    company = _update(
        company, user=user, data=data, expected_version=expected_version, reason=reason
    )
    _remember_kept_apart(company, candidates, user=user, note=duplicate_reason or "")
    return company


def _field_values(record) -> dict:
    """The editable values of a record, as a service's `data` would carry them."""
    return {
        field.name: getattr(record, field.name)
        for field in record._meta.concrete_fields
        if field.editable and not field.primary_key and not field.is_relation
    }


def _refuse_merged(record) -> None:
    if record.merged_into_id:
        raise ValidationError(
            _("This record was merged into another one; change that one instead.")
        )


@transaction.atomic
def address_create(
    *, user, company: Company, data: dict, reason: str = reasons.CREATED
) -> Address:
    _refuse_merged(company)
    address = Address(company=company, **data)
    address.full_clean()
    _save(address, user=user, reason=reason)
    return address


@transaction.atomic
def address_correct(
    *,
    user,
    address: Address,
    data: dict,
    expected_version: int | None = None,
    reason: str = reasons.CORRECTION,
) -> Address:
    """Fix a typo or a renamed street in place: same address, new values."""
    current = _locked_current(address, expected_version, data)
    if _apply(current, data):
        # Only a real change is a correction; resaving the same values is not.
        current.change_reason = Address.Reason.CORRECTION
        current.full_clean()
        _save(current, user=user, reason=reason)
    return current


@transaction.atomic
def address_move(
    *,
    user,
    address: Address,
    data: dict,
    moved_on: datetime.date,
    expected_version: int | None = None,
    reason: str = reasons.MOVE,
) -> Address:
    """End the old address the day before the move and start a new one.

    The old address stays on record as a former address of the company.
    """
    old = _locked_current(address, expected_version, {})
    if old.valid_until is not None:
        raise ValidationError(_("A former address cannot move again."))
    if moved_on > timezone.localdate():
        raise ValidationError(
            {"moved_on": _("Record a move on or after the day it happens.")}
        )
    if moved_on <= old.valid_from:
        raise ValidationError(
            {
                "moved_on": _(
                    "The move must be later than the day the old address became valid."
                )
            }
        )

    new = Address(
        company_id=old.company_id,
        kind=old.kind,
        valid_from=moved_on,
        change_reason=Address.Reason.MOVE,
        **data,
    )
    old.valid_until = moved_on - datetime.timedelta(days=1)
    _save(old, user=user, reason=reason)
    # Checked after the old one ended, so it is no second current headquarters;
    # a refusal here rolls both back.
    new.full_clean()
    _save(new, user=user, reason=reason)
    return new


@transaction.atomic
def contact_person_create(
    *,
    user,
    company: Company,
    data: dict,
    reason: str = reasons.CREATED,
    check_duplicates: bool = True,
    duplicate_reason: str | None = None,
) -> ContactPerson:
    _refuse_merged(company)
    candidates = []
    if check_duplicates:
        candidates = _check_duplicates(
            lambda: duplicates.person_candidates(user=user, company=company, data=data),
            duplicate_reason,
        )
        if candidates:
            reason = reasons.with_detail(reasons.DESPITE_DUPLICATE, duplicate_reason)
    person = ContactPerson(company=company, **data)
    person.full_clean()
    _save(person, user=user, reason=reason)
    _remember_kept_apart(person, candidates, user=user, note=duplicate_reason or "")
    person.suppressed = consent.apply_suppression(user=user, person=person)
    return person


@transaction.atomic
def contact_person_update(
    *,
    user,
    person: ContactPerson,
    data: dict,
    expected_version: int | None = None,
    reason: str = reasons.MANUAL_EDIT,
    check_duplicates: bool = True,
    duplicate_reason: str | None = None,
) -> ContactPerson:
    _refuse_merged(person)
    consent.refuse_restricted(person)
    candidates = []
    if check_duplicates and _key_sources_changed(person, data, _PERSON_KEY_SOURCES):
        candidates = _check_duplicates(
            lambda: duplicates.person_candidates(
                user=user,
                company=person.company,
                data={**_field_values(person), **data},
                exclude=person,
            ),
            duplicate_reason,
        )
        if candidates:
            reason = reasons.with_detail(reasons.DESPITE_DUPLICATE, duplicate_reason)
    reachable_before = (person.email, person.phone, person.mobile)
    person = _update(
        person, user=user, data=data, expected_version=expected_version, reason=reason
    )
    _remember_kept_apart(person, candidates, user=user, note=duplicate_reason or "")
    person.suppressed = False
    if (person.email, person.phone, person.mobile) != reachable_before:
        person.suppressed = consent.apply_suppression(user=user, person=person)
    return person


@transaction.atomic
def contact_person_leave(
    *,
    user,
    person: ContactPerson,
    left_on: datetime.date,
    successor: ContactPerson | None = None,
    expected_version: int | None = None,
    reason: str = reasons.CONTACT_LEFT,
) -> ContactPerson:
    """Mark a person as gone; they stay on record as a former contact."""
    current = _locked_current(person, expected_version, {})
    _refuse_merged(current)
    consent.refuse_restricted(current)
    if left_on > timezone.localdate():
        raise ValidationError(
            {"left_on": _("Record a departure on or after the day it happens.")}
        )
    if successor is not None and (
        successor.pk == current.pk or successor.company_id != current.company_id
    ):
        raise ValidationError(
            {
                "successor": _(
                    "The successor must be another person of the same company."
                )
            }
        )
    current.left_on = left_on
    current.successor = successor
    current.full_clean()
    _save(current, user=user, reason=reason)
    return current


# SQLite allows 999 parameters per statement in older builds; PostgreSQL
# takes more, but batches this size keep every statement small on both.
_REASSIGN_BATCH = 900


def history_rows_create(*, model, ids, user, reason: str, when, kind: str) -> None:
    """One history row per record, copied from the live rows in one INSERT …
    SELECT: for bulk writes, where a history model instance per record costs
    more than the write itself (#5). `kind` is simple-history's "+" or "~"."""
    if not ids:
        return
    history = model.history.model
    live = {f.column for f in model._meta.concrete_fields}
    columns = [
        f.column
        for f in history._meta.concrete_fields
        if f.column in live and f.column != "history_id"
    ]
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    ids = list(ids)
    # One array parameter on PostgreSQL (see contacts.sql.among), so one
    # statement for all; elsewhere batches within SQLite's parameter limit.
    postgres = connection.vendor == "postgresql"
    step = len(ids) if postgres else _REASSIGN_BATCH
    for start in range(0, len(ids), step):
        batch = ids[start : start + step]
        if postgres:
            where, params = "id = ANY(%s)", [batch]
        else:
            where, params = f"id IN ({', '.join(['%s'] * len(batch))})", batch
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({names}, "
                "history_date, history_type, history_user_id, "
                f"history_change_reason) SELECT {names}, %s, %s, %s, %s "
                f"FROM {quote(model._meta.db_table)} WHERE {where}",
                [when, kind, user.pk if user else None, reason[:100], *params],
            )


@transaction.atomic
def companies_reassign(
    *, user, company_ids, team, reason: str = reasons.TEAM_REASSIGNED
) -> int:
    """Move many companies to `team` in a few set-based statements: one UPDATE
    and one INSERT … SELECT of history rows per batch, however many companies.

    Each moved company gets exactly one history row with user and reason, and
    its version goes up so that open edit forms notice. Returns how many moved.
    """
    moving = list(
        Company.objects.select_for_update()
        .filter(pk__in=list(company_ids), merged_into__isnull=True)
        .exclude(team=team)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    for start in range(0, len(moving), _REASSIGN_BATCH):
        batch = moving[start : start + _REASSIGN_BATCH]
        Company.objects.filter(pk__in=batch).update(
            team=team, version=models.F("version") + 1, updated_at=now
        )
        history_rows_create(
            model=Company, ids=batch, user=user, reason=reason, when=now, kind="~"
        )
    return len(moving)
