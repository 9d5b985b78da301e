"""Reads for the data protection officer's pages; callers check the role
first (privacy.roles.ensure_dpo), since these see every company."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from contacts.models import ContactPerson
from contacts.normalize import search_fold
from privacy.models import AccessLogEntry, Erasure

SEARCH_LIMIT = 50


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def access_log(
    *,
    user=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    action: str = "",
) -> QuerySet[AccessLogEntry]:
    """Entries newest first; both dates count whole days in the local time
    zone. A range on `at` rather than `at__date`, so the (user, at) index
    serves "what did user U do between two dates"."""
    entries = AccessLogEntry.objects.select_related("user")
    if user is not None:
        entries = entries.filter(user=user)
    if date_from is not None:
        entries = entries.filter(at__gte=_day_start(date_from))
    if date_to is not None:
        entries = entries.filter(
            at__lt=_day_start(date_to + datetime.timedelta(days=1))
        )
    if action:
        entries = entries.filter(action=action)
    return entries.order_by("-at", "-id")


def log_users() -> QuerySet:
    """Everyone who can appear in the log, deactivated accounts included:
    the question may be about someone who has left."""
    return get_user_model().objects.order_by("last_name", "first_name", "username")


def person_search(query: str, *, limit: int = SEARCH_LIMIT) -> list[ContactPerson]:
    """Persons of every company by (part of) the name or the e-mail address,
    restricted, erased and merged ones included: an access request may be
    about any of them."""
    query = query.replace("\x00", "").strip()
    if not query:
        return []
    rule = Q(name_key__contains=search_fold(query)) | Q(
        email_key__contains=query.casefold()
    )
    persons = (
        ContactPerson.objects.filter(rule)
        .select_related("company")
        .order_by("name_key", "id")
    )
    return list(persons[:limit])


def restricted_persons() -> QuerySet[ContactPerson]:
    return (
        ContactPerson.objects.filter(restricted_at__isnull=False)
        .select_related("company")
        .order_by("-restricted_at", "id")
    )


def erasure_count() -> int:
    return Erasure.objects.count()


def person_for_dpo(pk) -> ContactPerson:
    """Any contact person, restricted or erased ones too; the caller has
    checked the role."""
    person = (
        ContactPerson.objects.select_related("company", "source").filter(pk=pk).first()
    )
    if person is None:
        raise Http404
    return person
