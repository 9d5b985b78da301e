"""Writes for contact permissions, objections, restrictions and the
suppression list; every one records history with the acting user."""

import contextlib
import datetime
import functools
import logging
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import audit, normalize, reasons
from contacts.consent.models import Basis, Channel, ContactPermission, Suppression
from contacts.consent.rules import CHOICES
from contacts.models import save_tracked
from contacts.sql import among

logger = logging.getLogger(__name__)

# Dates before this are typing errors (a year 0026 or 1026), not consents.
EARLIEST = datetime.date(1990, 1, 1)

# Permission fields each basis keeps; the others are cleared when it changes.
_DETAILS = {
    Basis.EXPRESS: ("consented_on", "consent_method", "consent_wording"),
    Basis.PRESUMED: ("reason",),
    Basis.EXISTING_CUSTOMER: ("reason",),
    Basis.OBJECTED: ("reason",),
    Basis.NONE: (),
}
_ALL_DETAILS = ("consented_on", "consent_method", "consent_wording", "reason")


def permissions_of(person) -> dict[str, ContactPermission]:
    """One permission per channel, an unsaved "none" where nothing is recorded."""
    stored = {p.channel: p for p in person.permissions.all()}
    return {
        channel: stored.get(channel)
        or ContactPermission(person=person, channel=channel, basis=Basis.NONE)
        for channel in Channel.values
    }


def refuse_restricted(person) -> None:
    if person.restricted_at is not None:
        raise ValidationError(
            _(
                "This contact person's data is restricted (GDPR Art. 18) and "
                "cannot be changed until the data protection officer lifts it."
            )
        )
    if person.erased_at is not None:
        raise ValidationError(_("This contact person's data has been erased."))


def _check(channel: str, basis: str, details: dict) -> None:
    errors = {}
    if basis not in CHOICES[channel] and basis != Basis.OBJECTED:
        errors["basis"] = _("This basis does not apply to this channel.")
    if basis == Basis.EXPRESS:
        if not details.get("consented_on"):
            errors["consented_on"] = _("Say when the consent was given.")
        elif details["consented_on"] > timezone.localdate():
            errors["consented_on"] = _("A consent cannot be given in the future.")
        elif details["consented_on"] < EARLIEST:
            errors["consented_on"] = _("Check the year of this date.")
        if not (details.get("consent_method") or "").strip():
            errors["consent_method"] = _("Say how the consent was given.")
        if not (details.get("consent_wording") or "").strip():
            errors["consent_wording"] = _("Record the wording the person agreed to.")
    needs_reason = basis in (Basis.PRESUMED, Basis.EXISTING_CUSTOMER)
    if needs_reason and not (details.get("reason") or "").strip():
        errors["reason"] = (
            _("Write down why a business call is presumed to be welcome.")
            if basis == Basis.PRESUMED
            else _("Name the sale the e-mail address was obtained with.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def permission_set(
    *, user, person, channel: str, basis: str, **details
) -> ContactPermission:
    refuse_restricted(person)
    _check(channel, basis, details)

    permission = (
        ContactPermission.objects.select_for_update()
        .filter(person=person, channel=channel)
        .first()
    ) or ContactPermission(person=person, channel=channel)
    if permission.basis == Basis.OBJECTED and basis != Basis.EXPRESS:
        # Art. 21: only the person can take an objection back, by consenting.
        raise ValidationError(
            {
                "basis": _(
                    "The person objected. Only their new express consent, with "
                    "date, way and wording, can replace the objection."
                )
            }
        )
    permission.basis = basis
    kept = _DETAILS[basis]
    for name in _ALL_DETAILS:
        default = None if name == "consented_on" else ""
        value = details.get(name, default) if name in kept else default
        setattr(
            permission, name, normalize.tidy(value) if isinstance(value, str) else value
        )
    permission.recorded_by = user
    permission.recorded_at = timezone.now()
    permission.full_clean(exclude=["person"])
    permission._history_user = user
    permission.save()
    return permission


def _email_for_digest(email: str) -> str:
    """One spelling per mailbox: compatibility forms (full-width letters)
    folded, case ignored, an international domain in its ASCII form."""
    email = unicodedata.normalize("NFKC", email).strip().casefold()
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    return f"{local}@{_ascii_domain(domain)}"


@functools.lru_cache(maxsize=1024)
def _ascii_domain(domain: str) -> str:
    """The IDNA form of a domain; an import's persons share few domains, and
    the codec was a third of the suppression check (#5)."""
    # A domain the IDNA codec refuses is kept as typed.
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return domain


def _digests(person) -> list[tuple[str, str]]:
    values = []
    if email := _email_for_digest(person.email):
        values.append((Suppression.Kind.EMAIL, email))
    for number in (person.phone, person.mobile):
        if number[1:].isdigit() and number.startswith("+"):
            # Saved numbers are E.164 already (refresh_keys); parsing them
            # again cost an import a tenth of its time.
            values.append((Suppression.Kind.PHONE, number))
            continue
        if e164 := normalize.phone_e164(number):
            values.append((Suppression.Kind.PHONE, e164))
    return [(kind, Suppression.digest_of(value)) for kind, value in values]


def suppression_add(person, *, cause: str) -> int:
    """Remember the person's e-mail and phone numbers as hashes only."""
    added = 0
    for kind, digest in _digests(person):
        _entry, created = Suppression.objects.get_or_create(
            kind=kind, digest=digest, defaults={"cause": cause}
        )
        added += created
    return added


def _suppressed_among(persons) -> dict:
    """Of these persons, those whose e-mail or a number is on the list, by id:
    one query however many they are."""
    wanted = {}
    for person in persons:
        for key in _digests(person):
            wanted.setdefault(key, []).append(person)
    if not wanted:
        return {}
    found = Suppression.objects.filter(
        among("digest", {digest for _kind, digest in wanted})
    ).values_list("kind", "digest")
    return {person.pk: person for key in found for person in wanted.get(key, [])}


def is_suppressed(person) -> bool:
    return bool(_suppressed_among([person]))


def _object_all(*, user, person, reason: str) -> None:
    stored = {p.channel: p for p in ContactPermission.objects.filter(person=person)}
    for channel in Channel.values:
        permission = stored.get(channel) or ContactPermission(
            person=person, channel=channel
        )
        if permission.basis == Basis.OBJECTED and permission.pk:
            continue
        permission.basis = Basis.OBJECTED
        for name in _ALL_DETAILS:
            setattr(permission, name, None if name == "consented_on" else "")
        permission.reason = reason[:300]
        permission.recorded_by = user
        permission.recorded_at = timezone.now()
        permission._history_user = user
        permission.save()


@transaction.atomic
def person_object(*, user, person, note: str = "") -> None:
    """GDPR Art. 21: every marketing channel objected, and the person's
    e-mail and phones on the suppression list so they stay objected when
    they come back through an import or a form."""
    if person.erased_at is not None:
        raise ValidationError(_("This contact person's data has been erased."))
    reason = _("Objection to direct marketing")
    if note.strip():
        reason = f"{reason}: {normalize.tidy(note)}"
    _object_all(user=user, person=person, reason=reason)
    suppression_add(person, cause=Suppression.Cause.OBJECTION)
    audit.record(
        user, audit.OBJECTION, object_type="contact_person", object_id=person.pk
    )


def apply_suppression_to(*, user, persons) -> set[int]:
    """After persons are created or their e-mail or phone changed: those on
    the suppression list are objected on every channel at once. Returns
    their ids."""
    objected = _suppressed_among(persons)
    for person in objected.values():
        _object_all(
            user=user,
            person=person,
            reason=_("On the suppression list: objected to direct marketing before"),
        )
    if objected:
        logger.info("%s contact persons matched the suppression list", len(objected))
    return set(objected)


def apply_suppression(*, user, person) -> bool:
    return person.pk in apply_suppression_to(user=user, persons=[person])


@transaction.atomic
def person_restrict(*, user, person, reason: str) -> None:
    """GDPR Art. 18: the record stays, out of every list and read-only."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why processing is restricted.")})
    if person.erased_at is not None:
        raise ValidationError(_("This contact person's data has been erased."))
    person.restricted_at = timezone.now()
    person.restriction_reason = normalize.tidy(reason)[:200]
    save_tracked(
        person,
        user=user,
        reason=reasons.with_detail(reasons.RESTRICTED, person.restriction_reason),
    )
    audit.record(
        user,
        audit.RESTRICTION,
        object_type="contact_person",
        object_id=person.pk,
        detail="on",
    )


@transaction.atomic
def person_lift_restriction(*, user, person) -> None:
    person.restricted_at = None
    person.restriction_reason = ""
    save_tracked(person, user=user, reason=reasons.RESTRICTION_LIFTED)
    audit.record(
        user,
        audit.RESTRICTION,
        object_type="contact_person",
        object_id=person.pk,
        detail="off",
    )


_COPIED = ("basis", *_ALL_DETAILS, "recorded_by_id", "recorded_at")


def _as_dict(permission: ContactPermission) -> dict:
    values = {name: getattr(permission, name) for name in _COPIED}
    if values["consented_on"]:
        values["consented_on"] = values["consented_on"].isoformat()
    values["recorded_at"] = values["recorded_at"].isoformat()
    return values


def _set_from(permission: ContactPermission, values: dict) -> None:
    for name in _COPIED:
        setattr(permission, name, values[name])
    if isinstance(permission.consented_on, str):
        permission.consented_on = datetime.date.fromisoformat(permission.consented_on)
    if isinstance(permission.recorded_at, str):
        permission.recorded_at = datetime.datetime.fromisoformat(permission.recorded_at)


def permissions_merge(*, user, survivor, others) -> dict:
    """The survivor's permissions after a merge of records of one person: an
    objection on any record wins; otherwise the survivor's recorded basis, else
    another record's. Returns, per changed channel, the survivor's permission
    before and after, for undo."""
    changed = {}
    records = [survivor, *others]
    stored = {}
    for permission in ContactPermission.objects.filter(person__in=records):
        stored[(permission.person_id, permission.channel)] = permission
    for channel in Channel.values:
        mine = stored.get((survivor.pk, channel))
        candidates = [
            p for r in records if (p := stored.get((r.pk, channel))) is not None
        ]
        chosen = next((p for p in candidates if p.basis == Basis.OBJECTED), None)
        if chosen is None:
            chosen = next((p for p in candidates if p.basis != Basis.NONE), None)
        if chosen is None or chosen is mine:
            continue
        before = _as_dict(mine) if mine else None
        target = mine or ContactPermission(person=survivor, channel=channel)
        _set_from(target, _as_dict(chosen))
        target._history_user = user
        target.save()
        changed[channel] = {"before": before, "after": _as_dict(target)}
    return changed


def permissions_restore(*, user, person, changed: dict) -> None:
    """Undo of permissions_merge for every channel nobody changed since: a
    consent or objection recorded after the merge stays."""
    for channel, values in changed.items():
        current = ContactPermission.objects.filter(
            person=person, channel=channel
        ).first()
        if current is None or _as_dict(current) != values["after"]:
            continue
        current._history_user = user
        if values["before"] is None:
            current.delete()
        else:
            _set_from(current, values["before"])
            current.save()


@transaction.atomic
def persons_mark_informed(*, user, persons, informed_on) -> int:
    """Record that the Art. 14 notice went out; one history row per person."""
    if informed_on > timezone.localdate() or informed_on < EARLIEST:
        raise ValidationError(
            {"informed_on": _("Record the day the person was informed.")}
        )
    marked = 0
    for person in persons:
        refuse_restricted(person)
        if person.informed_on is not None:
            continue
        person.informed_on = informed_on
        save_tracked(person, user=user, reason=reasons.ART14_NOTICE)
        marked += 1
    return marked
