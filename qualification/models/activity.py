from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Address, Company, ContactPerson
from qualification.models.assessment import Priority


class QualificationCall(models.Model):
    """One call (or mail) by inside sales; it confirms what it names as checked."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        VISIT = "visit", _("Visit")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        QUALIFIED = "qualified", _("Reached, data checked")
        CALL_BACK = "call_back", _("Reached, call back later")
        NOT_REACHED = "not_reached", _("Not reached")
        WRONG_CONTACT = "wrong_contact", _("Wrong contact person")
        NO_INTEREST = "no_interest", _("No interest")
        # Not a call by inside sales: the customer got in touch; the notes
        # hold their concern.
        INBOUND = "inbound", _("Got in touch themselves")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="qualification_calls"
    )
    called_at = models.DateTimeField(_("date"), default=timezone.now)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )
    reached = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reached"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    confirmed_addresses = models.ManyToManyField(
        Address, blank=True, related_name="+", verbose_name=_("addresses confirmed")
    )
    confirmed_persons = models.ManyToManyField(
        ContactPerson,
        blank=True,
        related_name="+",
        verbose_name=_("contact persons confirmed"),
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("qualification call")
        verbose_name_plural = _("qualification calls")
        ordering = ["-called_at", "-id"]
        indexes = [models.Index(fields=["company", "-called_at"], name="call_latest")]

    def __str__(self):
        return f"{self.company} {self.called_at:%Y-%m-%d}"

    @property
    def verifies(self) -> bool:
        return self.outcome == self.Outcome.QUALIFIED


class Handover(models.Model):
    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    class Outcome(models.TextChoices):
        CONTACTED = "contacted", _("Contacted")
        APPOINTMENT = "appointment", _("Appointment")
        OFFER = "offer", _("Offer made")
        ORDER = "order", _("Order")
        LOST = "lost", _("Lost")

    # An order is a success, a loss a failure; the others are still under way.
    CLOSED = (Outcome.ORDER, Outcome.LOST)

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="handovers"
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers",
        verbose_name=_("field rep"),
    )
    brief = models.TextField(_("brief"))
    priority = models.CharField(
        _("priority at handover"), max_length=1, choices=Priority.choices
    )
    score = models.IntegerField(_("score at handover"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OFFERED
    )
    reject_reason = models.CharField(
        _("reason for rejecting"), max_length=300, blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True
    )
    outcome_note = models.CharField(_("outcome note"), max_length=300, blank=True)
    handed_over_at = models.DateTimeField(_("handed over"), default=timezone.now)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handed over by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-handed_over_at", "-id"]
        indexes = [
            models.Index(fields=["rep", "status"], name="handover_rep_status"),
            models.Index(fields=["priority", "outcome"], name="handover_outcome"),
        ]

    def __str__(self):
        return f"{self.company} → {self.rep}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.REJECTED and self.outcome not in self.CLOSED
