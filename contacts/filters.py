import django_filters
from django.utils.translation import gettext_lazy as _

from contacts.models import Company, Source
from contacts.selectors import team_choices

ALL = _("all")


class CompanyFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Company.Status.choices, empty_label=ALL
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=Company.LegalForm.choices, empty_label=ALL
    )
    # Choices, not a queryset: they come from the memberships the visibility
    # rule has loaded already, one query less per list page (#5).
    team = django_filters.ChoiceFilter(label=_("Team"), choices=(), empty_label=ALL)
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
        self.form.fields["team"].choices = team_choices(user)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"
