import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from contacts.models import Address, Company, ContactPerson, Source, Team

PASSWORD = "geheim-Passwort-42"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.de")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=role))
        self.save()

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        for team in extracted or []:
            self.groups.add(team.group)


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    group = factory.LazyAttribute(lambda t: Group.objects.create(name=f"team:{t.name}"))


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    kind = Source.Kind.TRADE_FAIR
    name = factory.Sequence(lambda n: f"Hannover Messe {2020 + n % 7}")
    date = datetime.date(2026, 4, 20)


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Faker("last_name", locale="de_DE")
    legal_form = Company.LegalForm.GMBH
    industry = "Maschinenbau"
    source = factory.SubFactory(SourceFactory)


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    company = factory.SubFactory(CompanyFactory)
    street = "Hauptstraße"
    house_number = "5a"
    postal_code = "01067"
    city = "Dresden"
    country = "DE"
    valid_from = datetime.date(2020, 1, 1)


class ContactPersonFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    company = factory.SubFactory(CompanyFactory)
    salutation = ContactPerson.Salutation.MS
    first_name = factory.Faker("first_name_female", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    job_title = "Einkaufsleiterin"
    authority = ContactPerson.Authority.PURCHASER
    email = factory.Sequence(lambda n: f"person{n}@example.de")
    source = factory.SelfAttribute("company.source")


def qualified_company(*, team, user, **fields):
    """A company whose required qualification criteria are answered, as the
    qualification tests need before a handover (answers through the service)."""
    from qualification import services
    from qualification.models import Criterion

    company = CompanyFactory(team=team, **fields)
    criteria = {c.key: c for c in Criterion.objects.prefetch_related("options")}
    services.assessment_answer(
        user=user,
        company=company,
        values={
            criteria["contact_known"]: criteria["contact_known"].options.get(
                label="yes"
            ),
            criteria["authority"]: criteria["authority"].options.get(
                label="decision maker"
            ),
            criteria["purchase_volume"]: 60000,
            criteria["current_need"]: criteria["current_need"].options.get(
                label="yes, act fast"
            ),
        },
    )
    return company
