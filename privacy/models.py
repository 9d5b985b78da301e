from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts import audit


class AccessLogEntry(models.Model):
    """Who read, exported or was refused what, and when: ids only, so the log
    itself holds no personal data about the contact persons."""

    class Action(models.TextChoices):
        VIEW = audit.VIEW, _("viewed")
        EXPORT = audit.EXPORT, _("exported")
        REFUSED = audit.REFUSED, _("refused")
        ACCESS_EXPORT = audit.ACCESS_EXPORT, _("access request export")
        ERASURE = audit.ERASURE, _("erased")
        RESTRICTION = audit.RESTRICTION, _("restriction changed")
        OBJECTION = audit.OBJECTION, _("objection recorded")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "at"], name="access_log_user_at"),
            models.Index(fields=["object_type", "object_id"], name="access_log_object"),
        ]

    def __str__(self):
        when = f"{self.at:%Y-%m-%d %H:%M}"
        return f"{when} {self.action} {self.object_type} #{self.object_id}"


class Erasure(models.Model):
    """The minimal record that a person's data was erased (GDPR Art. 17):
    when, by whom, on which request; no personal data."""

    person_id = models.BigIntegerField(_("contact person id"))
    company_id = models.BigIntegerField(_("company id"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    request_reference = models.CharField(
        _("request"),
        max_length=100,
        help_text=_("Ticket or letter reference of the request; no names."),
    )
    history_rows = models.PositiveIntegerField(_("history rows anonymised"), default=0)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at", "-id"]

    def __str__(self):
        return f"#{self.person_id} {self.erased_at:%Y-%m-%d}"
