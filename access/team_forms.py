from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.forms import CrispyMixin
from contacts.models import Team


class TeamForm(CrispyMixin, forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=80,
        required=False,
        help_text=_(
            "Recorded on the team and on every company that moves, "
            "e.g. “new rep for Bavaria”."
        ),
    )

    class Meta:
        model = Team
        fields = ["name", "postal_code_prefixes", "countries"]
        widgets = {"countries": forms.SelectMultiple(attrs={"size": 8})}
        help_texts = {
            "postal_code_prefixes": _(
                "German postal codes by their first digits, comma-separated, e.g. "
                "80, 81, 82. A prefix another team holds moves to this team, and "
                "with it that team's companies there."
            ),
            "countries": _(
                "Addresses abroad by country. Germany here catches German postal "
                "codes that no prefix claims."
            ),
        }
