import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Company
from qualification import reasons, scoring, selectors
from qualification.models import (
    Answer,
    Assessment,
    Criterion,
    CriterionOption,
    Priority,
    Settings,
)
from qualification.services.saving import _locked_current, _save

logger = logging.getLogger(__name__)


def _assessment_locked(
    company, expected_version: int | None, *, user, reason: str
) -> Assessment:
    assessment = Assessment.objects.filter(company=company).first()
    if assessment is None:
        assessment = Assessment(company=company)
        _save(assessment, user=user, reason=reason)
    if expected_version is None:
        return Assessment.objects.select_for_update().get(pk=assessment.pk)
    return _locked_current(assessment, expected_version, {})


def _resolve(criterion: Criterion, value):
    """The option an answer stands for, and the number for number criteria."""
    options = list(criterion.options.all())
    if criterion.answer_type == Criterion.AnswerType.NUMBER:
        if not isinstance(value, Decimal | int):
            raise ValidationError(_("Enter a number."))
        number = Decimal(value)
        option = scoring.option_for_number(options, number)
        if option is None:
            raise ValidationError(
                _("No answer option covers %(value)s; the lowest starts higher.")
                % {"value": number}
            )
        return option, number
    if not isinstance(value, CriterionOption) or value.criterion_id != criterion.pk:
        raise ValidationError(_("Choose one of the answers offered."))
    return value, None


def _refresh(assessment: Assessment, *, user, reason: str) -> Assessment:
    """Store score and priority as the answers and the company now give them."""
    result = selectors.company_score(_saved(assessment.company), assessment)
    priority = scoring.priority_for(result.total, Settings.current())
    if (assessment.score, assessment.priority) != (result.total, priority):
        assessment.score = result.total
        assessment.priority = priority
        _save(assessment, user=user, reason=reason)
    return assessment


@transaction.atomic
def assessment_answer(
    *,
    user,
    company,
    values: dict,
    expected_version: int | None = None,
    reason: str = reasons.ASSESSMENT,
) -> Assessment:
    """Record answers: `values` maps a Criterion to an option (yes/no, choice),
    a number (number range) or None (answer withdrawn)."""
    assessment = _assessment_locked(company, expected_version, user=user, reason=reason)
    existing = {a.criterion_id: a for a in assessment.answers.select_for_update()}

    errors = {}
    for criterion, value in values.items():
        answer = existing.get(criterion.pk)
        if value is None or value == "":
            if answer is not None:
                answer._history_user = user
                answer._change_reason = reason
                answer.delete()
            continue
        try:
            option, number = _resolve(criterion, value)
        except ValidationError as error:
            errors[criterion.key] = error.messages
            continue
        if answer is None:
            answer = Answer(assessment=assessment, criterion=criterion)
        elif (answer.option_id, answer.number) == (option.pk, number):
            continue
        answer.option, answer.number = option, number
        try:
            answer.full_clean(validate_unique=False)
        except ValidationError as error:
            errors[criterion.key] = error.messages
            continue
        _save(answer, user=user, reason=reason)
    if errors:
        raise ValidationError(errors)

    assessment.assessed_at = timezone.now()
    assessment.assessed_by = user
    result = selectors.company_score(_saved(company), _fresh(assessment))
    assessment.score = result.total
    assessment.priority = scoring.priority_for(result.total, Settings.current())
    _save(assessment, user=user, reason=reason)
    return assessment


def _saved(company) -> Company:
    """The company as stored: the caller's copy may predate a verification
    written in the same transaction, and the score depends on it."""
    return Company.objects.get(pk=company.pk)


def _fresh(assessment: Assessment) -> Assessment:
    """The same row with its answers read again after they were written."""
    return Assessment.objects.prefetch_related("answers__option").get(pk=assessment.pk)


@transaction.atomic
def assessment_override(
    *,
    user,
    company,
    priority: str,
    reason_text: str,
    expected_version: int | None = None,
) -> Assessment:
    """Set the priority by hand (with a reason), or hand it back to the score
    with an empty priority."""
    reason_text = reason_text.strip()
    if priority and priority not in Priority.values:
        raise ValidationError({"priority_override": _("Choose A, B or C.")})
    if priority and not reason_text:
        raise ValidationError(
            {"override_reason": _("Say why the priority differs from the score.")}
        )
    assessment = _assessment_locked(
        company, expected_version, user=user, reason=reasons.PRIORITY_OVERRIDE
    )
    assessment.priority_override = priority
    assessment.override_reason = reason_text if priority else ""
    assessment.full_clean(exclude=["company"])
    _save(assessment, user=user, reason=reasons.PRIORITY_OVERRIDE)
    return assessment


@transaction.atomic
def assessment_refresh(*, user, company, reason: str) -> Assessment | None:
    """Recompute after something the score depends on changed (verification,
    criteria points); a company never assessed stays so."""
    assessment = Assessment.objects.select_for_update().filter(company=company).first()
    if assessment is None:
        return None
    return _refresh(_fresh(assessment), user=user, reason=reason)


def assessments_rescore(
    *, user, reason: str = reasons.SETTINGS, chunk: int = 500
) -> int:
    """Store score and priority afresh for every assessment (after criteria
    points or thresholds changed); criteria and settings are read once, and
    only rows whose numbers change are written. Returns how many changed."""
    criteria = selectors.criteria_with_options()
    settings = Settings.current()
    changed = 0
    assessments = (
        Assessment.objects.select_related("company")
        .prefetch_related("answers__option")
        .order_by("pk")
    )
    for assessment in assessments.iterator(chunk_size=chunk):
        result = selectors.company_score(
            assessment.company, assessment, criteria=criteria, settings=settings
        )
        priority = scoring.priority_for(result.total, settings)
        if (assessment.score, assessment.priority) == (result.total, priority):
            continue
        with transaction.atomic():
            assessment.score, assessment.priority = result.total, priority
            _save(assessment, user=user, reason=reason)
        changed += 1
    logger.info("assessments rescored: changed=%s", changed)
    return changed
