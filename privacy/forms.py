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
