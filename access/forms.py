from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.forms import CrispyMixin
from contacts.models import Team
from contacts.roles import user_label


class GrantForm(CrispyMixin, forms.Form):
    user = forms.ModelChoiceField(
        label=pgettext_lazy("account", "User"),
        queryset=get_user_model().objects.none(),
        required=False,
    )
    team = forms.ModelChoiceField(
        label=_("or team"), queryset=Team.objects.all(), required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Why this access is needed, e.g. “covers for Ms Bauer in May”."),
    )
    expires_on = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("Access ends after this day. Leave empty only for lasting access."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["user"].label_from_instance = user_label

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("user")) == bool(cleaned.get("team")):
            raise forms.ValidationError(_("Choose either a user or a team."))
        expires_on = cleaned.get("expires_on")
        if expires_on and expires_on < timezone.localdate():
            self.add_error("expires_on", _("The last day cannot be in the past."))
        return cleaned


class RevokeForm(CrispyMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=80,
        required=False,
        help_text=_("Optional, e.g. “cover ended early”."),
    )
