"""Duplicate proposals, the decisions people took on them, and merges.

Imported by contacts.models, so the models belong to the contacts app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PairStatus(models.TextChoices):
    OPEN = "open", _("Open")
    NOT_DUPLICATE = "not_duplicate", _("Not a duplicate")
    MERGED = "merged", _("Merged")


class Pair(models.Model):
    """Two records that may be one. `first` has the lower id, so each pair is
    stored once; a "not a duplicate" decision keeps it from coming back."""

    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=PairStatus.choices, default=PairStatus.OPEN
    )
    # When the newer of the two records was created: the scan page lists the
    # freshest proposals first, since those are still easy to clear up.
    newest_at = models.DateTimeField()
    # When a scan last found the pair (or the pair was first proposed).
    found_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.first_id} ~ {self.second_id} ({self.score})"

    def reason_labels(self) -> list[str]:
        from contacts.duplicates.finding import reason_label

        return [reason_label(key) for key in self.reasons]


class CompanyPair(Pair):
    first = models.ForeignKey(
        "contacts.Company", on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        "contacts.Company", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("possible duplicate company")
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"], name="company_pair_once"
            ),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")),
                name="company_pair_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "-newest_at"], name="cpair_open")]


class PersonPair(Pair):
    first = models.ForeignKey(
        "contacts.ContactPerson", on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        "contacts.ContactPerson", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("possible duplicate person")
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"], name="person_pair_once"
            ),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")),
                name="person_pair_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "-newest_at"], name="ppair_open")]


class Merge(models.Model):
    """One merge, with what is needed to undo it.

    `snapshot` holds the survivor's field values before the merge and the
    ids of everything moved to it (addresses, persons, grants), so that undo
    puts each back where it was.
    """

    class Kind(models.TextChoices):
        COMPANY = "company", _("Companies")
        PERSON = "person", _("Contact persons")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    survivor_id = models.PositiveBigIntegerField()
    merged_ids = models.JSONField(default=list)
    snapshot = models.JSONField(default=dict)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    done_at = models.DateTimeField(default=timezone.now)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("merge")
        indexes = [models.Index(fields=["kind", "survivor_id"], name="merge_survivor")]

    def __str__(self):
        return f"{self.kind} {self.merged_ids} → {self.survivor_id}"
