from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Team
from contacts.roles import Role


class AccountChange(models.Model):
    """One change of a user's roles, teams or activation, as admins see it.

    Roles and teams are auth group memberships, which simple-history cannot
    follow on Django's own user model without copying its password hashes
    into history; this append-only record says who changed what and why.
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("account created")
        ROLE_ADDED = "role_added", _("role added")
        ROLE_REMOVED = "role_removed", _("role removed")
        TEAM_ADDED = "team_added", _("added to team")
        TEAM_REMOVED = "team_removed", _("removed from team")
        DEACTIVATED = "deactivated", _("deactivated")
        REACTIVATED = "reactivated", _("reactivated")

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="account_changes",
        verbose_name=_("account"),
    )
    kind = models.CharField(_("change"), max_length=20, choices=Kind.choices)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-changed_at"], name="account_change_idx")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.account_id}"

    @property
    def subject(self) -> str:
        if self.role:
            return str(self.get_role_display())
        return self.team.name if self.team_id else ""
