import django_filters
from django.utils.translation import gettext_lazy as _

from contacts.models import Company, Source, Team


class CompanyFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Company.Status.choices
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=Company.LegalForm.choices
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=Team.objects.all()
    )
    source_kind = django_filters.ChoiceFilter(
        label=_("Source"), field_name="source__kind", choices=Source.Kind.choices
    )

    class Meta:
        model = Company
        fields = ["status", "legal_form", "team", "source_kind"]
