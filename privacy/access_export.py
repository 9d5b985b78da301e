"""Everything held about one contact person, for an access request (GDPR
Art. 15): one plain dict that the HTML page, the JSON download and the PDF
are all made from, so the three cannot disagree.

Keys are English and stable; values are Python values (dates stay dates)
that DjangoJSONEncoder writes as ISO strings. Choice fields carry their code
and, beside it under `<name>_label`, the text a person reads.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.fields import Country

from contacts import normalize
from contacts.consent.selectors import broker_inform_deadline
from contacts.consent.services import permissions_of
from contacts.history import ACTIONS, PHONE_FIELDS, person_history
from contacts.models import (
    ADDRESS_KEY_FIELDS,
    PERSON_KEY_FIELDS,
    Address,
    ContactPermission,
    ContactPerson,
    Merge,
)
from contacts.reasons import reason_label
from contacts.roles import user_label
from privacy.models import AccessLogEntry, Erasure
from qualification.models import ContactProfile, QualificationCall

FORMAT_VERSION = 1
# Art. 15 asks for all of it; person_history's default limit is for the page.
HISTORY_LIMIT = 100_000


def _plain(value):
    if isinstance(value, Country):
        return value.code or ""
    if isinstance(value, Promise):
        return str(value)
    return value


def _record(obj, *, exclude=(), labels: bool = True) -> dict:
    """The object's stored columns by name: foreign keys as `<name>_id`,
    except users, who are named (the colleague who recorded or changed
    something is part of the answer, their id is not)."""
    user_model = get_user_model()
    record = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.attname in exclude:
            continue
        if isinstance(field, models.ForeignKey) and field.related_model is user_model:
            user = getattr(obj, field.name) if getattr(obj, field.attname) else None
            record[field.name] = user_label(user) if user else None
            continue
        value = _plain(getattr(obj, field.attname))
        record[field.attname] = value
        if labels and field.choices:
            record[f"{field.name}_label"] = str(
                dict(field.flatchoices).get(value, value)
            )
    return record


def _history_rows(table: str, rows, *users: str) -> dict:
    """The history table's rows as stored, oldest first: the readable diff
    above them is derived from these."""
    rows = rows.select_related("history_user", *users)
    return {
        "table": table,
        "rows": [
            _record(row, labels=False)
            for row in rows.order_by("history_date", "history_id")
        ],
    }


def _person_ids_merged_with(person) -> set[int]:
    """The survivors this person was ever merged into, read from the person's
    own history: an undone merge clears merged_into, its history row stays."""
    survivors = (
        ContactPerson.history.filter(id=person.pk, merged_into_id__isnull=False)
        .values_list("merged_into_id", flat=True)
        .distinct()
    )
    return {person.pk, *survivors}


def _merges(person) -> list[dict]:
    candidates = Merge.objects.filter(
        kind=Merge.Kind.PERSON, survivor_id__in=_person_ids_merged_with(person)
    ).select_related("done_by", "undone_by")
    return [
        {
            **_record(merge, labels=False),
            "role": "survivor" if merge.survivor_id == person.pk else "merged",
        }
        for merge in candidates.order_by("done_at", "id")
        if merge.survivor_id == person.pk or person.pk in merge.merged_ids
    ]


def _permission(permission) -> dict:
    record = _record(permission, exclude=("id", "person"))
    record["recorded"] = permission.pk is not None
    if not record["recorded"]:
        # An unsaved "none" stands for "nothing recorded"; its default time
        # would read as if someone had recorded it just now.
        record["recorded_at"] = None
    return record


def _calls(person) -> list[dict]:
    confirmed = set(
        QualificationCall.objects.filter(confirmed_persons=person).values_list(
            "pk", flat=True
        )
    )
    calls = (
        QualificationCall.objects.filter(Q(reached=person) | Q(pk__in=confirmed))
        .select_related("called_by")
        .order_by("-called_at", "-id")
    )
    return [
        {
            **_record(call),
            "reached_person": call.reached_id == person.pk,
            "confirmed_person": call.pk in confirmed,
        }
        for call in calls
    ]


def _profile(person) -> dict | None:
    profile = ContactProfile.objects.filter(person=person).first()
    if profile is None:
        return None
    return _record(profile, exclude=("person", "version"))


def _history(person) -> list[dict]:
    return [
        {
            "when": entry.when,
            "who": entry.who,
            "action": entry.action,
            "subject": str(entry.subject),
            "reason": str(entry.reason),
            "changes": [
                {"label": str(c.label), "old": _plain(c.old), "new": _plain(c.new)}
                for c in entry.changes
            ],
        }
        for entry in person_history(person, limit=HISTORY_LIMIT)
    ]


def _access_log(person) -> list[dict]:
    entries = AccessLogEntry.objects.filter(
        object_type="contact_person", object_id=person.pk
    ).select_related("user")
    return [
        {
            "at": entry.at,
            "user": user_label(entry.user) if entry.user else None,
            "action": entry.action,
            "action_label": entry.get_action_display(),
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "detail": entry.detail,
        }
        for entry in entries.order_by("-at", "-id")
    ]


def person_access_export(*, person: ContactPerson) -> dict:
    company = person.company
    source = person.source
    addresses = company.addresses.filter(valid_until__isnull=True).order_by(
        Address.kind_order(), "id"
    )
    permissions = permissions_of(person)
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "person_id": person.pk,
        "person": _record(
            person,
            exclude=(
                *PERSON_KEY_FIELDS,
                "restricted_at",
                "restriction_reason",
                "erased_at",
            ),
        ),
        "state": {
            "restricted": person.is_restricted,
            "restricted_at": person.restricted_at,
            "restriction_reason": person.restriction_reason,
            "erased": person.is_erased,
            "erased_at": person.erased_at,
            "merged_into_id": person.merged_into_id,
            "erasures": [
                _record(erasure, exclude=("id",))
                for erasure in Erasure.objects.filter(person_id=person.pk)
            ],
        },
        "company": {
            "id": company.pk,
            "name": company.display_name,
            "addresses": [
                {
                    "text": str(address),
                    **_record(address, exclude=(*ADDRESS_KEY_FIELDS, "company")),
                }
                for address in addresses
            ],
        },
        "source": {
            **_record(source, exclude=("created_at",)),
            "informed_on": person.informed_on,
            "inform_deadline": broker_inform_deadline(person),
        },
        "permissions": [_permission(permission) for permission in permissions.values()],
        "history": _history(person),
        "history_rows": [
            _history_rows("contact_person", ContactPerson.history.filter(id=person.pk)),
            _history_rows(
                "contact_permission",
                ContactPermission.history.filter(person_id=person.pk),
                "recorded_by",
            ),
            _history_rows(
                "contact_profile", ContactProfile.history.filter(person_id=person.pk)
            ),
        ],
        "qualification": {
            "profile": _profile(person),
            "calls": _calls(person),
            "merges": _merges(person),
        },
        "access_log": _access_log(person),
    }


def display(value) -> str:
    """A value as the HTML page and the PDF show it, in the active language."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, datetime.time):
        return formats.time_format(value, "H:i")
    if isinstance(value, Decimal | float):
        return formats.localize(value)
    if isinstance(value, list | tuple):
        return ", ".join(display(item) for item in value)
    return str(value)


# Left out of the readable page and the PDF, which show them in their own
# sections or, for an address, as its one-line form; the JSON keeps them.
PERSON_SHOWN = {"company_id", "source_id"}
ADDRESS_SHOWN = {"id", "version", "street", "house_number", "postal_code", "city"}

# Keys of the export that are no model field of their own.
EXTRA_LABELS = {
    "informed_on": gettext_lazy("informed on (Art. 14)"),
    "inform_deadline": gettext_lazy("to be informed by (Art. 14)"),
    "text": gettext_lazy("address"),
}

TABLE_LABELS = {
    "contact_person": gettext_lazy("Contact person"),
    "contact_permission": gettext_lazy("Contact permissions"),
    "contact_profile": gettext_lazy("Contact qualification"),
}


def raw_history(data: dict) -> list[dict]:
    """The stored history rows as lines to read: who, when, why, and every
    stored value of that version."""
    tables = []
    for table in data["history_rows"]:
        rows = [
            {
                "when": row["history_date"],
                "type": str(ACTIONS.get(row["history_type"], row["history_type"])),
                "who": row["history_user"] or "",
                "reason": reason_label(row["history_change_reason"]),
                "values": "; ".join(
                    f"{key}: {display(value)}"
                    for key, value in row.items()
                    if not key.startswith("history_") and value not in (None, "")
                ),
            }
            for row in table["rows"]
        ]
        tables.append({"label": str(TABLE_LABELS[table["table"]]), "rows": rows})
    return tables


def labelled(model, record: dict, *, skip=()) -> list[tuple[str, str]]:
    """(field label, shown value) for a record made by this module, the
    choice label in place of the code."""
    rows = []
    fields = {f.attname: f for f in model._meta.concrete_fields}
    fields |= {f.name: f for f in model._meta.concrete_fields}
    for key, value in record.items():
        if key in skip or (key.endswith("_label") and key[: -len("_label")] in fields):
            continue
        field = fields.get(key)
        if field is not None:
            label = str(field.verbose_name)
        else:
            label = str(EXTRA_LABELS.get(key, key.replace("_", " ")))
        shown = record.get(f"{field.name}_label", value) if field else value
        if key in PHONE_FIELDS and value:
            shown = normalize.phone_display(value)
        rows.append((label[:1].upper() + label[1:], display(shown)))
    return rows
