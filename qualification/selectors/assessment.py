"""Reads about one company's assessment, profiles and calls."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from contacts import audit
from contacts.consent.selectors import workable_persons
from contacts.roles import is_admin
from contacts.selectors import company_for_user, contact_person_for_user
from qualification import scoring
from qualification.models import (
    Assessment,
    CompanyProfile,
    ContactProfile,
    Criterion,
    Handover,
    QualificationCall,
    Settings,
)


def criteria_with_options(*, active_only: bool = False) -> list[Criterion]:
    criteria = Criterion.objects.prefetch_related("options")
    if active_only:
        criteria = criteria.filter(active=True)
    return list(criteria)


def success_rates() -> dict:
    """Priority -> (orders, closed handovers), in one query."""
    rows = (
        Handover.objects.filter(outcome__in=Handover.CLOSED)
        .values("priority")
        .annotate(closed=Count("id"), orders=Count("id", filter=Q(outcome="order")))
    )
    return {row["priority"]: (row["orders"], row["closed"]) for row in rows}


def assessment_of(company) -> Assessment:
    """The company's assessment, or an unsaved empty one."""
    assessment = (
        Assessment.objects.filter(company=company)
        .prefetch_related("answers__option")
        .first()
    )
    return assessment or Assessment(company=company)


def company_score(
    company,
    assessment: Assessment | None = None,
    *,
    criteria: list[Criterion] | None = None,
    settings: Settings | None = None,
) -> scoring.Score:
    """Pass `criteria` and `settings` when the caller has them loaded already."""
    if assessment is None:
        assessment = assessment_of(company)
    answers = {}
    if assessment.pk:
        answers = {a.criterion_id: a for a in assessment.answers.all()}
    return scoring.score(
        criteria=criteria_with_options() if criteria is None else criteria,
        answers=answers,
        verified_at=company.verified_at,
        today=timezone.localdate(),
        settings=settings or Settings.current(),
    )


def company_estimate(
    score: scoring.Score, priority: str, *, settings: Settings | None = None
) -> scoring.SuccessEstimate:
    return scoring.success_estimate(
        total=score.total,
        max_points=score.max_points,
        priority=priority,
        rates=success_rates(),
        settings=settings or Settings.current(),
    )


def assessment_for_user(user, company_pk, *, edit: bool = False):
    """The company (access-checked, 404 otherwise) and its assessment."""
    company = company_for_user(user, company_pk, edit=edit)
    return company, assessment_of(company)


def ensure_admin(user) -> None:
    """Criteria and settings are for admins; everybody else gets a 404."""
    if not is_admin(user):
        audit.record(user, audit.REFUSED, object_type="qualification_settings")
        raise Http404


def criterion_for_admin(user, pk) -> Criterion:
    ensure_admin(user)
    criterion = Criterion.objects.filter(pk=pk).first()
    if criterion is None:
        raise Http404
    return criterion


def company_profile_of(company) -> CompanyProfile:
    return CompanyProfile.objects.filter(company=company).first() or CompanyProfile(
        company=company
    )


def contact_profile_for_user(user, person_pk, *, edit: bool = False):
    """The person (access-checked through their company) and their profile."""
    person = contact_person_for_user(user, person_pk, edit=edit)
    profile = ContactProfile.objects.filter(person=person).first()
    return person, profile or ContactProfile(person=person)


def active_persons_with_profiles(company) -> list:
    persons = list(
        workable_persons(company.contact_persons.all()).select_related(
            "qualification_profile"
        )
    )
    for person in persons:
        try:
            person.profile = person.qualification_profile
        except ContactProfile.DoesNotExist:
            person.profile = None
    return persons


def recent_calls(company, *, limit: int = 5) -> list[QualificationCall]:
    return list(
        company.qualification_calls.select_related(
            "reached", "called_by"
        ).prefetch_related("confirmed_addresses", "confirmed_persons")[:limit]
    )


@dataclass(frozen=True)
class Rating:
    """What a page shows about a lead: live score with its lines, the
    priority that applies and why, and the success estimate."""

    score: scoring.Score
    computed: str
    priority: str
    overridden: bool
    override_reason: str
    estimate: scoring.SuccessEstimate


def company_rating(
    company, assessment: Assessment, *, criteria: list[Criterion] | None = None
) -> Rating:
    settings = Settings.current()
    result = company_score(company, assessment, criteria=criteria, settings=settings)
    computed = scoring.priority_for(result.total, settings)
    priority = assessment.priority_override or computed
    return Rating(
        score=result,
        computed=computed,
        priority=priority,
        overridden=bool(assessment.priority_override),
        override_reason=assessment.override_reason,
        estimate=company_estimate(result, priority, settings=settings),
    )
