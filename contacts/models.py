import functools

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from contacts import normalize
from contacts.validators import check_text_fields, postal_code_error, text_fields

# Derived columns, kept current on save; history tables leave them out.
KEY_FIELDS = [
    "name_key",
    "name_sound",
    "email_key",
    "email_domain",
    "website_domain",
    "vat_key",
]
PERSON_KEY_FIELDS = ["name_key", "name_sound", "email_key"]
ADDRESS_KEY_FIELDS = ["street_key", "city_key"]

# Fields that only bookkeeping touches; they never show up as a change in history.
UNTRACKED_FIELDS = [
    "created_at",
    "updated_at",
    "version",
    *KEY_FIELDS,
    *ADDRESS_KEY_FIELDS,
]


def person_name(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _stored_phone(value: str) -> str:
    """E.164 when the number can be read, else the number as typed: a number
    that cannot be read is flagged when shown, never dropped."""
    return normalize.phone_e164(value) or normalize.tidy(value)


class Versioned(models.Model):
    """A tracked record: a counter that every save raises, so an edit form can
    tell it is stale, and text checks that every write path runs."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Text in NFC without surrounding blanks, phones in E.164 and the
        # derived search and duplicate keys follow every save, whatever path
        # it comes from; bulk loads call refresh_keys() themselves.
        self.tidy_text()
        self.refresh_keys()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        check_text_fields(self)

    def refresh_keys(self) -> None:
        pass

    def tidy_text(self) -> None:
        """What was typed, composed (NFC) and without surrounding blanks: an
        "ü" typed as u + combining diaeresis is then the same "ü" as any other."""
        for field in text_fields(type(self)):
            value = getattr(self, field.attname)
            if isinstance(value, str):
                setattr(self, field.attname, normalize.tidy(value))


def save_tracked(obj, *, user, reason: str) -> None:
    """Save with the history row's author and reason, raising the version
    (so open edit forms know they are stale) and the update time."""
    obj._history_user = user
    obj._change_reason = reason
    if isinstance(obj, Versioned) and obj.pk:
        obj.version += 1
    if hasattr(obj, "updated_at"):
        obj.updated_at = timezone.now()
    obj.save()


class Timestamped(models.Model):
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(
        _("updated"), default=timezone.now, editable=False
    )

    class Meta:
        abstract = True


class Source(models.Model):
    class Kind(models.TextChoices):
        EXISTING_CUSTOMER = "existing_customer", _("Existing customer")
        TRADE_FAIR = "trade_fair", _("Trade fair")
        MARKETING = "marketing", _("Marketing campaign")
        ADDRESS_BROKER = "address_broker", _("Address broker")
        INBOUND = "inbound", _("Inbound contact")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Bought addresses: the contract that allows their use, and until when.
    licence_reference = models.CharField(
        _("contract or licence reference"), max_length=200, blank=True
    )
    licence_expires_on = models.DateField(
        _("licence expires on"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-date", "name"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def is_broker(self) -> bool:
        return self.kind == self.Kind.ADDRESS_BROKER

    def licence_expired(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.is_broker
            and self.licence_expires_on is not None
            and self.licence_expires_on < today
        )

    def clean(self):
        super().clean()
        check_text_fields(self)
        if self.is_broker:
            errors = {}
            if not self.licence_reference.strip():
                errors["licence_reference"] = _(
                    "Addresses from a broker need the contract or licence reference."
                )
            if self.licence_expires_on is None:
                errors["licence_expires_on"] = _(
                    "Addresses from a broker need the date their licence ends."
                )
            if errors:
                raise ValidationError(errors)


@functools.lru_cache(maxsize=256)
def _split_prefixes(text: str) -> tuple[str, ...]:
    # Read for every address an import places in a territory (#5).
    return tuple(p.strip() for p in text.split(",") if p.strip())


class Team(models.Model):
    """Users responsible for a territory; membership is the team's auth group,
    so object grants to a team are ordinary guardian group grants."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="team")
    postal_code_prefixes = models.CharField(
        _("postal code prefixes"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated, e.g. 80, 81, 82"),
    )
    # Whole countries, for addresses abroad; German postal codes go by prefix.
    countries = CountryField(_("countries"), multiple=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        check_text_fields(self)

    @property
    def prefixes(self) -> list[str]:
        return list(_split_prefixes(self.postal_code_prefixes))


class Company(Versioned, Timestamped):
    class LegalForm(models.TextChoices):
        GMBH = "GmbH", "GmbH"
        GGMBH = "gGmbH", "gGmbH"
        UG = "UG (haftungsbeschränkt)", "UG (haftungsbeschränkt)"
        AG = "AG", "AG"
        SE = "SE", "SE"
        KG = "KG", "KG"
        GMBH_CO_KG = "GmbH & Co. KG", "GmbH & Co. KG"
        KGAA = "KGaA", "KGaA"
        OHG = "OHG", "OHG"
        GBR = "GbR", "GbR"
        PARTG = "PartG", "PartG"
        EK = "e.K.", "e.K."
        EV = "e.V.", "e.V."
        EG = "eG", "eG"
        SOLE = "Einzelunternehmen", _("Sole proprietorship")
        OTHER = "other", _("Other (foreign form)")

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        CUSTOMER = "customer", _("Customer")
        FORMER = "former_customer", _("Former customer")
        LOST = "lost", _("Lost")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Without the legal form")
    )
    legal_form = models.CharField(
        _("legal form"), max_length=32, choices=LegalForm.choices, blank=True
    )
    legal_form_other = models.CharField(
        _("other legal form"),
        max_length=100,
        blank=True,
        help_text=_("Only for foreign forms, e.g. Ltd., S.A.R.L."),
    )
    industry = models.CharField(_("industry"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    vat_id = models.CharField(_("VAT ID"), max_length=20, blank=True)
    register_court = models.CharField(_("register court"), max_length=100, blank=True)
    register_number = models.CharField(_("register number"), max_length=30, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    revenue = models.DecimalField(
        _("revenue (EUR)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("customer status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PROSPECT,
    )
    last_order_date = models.DateField(_("last order"), null=True, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("source"),
    )
    # PROTECT throughout: clearing these silently would change who may see
    # the company without a history row saying so.
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("team"),
    )
    field_rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_companies",
        verbose_name=_("field rep"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )

    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_away",
        verbose_name=_("merged into"),
        editable=False,
    )

    # Keys for search, sorting and duplicate detection, derived from the fields
    # above on every save (see contacts.normalize for how each is formed).
    name_key = models.CharField(max_length=200, blank=True, editable=False)
    name_sound = models.CharField(max_length=100, blank=True, editable=False)
    email_key = models.CharField(max_length=254, blank=True, editable=False)
    email_domain = models.CharField(max_length=254, blank=True, editable=False)
    website_domain = models.CharField(max_length=254, blank=True, editable=False)
    vat_key = models.CharField(max_length=20, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[*KEY_FIELDS, "created_at", "updated_at"]
    )

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name_key", "id"]
        indexes = [
            models.Index(fields=["name_key", "id"], name="company_name_key_idx"),
            models.Index(fields=["status"], name="company_status_idx"),
            models.Index(fields=["name_sound"], name="company_name_sound_idx"),
            models.Index(fields=["email_key"], name="company_email_idx"),
            models.Index(fields=["email_domain"], name="company_email_domain_idx"),
            models.Index(fields=["website_domain"], name="company_website_idx"),
            models.Index(fields=["vat_key"], name="company_vat_idx"),
            models.Index(fields=["phone"], name="company_phone_idx"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        form = self.legal_form_other if self.legal_form == "other" else self.legal_form
        return f"{self.name} {form}".strip()

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    @property
    def legal_form_warning(self) -> str | None:
        """Why the name and the legal form disagree, e.g. a name ending in KG
        on a GmbH; shown to people, never corrected behind their back."""
        from contacts.legal_forms import legal_form_conflict

        return legal_form_conflict(self.name, self.legal_form, self.legal_form_other)

    def clean(self):
        super().clean()
        errors = {}
        self.email = normalize.tidy(self.email)
        if self.email and (error := normalize.email_error(self.email)):
            errors["email"] = error
        if self.vat_id:
            vat = normalize.parse_vat(self.vat_id)
            if vat.error:
                errors["vat_id"] = vat.error
            else:
                self.vat_id = vat.compact
        if errors:
            raise ValidationError(errors)

    def refresh_keys(self) -> None:
        self.phone = _stored_phone(self.phone)
        name = normalize.tidy(self.name)
        self.name_key = normalize.search_fold(name)[:200]
        self.name_sound = normalize.name_sound(name)[:100]
        self.email_key = self.email.strip().casefold()
        self.email_domain = normalize.email_domain(self.email)
        self.website_domain = normalize.website_domain(self.website)
        self.vat_key = normalize.parse_vat(self.vat_id).compact if self.vat_id else ""


class Address(Versioned):
    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("Headquarters")
        BILLING = "billing", _("Billing address")
        DELIVERY = "delivery", _("Delivery address")
        PO_BOX = "po_box", _("PO box")

    class Reason(models.TextChoices):
        NEW = "new", _("New")
        MOVE = "move", _("Move")
        CORRECTION = "correction", _("Correction")
        RENAME = "rename", _("Street renamed")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="addresses"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.HEADQUARTERS
    )
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    addition = models.CharField(
        _("addition"), max_length=200, blank=True, help_text=_("c/o, building, floor")
    )
    po_box = models.CharField(_("PO box"), max_length=20, blank=True)
    # Text, never a number: German postal codes such as 01067 start with zero.
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"), default="DE")
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    change_reason = models.CharField(
        _("type of change"), max_length=20, choices=Reason.choices, default=Reason.NEW
    )
    street_key = models.CharField(max_length=200, blank=True, editable=False)
    city_key = models.CharField(max_length=120, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=ADDRESS_KEY_FIELDS)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["kind", "-valid_from", "id"]
        indexes = [
            models.Index(fields=["postal_code"], name="address_postal_code_idx"),
            models.Index(fields=["city_key"], name="address_city_key_idx"),
            models.Index(fields=["company", "valid_until"], name="address_current_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=models.Q(kind="headquarters", valid_until__isnull=True),
                name="one_current_headquarters",
                violation_error_message=_(
                    "The company already has a current headquarters. If it moved, "
                    "use “Move” on that address."
                ),
            )
        ]

    def __str__(self):
        return ", ".join(part for part in (self.street_line, self.place_line) if part)

    @classmethod
    def kind_order(cls) -> Case:
        """Headquarters first, then billing, delivery, PO box: the order people
        expect, which is not the alphabetical order of the stored keys."""
        whens = [When(kind=kind, then=i) for i, kind in enumerate(cls.Kind.values)]
        return Case(*whens, output_field=models.IntegerField())

    def clean(self):
        super().clean()
        self.postal_code = normalize.tidy_postal_code(
            str(self.country), self.postal_code
        )
        error = postal_code_error(self.country, self.postal_code)
        if error:
            raise ValidationError({"postal_code": error})

    def refresh_keys(self) -> None:
        # "Hauptstr.", "Haupt-Straße" and "Hauptstrasse" share one key.
        self.street_key = normalize.street_fold(self.street)[:200]
        self.city_key = normalize.search_fold(self.city)[:120]

    @property
    def is_current(self) -> bool:
        return self.valid_until is None

    @property
    def street_line(self) -> str:
        if self.kind == self.Kind.PO_BOX and self.po_box:
            return f"{_('PO box')} {self.po_box}"
        return f"{self.street} {self.house_number}".strip()

    @property
    def place_line(self) -> str:
        place = f"{self.postal_code} {self.city}".strip()
        if self.country and self.country.code != "DE":
            return f"{self.country.code}-{place}"
        return place


class ContactPerson(Versioned, Timestamped):
    class Salutation(models.TextChoices):
        MR = "mr", _("Mr")
        MS = "ms", _("Ms")
        NONE = "none", _("(no salutation)")

    class Authority(models.TextChoices):
        DECISION_MAKER = "decision_maker", _("Decision maker")
        PURCHASER = "purchaser", _("Purchaser")
        INFLUENCER = "influencer", _("Influencer")
        USER = "user", _("User")
        GATEKEEPER = "gatekeeper", _("Gatekeeper")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="contact_persons"
    )
    salutation = models.CharField(
        _("salutation"), max_length=10, choices=Salutation.choices, default="none"
    )
    academic_title = models.CharField(
        _("academic title"), max_length=50, blank=True, help_text=_("e.g. Dr., Prof.")
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    department = models.CharField(_("department"), max_length=150, blank=True)
    authority = models.CharField(
        _("authority"), max_length=20, choices=Authority.choices, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=50, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="contact_persons",
        verbose_name=_("source"),
    )
    # GDPR Art. 14: when the person was told that we hold their data.
    informed_on = models.DateField(
        _("informed on"),
        null=True,
        blank=True,
        help_text=_("When the person was told that and why we hold their data"),
    )
    # GDPR Art. 18: kept, but out of lists, exports and call lists, read-only.
    restricted_at = models.DateTimeField(
        _("restricted since"), null=True, blank=True, editable=False
    )
    restriction_reason = models.CharField(
        _("reason for the restriction"), max_length=200, blank=True, editable=False
    )
    # GDPR Art. 17: set when the personal data was anonymised.
    erased_at = models.DateTimeField(
        _("erased at"), null=True, blank=True, editable=False
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_away",
        verbose_name=_("merged into"),
        editable=False,
    )
    name_key = models.CharField(max_length=250, blank=True, editable=False)
    name_sound = models.CharField(max_length=100, blank=True, editable=False)
    email_key = models.CharField(max_length=254, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[*PERSON_KEY_FIELDS, "created_at", "updated_at"]
    )

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name"], name="contact_last_name_idx"),
            models.Index(fields=["name_sound"], name="contact_name_sound_idx"),
            models.Index(fields=["email_key"], name="contact_email_idx"),
            models.Index(fields=["phone"], name="contact_phone_idx"),
            models.Index(fields=["mobile"], name="contact_mobile_idx"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.left_on is None

    @property
    def is_restricted(self) -> bool:
        return self.restricted_at is not None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def full_name(self) -> str:
        return person_name(self.academic_title, self.first_name, self.last_name)

    def clean(self):
        super().clean()
        self.email = normalize.tidy(self.email)
        if self.email and (error := normalize.email_error(self.email)):
            raise ValidationError({"email": error})

    def refresh_keys(self) -> None:
        self.phone = _stored_phone(self.phone)
        self.mobile = _stored_phone(self.mobile)
        self.name_key = normalize.search_fold(
            person_name(self.first_name, self.last_name)
        )[:250]
        # The surname carries the sound: first names are too often shortened
        # or left out ("H. Maier", "Hans Maier") to block on.
        self.name_sound = normalize.name_sound(self.last_name)[:100]
        self.email_key = self.email.strip().casefold()


class Grant(models.Model):
    """Why someone outside the company's team may see it, and until when.

    Written through access.services only; a grant whose last day has passed
    stops counting in contacts.selectors at once, before any cleanup runs.
    """

    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(
        _("granted at"), default=timezone.now, editable=False
    )
    expires_on = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("Access ends after this day; leave empty for no end."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.permission.codename} #{self.content_object_id}: {self.reason}"

    @classmethod
    def active_q(cls, today=None) -> models.Q:
        today = today or timezone.localdate()
        return models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today)


class CompanyUserObjectPermission(Grant, UserObjectPermissionBase):
    content_object = models.ForeignKey(Company, on_delete=models.CASCADE)

    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        indexes = [
            models.Index(fields=["user", "content_object"], name="cuop_user_obj")
        ]


class CompanyGroupObjectPermission(Grant, GroupObjectPermissionBase):
    content_object = models.ForeignKey(Company, on_delete=models.CASCADE)

    history = HistoricalRecords()

    class Meta(GroupObjectPermissionBase.Meta):
        indexes = [
            models.Index(fields=["group", "content_object"], name="cgop_group_obj")
        ]


# Duplicate pairs and merges live with their feature but belong to this app.
from contacts.consent.models import ContactPermission, Suppression  # noqa: E402, F401
from contacts.duplicates.models import CompanyPair, Merge, PersonPair  # noqa: E402, F401
