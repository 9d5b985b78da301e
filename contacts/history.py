"""Turns simple-history rows into what the history tab shows: who, when, why,
and old → new per field, for a company together with its addresses and people."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import models
from django.db.models import F, Q, Window
from django.db.models.functions import Lag
from django.utils.translation import gettext_lazy as _

from contacts import normalize
from contacts.models import (
    UNTRACKED_FIELDS,
    Address,
    Company,
    ContactPermission,
    ContactPerson,
    person_name,
)
from contacts.reasons import reason_label
from contacts.roles import user_label

PHONE_FIELDS = {"phone", "mobile"}
# A permission row names its person and recorder; the entry says both already.
HIDDEN = {*UNTRACKED_FIELDS, "id", "company", "person", "recorded_by", "recorded_at"}


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
    # Where the entry stands in the timeline, for the link to older ones.
    key: "Cursor | None" = None


@dataclass(frozen=True, order=True)
class Cursor:
    """A place in the merged timeline: the entry's (history_date, history_id)
    and which history table it came from. history_id is only unique within
    one table, so two tables can hold the same pair (a merge or a bulk write
    stamps many rows with one time); the table's rank keeps the order total,
    so a page boundary between such rows neither repeats nor skips one."""

    when: datetime
    history_id: int
    rank: int

    def __str__(self) -> str:
        return f"{self.when.isoformat()}~{self.history_id}~{self.rank}"

    @classmethod
    def parse(cls, text) -> "Cursor | None":
        """The cursor in a query string, or None when it is not one of ours:
        a damaged link shows the newest entries instead of failing."""
        try:
            # A "+" of the offset that arrived unencoded reads as a space.
            when, history_id, rank = str(text).replace(" ", "+").split("~")
            when = datetime.fromisoformat(when)
            if when.tzinfo is None:
                return None
            # Normalised here, so a date at the edge of the calendar fails now
            # and not as an overflow inside the query.
            cursor = cls(when.astimezone(UTC), int(history_id), int(rank))
        except (TypeError, ValueError, OverflowError):
            return None
        # Beyond a bigint the database would refuse the parameter.
        if not (0 <= cursor.history_id < 2**63 and 0 <= cursor.rank < 2**15):
            return None
        return cursor

    def older(self, rank: int) -> Q:
        """Rows of the table with this rank that come after the cursor (newest
        first): the same (date, id) counts as older only in a lower-ranked table."""
        same_time = Q(history_date=self.when)
        if rank < self.rank:
            same_time &= Q(history_id__lte=self.history_id)
        else:
            same_time &= Q(history_id__lt=self.history_id)
        return Q(history_date__lt=self.when) | same_time


@dataclass
class HistoryPage:
    entries: list[Entry]
    # The cursor of the last entry shown when there are older ones, else None.
    older: Cursor | None
    # Whether this is the newest page (no cursor was given).
    first: bool


PAGE_SIZE = 50

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# What Address.__str__ reads: street line and place line.
_ADDRESS_LABEL_FIELDS = [
    Address._meta.get_field(name)
    for name in (
        "kind",
        "street",
        "house_number",
        "po_box",
        "postal_code",
        "city",
        "country",
    )
]

# Other apps add history rows about a company here (qualification does, from
# its AppConfig.ready), so contacts/ never imports them: `extra_rows` holds
# functions company -> history querysets, `subjects` names their rows by model.
extra_rows: list = []
subjects: dict = {}


def _subject(row) -> str:
    model = row.instance_type
    if model is Company:
        return str(_("Company"))
    if model is Address:
        # Built from the history row too: row.instance reads the live row's
        # key columns, which history leaves out, one query per entry (#5).
        place = Address(
            **{f.attname: getattr(row, f.attname) for f in _ADDRESS_LABEL_FIELDS}
        )
        return f"{Address.Kind(row.kind).label}: {place}"
    if model in subjects:
        return subjects[model](row)
    if model is ContactPermission:
        channel = ContactPermission._meta.get_field("channel")
        label = dict(channel.choices).get(row.channel, row.channel)
        return str(_("Contact permission: %(channel)s") % {"channel": label})
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


def _without(sources, person_ids) -> list:
    """The sources without rows about these persons (restricted, Art. 18)."""
    if not person_ids:
        return sources
    kept = []
    for rows in sources:
        if rows.model.instance_type is ContactPerson:
            rows = rows.exclude(id__in=person_ids)
        elif any(f.name == "person" for f in rows.model._meta.fields):
            rows = rows.exclude(person_id__in=person_ids)
        kept.append(rows)
    return kept


def _sources(company: Company) -> list:
    """The history querysets that make up a company's history tab."""
    sources = [
        Company.history.filter(id=company.pk),
        Address.history.filter(company_id=company.pk),
        ContactPerson.history.filter(company_id=company.pk),
        ContactPermission.history.filter(
            person_id__in=ContactPerson.objects.filter(company=company).values("pk")
        ),
    ]
    for rows in extra_rows:
        sources.extend(rows(company))
    return sources


def _tracked(model, history_model) -> list:
    """Fields shown in history: the record's own, as its history table has them."""
    stored = {f.attname for f in history_model._meta.fields}
    return [
        f for f in model._meta.fields if f.name not in HIDDEN and f.attname in stored
    ]


def _latest(source, limit: int, older=None) -> list:
    """The newest `limit` rows of one history table (those matching `older`,
    a Q, when paging on), each with the row before it as `before` (None for
    the first on record): one query however long the history is. A window in
    SQL picks the rows; what changed is compared in Python, because a LAG per
    field made Django compile some 150 window expressions for every tab (#5)."""
    previous_id = Window(
        Lag("history_id"),
        partition_by=[F("id")],
        order_by=[F("history_date").asc(), F("history_id").asc()],
    )
    # Filtering before the window is safe: a row's predecessor is older than
    # the row, so it passes the same cursor and LAG still finds it.
    picked = source.filter(older) if older is not None else source
    newest = picked.annotate(before_id=previous_id).order_by(
        "-history_date", "-history_id"
    )[:limit]
    rows = list(
        source.filter(
            Q(history_id__in=newest.values("history_id"))
            | Q(history_id__in=newest.values("before_id"))
        )
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    last: dict = {}
    for row in rows:
        row.before = last.get(row.id)
        last[row.id] = row
    # A row that is only some entry's predecessor is older than every entry.
    return rows[::-1][:limit]


def _changes(row, fields) -> list[tuple]:
    """(field, old, new) for what this row changed; everything set for the
    first row on record."""
    if row.before is None:
        return [
            (f.name, None, getattr(row, f.attname))
            for f in fields
            if getattr(row, f.attname) not in (None, "")
        ]
    return [
        (f.name, old, new)
        for f in fields
        if (old := getattr(row.before, f.attname)) != (new := getattr(row, f.attname))
    ]


def company_history(
    company: Company, *, limit: int = 200, hidden_persons=()
) -> list[Entry]:
    """The newest `limit` entries; older ones are not loaded at all."""
    return _entries(_without(_sources(company), list(hidden_persons)), limit)


def company_history_page(
    company: Company,
    *,
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
    hidden_persons=(),
) -> HistoryPage:
    """`size` entries older than `before` (the newest without it). Diffing and
    rendering 200 entries was most of the long history's 95 ms against the
    60 ms of #5; a page of 50 with a link on keeps the tab's cost flat."""
    sources = _without(_sources(company), list(hidden_persons))
    # One entry more than shown tells whether an older page exists, in the
    # same queries.
    entries = _entries(sources, size + 1, before)
    older = entries[size - 1].key if len(entries) > size else None
    return HistoryPage(entries[:size], older, before is None)


def person_history(person: ContactPerson, *, limit: int = 100) -> list[Entry]:
    """The person's own record and their contact permissions."""
    sources = [
        ContactPerson.history.filter(id=person.pk),
        ContactPermission.history.filter(person_id=person.pk),
    ]
    return _entries(sources, limit)


def _entries(sources, limit: int, before: Cursor | None = None) -> list[Entry]:
    diffs = []
    for rank, source in enumerate(sources):
        model = source.model.instance_type
        fields = _tracked(model, source.model)
        older = before.older(rank) if before is not None else None
        for row in _latest(source, limit, older):
            key = Cursor(row.history_date, row.history_id, rank)
            diffs.append((model, row, _changes(row, fields), key))
    diffs.sort(key=lambda d: d[3], reverse=True)
    diffs = diffs[:limit]

    related = _related_labels(
        (model, name, value)
        for model, _row, changes, _key in diffs
        for name, old, new in changes
        for value in (old, new)
    )
    entries = []
    for model, row, changes, key in diffs:
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
                key=key,
            )
        )
    return entries
