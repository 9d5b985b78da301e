"""Reads for qualification, all on top of contacts.selectors.companies_visible_to:
an assessment, a profile or a handover is visible exactly when its company is."""

import logging

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from contacts.roles import is_admin
from contacts.selectors import company_for_user
from qualification import scoring
from qualification.models import Assessment, Criterion, Handover, Settings

logger = logging.getLogger(__name__)


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


def company_score(company, assessment: Assessment | None = None) -> scoring.Score:
    if assessment is None:
        assessment = assessment_of(company)
    answers = {}
    if assessment.pk:
        answers = {a.criterion_id: a for a in assessment.answers.all()}
    return scoring.score(
        criteria=criteria_with_options(),
        answers=answers,
        verified_at=company.verified_at,
        today=timezone.localdate(),
        settings=Settings.current(),
    )


def company_estimate(score: scoring.Score, priority: str) -> scoring.SuccessEstimate:
    return scoring.success_estimate(
        total=score.total,
        max_points=score.max_points,
        priority=priority,
        rates=success_rates(),
        settings=Settings.current(),
    )


def assessment_for_user(user, company_pk, *, edit: bool = False):
    """The company (access-checked, 404 otherwise) and its assessment."""
    company = company_for_user(user, company_pk, edit=edit)
    return company, assessment_of(company)


def ensure_admin(user) -> None:
    """Criteria and settings are for admins; everybody else gets a 404."""
    if not is_admin(user):
        logger.warning("refused qualification settings: user=%s", user.pk)
        raise Http404


def criterion_for_admin(user, pk) -> Criterion:
    ensure_admin(user)
    criterion = Criterion.objects.filter(pk=pk).first()
    if criterion is None:
        raise Http404
    return criterion
