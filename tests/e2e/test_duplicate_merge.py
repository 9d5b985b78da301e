import pytest
from playwright.sync_api import expect

from contacts.models import Company
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_inside_sales_is_warned_of_a_spelling_twin_and_merges_the_two(
    page, inside_sales, team
):
    maier = factories.CompanyFactory(name="Maier Feinmechanik", team=team)
    factories.AddressFactory(
        company=maier, street="Lindenweg", postal_code="04109", city="Leipzig"
    )

    log_in(page, inside_sales, factories.PASSWORD)
    page.get_by_role("link", name="Neue Firma").click()
    page.locator("#id_name").fill("Meyer Feinmechanik")
    page.locator("#id_legal_form").select_option("GmbH")
    page.locator("#id_new_source_kind").select_option("inbound")
    page.locator("#id_new_source_name").fill("Anruf")
    page.locator("#id_address-street").fill("Lindenweg")
    page.locator("#id_address-postal_code").fill("04109")
    page.locator("#id_address-city").fill("Leipzig")
    page.get_by_role("button", name="Speichern", exact=True).click()

    warning = page.get_by_test_id("duplicates")
    expect(warning).to_contain_text("Maier Feinmechanik GmbH")
    expect(warning).to_contain_text("Gleicher Klang des Namens + gleiche PLZ")
    page.get_by_label("Warum ist das kein Duplikat?").fill("erst einmal anlegen")
    page.get_by_role("button", name="Trotzdem speichern").click()
    expect(page.get_by_role("heading", name="Meyer Feinmechanik GmbH")).to_be_visible()

    page.get_by_role("link", name="Duplikate").click()
    pair = page.get_by_test_id("pair")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text("erst einmal anlegen")
    pair.get_by_role("link", name="Zusammenführen …").click()
    page.get_by_role("button", name="Zusammenführen", exact=True).click()
    meyer = Company.objects.get(name="Meyer Feinmechanik")

    expect(page.get_by_role("heading", name="Maier Feinmechanik GmbH")).to_be_visible()
    expect(page.get_by_role("alert").first).to_contain_text("Zusammengeführt")
    page.goto(f"/contacts/companies/{meyer.pk}/")
    expect(page.get_by_role("heading", name="Maier Feinmechanik GmbH")).to_be_visible()
    page.get_by_role("link", name="Verlauf").click()
    expect(page.get_by_test_id("merges")).to_contain_text(f"#{meyer.pk}")
