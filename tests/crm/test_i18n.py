import pytest

pytestmark = pytest.mark.django_db


def test_german_by_default_english_on_request(client, inside_sales):
    client.force_login(inside_sales)

    assert "Neue Firma" in client.get("/contacts/companies/").content.decode()

    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/contacts/companies/"}
    )
    assert response.status_code == 302
    page = client.get("/contacts/companies/").content.decode()
    assert "New company" in page
    assert "Neue Firma" not in page


def test_numbers_use_german_separators(client, inside_sales, company):
    company.employees = 12500
    company.save()
    client.force_login(inside_sales)

    page = client.get(f"/contacts/companies/{company.pk}/").content.decode()

    assert "12.500" in page


def test_browser_language_does_not_override_german_default(client, inside_sales):
    client.force_login(inside_sales)

    page = client.get("/contacts/companies/", headers={"Accept-Language": "en-US,en"})

    assert "Neue Firma" in page.content.decode()
