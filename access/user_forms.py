from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from contacts.forms import CrispyMixin
from contacts.models import Team
from contacts.roles import Role


class AccountForm(CrispyMixin, forms.ModelForm):
    """Name, e-mail, roles and teams; nothing else of the account is offered,
    so a posted is_superuser or is_staff is never read."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Inside sales see the companies of their teams' territories."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=200,
        required=False,
        help_text=_("Shown in the account's history, e.g. “moved to Team Nord”."),
    )

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        if self.instance.pk:
            self.initial.setdefault(
                "roles",
                list(
                    self.instance.groups.filter(name__in=Role.values).values_list(
                        "name", flat=True
                    )
                ),
            )
            self.initial.setdefault(
                "teams", list(Team.objects.filter(group__user=self.instance))
            )


class AccountCreateForm(AccountForm):
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=True),
        strip=False,
        help_text=_("Tell it to the person in person or by phone, never by e-mail."),
    )

    field_order = ["username", "first_name", "last_name", "email", "password"]

    class Meta(AccountForm.Meta):
        fields = ["username", "first_name", "last_name", "email"]


class AccountStatusForm(CrispyMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("e.g. “left the company on 30 June”."),
    )
