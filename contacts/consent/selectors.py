"""Who may be approached on a channel, and why the others are left out."""

import datetime

from django.conf import settings
from django.utils import timezone

from contacts.models import Source


def broker_inform_deadline(person) -> datetime.date | None:
    """The last day to inform a person whose address was bought (Art. 14(3))."""
    if person.source.kind != Source.Kind.ADDRESS_BROKER:
        return None
    obtained = timezone.localdate(person.created_at)
    return obtained + datetime.timedelta(days=settings.BROKER_INFORM_DAYS)


def broker_overdue(person) -> bool:
    deadline = broker_inform_deadline(person)
    return (
        deadline is not None
        and person.informed_on is None
        and deadline < timezone.localdate()
    )
