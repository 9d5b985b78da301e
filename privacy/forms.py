from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.forms import CrispyMixin


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
