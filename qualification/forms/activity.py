from crispy_forms.layout import Fieldset
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.consent.selectors import workable_persons
from contacts.forms import CrispyMixin, _row
from contacts.models import Address, Company, ContactPerson, Team
from contacts.roles import is_admin
from contacts.selectors import teams_of
from qualification.models import QualificationCall


def _model_field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


class InboundCaptureForm(CrispyMixin, forms.Form):
    """Everything a caller says in the first minute, on one short form."""

    name = _model_field(Company, "name", label=_("Company"))
    legal_form = _model_field(Company, "legal_form")
    phone = _model_field(Company, "phone", label=_("Company phone"))
    person_salutation = _model_field(ContactPerson, "salutation")
    person_first_name = _model_field(ContactPerson, "first_name")
    person_last_name = _model_field(ContactPerson, "last_name")
    person_phone = _model_field(ContactPerson, "phone", label=_("Direct phone"))
    person_email = _model_field(ContactPerson, "email")
    address_street = _model_field(Address, "street", required=False)
    address_house_number = _model_field(Address, "house_number", required=False)
    address_postal_code = _model_field(Address, "postal_code", required=False)
    address_city = _model_field(Address, "city", required=False)
    channel = forms.ChoiceField(
        label=_("Got in touch by"),
        choices=QualificationCall.Channel.choices,
        initial=QualificationCall.Channel.PHONE,
    )
    concern = forms.CharField(
        label=_("Concern"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What they want, in their words"),
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        teams = teams_of(user)
        self.fields["team"].queryset = teams
        if is_admin(user):
            self.fields["team"].required = False
            self.fields["team"].help_text = _(
                "Left empty, the team follows the postal code."
            )
        elif teams.first():
            self.initial.setdefault("team", teams.first().pk)

    def get_layout(self):
        return [
            Fieldset(
                _("Company"),
                _row(("name", 8), ("legal_form", 4)),
                _row(("phone", 6), ("team", 6)),
                _row(("address_street", 8), ("address_house_number", 4)),
                _row(("address_postal_code", 4), ("address_city", 8)),
            ),
            Fieldset(
                _("Person"),
                _row(
                    ("person_salutation", 3),
                    ("person_first_name", 4),
                    ("person_last_name", 5),
                ),
                _row(("person_phone", 6), ("person_email", 6)),
            ),
            Fieldset(_("Concern"), _row(("channel", 4), ("concern", 8))),
        ]

    def clean(self):
        data = super().clean()
        if (
            not data.get("phone")
            and not data.get("person_phone")
            and not data.get("person_email")
        ):
            self.add_error(
                "person_phone", _("Note a phone number or an e-mail to call back.")
            )
        address = [data.get(f"address_{n}") for n in ("street", "postal_code")]
        if any(address) and not data.get("address_city"):
            self.add_error("address_city", _("An address needs the city."))
        return data

    def _part(self, prefix: str, names) -> dict:
        return {name: self.cleaned_data[f"{prefix}{name}"] for name in names}

    def company_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("name", "legal_form")}
        data["phone"] = self.cleaned_data["phone"]
        if self.cleaned_data.get("team"):
            data["team"] = self.cleaned_data["team"]
        return data

    def address_data(self) -> dict | None:
        if not self.cleaned_data.get("address_city"):
            return None
        data = self._part("address_", ("street", "house_number", "postal_code", "city"))
        data["postal_code"] = data["postal_code"].replace(" ", "")
        return data | {"kind": Address.Kind.HEADQUARTERS, "country": "DE"}

    def person_data(self) -> dict:
        names = ("salutation", "first_name", "last_name", "phone", "email")
        return self._part("person_", names)


class CallForm(CrispyMixin, forms.ModelForm):
    confirmed_addresses = forms.ModelMultipleChoiceField(
        label=_("Addresses confirmed"),
        queryset=Address.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirmed_persons = forms.ModelMultipleChoiceField(
        label=_("Contact persons confirmed"),
        queryset=ContactPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = QualificationCall
        fields = ["called_at", "channel", "reached", "outcome", "notes"]
        widgets = {
            "called_at": forms.DateTimeInput(
                format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}
            ),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        persons = workable_persons(company.contact_persons.all())
        self.fields["reached"].queryset = persons
        self.fields["confirmed_persons"].queryset = persons
        self.fields["confirmed_addresses"].queryset = company.addresses.filter(
            valid_until__isnull=True
        )
        self.fields["outcome"].choices = [
            (value, label)
            for value, label in self.fields["outcome"].choices
            if value != QualificationCall.Outcome.INBOUND
        ]
        self.initial.setdefault(
            "called_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        self.fields["confirmed_addresses"].help_text = _(
            "Tick what the call confirmed as correct; only with “Reached, data "
            "checked”."
        )

    def get_layout(self):
        return [
            _row(("called_at", 4), ("channel", 4), ("outcome", 4)),
            "reached",
            "notes",
            _row(("confirmed_addresses", 6), ("confirmed_persons", 6)),
        ]

    def call_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
