"""The four roles are auth groups; their names are stable keys, labels translate.

They live here rather than in crm/ because the visibility rule in
contacts.selectors needs them and contacts/ never imports crm/.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INSIDE_SALES = "inside_sales", _("Inside sales")
    FIELD_SALES = "field_sales", _("Field sales")
    ADMIN = "admin", _("Administrator")
    DATA_PROTECTION = "data_protection", _("Data protection officer")


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        names = set(
            user.groups.filter(name__in=Role.values).values_list("name", flat=True)
        )
        if user.is_superuser:
            names.add(Role.ADMIN)
        cached = user._role_cache = names
    return cached


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
