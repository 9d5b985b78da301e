import json

import pytest
from playwright.sync_api import expect

from contacts import services
from contacts.consent import services as consent
from contacts.roles import Role
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dpo_finds_a_person_and_downloads_the_access_export(
    page, inside_sales, team
):
    dpo = factories.UserFactory(
        roles=[Role.DATA_PROTECTION], first_name="Dana", last_name="Schutz"
    )
    company = factories.CompanyFactory(name="Brückner Hydraulik", team=team)
    factories.AddressFactory(company=company, postal_code="09111", city="Chemnitz")
    person = factories.ContactPersonFactory(
        company=company,
        first_name="Jürgen",
        last_name="Weißgerber",
        email="j.weissgerber@brueckner.example",
        job_title="Einkäufer",
    )
    services.contact_person_update(
        user=inside_sales, person=person, data={"job_title": "Leiter Einkauf"}
    )
    consent.permission_set(
        user=inside_sales,
        person=person,
        channel="phone",
        basis="presumed",
        reason="Bestellt seit Jahren telefonisch",
    )

    log_in(page, dpo, factories.PASSWORD)
    page.get_by_role("link", name="Datenschutz").click()
    page.get_by_label("Name oder E-Mail-Adresse").fill("Weissgerber")
    page.get_by_role("button", name="Suchen").click()
    results = page.get_by_test_id("search-results")
    expect(results).to_contain_text("Jürgen Weißgerber")
    expect(results).to_contain_text("Brückner Hydraulik GmbH")
    results.get_by_role("link", name="Auskunft").click()

    expect(
        page.get_by_role("heading", name="Auskunft (DSGVO Art. 15): Jürgen Weißgerber")
    ).to_be_visible()
    expect(page.get_by_test_id("export-record")).to_contain_text(
        "j.weissgerber@brueckner.example"
    )
    expect(page.get_by_test_id("export-company")).to_contain_text("09111 Chemnitz")
    history = page.get_by_test_id("export-history")
    expect(history).to_contain_text("Einkäufer")
    expect(history).to_contain_text("Leiter Einkauf")
    expect(page.get_by_test_id("export-permissions")).to_contain_text(
        "Bestellt seit Jahren telefonisch"
    )

    with page.expect_download() as download_info:
        page.get_by_role("link", name="JSON herunterladen").click()
    download = download_info.value
    assert download.suggested_filename == f"auskunft-person-{person.pk}.json"
    with open(download.path(), encoding="utf-8") as file:
        data = json.load(file)
    assert data["person"]["last_name"] == "Weißgerber"
    assert data["company"]["name"] == "Brückner Hydraulik GmbH"
    phone = next(p for p in data["permissions"] if p["channel"] == "phone")
    assert phone["basis"] == "presumed"
    assert any(
        change["new"] == "Leiter Einkauf"
        for entry in data["history"]
        for change in entry["changes"]
    )
    # The page itself was logged as an export before the download.
    assert {"access_export"} <= {e["action"] for e in data["access_log"]}
