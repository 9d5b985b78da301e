"""The field reps' lead list and the one-screen brief."""

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.http import Http404

from contacts import audit
from contacts.consent.selectors import workable_persons
from contacts.models import Address, ContactPerson
from contacts.selectors import companies_visible_to, company_for_user
from qualification import scoring
from qualification.models import ContactProfile, Handover, QualificationCall, Settings
from qualification.selectors.assessment import criteria_with_options, success_rates


def _authority_rank() -> Case:
    """Decision makers and purchasers first: the person to ask for."""
    ranks = [When(authority=a, then=i) for i, a in enumerate(ContactPerson.Authority)]
    return Case(*ranks, default=len(ranks), output_field=IntegerField())


def _open(handovers: QuerySet) -> QuerySet:
    return handovers.exclude(status=Handover.Status.REJECTED).exclude(
        outcome__in=Handover.CLOSED
    )


def _brief_related(handovers: QuerySet) -> QuerySet:
    current = Address.objects.filter(valid_until__isnull=True).order_by(
        Address.kind_order(), "id"
    )
    persons = (
        workable_persons()
        .select_related("qualification_profile")
        .order_by(_authority_rank(), "last_name", "id")
    )
    return handovers.select_related(
        "company",
        "company__qualification_profile",
        "company__assessment",
        "rep",
    ).prefetch_related(
        Prefetch("company__addresses", queryset=current, to_attr="current_addresses"),
        Prefetch(
            "company__contact_persons", queryset=persons, to_attr="active_persons"
        ),
    )


def lead_list(user, *, filters: dict | None = None) -> QuerySet[Handover]:
    """Open handovers to this user or to their team's companies, among the
    companies they may see; by priority, then the earliest act-by date."""
    filters = filters or {}
    team_ids = list(
        user.groups.filter(team__isnull=False).values_list("team__id", flat=True)
    )
    mine = Q(rep_id=user.pk)
    if team_ids:
        mine |= Q(company__team_id__in=team_ids)
    handovers = _open(Handover.objects.filter(mine)).filter(
        company__in=companies_visible_to(user)
    )

    if filters.get("priority"):
        handovers = handovers.filter(priority=filters["priority"])
    place = (filters.get("place") or "").strip()
    if place:
        match = (
            Q(postal_code__startswith=place)
            if place.isdigit()
            else Q(city__icontains=place)
        )
        handovers = handovers.filter(
            Exists(
                Address.objects.filter(
                    match, company_id=OuterRef("company_id"), valid_until__isnull=True
                )
            )
        )
    if filters.get("industry"):
        handovers = handovers.filter(company__industry__icontains=filters["industry"])
    if filters.get("need"):
        handovers = handovers.filter(
            company__qualification_profile__current_need=filters["need"]
        )
    if filters.get("act_by"):
        handovers = handovers.filter(
            company__qualification_profile__act_by__lte=filters["act_by"]
        )
    return _brief_related(handovers).order_by(
        "priority",
        F("company__qualification_profile__act_by").asc(nulls_last=True),
        "handed_over_at",
        "id",
    )


def handover_for_user(user, pk) -> Handover:
    """The handover if its company is visible to the user, else 404."""
    handover = _brief_related(Handover.objects.filter(pk=pk)).first()
    if handover is None:
        raise Http404
    company_for_user(user, handover.company_id)
    return handover


def ensure_rep(user, handover: Handover) -> None:
    """Answering a handover is for the rep it went to; others get a 404."""
    if handover.rep_id != user.pk:
        audit.record(
            user,
            audit.REFUSED,
            object_type="handover",
            object_id=handover.pk,
            detail="answer",
        )
        raise Http404


def profile_of(person) -> ContactProfile | None:
    try:
        return person.qualification_profile
    except ContactProfile.DoesNotExist:
        return None


def last_notes(company, *, limit: int = 3) -> list[QualificationCall]:
    return list(
        company.qualification_calls.exclude(notes="").select_related("called_by")[
            :limit
        ]
    )


def company_handovers(company, *, limit: int = 5) -> list[Handover]:
    return list(company.handovers.select_related("rep")[:limit])


def with_estimates(handovers: list[Handover]) -> list[Handover]:
    """Each lead's success estimate from its score and priority at handover;
    three queries for the whole page."""
    settings = Settings.current()
    rates = success_rates()
    most = sum(
        max((o.points for o in c.options.all()), default=0)
        for c in criteria_with_options(active_only=True)
    )
    for handover in handovers:
        handover.estimate = scoring.success_estimate(
            total=handover.score,
            max_points=most,
            priority=handover.priority,
            rates=rates,
            settings=settings,
        )
    return handovers
