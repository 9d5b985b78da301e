"""Fields a form does not offer cannot be set by adding them to the POST."""

import datetime

import pytest

from contacts.forms import AddressForm, CompanyForm, ContactPersonForm
from tests import factories

pytestmark = pytest.mark.django_db


def form_data(form) -> dict:
    """What the browser would send for the form as rendered, unchanged."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[form.add_prefix(name)] = value
    return data


def test_company_edit_ignores_verification_and_bookkeeping_fields(
    client, inside_sales, company
):
    client.force_login(inside_sales)
    data = form_data(CompanyForm(instance=company, user=inside_sales)) | {
        "industry": "Feinmechanik",
        "verified_by": inside_sales.pk,
        "verified_at": "2020-01-01T00:00",
        "created_at": "2001-01-01T00:00",
        "version": company.version,
        "id": company.pk + 1000,
    }

    response = client.post(f"/contacts/companies/{company.pk}/edit/", data)

    assert response.status_code == 302
    company.refresh_from_db()
    assert company.industry == "Feinmechanik"
    assert company.verified_by is None
    assert company.verified_at is None
    assert company.created_at.date() != datetime.date(2001, 1, 1)
    assert company.version == 2


def test_inside_sales_cannot_hand_a_company_to_a_team_they_are_not_in(
    client, inside_sales, company, other_team
):
    client.force_login(inside_sales)
    data = form_data(CompanyForm(instance=company, user=inside_sales)) | {
        "team": other_team.pk
    }

    response = client.post(f"/contacts/companies/{company.pk}/edit/", data)

    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    company.refresh_from_db()
    assert company.team.name == "Team Süd"


def test_inside_sales_cannot_create_a_company_for_another_team(
    client, inside_sales, other_team
):
    client.force_login(inside_sales)
    data = {
        "name": "Fremd",
        "status": "prospect",
        "team": other_team.pk,
        "new_source_kind": "inbound",
        "new_source_name": "Anruf",
        "address-kind": "headquarters",
        "address-city": "Berlin",
        "address-postal_code": "10115",
        "address-country": "DE",
    }

    response = client.post("/contacts/companies/new/", data)

    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not other_team.companies.exists()


def test_only_a_field_rep_can_be_made_the_companys_rep(
    client, inside_sales, company, outsider
):
    # Being the rep makes a company visible, so the choice is limited to reps.
    client.force_login(inside_sales)
    data = form_data(CompanyForm(instance=company, user=inside_sales)) | {
        "field_rep": outsider.pk
    }

    response = client.post(f"/contacts/companies/{company.pk}/edit/", data)

    assert response.status_code == 200
    assert "field_rep" in response.context["form"].errors
    company.refresh_from_db()
    assert company.field_rep != outsider


def test_contact_person_cannot_be_moved_to_another_company(
    client, inside_sales, company, other_team
):
    foreign = factories.CompanyFactory(team=other_team)
    person = factories.ContactPersonFactory(company=company)
    client.force_login(inside_sales)
    data = form_data(ContactPersonForm(instance=person)) | {
        "job_title": "Geschäftsführerin",
        "company": foreign.pk,
        "left_on": "2020-01-01",
    }

    response = client.post(f"/contacts/contacts/{person.pk}/edit/", data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.job_title == "Geschäftsführerin"
    assert person.company_id == company.pk
    assert person.left_on is None


def test_address_correction_cannot_end_or_move_the_address(
    client, inside_sales, company, other_team
):
    foreign = factories.CompanyFactory(team=other_team)
    address = company.addresses.get()
    client.force_login(inside_sales)
    data = form_data(AddressForm(instance=address)) | {
        "street": "Hauptstraße",
        "house_number": "7",
        "company": foreign.pk,
        "valid_until": "2021-01-01",
    }

    response = client.post(f"/contacts/addresses/{address.pk}/edit/", data)

    assert response.status_code == 302
    address.refresh_from_db()
    assert address.house_number == "7"
    assert address.company_id == company.pk
    assert address.valid_until is None
