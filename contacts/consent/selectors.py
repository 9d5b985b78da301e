"""Who may be approached on a channel, and why the others are left out."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from contacts.consent.models import Basis, Channel, ContactPermission
from contacts.consent.rules import ALLOWING, LEFT_OUT
from contacts.models import Address, ContactPerson, Source
from contacts.normalize import search_fold
from contacts.selectors import companies_visible_to


def broker_inform_deadline(person) -> datetime.date | None:
    """The last day to inform a person whose address was bought (Art. 14(3))."""
    if person.source.kind != Source.Kind.ADDRESS_BROKER:
        return None
    obtained = timezone.localdate(person.created_at)
    return obtained + datetime.timedelta(days=settings.BROKER_INFORM_DAYS)


def _overdue_before(today: datetime.date) -> datetime.datetime:
    """Bought addresses recorded before this moment are overdue today: the
    deadline (recording day + the days allowed) lies before today."""
    return timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=settings.BROKER_INFORM_DAYS),
            datetime.time.min,
        )
    )


def broker_overdue(person) -> bool:
    return (
        person.source.kind == Source.Kind.ADDRESS_BROKER
        and person.informed_on is None
        and person.created_at < _overdue_before(timezone.localdate())
    )


def _headquarters() -> Prefetch:
    """The company's current headquarters, for the postal columns."""
    current = Address.objects.filter(
        kind=Address.Kind.HEADQUARTERS, valid_until__isnull=True
    ).order_by("-valid_from", "id")
    return Prefetch("company__addresses", queryset=current, to_attr="headquarters")


@dataclass
class Outreach:
    """Who a list for one channel offers, and how many were left out why."""

    channel: str
    persons: QuerySet
    left_out: list[tuple[str, str, int]] = field(default_factory=list)
    # How many `persons` holds, counted with the left-out ones in one query.
    offered: int = 0

    @property
    def left_out_total(self) -> int:
        return sum(count for _key, _label, count in self.left_out)


def _basis(channel: str):
    stored = ContactPermission.objects.filter(
        person=OuterRef("pk"), channel=channel
    ).values("basis")[:1]
    return Coalesce(Subquery(stored), Value(Basis.NONE))


def _why_left_out(channel: str, today: datetime.date):
    """The first reason that keeps a person off the list, "" when none does."""
    overdue = _overdue_before(today)
    broker = Q(source__kind=Source.Kind.ADDRESS_BROKER)
    # A broker source from before licences were recorded counts as expired.
    licence_gone = Q(source__licence_expires_on__lt=today) | Q(
        source__licence_expires_on__isnull=True
    )
    checks = [
        ("restricted", Q(restricted_at__isnull=False)),
        ("left", Q(left_on__isnull=False)),
        ("not_informed", broker & Q(informed_on__isnull=True, created_at__lt=overdue)),
        ("licence_expired", broker & licence_gone),
        ("objected", Q(channel_basis=Basis.OBJECTED)),
        ("no_permission", ~Q(channel_basis__in=ALLOWING[channel])),
    ]
    if channel == Channel.PHONE:
        checks.append(("no_number", Q(phone="", mobile="")))
    if channel == Channel.EMAIL:
        checks.append(("no_email", Q(email="")))
    return Case(
        *(When(condition, then=Value(key)) for key, condition in checks),
        default=Value(""),
        output_field=CharField(),
    )


def outreach(user, *, channel: str, search: str = "", team=None) -> Outreach:
    """The contact persons of the user's companies whom `channel` allows.

    Erased and merged-away records are not counted at all: they are no
    longer people one could reach.
    """
    # TODO: the team's whole list is slow at tier L: 86k persons take about
    # 1.3 s, because both queries walk every visible person to sort them into
    # reasons (a rep's list, benchmarked, is 73 ms p95). A stored reason per
    # person, kept up to date on save, would let the count use an index; #5
    # sets no target for this page, so it waits for one.
    people = (
        ContactPerson.objects.filter(
            company__in=companies_visible_to(user).filter(merged_into__isnull=True),
            merged_into__isnull=True,
            erased_at__isnull=True,
        )
        # A join on the one permission row of this channel (unique per
        # person and channel), not a subquery per person: at 200k companies a
        # team's list went from seconds to a hash join.
        .annotate(
            channel_row=FilteredRelation(
                "permissions", condition=Q(permissions__channel=channel)
            )
        )
        .annotate(channel_basis=Coalesce(F("channel_row__basis"), Value(Basis.NONE)))
        .annotate(left_out_as=_why_left_out(channel, timezone.localdate()))
    )
    if search:
        key = search_fold(search)
        people = people.filter(
            Q(name_key__contains=key) | Q(company__name_key__contains=key)
        )
    if team is not None:
        people = people.filter(company__team=team)

    counts = dict(
        people.values_list("left_out_as")
        .annotate(n=Count("pk"))
        .values_list("left_out_as", "n")
        .order_by()
    )
    left_out = [
        (key, str(label), counts[key])
        for key, label in LEFT_OUT.items()
        if key in counts
    ]
    persons = (
        people.filter(left_out_as="")
        .select_related("company")
        .prefetch_related(_headquarters())
        .order_by("company__name_key", "last_name", "first_name", "pk")
    )
    return Outreach(
        channel=channel,
        persons=persons,
        left_out=left_out,
        offered=counts.get("", 0),
    )


def workable_persons(queryset=None) -> QuerySet:
    """Current contact persons one may work with: not gone, merged away,
    restricted (Art. 18) or erased (Art. 17); with their phone and e-mail
    basis, so that a call or mail button is only offered where allowed."""
    queryset = ContactPerson.objects.all() if queryset is None else queryset
    return queryset.filter(
        left_on__isnull=True,
        merged_into__isnull=True,
        restricted_at__isnull=True,
        erased_at__isnull=True,
    ).annotate(phone_basis=_basis(Channel.PHONE), email_basis=_basis(Channel.EMAIL))


def notices_pending(user) -> QuerySet:
    """Bought addresses whose owners have not been told yet (Art. 14), the
    oldest first: they are the first to fall off the call lists."""
    return (
        ContactPerson.objects.filter(
            company__in=companies_visible_to(user).filter(merged_into__isnull=True),
            source__kind=Source.Kind.ADDRESS_BROKER,
            informed_on__isnull=True,
            merged_into__isnull=True,
            erased_at__isnull=True,
            restricted_at__isnull=True,
            left_on__isnull=True,
        )
        .select_related("company", "source")
        .prefetch_related(_headquarters())
        .order_by("created_at", "pk")
    )
