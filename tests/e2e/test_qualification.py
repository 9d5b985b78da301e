import datetime
import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from contacts.consent import services as consent
from contacts.consent.models import Basis, Channel
from contacts.roles import Role
from qualification import services
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _migrated_rows(transactional_db):
    """The flush after each live-server test takes the rows of the data
    migrations (roles, default criteria) with it; put them back."""
    for module in (
        "contacts.migrations.0002_roles",
        "qualification.migrations.0002_default_criteria",
    ):
        migration = importlib.import_module(module)
        create = getattr(migration, "create_roles", None) or migration.create_defaults
        create(apps, None)


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized screen, as field reps use the app."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def rep(db):
    return factories.UserFactory(
        roles=[Role.FIELD_SALES], first_name="Frieda", last_name="Dobes"
    )


def lead(team, user, rep, name, postal_code, city):
    company = factories.qualified_company(team=team, user=user, name=name)
    factories.AddressFactory(company=company, postal_code=postal_code, city=city)
    person = factories.ContactPersonFactory(
        company=company, last_name="Becker", phone="+49 351 445566"
    )
    # Inside sales recorded why a call is welcome; without it no call button.
    consent.permission_set(
        user=user,
        person=person,
        channel=Channel.PHONE,
        basis=Basis.PRESUMED,
        reason="Bat um Rückruf wegen neuer Maschinen",
    )
    services.contact_profile_update(
        user=user,
        person=person,
        data={
            "best_days": "2,3,4",
            "best_from": datetime.time(8),
            "best_until": datetime.time(10),
            "preferences": "Will Liefertermine schriftlich",
        },
        person_data={},
    )
    services.company_profile_update(
        user=user,
        company=company,
        data={
            "purchase_volume": 80000,
            "current_need": "yes",
            "need_description": "Zwei Drehmaschinen",
            "act_by": datetime.date(2027, 1, 15),
        },
        company_data={},
    )
    services.handover_create(user=user, company=company, rep=rep, brief="Bald anrufen")


def test_field_rep_filters_leads_by_postal_code_and_reads_the_hints(
    phone, team, inside_sales, rep
):
    lead(team, inside_sales, rep, "Elbtal Metall", "01099", "Dresden")
    lead(team, inside_sales, rep, "Messestadt Druck", "04109", "Leipzig")

    log_in(phone, rep, factories.PASSWORD)
    phone.goto("/qualification/leads/")
    expect(phone.get_by_test_id("lead")).to_have_count(2)
    phone.get_by_label("PLZ oder Ort").fill("01")
    phone.get_by_role("button", name="Filtern").click()

    expect(phone.get_by_test_id("lead")).to_have_count(1)
    card = phone.get_by_test_id("lead")
    expect(card).to_contain_text("01099 Dresden")
    expect(card.get_by_role("link", name="Anrufen")).to_have_attribute(
        "href", "tel:+49351445566"
    )
    card.get_by_role("link", name="Elbtal Metall GmbH").click()

    hints = phone.get_by_test_id("hints")
    expect(hints).to_be_visible()
    expect(hints).to_contain_text("Di, Mi, Do 08:00–10:00")
    expect(hints).to_contain_text("Will Liefertermine schriftlich")
    expect(hints).to_contain_text("80.000 € pro Jahr")
    expect(hints).to_contain_text("handeln bis 15. Januar 2027")
    # The hints open the brief: they are on the first screen, not below it.
    assert hints.bounding_box()["y"] < 844


def test_inside_sales_captures_inbound_contact_qualifies_and_hands_over(
    phone, team, inside_sales, rep
):
    log_in(phone, inside_sales, factories.PASSWORD)
    phone.goto("/qualification/queue/")
    phone.get_by_role("link", name="Eigenmeldung erfassen").click()

    phone.get_by_label("Firma*").fill("Brenner Feinwerktechnik")
    phone.get_by_label("Rechtsform").select_option("GmbH")
    phone.get_by_label("Nachname*").fill("Brenner")
    phone.get_by_label("Durchwahl").fill("+49 351 4455660")
    phone.get_by_label("Postleitzahl").fill("01099")
    phone.get_by_label("Ort").fill("Dresden")
    phone.get_by_label("Anliegen*").fill("Angebot für 40 Spannvorrichtungen")
    phone.get_by_role("button", name="Erfassen").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Qualifizierung: Brenner Feinwerktechnik GmbH"
    )
    expect(phone.get_by_test_id("calls")).to_contain_text("Spannvorrichtungen")
    expect(phone.get_by_test_id("missing-required")).to_be_visible()

    answers = phone.get_by_test_id("answers")
    answers.get_by_label(re.compile("namentlich bekannt")).select_option(
        label="ja (+15)"
    )
    answers.get_by_label(re.compile("Was darf der Ansprechpartner")).select_option(
        label="Entscheider (+20)"
    )
    answers.get_by_label(re.compile("Wie viel kauft die Firma")).fill("60.000")
    answers.get_by_label(re.compile("aktueller Bedarf")).select_option(
        label="ja, schnell handeln (+20)"
    )
    answers.get_by_role("button", name="Antworten speichern").click()

    lines = phone.get_by_test_id("score-lines")
    expect(lines).to_contain_text("+20 Einkaufsvolumen: über 50.000 EUR")
    expect(lines).to_contain_text("\u221210 Anschrift nie geprüft")
    expect(phone.get_by_test_id("missing-required")).to_have_count(0)

    phone.get_by_role("link", name="An den Außendienst übergeben").click()
    phone.get_by_label("Außendienst").select_option(label="Frieda Dobes")
    phone.get_by_label("Kurzbriefing").fill("Ruft zurück, will schnell ein Angebot")
    phone.get_by_role("button", name="Übergeben").click()

    expect(phone.get_by_test_id("brief")).to_have_text(
        "Ruft zurück, will schnell ein Angebot"
    )
    expect(phone.get_by_test_id("hints")).to_be_visible()
    expect(phone.get_by_role("alert")).to_contain_text("Übergeben")
