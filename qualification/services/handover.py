import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contacts.roles import Role
from qualification import reasons, selectors
from qualification.models import Handover
from qualification.services.saving import _save

logger = logging.getLogger(__name__)


def _grant_rep_access(rep, company, *, user) -> None:
    """The rep sees the company through a grant that admins see with its reason."""
    from access.services import grant_create

    grant_create(
        granted_by=user,
        company=company,
        user=rep,
        reason=_("handover to field sales"),
    )
    logger.info("handover grant: rep=%s company=%s", rep.pk, company.pk)


def _revoke_rep_access(rep, company, *, user) -> None:
    from access.services import grant_revoke
    from contacts.models import CompanyUserObjectPermission

    grant = CompanyUserObjectPermission.objects.filter(
        user=rep, content_object=company, permission__codename="view_company"
    ).first()
    if grant is not None:
        grant_revoke(revoked_by=user, grant=grant, reason=_("handover rejected"))
    logger.info("handover grant ended: rep=%s company=%s", rep.pk, company.pk)


def _is_field_rep(user) -> bool:
    return user.is_active and user.groups.filter(name=Role.FIELD_SALES).exists()


@transaction.atomic
def handover_create(*, user, company, rep, brief: str) -> Handover:
    """Hand a qualified company to a field rep, who then may see it.

    Refused while a required criterion is unanswered or another handover of
    the company is still open.
    """
    brief = brief.strip()
    errors = {}
    if not _is_field_rep(rep):
        errors["rep"] = _("Hand over to an active field rep.")
    if not brief:
        errors["brief"] = _("Write the field rep a short brief.")
    assessment = selectors.assessment_of(company)
    rating = selectors.company_rating(company, assessment)
    missing = rating.score.missing_required
    if missing:
        errors.setdefault("__all__", []).append(
            _("Answer these criteria first: %(criteria)s")
            % {"criteria": ", ".join(c.label_display for c in missing)}
        )
    if (
        company.handovers.exclude(status=Handover.Status.REJECTED)
        .exclude(outcome__in=Handover.CLOSED)
        .exists()
    ):
        errors.setdefault("__all__", []).append(
            _("The company is already with a field rep.")
        )
    if errors:
        raise ValidationError(errors)

    handover = Handover(
        company=company,
        rep=rep,
        brief=brief,
        priority=rating.priority,
        score=rating.score.total,
        handed_over_by=user,
    )
    handover.full_clean()
    _save(handover, user=user, reason=reasons.HANDOVER)
    _grant_rep_access(rep, company, user=user)
    return handover


def _locked(handover: Handover, *, user) -> Handover:
    current = Handover.objects.select_for_update().get(pk=handover.pk)
    if current.rep_id != user.pk:
        raise ValidationError(_("Only the field rep it was handed to can answer."))
    return current


@transaction.atomic
def handover_respond(*, user, handover: Handover, accept: bool, reason: str = ""):
    current = _locked(handover, user=user)
    if current.status != Handover.Status.OFFERED:
        raise ValidationError(_("This handover has already been answered."))
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reject_reason": _("Say why you reject the lead.")})
    current.status = Handover.Status.ACCEPTED if accept else Handover.Status.REJECTED
    current.reject_reason = "" if accept else reason
    _save(current, user=user, reason=reasons.HANDOVER)
    if not accept:
        # Back to inside sales, and the rep's access with it.
        _revoke_rep_access(current.rep, current.company, user=user)
    return current


@transaction.atomic
def handover_outcome(*, user, handover: Handover, outcome: str, note: str = ""):
    """Record how the lead went; an order or a loss closes it and counts in the
    success rate of its priority."""
    current = _locked(handover, user=user)
    note = note.strip()
    if current.status != Handover.Status.ACCEPTED:
        raise ValidationError(_("Accept the lead before recording an outcome."))
    if current.outcome in Handover.CLOSED:
        raise ValidationError(_("This lead is closed already."))
    if outcome not in Handover.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome from the list.")})
    if outcome == Handover.Outcome.LOST and not note:
        raise ValidationError({"outcome_note": _("Say why the lead was lost.")})
    current.outcome = outcome
    current.outcome_note = note
    _save(current, user=user, reason=reasons.HANDOVER)
    return current
