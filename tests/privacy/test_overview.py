import pytest
from django.urls import reverse

from contacts.consent import services as consent
from privacy.models import Erasure
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/privacy/"


@pytest.fixture
def persons(company, other_team):
    elsewhere = factories.CompanyFactory(name="Nordlicht", team=other_team)
    return {
        "here": factories.ContactPersonFactory(
            company=company,
            first_name="Jürgen",
            last_name="Müller",
            email="j.mueller@example.de",
        ),
        "elsewhere": factories.ContactPersonFactory(
            company=elsewhere,
            first_name="Anna",
            last_name="Müller-Lüdenscheidt",
            email="anna@nordlicht.de",
        ),
        "other": factories.ContactPersonFactory(
            company=company, first_name="Petra", last_name="Schmidt"
        ),
    }


def found(response) -> set:
    return {person.pk for person in response.context["results"]}


def test_a_surname_finds_persons_of_every_company(client, dpo, persons):
    client.force_login(dpo)

    for query in ("Müller", "MUELLER", "müller"):
        response = client.get(URL, {"q": query})
        assert found(response) == {persons["here"].pk, persons["elsewhere"].pk}, query


def test_part_of_an_email_address_finds_the_person(client, dpo, persons):
    client.force_login(dpo)

    response = client.get(URL, {"q": "@nordlicht.de"})

    assert found(response) == {persons["elsewhere"].pk}


def test_results_link_to_the_person_and_to_the_access_export(client, dpo, persons):
    client.force_login(dpo)
    person = persons["here"]

    page = client.get(URL, {"q": "Jürgen"}).content.decode()

    assert reverse("contacts:contact-person-detail", args=[person.pk]) in page
    assert reverse("privacy:access-export", args=[person.pk]) in page


def test_restricted_persons_are_counted_and_listed_and_erasures_counted(
    client, dpo, persons
):
    consent.person_restrict(
        user=dpo, person=persons["other"], reason="Widerspruch geprüft"
    )
    Erasure.objects.create(person_id=4711, request_reference="DS-2026-03")
    client.force_login(dpo)

    response = client.get(URL)

    assert response.context["restricted_count"] == 1
    assert response.context["erasure_count"] == 1
    assert list(response.context["restricted"]) == [persons["other"]]
    page = response.content.decode()
    assert "Widerspruch geprüft" in page
    assert reverse("privacy:access-log") in page
    assert reverse("privacy:retention") in page


def test_an_empty_search_lists_nobody(client, dpo, persons):
    client.force_login(dpo)

    assert client.get(URL, {"q": "  "}).context["results"] is None
