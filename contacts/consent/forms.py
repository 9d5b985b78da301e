from crispy_forms.layout import Column, Div, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.consent.models import Basis, Channel, ContactPermission
from contacts.consent.rules import CHOICES, LIST_CHANNELS
from contacts.forms import CrispyMixin
from contacts.models import ContactPerson, Team
from contacts.selectors import teams_of


class PermissionForm(CrispyMixin, forms.Form):
    basis = forms.ChoiceField(label=_("Basis"), widget=forms.RadioSelect)
    consented_on = forms.DateField(
        label=_("Consent given on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    consent_method = forms.CharField(
        label=_("How"),
        required=False,
        max_length=200,
        help_text=ContactPermission._meta.get_field("consent_method").help_text,
    )
    consent_wording = forms.CharField(
        label=_("Wording of the consent"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=ContactPermission._meta.get_field("reason").help_text,
    )

    def __init__(self, *args, channel: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = [(b, Basis(b).label) for b in CHOICES[channel]]

    def get_layout(self):
        return [
            "basis",
            Div(
                Row(
                    Column("consented_on", css_class="col-md-4"),
                    Column("consent_method", css_class="col-md-8"),
                ),
                "consent_wording",
                data_shown_for="basis:express",
            ),
            Div("reason", data_shown_for="basis:presumed existing_customer"),
        ]

    def initial_from(self, permission: ContactPermission) -> None:
        basis = permission.basis
        if basis == Basis.OBJECTED:
            # Only a new express consent replaces an objection.
            self.fields["basis"].choices = [(Basis.EXPRESS, Basis.EXPRESS.label)]
            basis = Basis.EXPRESS
        elif basis not in dict(self.fields["basis"].choices):
            basis = Basis.NONE
        self.initial.update(
            basis=basis,
            consented_on=permission.consented_on or timezone.localdate(),
            consent_method=permission.consent_method,
            consent_wording=permission.consent_wording,
            reason=permission.reason if permission.basis != Basis.OBJECTED else "",
        )


class ObjectionForm(CrispyMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=150,
        help_text=_("e.g. by phone on 3 March; no names of third parties"),
    )


class OutreachForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[(c, Channel(c).label) for c in LIST_CHANNELS],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("Person or company")}
        ),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        required=False,
        queryset=Team.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams_of(user)

    def clean_q(self):
        # NUL cannot be stored or searched in PostgreSQL text.
        return self.cleaned_data["q"].replace("\x00", "").strip()


class NoticeForm(forms.Form):
    informed_on = forms.DateField(
        label=_("Informed on"),
        initial=timezone.localdate,
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}
        ),
    )
    persons = forms.ModelMultipleChoiceField(
        queryset=ContactPerson.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = pending
        self.fields["persons"].error_messages["required"] = _(
            "Tick the people the notice was sent to."
        )
