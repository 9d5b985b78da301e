"""Turns simple-history rows into what the history tab shows: who, when, why,
and old → new per field, for a company together with its addresses and people."""

from dataclasses import dataclass, field
from itertools import pairwise

from django.db import models
from django.utils.translation import gettext_lazy as _

from contacts import normalize
from contacts.models import (
    UNTRACKED_FIELDS,
    Address,
    Company,
    ContactPerson,
    person_name,
)
from contacts.reasons import reason_label
from contacts.roles import user_label

PHONE_FIELDS = {"phone", "mobile"}
HIDDEN = {*UNTRACKED_FIELDS, "id", "company"}


@dataclass
class Change:
    label: str
    old: object
    new: object


@dataclass
class Entry:
    when: object
    who: str
    reason: str
    action: str
    subject: str
    changes: list[Change] = field(default_factory=list)


ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}

# Other apps add history rows about a company here (qualification does, from
# its AppConfig.ready), so contacts/ never imports them: `extra_rows` holds
# functions company -> history rows, `subjects` names such rows by model.
extra_rows: list = []
subjects: dict = {}


def _subject(row) -> str:
    model = row.instance_type
    if model is Company:
        return str(_("Company"))
    if model is Address:
        return f"{Address.Kind(row.kind).label}: {row.instance}"
    if model in subjects:
        return subjects[model](row)
    # Built from the history row itself: row.instance would fetch the live row.
    name = person_name(row.academic_title, row.first_name, row.last_name)
    return _("Contact person: %(name)s") % {"name": name}


def _who(user) -> str:
    if user is None:
        return str(_("system"))
    return user_label(user)


def _object_label(obj) -> str:
    return _who(obj) if hasattr(obj, "get_username") else str(obj)


def _display(model, name, value, related):
    if value in (None, ""):
        return None
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(model_field, models.ForeignKey):
        return related.get((model_field.related_model, value), f"#{value}")
    if name in PHONE_FIELDS:
        return normalize.phone_display(value)
    return value


def value_label(model, name, value):
    """How a single field value reads to a person (choices by label, people by name)."""
    model_field = model._meta.get_field(name)
    if (
        isinstance(model_field, models.ForeignKey)
        and value
        and not isinstance(value, models.Model)
    ):
        value = model_field.related_model._default_manager.filter(pk=value).first()
    if isinstance(value, models.Model):
        return _object_label(value)
    return _display(model, name, value, {})


def _related_labels(pairs) -> dict:
    """One query per related model for every foreign key value in the diffs."""
    wanted: dict = {}
    for model, name, value in pairs:
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.ForeignKey) and value:
            wanted.setdefault(model_field.related_model, set()).add(value)
    labels = {}
    for related_model, ids in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=ids):
            labels[(related_model, obj.pk)] = _object_label(obj)
    return labels


def _rows(company: Company):
    yield from Company.history.filter(id=company.pk).select_related("history_user")
    yield from Address.history.filter(company_id=company.pk).select_related(
        "history_user"
    )
    yield from ContactPerson.history.filter(company_id=company.pk).select_related(
        "history_user"
    )
    for rows in extra_rows:
        yield from rows(company)


def company_history(company: Company, *, limit: int = 200) -> list[Entry]:
    # TODO: page through history instead of loading every row once a company
    # collects thousands of changes (the benchmark issue #5 measures this).
    chains: dict = {}
    for row in _rows(company):
        chains.setdefault((row.instance_type, row.id), []).append(row)

    diffs = []
    for (model, _pk), rows in chains.items():
        rows.sort(key=lambda r: (r.history_date, r.history_id))
        first = rows[0]
        created = [
            (f.name, None, getattr(first, f.attname))
            for f in model._meta.fields
            if f.name not in HIDDEN and getattr(first, f.attname) not in (None, "")
        ]
        diffs.append((model, first, created))
        for old, new in pairwise(rows):
            delta = new.diff_against(old, excluded_fields=HIDDEN)
            diffs.append((model, new, [(c.field, c.old, c.new) for c in delta.changes]))

    related = _related_labels(
        (model, name, value)
        for model, _row, changes in diffs
        for name, old, new in changes
        for value in (old, new)
    )
    entries = []
    for model, row, changes in diffs:
        entries.append(
            Entry(
                when=row.history_date,
                who=_who(row.history_user),
                reason=reason_label(row.history_change_reason),
                action=str(ACTIONS.get(row.history_type, row.history_type)),
                subject=_subject(row),
                changes=[
                    Change(
                        label=str(model._meta.get_field(name).verbose_name),
                        old=_display(model, name, old, related),
                        new=_display(model, name, new, related),
                    )
                    for name, old, new in changes
                ],
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
