"""Reads for the duplicate pages: proposals a user may act on, and merges."""

from django.db.models import Prefetch, Q, QuerySet

from contacts.duplicates.models import CompanyPair, Merge, PairStatus, PersonPair
from contacts.models import Address


def _current_addresses(prefix: str) -> Prefetch:
    return Prefetch(
        f"{prefix}__addresses",
        queryset=Address.objects.filter(valid_until__isnull=True).order_by(
            Address.kind_order(), "id"
        ),
        to_attr="current_addresses",
    )


def open_company_pairs(user) -> QuerySet[CompanyPair]:
    """Open proposals where the user may see both companies, newest first."""
    from contacts.selectors import companies_visible_to

    visible = companies_visible_to(user).filter(merged_into__isnull=True)
    return (
        CompanyPair.objects.filter(
            status=PairStatus.OPEN,
            first__in=visible.values("pk"),
            second__in=visible.values("pk"),
        )
        .select_related("first", "second")
        .prefetch_related(_current_addresses("first"), _current_addresses("second"))
        .order_by("-newest_at", "-score", "pk")
    )


def open_person_pairs(user) -> QuerySet[PersonPair]:
    from contacts.selectors import companies_visible_to

    visible = companies_visible_to(user).values("pk")
    return (
        PersonPair.objects.filter(
            status=PairStatus.OPEN,
            first__merged_into__isnull=True,
            second__merged_into__isnull=True,
            first__company__in=visible,
            second__company__in=visible,
            # Restricted records (Art. 18) are not worked on, so not offered.
            first__restricted_at__isnull=True,
            second__restricted_at__isnull=True,
        )
        .select_related("first__company", "second__company")
        .order_by("-newest_at", "-score", "pk")
    )


def merges_of(company) -> list[Merge]:
    """Merges into this company or into one of its people, newest first."""
    person_ids = list(company.contact_persons.values_list("pk", flat=True))
    return list(
        Merge.objects.filter(
            Q(kind=Merge.Kind.COMPANY, survivor_id=company.pk)
            | Q(kind=Merge.Kind.PERSON, survivor_id__in=person_ids)
        )
        .select_related("done_by", "undone_by")
        .order_by("-done_at")
    )
