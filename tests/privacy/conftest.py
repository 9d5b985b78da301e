import datetime

import pytest

from contacts import services
from contacts.consent import services as consent
from contacts.models import Source
from contacts.roles import Role
from qualification.models import ContactProfile, QualificationCall
from qualification.services import qualification_call_record
from tests import factories


@pytest.fixture
def dpo(db):
    return factories.UserFactory(
        roles=[Role.DATA_PROTECTION], first_name="Dana", last_name="Schutz"
    )


@pytest.fixture
def broker_source(db):
    return factories.SourceFactory(
        kind=Source.Kind.ADDRESS_BROKER,
        name="Adressverlag Nord",
        licence_reference="LIZ-2026-0815",
        licence_expires_on=datetime.date(2027, 6, 30),
    )


@pytest.fixture
def person(company, inside_sales, broker_source):
    """Jürgen Müller with a history, permissions, a profile and a call."""
    person = services.contact_person_create(
        user=inside_sales,
        company=company,
        data={
            "salutation": "mr",
            "first_name": "Jürgen",
            "last_name": "Müller",
            "email": "j.mueller@example.de",
            "job_title": "Einkaufsleiter",
            "source": broker_source,
            "informed_on": datetime.date(2026, 5, 4),
        },
        check_duplicates=False,
    )
    person = services.contact_person_update(
        user=inside_sales, person=person, data={"job_title": "Leiter Einkauf"}
    )
    consent.permission_set(
        user=inside_sales,
        person=person,
        channel="email",
        basis="express",
        consented_on=datetime.date(2026, 4, 20),
        consent_method="Formular am Messestand",
        consent_wording="Ich möchte den Newsletter erhalten.",
    )
    ContactProfile.objects.create(
        person=person, preferences="Liefertermine schriftlich", language="Deutsch"
    )
    qualification_call_record(
        user=inside_sales,
        company=company,
        data={
            "reached": person,
            "outcome": QualificationCall.Outcome.CALL_BACK,
            "notes": "Rückruf nach der Messe gewünscht",
        },
        addresses=[],
        persons=[],
    )
    return person
