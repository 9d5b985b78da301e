from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Company, Timestamped, Versioned
from qualification.models.criteria import Criterion, CriterionOption


class Priority(models.TextChoices):
    A = "A", _("A – act first")
    B = "B", _("B – worth a visit")
    C = "C", _("C – keep in view")


class Assessment(Versioned, Timestamped):
    """The answers of one company and the score they add up to. Score and
    priority are stored for sorting; the service refreshes them on each write."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, related_name="assessment"
    )
    score = models.IntegerField(_("score"), default=0)
    priority = models.CharField(
        _("priority from score"), max_length=1, choices=Priority.choices, default="C"
    )
    priority_override = models.CharField(
        _("priority set by hand"), max_length=1, choices=Priority.choices, blank=True
    )
    override_reason = models.CharField(
        _("reason for the priority set by hand"), max_length=300, blank=True
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["priority", "score"], name="assessment_rank")]

    def __str__(self):
        return str(self.company)

    @property
    def effective_priority(self) -> str:
        return self.priority_override or self.priority

    @property
    def is_overridden(self) -> bool:
        return bool(self.priority_override)


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("assessment"),
    )
    # PROTECT: a criterion with answers is deactivated, not deleted, so that old
    # scores stay explainable.
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("criterion"),
    )
    option = models.ForeignKey(
        CriterionOption,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("answer"),
    )
    number = models.DecimalField(
        _("value"), max_digits=15, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_answer_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.option}"
