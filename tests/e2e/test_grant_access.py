import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.roles import Role
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_grants_a_rep_temporary_access_and_the_rep_sees_the_company(
    page, admin_user, other_team
):
    rep = factories.UserFactory(
        roles=[Role.FIELD_SALES], first_name="Rita", last_name="Reisende"
    )
    company = factories.CompanyFactory(name="Hofmann Antriebe", team=other_team)
    factories.AddressFactory(company=company, postal_code="20095", city="Hamburg")
    last_day = timezone.localdate() + datetime.timedelta(days=14)

    log_in(page, rep, factories.PASSWORD)
    expect(page.get_by_role("link", name="Hofmann Antriebe GmbH")).to_have_count(0)
    page.get_by_role("button", name="Abmelden").click()

    log_in(page, admin_user, factories.PASSWORD)
    page.get_by_role("link", name="Hofmann Antriebe GmbH").click()
    page.get_by_role("link", name="Zugriff gewähren").click()
    page.get_by_label("Benutzer", exact=True).select_option(label="Rita Reisende")
    page.get_by_label("Grund").fill("Messe Hamburg, Vertretung")
    page.get_by_label("Letzter Tag").fill(last_day.isoformat())
    page.get_by_role("button", name="Zugriff gewähren").click()

    panel = page.get_by_test_id("company-access")
    expect(panel.get_by_test_id("grant")).to_contain_text("Rita Reisende")
    expect(panel.get_by_test_id("grant")).to_contain_text("Messe Hamburg, Vertretung")
    expect(panel.get_by_test_id("grant")).to_contain_text(last_day.strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Abmelden").click()

    log_in(page, rep, factories.PASSWORD)
    page.get_by_role("link", name="Hofmann Antriebe GmbH").click()
    expect(page.get_by_role("heading", name="Hofmann Antriebe GmbH")).to_be_visible()
    expect(page.get_by_test_id("current-address")).to_contain_text("20095 Hamburg")
    # A field rep reads; the grant gives no edit button.
    expect(page.get_by_role("link", name="Firma bearbeiten")).to_have_count(0)
    expect(page.get_by_test_id("company-access")).to_have_count(0)
