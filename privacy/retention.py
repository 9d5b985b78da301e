"""Retention: contact persons nobody has worked with for a number of years.

GDPR Art. 5(1)(e): personal data is kept no longer than it is needed. A person
counts as active while anything recent speaks for the contact: the record was
created or edited (the contact qualification included), a contact permission
was recorded, a call reached them, or their company is a customer that ordered
recently. Restricted persons are left out: a restriction (Art. 18) is exactly
the case where the data must be kept.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, DateField, F, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.consent.models import ContactPermission
from contacts.models import Company, ContactPerson
from privacy.erasure import persons_erase
from qualification.models import QualificationCall

# The report page shows (and erases) at most this many at once; the rest
# follow on the next run, which keeps one request's transaction bounded.
PAGE_LIMIT = 500

ACTIVITY_LABELS = {
    "created_at": _("recorded"),
    "updated_at": _("record edited"),
    "profile_at": _("qualification edited"),
    "permission_at": _("contact permission recorded"),
    "call_at": _("reached by a call"),
    "order_on": _("company's last order"),
}


@dataclass
class Inactive:
    person: ContactPerson
    last_activity: datetime.date
    activity: str

    @property
    def activity_label(self) -> str:
        return str(ACTIVITY_LABELS[self.activity])


def cutoff_for(*, years: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February, in a year without one
        return today.replace(year=today.year - years, day=28)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def inactive_persons(*, cutoff: datetime.date):
    """Persons with no activity on or after `cutoff`, in one query."""
    since = _start_of(cutoff)
    latest_call = (
        QualificationCall.objects.filter(reached=OuterRef("pk"))
        .order_by("-called_at")
        .values("called_at")[:1]
    )
    latest_permission = (
        ContactPermission.objects.filter(person=OuterRef("pk"))
        .order_by("-recorded_at")
        .values("recorded_at")[:1]
    )
    customer = Q(company__status=Company.Status.CUSTOMER)
    return (
        ContactPerson.objects.filter(
            erased_at=None, merged_into=None, restricted_at=None
        )
        # A customer without a recorded last order is an ongoing relationship
        # whose age nobody knows: kept rather than guessed at.
        .exclude(customer & Q(company__last_order_date=None))
        .annotate(
            call_at=Subquery(latest_call),
            permission_at=Subquery(latest_permission),
            profile_at=F("qualification_profile__updated_at"),
            order_on=Case(
                When(customer, then=F("company__last_order_date")),
                output_field=DateField(),
            ),
        )
        .filter(created_at__lt=since, updated_at__lt=since)
        .filter(Q(call_at=None) | Q(call_at__lt=since))
        .filter(Q(permission_at=None) | Q(permission_at__lt=since))
        .filter(Q(profile_at=None) | Q(profile_at__lt=since))
        .filter(Q(order_on=None) | Q(order_on__lt=cutoff))
        .select_related("company")
        .order_by("company__name", "company_id", "last_name", "first_name", "id")
    )


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def retention_report(*, cutoff: datetime.date, limit: int | None = PAGE_LIMIT):
    """(rows, total): the first `limit` inactive persons with their latest
    activity, and how many there are in all."""
    query = inactive_persons(cutoff=cutoff)
    total = query.count()
    rows = []
    for person in query[:limit] if limit else query:
        stamps = {
            name: _as_date(getattr(person, name))
            for name in ACTIVITY_LABELS
            if getattr(person, name) is not None
        }
        activity = max(stamps, key=stamps.get)
        rows.append(Inactive(person, stamps[activity], activity))
    return rows, total


def inactive_erase(*, user, cutoff: datetime.date, ids, request_reference: str):
    """Erase those of `ids` that are still inactive at `cutoff`: someone may
    have called or edited one of them since the report was shown."""
    persons = list(inactive_persons(cutoff=cutoff).filter(pk__in=list(ids)))
    return persons_erase(
        user=user, persons=persons, request_reference=request_reference
    )
