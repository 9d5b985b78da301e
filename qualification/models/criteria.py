from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Settings(models.Model):
    """The one row of qualification settings that admins edit in the UI."""

    threshold_a = models.IntegerField(
        _("priority A from score"),
        default=60,
        help_text=_("A score at or above this value gives priority A."),
    )
    threshold_b = models.IntegerField(
        _("priority B from score"),
        default=35,
        help_text=_("A score at or above this value (and below A) gives priority B."),
    )
    requalify_after_months = models.PositiveSmallIntegerField(
        _("re-qualify after (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    stale_deduction = models.PositiveSmallIntegerField(
        _("deduction for stale data (points)"),
        default=10,
        help_text=_(
            "Taken off the score when the company was never verified or "
            "not within the re-qualification period."
        ),
    )
    min_outcomes = models.PositiveSmallIntegerField(
        _("outcomes needed for an observed rate"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Until this many handovers of a priority are closed, the success "
            "estimate comes from the score."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("qualification settings")
        verbose_name_plural = _("qualification settings")

    def __str__(self):
        return gettext("Qualification settings")

    def clean(self):
        super().clean()
        if self.threshold_b >= self.threshold_a:
            raise ValidationError(
                {"threshold_b": _("The threshold for B must be lower than for A.")}
            )

    @classmethod
    def current(cls) -> "Settings":
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings


class Criterion(models.Model):
    """A question inside sales answers about a lead; every answer is an option
    worth some points. Number criteria pick the option by its lower bound."""

    class AnswerType(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no")
        CHOICE = "choice", _("Choice")
        NUMBER = "number", _("Number range")

    key = models.SlugField(_("key"), max_length=50, unique=True)
    label = models.CharField(
        _("short label"),
        max_length=80,
        help_text=_("Shown in the score explanation, e.g. purchasing volume"),
    )
    question = models.CharField(_("question"), max_length=200)
    answer_type = models.CharField(
        _("answer type"), max_length=10, choices=AnswerType.choices
    )
    unit = models.CharField(
        _("unit"), max_length=20, blank=True, help_text=_("For numbers, e.g. EUR")
    )
    required_for_handover = models.BooleanField(
        _("required before handover"), default=False
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label_display

    # Default criteria ship with English texts that the catalogue translates;
    # texts admins type in stay as typed.
    @property
    def label_display(self) -> str:
        return gettext(self.label) if self.label else ""

    @property
    def question_display(self) -> str:
        return gettext(self.question) if self.question else ""


class CriterionOption(models.Model):
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="options"
    )
    label = models.CharField(_("answer"), max_length=120)
    points = models.IntegerField(_("points"))
    min_value = models.DecimalField(
        _("from value"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Number criteria: the answer applies from this value upwards."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["criterion", "position", "min_value", "id"]

    def __str__(self):
        return self.label_display

    @property
    def label_display(self) -> str:
        return gettext(self.label) if self.label else ""
