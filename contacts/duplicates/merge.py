"""Merging duplicate records into one, and undoing a merge.

A merge keeps everything: the merged-away records are archived with a
pointer to the survivor (their sources stay with them), their addresses,
people and grants move to the survivor, and a Merge row remembers enough to
put each back. All of it is one transaction whose history rows share the
reason "merge".
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import reasons
from contacts.consent import services as consent
from contacts.duplicates.models import Merge
from contacts.duplicates.scan import pair_decide, pair_model
from contacts.models import (
    Address,
    Company,
    CompanyGroupObjectPermission,
    CompanyUserObjectPermission,
    ContactPerson,
)

COMPANY_FIELDS = [
    "name",
    "legal_form",
    "legal_form_other",
    "status",
    "industry",
    "website",
    "email",
    "phone",
    "vat_id",
    "register_court",
    "register_number",
    "employees",
    "revenue",
    "last_order_date",
    "team",
    "field_rep",
    "verified_at",
    "verified_by",
]
PERSON_FIELDS = [
    "salutation",
    "academic_title",
    "first_name",
    "last_name",
    "job_title",
    "department",
    "authority",
    "email",
    "phone",
    "mobile",
    "source",
]


def _empty(value) -> bool:
    return value is None or value == "" or value == "none"


def default_choices(records, fields) -> dict[str, int]:
    """For each field, the record whose value survives by default: the most
    recently verified one that has a value. Among records equally (or never)
    verified the first one wins, which is the one proposed to stay."""

    def verified(record):
        owner = record.company if isinstance(record, ContactPerson) else record
        return owner.verified_at or datetime.datetime.min.replace(tzinfo=datetime.UTC)

    # sorted() is stable: ties keep the order of `records`.
    by_freshness = sorted(records, key=verified, reverse=True)
    choices = {}
    for name in fields:
        attname = records[0]._meta.get_field(name).attname
        with_value = [r for r in by_freshness if not _empty(getattr(r, attname))]
        choices[name] = (with_value[0] if with_value else records[0]).pk
    return choices


def _json(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if value is not None and not isinstance(value, bool | int | float | str):
        return str(value)
    return value


def _values(record, fields) -> dict:
    return {
        name: _json(getattr(record, record._meta.get_field(name).attname))
        for name in fields
    }


def _restore(record, name: str, stored):
    field = record._meta.get_field(name)
    setattr(record, field.attname, None if stored is None else field.to_python(stored))


def _save(record, *, user, reason: str) -> None:
    from contacts.services import _save as service_save

    service_save(record, user=user, reason=reason)


def _locked(model, ids):
    records = {r.pk: r for r in model.objects.select_for_update().filter(pk__in=ids)}
    return [records[pk] for pk in ids if pk in records]


def _check(survivor, others) -> None:
    if not others:
        raise ValidationError(_("Pick at least two records to merge."))
    if survivor.pk in {other.pk for other in others}:
        raise ValidationError(_("The surviving record cannot also be merged away."))
    if any(record.merged_into_id for record in [survivor, *others]):
        raise ValidationError(_("One of these records has already been merged."))


def _apply_choices(survivor, records, fields, choices) -> dict:
    by_pk = {record.pk: record for record in records}
    for name in fields:
        source = by_pk.get(choices.get(name, survivor.pk), survivor)
        attname = survivor._meta.get_field(name).attname
        setattr(survivor, attname, getattr(source, attname))


def _grant_row(grant) -> dict:
    return {
        field.attname: _json(getattr(grant, field.attname))
        for field in grant._meta.concrete_fields
        if not field.primary_key
    }


def _stamped(record, *, user, reason: str):
    """A grant saved or deleted here gets a history row saying who and why."""
    record._history_user = user
    record._change_reason = reason
    return record


def _move_grants(
    survivor, other, *, grant_model, holder: str, moves: dict, user, reason: str
) -> None:
    held = set(
        grant_model.objects.filter(content_object=survivor).values_list(
            f"{holder}_id", "permission_id"
        )
    )
    for grant in grant_model.objects.filter(content_object=other):
        key = (getattr(grant, f"{holder}_id"), grant.permission_id)
        _stamped(grant, user=user, reason=reason)
        if key in held:
            moves["deleted"].append(_grant_row(grant))
            grant.delete()
        else:
            moves["moved"].append([grant.pk, other.pk])
            grant.content_object = survivor
            grant.save()
            held.add(key)


def _keep_in_sight(survivor, *, team, rep, why: str, created: dict, user) -> None:
    """Whoever saw a merged record (the survivor before the merge included)
    through its team or as its rep keeps seeing it, through a grant."""
    from access.services import grant_create

    # A grant the survivor already had stays as it is (and stays after undo).
    team_held = team is not None and (
        CompanyGroupObjectPermission.objects.filter(
            content_object=survivor, group=team.group_id
        ).exists()
    )
    if team is not None and team.pk != survivor.team_id and not team_held:
        grant = grant_create(granted_by=user, company=survivor, team=team, reason=why)
        created["group"].append(grant.pk)
    rep_held = rep is not None and (
        CompanyUserObjectPermission.objects.filter(
            content_object=survivor, user=rep
        ).exists()
    )
    if rep is not None and rep.pk != survivor.field_rep_id and not rep_held:
        grant = grant_create(granted_by=user, company=survivor, user=rep, reason=why)
        created["user"].append(grant.pk)


def _decide_pairs(survivor, others, *, user, note: str, snapshot: dict) -> None:
    """Mark each pair merged, remembering what it was before for undo."""
    model = pair_model(survivor)
    snapshot["pairs"] = []
    for other in others:
        first, second = sorted((survivor.pk, other.pk))
        before = (
            model.objects.filter(first_id=first, second_id=second)
            .values_list("status", flat=True)
            .first()
        )
        snapshot["pairs"].append([first, second, before])
        pair_decide(user=user, records=(survivor, other), merged=True, note=note)


@transaction.atomic
def company_merge(
    *, user, survivor: Company, others: list[Company], choices: dict, note: str = ""
) -> Merge:
    """Merge `others` into `survivor`, taking each field's value from the
    record `choices[field]` names (by id)."""
    ids = [survivor.pk, *(other.pk for other in others)]
    survivor, *others = _locked(Company, ids)
    _check(survivor, others)
    reason = reasons.with_detail(
        reasons.MERGE, ", ".join(f"#{other.pk}" for other in others)
    )
    today = timezone.localdate()

    snapshot = {
        "fields": _values(survivor, COMPANY_FIELDS),
        "addresses": [],
        "persons": [],
        "user_grants": {"moved": [], "deleted": []},
        "group_grants": {"moved": [], "deleted": []},
        "grants_created": {"user": [], "group": []},
    }
    before_team, before_rep = survivor.team, survivor.field_rep
    _apply_choices(survivor, [survivor, *others], COMPANY_FIELDS, choices)
    survivor.full_clean()
    snapshot["after"] = _values(survivor, COMPANY_FIELDS)
    if snapshot["after"] != snapshot["fields"]:
        _save(survivor, user=user, reason=reason)
    why = _("kept in sight after a merge (%(ids)s)") % {
        "ids": ", ".join(f"#{pk}" for pk in ids)
    }
    _keep_in_sight(
        survivor,
        team=before_team,
        rep=before_rep,
        why=why,
        created=snapshot["grants_created"],
        user=user,
    )

    has_headquarters = survivor.addresses.filter(
        kind=Address.Kind.HEADQUARTERS, valid_until__isnull=True
    ).exists()
    for other in others:
        for address in other.addresses.order_by("id"):
            snapshot["addresses"].append(
                [address.pk, other.pk, _json(address.valid_until)]
            )
            is_headquarters = (
                address.kind == Address.Kind.HEADQUARTERS and address.is_current
            )
            if is_headquarters and has_headquarters:
                # One current headquarters: the survivor's stays, the other
                # becomes a former address of the merged company.
                address.valid_until = max(
                    address.valid_from, today - datetime.timedelta(days=1)
                )
            has_headquarters |= is_headquarters
            address.company = survivor
            _save(address, user=user, reason=reason)
        for person in other.contact_persons.order_by("id"):
            snapshot["persons"].append([person.pk, other.pk])
            person.company = survivor
            _save(person, user=user, reason=reason)
        for grant_model, holder in (
            (CompanyUserObjectPermission, "user"),
            (CompanyGroupObjectPermission, "group"),
        ):
            _move_grants(
                survivor,
                other,
                grant_model=grant_model,
                holder=holder,
                moves=snapshot[f"{holder}_grants"],
                user=user,
                reason=reason,
            )
        _keep_in_sight(
            survivor,
            team=other.team,
            rep=other.field_rep,
            why=why,
            created=snapshot["grants_created"],
            user=user,
        )
        other.merged_into = survivor
        _save(other, user=user, reason=reason)
    _decide_pairs(survivor, others, user=user, note=note, snapshot=snapshot)

    return Merge.objects.create(
        kind=Merge.Kind.COMPANY,
        survivor_id=survivor.pk,
        merged_ids=[other.pk for other in others],
        snapshot=snapshot,
        reason=note[:200],
        done_by=user,
    )


def _undo_check(merge: Merge, survivor) -> None:
    if merge.undone_at:
        raise ValidationError(_("This merge has already been undone."))
    if survivor.merged_into_id:
        raise ValidationError(
            _(
                "The surviving record has since been merged into another one; "
                "undo that merge first."
            )
        )


def _restore_fields(survivor, snapshot) -> bool:
    """Back to the values before the merge, except where someone has changed
    a field since: their later edit stays."""
    changed = False
    for name, before in snapshot["fields"].items():
        now = _values(survivor, [name])[name]
        if now == snapshot["after"][name] and now != before:
            _restore(survivor, name, before)
            changed = True
    return changed


@transaction.atomic
def company_merge_undo(*, user, merge: Merge) -> Company:
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    survivor, *others = _locked(Company, [merge.survivor_id, *merge.merged_ids])
    _undo_check(merge, survivor)
    snapshot = merge.snapshot
    reason = reasons.with_detail(
        reasons.MERGE_UNDONE, ", ".join(f"#{pk}" for pk in merge.merged_ids)
    )

    if _restore_fields(survivor, snapshot):
        _save(survivor, user=user, reason=reason)
    consent.permissions_restore(
        user=user, person=survivor, changed=snapshot.get("permissions", {})
    )
    for other in others:
        other.merged_into = None
        _save(other, user=user, reason=reason)

    for pk, company_id, valid_until in snapshot["addresses"]:
        address = Address.objects.filter(pk=pk, company=survivor).first()
        if address is None:
            continue
        address.company_id = company_id
        address.valid_until = _restored_date(valid_until)
        _save(address, user=user, reason=reason)
    for pk, company_id in snapshot["persons"]:
        person = ContactPerson.objects.filter(pk=pk, company=survivor).first()
        if person is not None:
            person.company_id = company_id
            _save(person, user=user, reason=reason)

    for model, key in (
        (CompanyUserObjectPermission, "user"),
        (CompanyGroupObjectPermission, "group"),
    ):
        moves = snapshot[f"{key}_grants"]
        for grant in model.objects.filter(pk__in=[pk for pk, _id in moves["moved"]]):
            grant.content_object_id = dict(moves["moved"])[grant.pk]
            _stamped(grant, user=user, reason=reason).save()
        for row in moves["deleted"]:
            if not model.objects.filter(**_holding(row)).exists():
                _stamped(model(**row), user=user, reason=reason).save()
        for grant in model.objects.filter(pk__in=snapshot["grants_created"][key]):
            _stamped(grant, user=user, reason=reason).delete()

    _restore_pairs(survivor, snapshot)
    merge.undone_at = timezone.now()
    merge.undone_by = user
    merge.save(update_fields=["undone_at", "undone_by"])
    return survivor


def _holding(row: dict) -> dict:
    """The columns that make a grant the same grant: who, on what, which right."""
    return {
        name: value
        for name, value in row.items()
        if name in ("user_id", "group_id", "content_object_id", "permission_id")
    }


def _restored_date(stored):
    return datetime.date.fromisoformat(stored) if stored else None


def _restore_pairs(survivor, snapshot) -> None:
    """Pairs as they were before the merge: gone if the merge made them."""
    model = pair_model(survivor)
    for first, second, before in snapshot.get("pairs", []):
        pairs = model.objects.filter(first_id=first, second_id=second)
        if before is None:
            pairs.delete()
        else:
            pairs.update(
                status=before,
                **(
                    {"decided_at": None, "decided_by": None} if before == "open" else {}
                ),
            )


@transaction.atomic
def person_merge(
    *,
    user,
    survivor: ContactPerson,
    others: list[ContactPerson],
    choices: dict,
    note: str = "",
) -> Merge:
    """Merge contact persons; each stays on record, archived, with its source,
    and the survivor keeps every objection any of them made (GDPR Art. 21)."""
    ids = [survivor.pk, *(other.pk for other in others)]
    survivor, *others = _locked(ContactPerson, ids)
    _check(survivor, others)
    for record in [survivor, *others]:
        consent.refuse_restricted(record)
    reason = reasons.with_detail(
        reasons.MERGE, ", ".join(f"#{other.pk}" for other in others)
    )
    snapshot = {"fields": _values(survivor, PERSON_FIELDS), "predecessors": []}
    _apply_choices(survivor, [survivor, *others], PERSON_FIELDS, choices)
    survivor.full_clean()
    snapshot["after"] = _values(survivor, PERSON_FIELDS)
    if snapshot["after"] != snapshot["fields"]:
        _save(survivor, user=user, reason=reason)
    snapshot["permissions"] = consent.permissions_merge(
        user=user, survivor=survivor, others=others
    )

    for other in others:
        for predecessor in other.predecessors.all():
            snapshot["predecessors"].append([predecessor.pk, other.pk])
            predecessor.successor = survivor
            _save(predecessor, user=user, reason=reason)
        other.merged_into = survivor
        _save(other, user=user, reason=reason)
    _decide_pairs(survivor, others, user=user, note=note, snapshot=snapshot)

    return Merge.objects.create(
        kind=Merge.Kind.PERSON,
        survivor_id=survivor.pk,
        merged_ids=[other.pk for other in others],
        snapshot=snapshot,
        reason=note[:200],
        done_by=user,
    )


@transaction.atomic
def person_merge_undo(*, user, merge: Merge) -> ContactPerson:
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    survivor, *others = _locked(ContactPerson, [merge.survivor_id, *merge.merged_ids])
    _undo_check(merge, survivor)
    for record in [survivor, *others]:
        consent.refuse_restricted(record)
    reason = reasons.with_detail(
        reasons.MERGE_UNDONE, ", ".join(f"#{pk}" for pk in merge.merged_ids)
    )
    snapshot = merge.snapshot
    if _restore_fields(survivor, snapshot):
        _save(survivor, user=user, reason=reason)
    consent.permissions_restore(
        user=user, person=survivor, changed=snapshot.get("permissions", {})
    )
    for other in others:
        other.merged_into = None
        _save(other, user=user, reason=reason)
    for pk, successor_id in merge.snapshot["predecessors"]:
        predecessor = ContactPerson.objects.filter(pk=pk, successor=survivor).first()
        if predecessor is not None:
            predecessor.successor_id = successor_id
            _save(predecessor, user=user, reason=reason)
    _restore_pairs(survivor, snapshot)
    merge.undone_at = timezone.now()
    merge.undone_by = user
    merge.save(update_fields=["undone_at", "undone_by"])
    return survivor
