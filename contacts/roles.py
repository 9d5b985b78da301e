"""The four roles are auth groups; their names are stable keys, labels translate.

They live here rather than in crm/ because the visibility rule in
contacts.selectors needs them and contacts/ never imports crm/.
"""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INSIDE_SALES = "inside_sales", _("Inside sales")
    FIELD_SALES = "field_sales", _("Field sales")
    ADMIN = "admin", _("Administrator")
    DATA_PROTECTION = "data_protection", _("Data protection officer")


class Membership(NamedTuple):
    group_id: int
    team_id: int | None
    team_name: str | None


class _Access(NamedTuple):
    roles: frozenset[str]
    memberships: tuple[Membership, ...]


def _access(user) -> _Access:
    """Roles and team memberships from one query, kept on the user for the
    request: the visibility rule, the role checks and the team filter all ask
    (#5). Setting `user._role_cache = None` forgets both."""
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        names, memberships = set(), []
        rows = user.groups.values_list("id", "name", "team__id", "team__name")
        for group_id, name, team_id, team_name in rows:
            if name in Role.values:
                names.add(name)
            memberships.append(Membership(group_id, team_id, team_name))
        if user.is_superuser:
            names.add(Role.ADMIN)
        cached = user._role_cache = _Access(frozenset(names), tuple(memberships))
    return cached


def user_roles(user) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    return _access(user).roles


def memberships(user) -> tuple[Membership, ...]:
    """The user's auth groups, each with the team it stands for (if any)."""
    if not user.is_authenticated:
        return ()
    return _access(user).memberships


def is_admin(user) -> bool:
    return Role.ADMIN in user_roles(user)


def sees_every_company(user) -> bool:
    """Admins manage access; the data protection officer answers for all data."""
    roles = user_roles(user)
    return Role.ADMIN in roles or Role.DATA_PROTECTION in roles


def is_data_protection_officer(user) -> bool:
    return Role.DATA_PROTECTION in user_roles(user)


def may_edit_addresses(user) -> bool:
    roles = user_roles(user)
    return Role.ADMIN in roles or Role.INSIDE_SALES in roles


def user_label(user) -> str:
    """How a colleague is named on screen: full name, else the login name."""
    return user.get_full_name() or user.get_username()
