import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_inside_sales_finds_company_moves_it_and_sees_history(page, inside_sales, team):
    company = factories.CompanyFactory(name="Mayer Feinmechanik", team=team)
    factories.AddressFactory(
        company=company,
        street="Lindenweg",
        house_number="3",
        postal_code="04109",
        city="Leipzig",
    )
    factories.CompanyFactory(name="Schulz Bau", team=team)

    log_in(page, inside_sales, factories.PASSWORD)
    page.get_by_label("Suche").fill("Leipzig")
    expect(page.get_by_role("link", name="Mayer Feinmechanik GmbH")).to_be_visible()
    expect(page.get_by_role("link", name="Schulz Bau GmbH")).to_have_count(0)
    page.get_by_role("link", name="Mayer Feinmechanik GmbH").click()

    page.get_by_role("link", name="Umzug").click()
    page.get_by_label("Straße").fill("Königsbrücker Straße")
    page.get_by_label("Hausnummer").fill("12")
    page.get_by_label("Postleitzahl").fill("01099")
    page.get_by_label("Ort").fill("Dresden")
    page.get_by_label("Umgezogen am").fill("2026-10-01")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_test_id("current-address")).to_contain_text("01099 Dresden")
    expect(page.get_by_test_id("former-address")).to_contain_text("04109 Leipzig")

    page.get_by_role("link", name="Verlauf").click()
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Königsbrücker Straße")
    expect(history).to_contain_text(re.compile(r"Grund: Umzug"))
    expect(history).to_contain_text(inside_sales.get_full_name())
