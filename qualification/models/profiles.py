"""What inside sales learns about a company and a person beyond the address.

Company.revenue, Company.employees, Company.last_order_date and
ContactPerson.job_title/authority stay where they are (one value, one place);
the profiles add when and where those figures were learnt, and the rest.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Company, ContactPerson, Timestamped, Versioned


def _as_of(label):
    return models.DateField(label, null=True, blank=True)


def _figure_source(label):
    return models.CharField(
        label,
        max_length=150,
        blank=True,
        help_text=_("e.g. annual report 2025, phone call, North Data"),
    )


class CompanyProfile(Versioned, Timestamped):
    class OrderCycle(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        YEARLY = "yearly", _("Yearly")
        IRREGULAR = "irregular", _("Irregular")
        EVERY_N_DAYS = "every_n_days", _("Every N days")

    class Need(models.TextChoices):
        UNKNOWN = "", _("Unknown")
        YES = "yes", _("Yes")
        NO = "no", _("No")

    # Days per cycle, for "last order older than two cycles".
    CYCLE_DAYS = {"weekly": 7, "monthly": 30, "quarterly": 91, "yearly": 365}

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, related_name="qualification_profile"
    )
    revenue_as_of = _as_of(_("revenue as of"))
    revenue_source = _figure_source(_("revenue from"))
    employees_as_of = _as_of(_("employees as of"))
    employees_source = _figure_source(_("employees from"))
    company_value = models.DecimalField(
        _("company value (EUR)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    company_value_as_of = _as_of(_("company value as of"))
    company_value_source = _figure_source(_("company value from"))
    purchase_volume = models.DecimalField(
        _("purchasing volume per year (EUR)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
    )
    order_cycle = models.CharField(
        _("order cycle"), max_length=20, choices=OrderCycle.choices, blank=True
    )
    order_cycle_days = models.PositiveSmallIntegerField(
        _("every … days"), null=True, blank=True
    )
    current_need = models.CharField(
        _("current need"), max_length=3, choices=Need.choices, blank=True
    )
    need_description = models.CharField(_("what is needed"), max_length=300, blank=True)
    act_by = models.DateField(_("act by"), null=True, blank=True)
    recommendation = models.TextField(_("recommendation for the field rep"), blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("company qualification")
        verbose_name_plural = _("company qualifications")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(order_cycle="every_n_days")
                | models.Q(order_cycle_days__gt=0),
                name="order_cycle_days_given",
                violation_error_message=_("Enter after how many days they order."),
            )
        ]

    def __str__(self):
        return str(self.company)

    @property
    def cycle_days(self) -> int | None:
        if self.order_cycle == self.OrderCycle.EVERY_N_DAYS:
            return self.order_cycle_days
        return self.CYCLE_DAYS.get(self.order_cycle)


class ContactProfile(Versioned, Timestamped):
    class Budget(models.TextChoices):
        UNKNOWN = "", _("Unknown")
        NONE = "none", _("No budget of their own")
        BUDGET = "budget", _("Own budget")
        SIGNING = "signing", _("May sign contracts")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        MOBILE = "mobile", _("Mobile")
        EMAIL = "email", _("E-mail")
        VISIT = "visit", _("Visit")
        LETTER = "letter", _("Letter")

    class Weekday(models.TextChoices):
        MON = "1", _("Mon")
        TUE = "2", _("Tue")
        WED = "3", _("Wed")
        THU = "4", _("Thu")
        FRI = "5", _("Fri")

    person = models.OneToOneField(
        ContactPerson,
        on_delete=models.CASCADE,
        related_name="qualification_profile",
        verbose_name=_("contact person"),
    )
    budget_authority = models.CharField(
        _("budget or signing authority"),
        max_length=10,
        choices=Budget.choices,
        blank=True,
    )
    signing_limit = models.DecimalField(
        _("up to (EUR)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    preferences = models.TextField(
        _("preferences and key criteria"),
        blank=True,
        help_text=_("e.g. wants delivery dates in writing; price before service"),
    )
    # Weekday numbers, e.g. "2,3,4" for Tue–Thu.
    best_days = models.CharField(_("best days"), max_length=20, blank=True)
    best_from = models.TimeField(_("from"), null=True, blank=True)
    best_until = models.TimeField(_("until"), null=True, blank=True)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=10, choices=Channel.choices, blank=True
    )
    language = models.CharField(
        _("language"), max_length=40, blank=True, help_text=_("e.g. German, English")
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("contact qualification")
        verbose_name_plural = _("contact qualifications")

    def __str__(self):
        return str(self.person)

    @property
    def day_list(self) -> list[str]:
        return [d for d in self.best_days.split(",") if d]

    @property
    def reach_window(self) -> str:
        """E.g. "Tue, Wed, Thu 08:00–10:00"; empty when nothing is known."""
        labels = dict(self.Weekday.choices)
        days = ", ".join(str(labels[d]) for d in self.day_list if d in labels)
        times = ""
        if self.best_from and self.best_until:
            times = f"{self.best_from:%H:%M}–{self.best_until:%H:%M}"
        elif self.best_from:
            times = f"≥ {self.best_from:%H:%M}"
        return " ".join(part for part in (days, times) if part)
