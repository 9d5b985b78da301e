"""Writes to user accounts: creation, roles, teams, (de)activation.

Roles and teams are auth groups (contacts.roles, Team.group). Every change is
an AccountChange row with the acting admin and a reason. Nothing here sets
is_staff or is_superuser: the Django admin stays a tool for superusers made
on the command line.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from access.models import AccountChange
from contacts.models import Team
from contacts.roles import Role

logger = logging.getLogger(__name__)
Kind = AccountChange.Kind


def _record(*, by, account, kind, reason="", role="", team=None) -> None:
    AccountChange.objects.create(
        account=account, kind=kind, role=role, team=team, changed_by=by, reason=reason
    )


def _set_memberships(*, by, account, roles: set[str], teams: set[Team], reason):
    current_roles = set(
        account.groups.filter(name__in=Role.values).values_list("name", flat=True)
    )
    current_teams = set(Team.objects.filter(group__user=account))
    for role in sorted(roles - current_roles):
        account.groups.add(Group.objects.get(name=role))
        _record(by=by, account=account, kind=Kind.ROLE_ADDED, role=role, reason=reason)
    for role in sorted(current_roles - roles):
        account.groups.remove(Group.objects.get(name=role))
        _record(
            by=by, account=account, kind=Kind.ROLE_REMOVED, role=role, reason=reason
        )
    for team in sorted(teams - current_teams, key=str):
        account.groups.add(team.group)
        _record(by=by, account=account, kind=Kind.TEAM_ADDED, team=team, reason=reason)
    for team in sorted(current_teams - teams, key=str):
        account.groups.remove(team.group)
        _record(
            by=by, account=account, kind=Kind.TEAM_REMOVED, team=team, reason=reason
        )
    account._role_cache = None


@transaction.atomic
def user_create(
    *,
    by,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    roles=(),
    teams=(),
    reason: str = "",
):
    User = get_user_model()
    account = User(
        username=username, first_name=first_name, last_name=last_name, email=email
    )
    try:
        validate_password(password, account)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    account.set_password(password)
    account.full_clean()
    account.save()
    _record(by=by, account=account, kind=Kind.CREATED, reason=reason)
    _set_memberships(
        by=by, account=account, roles=set(roles), teams=set(teams), reason=reason
    )
    logger.info("account created: by=%s account=%s", by.pk, account.pk)
    return account


def _keeps_own_admin_role(*, by, account, roles) -> None:
    if account.pk == by.pk and Role.ADMIN not in roles and not account.is_superuser:
        raise ValidationError(
            {"roles": _("You cannot take the administrator role from yourself.")}
        )


@transaction.atomic
def user_update(
    *,
    by,
    account,
    first_name: str,
    last_name: str,
    email: str,
    roles,
    teams,
    reason: str = "",
):
    _keeps_own_admin_role(by=by, account=account, roles=set(roles))
    account.first_name, account.last_name, account.email = first_name, last_name, email
    account.full_clean()
    account.save(update_fields=["first_name", "last_name", "email"])
    _set_memberships(
        by=by, account=account, roles=set(roles), teams=set(teams), reason=reason
    )
    logger.info("account changed: by=%s account=%s", by.pk, account.pk)
    return account


@transaction.atomic
def user_deactivate(*, by, account, reason: str = "") -> None:
    """The account can no longer log in, and its open sessions end with the
    next request: the auth backend does not return inactive users.

    The account stays, so history keeps naming who wrote each change.
    """
    if account.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not account.is_active:
        return
    account.is_active = False
    account.save(update_fields=["is_active"])
    _record(by=by, account=account, kind=Kind.DEACTIVATED, reason=reason)
    logger.info("account deactivated: by=%s account=%s", by.pk, account.pk)


@transaction.atomic
def user_reactivate(*, by, account, reason: str = "") -> None:
    if account.is_active:
        return
    account.is_active = True
    account.save(update_fields=["is_active"])
    _record(by=by, account=account, kind=Kind.REACTIVATED, reason=reason)
    logger.info("account reactivated: by=%s account=%s", by.pk, account.pk)
