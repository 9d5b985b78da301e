"""Grants: a company made visible to one user or one team beyond the usual
rule (team territory, assigned rep), with a reason and an optional last day.

Each write leaves a history row with the acting user and a reason; a grant
that is removed keeps its history.
"""

import datetime
import logging

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access import reasons
from contacts.models import (
    Company,
    CompanyGroupObjectPermission,
    CompanyUserObjectPermission,
    Team,
)
from contacts.selectors import VIEW_PERMISSION

logger = logging.getLogger(__name__)

AnyGrant = CompanyUserObjectPermission | CompanyGroupObjectPermission


def view_permission() -> Permission:
    return Permission.objects.get(
        codename=VIEW_PERMISSION, content_type__app_label="contacts"
    )


def _check(*, user, team, reason: str, expires_on: datetime.date | None) -> None:
    errors = {}
    if (user is None) == (team is None):
        errors["user"] = _("Choose either a user or a team.")
    elif user is not None and not user.is_active:
        errors["user"] = _("This user is deactivated.")
    if not reason.strip():
        errors["reason"] = _("Say why the access is needed.")
    if expires_on is not None and expires_on < timezone.localdate():
        errors["expires_on"] = _("The last day cannot be in the past.")
    if errors:
        raise ValidationError(errors)


def _save(grant: AnyGrant, *, by, reason: str) -> None:
    grant._history_user = by
    grant._change_reason = reason
    grant.save()


@transaction.atomic
def grant_create(
    *,
    granted_by,
    company: Company,
    reason: str,
    user=None,
    team: Team | None = None,
    expires_on: datetime.date | None = None,
) -> AnyGrant:
    """Let `user` or the members of `team` see `company`.

    Granting again what is already granted renews it: the new reason and last
    day replace the old ones, and history keeps both.
    """
    _check(user=user, team=team, reason=reason, expires_on=expires_on)

    if user is not None:
        model, holder = CompanyUserObjectPermission, {"user": user}
    else:
        model, holder = CompanyGroupObjectPermission, {"group": team.group}
    grant = (
        model.objects.select_for_update()
        .filter(content_object=company, permission__codename=VIEW_PERMISSION)
        .filter(**holder)
        .first()
    )
    history_reason = reasons.RENEWED if grant else reasons.GRANTED
    if grant is None:
        grant = model(content_object=company, permission=view_permission(), **holder)
    grant.reason = reason.strip()
    grant.expires_on = expires_on
    grant.granted_by = granted_by
    grant.created_at = timezone.now()
    _save(grant, by=granted_by, reason=history_reason)
    logger.info(
        "grant %s: by=%s company=%s user=%s team=%s until=%s",
        history_reason,
        granted_by.pk,
        company.pk,
        user.pk if user else None,
        team.pk if team else None,
        expires_on,
    )
    return grant


@transaction.atomic
def grant_revoke(*, revoked_by, grant: AnyGrant, reason: str = "") -> None:
    """End a grant now; its history rows stay."""
    grant._history_user = revoked_by
    grant._change_reason = reasons.revoked(reason.strip())
    logger.info(
        "grant revoked: by=%s grant=%s/%s company=%s",
        revoked_by.pk if revoked_by else None,
        grant._meta.model_name,
        grant.pk,
        grant.content_object_id,
    )
    grant.delete()


@transaction.atomic
def grants_delete_expired(*, today: datetime.date | None = None) -> int:
    """Remove grants whose last day is before `today`, one history row each.

    Nothing depends on this having run: the visibility rule ignores expired
    grants already. It keeps the grant tables and the admin lists short.
    """
    today = today or timezone.localdate()
    count = 0
    for model in (CompanyUserObjectPermission, CompanyGroupObjectPermission):
        for grant in model.objects.filter(expires_on__lt=today):
            grant._history_user = None
            grant._change_reason = reasons.EXPIRED
            grant.delete()
            count += 1
    if count:
        logger.info("expired grants removed: %s", count)
    return count
