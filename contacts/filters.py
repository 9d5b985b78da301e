import django_filters
from django.utils.translation import gettext_lazy as _

from contacts.models import Company, Source, Team
from contacts.selectors import teams_of

ALL = _("all")


class CompanyFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Company.Status.choices, empty_label=ALL
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=Company.LegalForm.choices, empty_label=ALL
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=Team.objects.all(), empty_label=ALL
    )
    source_kind = django_filters.ChoiceFilter(
        label=_("Source"),
        field_name="source__kind",
        choices=Source.Kind.choices,
        empty_label=ALL,
    )

    class Meta:
        model = Company
        fields = ["status", "legal_form", "team", "source_kind"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["team"].queryset = teams_of(user)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"
