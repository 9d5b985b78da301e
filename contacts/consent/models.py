"""Contact permissions per channel and the suppression list (GDPR Art. 21,
UWG §7).

Imported by contacts.models, so the models belong to the contacts app.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Channel(models.TextChoices):
    POST = "post", _("Post")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    FAX = "fax", _("Fax")


class Basis(models.TextChoices):
    EXPRESS = "express", _("Express consent")
    PRESUMED = "presumed", _("Presumed consent (business call, UWG §7)")
    EXISTING_CUSTOMER = "existing_customer", _("Existing customer (UWG §7(3))")
    NONE = "none", _("No permission")
    OBJECTED = "objected", _("Objected")


class ContactPermission(models.Model):
    """On what basis a person may be approached on one channel.

    No row means "none". Post needs no consent in B2B and is allowed unless
    objected; the other channels need the basis the law asks for (see
    contacts.consent.rules).
    """

    person = models.ForeignKey(
        "contacts.ContactPerson",
        on_delete=models.CASCADE,
        related_name="permissions",
        verbose_name=_("contact person"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    basis = models.CharField(
        _("basis"), max_length=20, choices=Basis.choices, default=Basis.NONE
    )
    # Express consent: when, how and in which words it was given.
    consented_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_method = models.CharField(
        _("how"),
        max_length=200,
        blank=True,
        help_text=_("e.g. signed form at the trade fair, double opt-in e-mail"),
    )
    consent_wording = models.TextField(_("wording of the consent"), blank=True)
    # Presumed consent and the existing-customer rule: the written reason.
    reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_(
            "Presumed consent: why a call is welcome. Existing customer: "
            "which sale the address came from."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact permission")
        verbose_name_plural = _("contact permissions")
        ordering = ["person", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "channel"], name="one_permission_per_channel"
            )
        ]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.get_basis_display()}"


class Suppression(models.Model):
    """A person who objected or was erased, kept only as keyed hashes of an
    e-mail address or phone number, so that a later import or form entry of
    the same person is kept from marketing without storing who it was."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")

    class Cause(models.TextChoices):
        OBJECTION = "objection", _("Objection (Art. 21)")
        ERASURE = "erasure", _("Erasure (Art. 17)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    digest = models.CharField(_("digest"), max_length=64)
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("suppression entry")
        verbose_name_plural = _("suppression entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "digest"], name="suppression_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.digest[:12]}…"

    @staticmethod
    def digest_of(value: str) -> str:
        """HMAC-SHA256 with the installation's SUPPRESSION_SALT: without the
        salt a leaked list cannot be checked against known addresses."""
        key = settings.SUPPRESSION_SALT.encode()
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
