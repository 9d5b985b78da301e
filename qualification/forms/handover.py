from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from contacts.forms import CrispyMixin, _date_input
from contacts.roles import Role, user_label
from qualification.models import Handover, Priority

ALL = _("all")


class HandoverForm(CrispyMixin, forms.Form):
    rep = forms.ModelChoiceField(
        label=_("Field rep"), queryset=get_user_model().objects.none()
    )
    brief = forms.CharField(
        label=_("Brief"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the rep should know and do first."),
    )

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["rep"]
        field.queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.FIELD_SALES, is_active=True)
            .distinct()
            .order_by("last_name", "first_name")
        )
        field.label_from_instance = user_label
        if company.field_rep_id:
            self.initial.setdefault("rep", company.field_rep_id)


class RespondForm(CrispyMixin, forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Accept")), ("no", _("Reject"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reject_reason = forms.CharField(
        label=_("Reason for rejecting"), max_length=300, required=False
    )


class OutcomeForm(CrispyMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Handover.Outcome.choices)
    outcome_note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("Required for a lost lead: why it was lost."),
    )


class LeadFilterForm(forms.Form):
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", ALL), *Priority.choices], required=False
    )
    place = forms.CharField(
        label=_("Postal code or city"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 01 or Dresden")}),
    )
    industry = forms.CharField(label=_("Industry"), required=False, max_length=120)
    need = forms.ChoiceField(
        label=_("Current need"),
        choices=[("", ALL), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
    )
    act_by = forms.DateField(
        label=_("Act by at the latest"), required=False, widget=_date_input()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if select else "form-control"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
