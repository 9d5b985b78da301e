from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.forms import CrispyMixin
from contacts.roles import user_label
from privacy.models import AccessLogEntry


class RestrictionForm(CrispyMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("e.g. accuracy disputed, request of 3 March; no names"),
    )

    def __init__(self, *args, lifting: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if lifting:
            del self.fields["reason"]


class ErasureForm(CrispyMixin, forms.Form):
    request_reference = forms.CharField(
        label=_("Request reference"),
        max_length=100,
        help_text=_("Ticket or letter reference of the request; no names."),
    )
    confirm = forms.BooleanField(
        label=_("I have checked the request: erase this person's data now."),
        help_text=_("An erasure cannot be undone."),
    )


class RetentionForm(forms.Form):
    years = forms.IntegerField(
        label=_("Without activity for at least (years)"),
        min_value=1,
        max_value=30,
    )


class RetentionEraseForm(CrispyMixin, forms.Form):
    """Erase what the report showed: the cutoff and the ids travel with the
    form, so a report that changed in between erases no one it did not show."""

    cutoff = forms.DateField(widget=forms.HiddenInput)
    ids = forms.CharField(widget=forms.HiddenInput)
    request_reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        help_text=_("e.g. retention review 2026-Q4 or a ticket; no names."),
    )
    confirm = forms.BooleanField(
        label=_("Erase the personal data of everyone listed above."),
        help_text=_("An erasure cannot be undone."),
    )

    def clean_ids(self):
        try:
            ids = {int(part) for part in self.cleaned_data["ids"].split(",") if part}
        except ValueError:
            raise forms.ValidationError(_("The list of persons is damaged.")) from None
        if not ids:
            raise forms.ValidationError(_("Nobody to erase."))
        return ids


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = user_label(obj)
        return label if obj.is_active else _("%(name)s (deactivated)") % {"name": label}


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}
        ),
    )


class AccessLogFilterForm(forms.Form):
    """A GET form: every field may stay empty; both dates count whole days."""

    user = UserChoiceField(
        label=pgettext_lazy("account", "User"),
        queryset=None,
        required=False,
        empty_label=_("all users"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date_from = _date_field(_("From"))
    date_to = _date_field(_("Until"))
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["action"].choices = [
            ("", _("all actions")),
            *AccessLogEntry.Action.choices,
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to",
                _("The end date must not be before the start date (%(start)s).")
                % {"start": formats.date_format(start, "SHORT_DATE_FORMAT")},
            )
        return cleaned
