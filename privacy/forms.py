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
