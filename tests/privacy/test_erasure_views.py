import pytest
from django.urls import reverse

from contacts.duplicates.finding import person_candidates
from contacts.models import ContactPerson
from contacts.roles import Role
from privacy.erasure import PLACEHOLDER, person_erase
from privacy.models import Erasure
from tests import factories
from tests.privacy.conftest import SURNAME

pytestmark = pytest.mark.django_db


def _url(person):
    return f"/privacy/persons/{person.pk}/erase/"


def test_the_literal_url_is_the_named_one(rich_person):
    person = rich_person["person"]
    assert reverse("privacy:person-erase", args=[person.pk]) == _url(person)


def test_the_page_says_what_goes_and_what_stays(client, rich_person):
    client.force_login(rich_person["dpo"])

    response = client.get(_url(rich_person["person"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="erased"' in page and 'data-testid="kept"' in page
    assert 'name="request_reference"' in page and 'name="confirm"' in page
    assert response.context["preview"]["merged_records"] == 1
    assert response.context["preview"]["mentions"] >= 2


@pytest.mark.parametrize(
    "role", [Role.INSIDE_SALES, Role.ADMIN, Role.FIELD_SALES, None]
)
def test_nobody_but_the_dpo_gets_the_page(client, rich_person, role):
    client.force_login(factories.UserFactory(roles=[role] if role else []))

    assert client.get(_url(rich_person["person"])).status_code == 404
    response = client.post(
        _url(rich_person["person"]), {"request_reference": "T 1", "confirm": "on"}
    )
    assert response.status_code == 404
    assert not Erasure.objects.exists()


def test_posting_erases_and_goes_back_to_the_person(client, rich_person):
    person = rich_person["person"]
    client.force_login(rich_person["dpo"])

    response = client.post(
        _url(person), {"request_reference": "Brief 2026-07", "confirm": "on"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/contacts/contacts/{person.pk}/"
    person.refresh_from_db()
    assert person.is_erased
    page = client.get(response["Location"]).content.decode()
    assert "Brief 2026-07" in page and SURNAME not in page


@pytest.mark.parametrize(
    "data",
    [
        {"request_reference": "Brief 2026-07"},
        {"request_reference": "", "confirm": "on"},
        {"request_reference": "Brief\x00 7", "confirm": "on"},
    ],
)
def test_without_confirmation_or_reference_nothing_happens(client, rich_person, data):
    client.force_login(rich_person["dpo"])

    response = client.post(_url(rich_person["person"]), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Erasure.objects.exists()


def test_the_company_page_counts_erased_persons_instead_of_listing(client, rich_person):
    company = rich_person["company"]
    person_erase(
        user=rich_person["dpo"], person=rich_person["person"], request_reference="T 9"
    )
    client.force_login(rich_person["user"])

    response = client.get(f"/contacts/companies/{company.pk}/")

    page = response.content.decode()
    assert PLACEHOLDER not in page
    assert f"person-{rich_person['person'].pk}" not in page
    assert 'data-testid="erased-persons"' in page
    assert response.context["erased_count"] == 1


def test_an_erased_person_is_no_duplicate_candidate(rich_person):
    company = rich_person["company"]
    person_erase(
        user=rich_person["dpo"], person=rich_person["person"], request_reference="T 9"
    )
    alike = factories.ContactPersonFactory(company=company, last_name="Gelöscht")

    found = person_candidates(
        user=rich_person["user"],
        company=company,
        data={"first_name": "", "last_name": PLACEHOLDER},
    )

    found_ids = {candidate.record.pk for candidate in found}
    assert alike.pk in found_ids
    erased = ContactPerson.objects.filter(erased_at__isnull=False)
    assert not set(erased.values_list("pk", flat=True)) & found_ids


def test_a_merged_away_record_leads_to_the_surviving_one(client, rich_person):
    client.force_login(rich_person["dpo"])

    response = client.get(_url(rich_person["twin"]))

    assert response.status_code == 302
    assert response["Location"] == _url(rich_person["person"])


def test_an_erased_person_goes_back_to_their_page(client, rich_person):
    person = rich_person["person"]
    person_erase(user=rich_person["dpo"], person=person, request_reference="T 9")
    client.force_login(rich_person["dpo"])

    response = client.get(_url(person))

    assert response.status_code == 302
    assert response["Location"] == f"/contacts/contacts/{person.pk}/"
