import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualification import reasons
from qualification.models import (
    Criterion,
    CriterionOption,
    Settings,
)
from qualification.services.saving import _save

logger = logging.getLogger(__name__)


@transaction.atomic
def settings_update(*, user, data: dict) -> Settings:
    settings = Settings.objects.select_for_update().get(pk=Settings.current().pk)
    for name, value in data.items():
        setattr(settings, name, value)
    settings.full_clean()
    _save(settings, user=user, reason=reasons.SETTINGS)
    logger.info("qualification settings changed: user=%s", user.pk)
    # TODO: re-rank stored scores in a background job once there is a job
    # runner (#5); until then each company is re-ranked at its next write, and
    # `manage.py rescore_assessments` re-ranks all at once.
    return settings


def _check_options(criterion: Criterion, rows: list[dict]) -> None:
    kept = [row for row in rows if not row["delete"]]
    if len(kept) < 2:
        raise ValidationError(_("A criterion needs at least two answers."))
    for row in kept:
        if not row["label"] or row["points"] is None:
            raise ValidationError(_("Every answer needs a text and points."))
    if criterion.answer_type == Criterion.AnswerType.NUMBER:
        bounds = [row["min_value"] for row in kept]
        if None in bounds:
            raise ValidationError(
                _("For a number range every answer needs the value it starts from.")
            )
        if len(set(bounds)) != len(bounds):
            raise ValidationError(_("Two answers start from the same value."))
    else:
        for row in kept:
            row["min_value"] = None


@transaction.atomic
def criterion_save(*, user, criterion: Criterion, data: dict, options: list[dict]):
    """Create or change a criterion with its answers, checked as a whole."""
    for name, value in data.items():
        setattr(criterion, name, value)
    criterion.full_clean()
    _check_options(criterion, options)
    _save(criterion, user=user, reason=reasons.SETTINGS)

    existing = {o.pk: o for o in criterion.options.select_for_update()}
    for row in options:
        current = existing.get(row["id"]) if row["id"] else None
        if row["delete"]:
            if current is None:
                continue
            if current.answers.exists():
                raise ValidationError(
                    _(
                        "The answer “%(label)s” has been given in assessments; "
                        "change its text or points instead of deleting it."
                    )
                    % {"label": current.label_display}
                )
            current._history_user = user
            current._change_reason = reasons.SETTINGS
            current.delete()
            continue
        option = current or CriterionOption(criterion=criterion)
        fields = ("label", "points", "min_value", "position")
        if current and all(getattr(current, f) == row[f] for f in fields):
            continue
        for name in fields:
            setattr(option, name, row[name])
        option.full_clean()
        _save(option, user=user, reason=reasons.SETTINGS)
    logger.info("criterion saved: user=%s criterion=%s", user.pk, criterion.pk)
    # Stored scores catch up at their next write (see settings_update).
    return criterion
