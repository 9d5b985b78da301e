import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts import normalize
from contacts.legal_forms import split_legal_form
from contacts.models import Address, Company, ContactPerson, Source, Team
from contacts.roles import Role, is_admin, user_label
from contacts.selectors import teams_of


def _date_input() -> forms.DateInput:
    # Browsers' date pickers take ISO dates only, whatever the page's language.
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _row(*columns: tuple[str, int]) -> Row:
    return Row(*(Column(name, css_class=f"col-md-{width}") for name, width in columns))


class CrispyMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        layout = self.get_layout()
        if layout is not None:
            # Hidden fields (the version) are not in the layout; keep them.
            hidden = [
                Field(name) for name, f in self.fields.items() if f.widget.is_hidden
            ]
            self.helper.layout = Layout(*layout, *hidden)

    def get_layout(self):
        return None


class VersionedForm(CrispyMixin, forms.ModelForm):
    """Carries the record's version so that a save over a newer change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # An edit without the version it started from cannot be checked.
            self.fields["version"].required = True
            self.initial.setdefault("version", self.instance.version)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def after_conflict(self, error):
        """The same form on the record as saved now, with this user's changes
        on top, so that saving again keeps the other person's changes too."""
        initial = {
            **error.yours,
            **self.extra_initial(),
            "version": error.current.version,
        }
        return type(self)(instance=error.current, initial=initial, **self.form_kwargs())

    def extra_initial(self) -> dict:
        return {}

    def form_kwargs(self) -> dict:
        return {}


_NEW_SOURCE_FIELDS = (
    "new_source_kind",
    "new_source_name",
    "new_source_licence",
    "new_source_licence_expires_on",
)


class CompanyForm(VersionedForm):
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    new_source_kind = forms.ChoiceField(
        label=_("New source: kind"),
        choices=[("", "---------"), *Source.Kind.choices],
        required=False,
    )
    new_source_name = forms.CharField(
        label=_("New source: name"),
        required=False,
        max_length=Source._meta.get_field("name").max_length,
        help_text=_("e.g. Hannover Messe 2026, only if the source is not in the list"),
    )
    new_source_licence = forms.CharField(
        label=_("New source: contract or licence"),
        required=False,
        max_length=Source._meta.get_field("licence_reference").max_length,
        help_text=_("Required for addresses bought from a broker"),
    )
    new_source_licence_expires_on = forms.DateField(
        label=_("New source: licence expires on"),
        required=False,
        widget=_date_input(),
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "legal_form",
            "legal_form_other",
            "status",
            "industry",
            "website",
            "email",
            "phone",
            "vat_id",
            "register_court",
            "register_number",
            "employees",
            "revenue",
            "last_order_date",
            "source",
            "team",
            "field_rep",
        ]
        widgets = {"last_order_date": _date_input()}
        localized_fields = ["revenue", "employees"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self._limit_teams(user)
        self.fields["source"].required = False
        reps = Q(groups__name=Role.FIELD_SALES, is_active=True)
        if self.instance.field_rep_id:
            # A rep who left field sales stays until someone picks another.
            reps |= Q(pk=self.instance.field_rep_id)
        self.fields["field_rep"].queryset = (
            get_user_model()
            .objects.filter(reps)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["field_rep"].label_from_instance = user_label

    def form_kwargs(self) -> dict:
        return {"user": self.user}

    def extra_initial(self) -> dict:
        new_source = {name: self.cleaned_data.get(name) for name in _NEW_SOURCE_FIELDS}
        if new_source["new_source_name"]:
            # The source saved with the refused edit was rolled back with it.
            new_source["source"] = None
        return new_source

    def _limit_teams(self, user) -> None:
        """Inside sales file companies under their own teams, so that a company
        never drops out of sight of the person who just saved it."""
        self.without_team = False
        if is_admin(user):
            self.fields["team"].help_text = _(
                "Left empty, the team follows the postal code of the address."
            )
            return
        own = teams_of(user)
        if self.instance.team_id:
            own = own | Team.objects.filter(pk=self.instance.team_id)
        self.fields["team"].queryset = own.distinct()
        self.fields["team"].required = True
        if not self.instance.pk:
            first = own.first()
            self.without_team = first is None
            if first:
                self.initial.setdefault("team", first.pk)

    def get_layout(self):
        return [
            _row(("name", 8), ("legal_form", 4)),
            _row(("status", 4), ("legal_form_other", 8)),
            _row(("industry", 6), ("website", 6)),
            _row(("email", 6), ("phone", 6)),
            _row(("vat_id", 4), ("register_court", 4), ("register_number", 4)),
            _row(("employees", 4), ("revenue", 4), ("last_order_date", 4)),
            Fieldset(
                _("Source and responsibility"),
                _row(("source", 12)),
                Div(
                    _row(("new_source_kind", 5), ("new_source_name", 7)),
                    _row(
                        ("new_source_licence", 7),
                        ("new_source_licence_expires_on", 5),
                    ),
                    css_class="border-start ps-2",
                ),
                _row(("team", 6), ("field_rep", 6)),
            ),
        ]

    def _get_validation_exclusions(self):
        # A new source is only saved by the view once everything is valid; the
        # service's full_clean still refuses a company without one.
        return {*super()._get_validation_exclusions(), "source"}

    def clean_name(self):
        name = self.cleaned_data["name"]
        split = split_legal_form(name)
        if split.legal_form:
            form = split.legal_form_other or split.legal_form
            raise forms.ValidationError(
                _(
                    "The name ends in the legal form “%(form)s”. Enter “%(name)s” "
                    "here and choose the legal form from the list."
                ),
                params={"form": form, "name": split.name},
            )
        return name

    def clean(self):
        data = super().clean()
        if self.without_team:
            raise forms.ValidationError(
                _(
                    "You are not in any team yet, so you would not see the new "
                    "company. Ask an admin to add you to a team."
                )
            )
        if data.get("legal_form") == Company.LegalForm.OTHER and not data.get(
            "legal_form_other"
        ):
            self.add_error("legal_form_other", _("Name the foreign legal form."))
        if data.get("legal_form") != Company.LegalForm.OTHER:
            data["legal_form_other"] = ""
        if not data.get("source"):
            kind, name = data.get("new_source_kind"), data.get("new_source_name")
            if kind and name:
                source = Source(
                    kind=kind,
                    name=name,
                    date=timezone.localdate(),
                    licence_reference=data.get("new_source_licence") or "",
                    licence_expires_on=data.get("new_source_licence_expires_on"),
                )
                try:
                    source.clean()
                except ValidationError as error:
                    for field, message in (
                        ("licence_reference", "new_source_licence"),
                        ("licence_expires_on", "new_source_licence_expires_on"),
                    ):
                        for text in error.message_dict.get(field, []):
                            self.add_error(message, text)
                else:
                    data["source"] = source
            else:
                self.add_error(
                    "source",
                    _("Every company needs a source: pick one or name a new one."),
                )
        return data


class AddressForm(VersionedForm):
    class Meta:
        model = Address
        fields = [
            "kind",
            "street",
            "house_number",
            "addition",
            "po_box",
            "postal_code",
            "city",
            "country",
            "valid_from",
        ]
        widgets = {"valid_from": _date_input()}

    def get_layout(self):
        return [
            _row(("kind", 6), ("po_box", 6)) if "kind" in self.fields else "po_box",
            _row(("street", 8), ("house_number", 4)),
            "addition",
            _row(("postal_code", 4), ("city", 8)),
            _row(("country", 8), ("valid_from", 4))
            if "valid_from" in self.fields
            else "country",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "valid_from" in self.fields:
            self.fields["valid_from"].required = False
            self.fields["valid_from"].help_text = _("Left empty: today.")

    def clean_valid_from(self):
        return self.cleaned_data["valid_from"] or timezone.localdate()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Address.Kind.PO_BOX and not data.get("po_box"):
            self.add_error("po_box", _("A PO box address needs the box number."))
        if kind != Address.Kind.PO_BOX and not data.get("street"):
            self.add_error("street", _("Enter the street."))
        if data.get("street") and not data.get("house_number"):
            # "Hauptstr.5a" typed into the street field alone.
            data["street"], data["house_number"] = normalize.split_street(
                data["street"]
            )
        return data

    def clean_postal_code(self):
        return self.cleaned_data["postal_code"].strip().replace(" ", "")


class AddressMoveForm(AddressForm):
    """The new address of a move; its version field is that of the old one."""

    moved_on = forms.DateField(
        label=_("Moved on"),
        initial=timezone.localdate,
        widget=_date_input(),
        help_text=_("The first day at the new address."),
    )

    class Meta(AddressForm.Meta):
        # The move date starts the new address; the old one keeps its kind.
        fields = [f for f in AddressForm.Meta.fields if f not in ("kind", "valid_from")]

    def __init__(self, *args, moving: Address, **kwargs):
        self.moving = moving
        super().__init__(*args, instance=Address(kind=moving.kind), **kwargs)
        self.fields["version"].required = True
        self.initial.setdefault("version", moving.version)

    def get_layout(self):
        return ["moved_on", *super().get_layout()]

    def clean(self):
        self.cleaned_data.setdefault("kind", self.moving.kind)
        return super().clean()

    def after_conflict(self, error):
        initial = {**self.cleaned_data, "version": error.current.version}
        return type(self)(moving=error.current, initial=initial)


class ContactPersonForm(VersionedForm):
    class Meta:
        model = ContactPerson
        fields = [
            "salutation",
            "academic_title",
            "first_name",
            "last_name",
            "job_title",
            "department",
            "authority",
            "email",
            "phone",
            "mobile",
            "source",
            "informed_on",
        ]
        widgets = {"informed_on": _date_input()}

    def get_layout(self):
        return [
            _row(("salutation", 3), ("academic_title", 3), ("first_name", 6)),
            _row(("last_name", 6), ("job_title", 6)),
            _row(("department", 6), ("authority", 6)),
            _row(
                ("email", 12),
            ),
            _row(("phone", 6), ("mobile", 6)),
            _row(("source", 8), ("informed_on", 4)),
        ]

    def clean_informed_on(self):
        informed_on = self.cleaned_data.get("informed_on")
        if informed_on and not (
            datetime.date(1990, 1, 1) <= informed_on <= timezone.localdate()
        ):
            raise forms.ValidationError(_("Record the day the person was informed."))
        return informed_on


class ContactLeaveForm(CrispyMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    left_on = forms.DateField(
        label=_("Left on"),
        initial=timezone.localdate,
        widget=_date_input(),
    )
    successor = forms.ModelChoiceField(
        label=_("Successor"), queryset=ContactPerson.objects.none(), required=False
    )

    def __init__(self, *args, person: ContactPerson, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", person.version)
        self.fields["successor"].queryset = person.company.contact_persons.filter(
            left_on__isnull=True
        ).exclude(pk=person.pk)

    def after_conflict(self, error):
        initial = {**self.cleaned_data, "version": error.current.version}
        return type(self)(person=error.current, initial=initial)
