import datetime

import pytest
from django.utils import timezone

from contacts import audit, services
from contacts.consent import services as consent
from contacts.duplicates.merge import person_merge
from contacts.models import Source
from contacts.roles import Role
from qualification import services as qualification
from qualification.models import ContactProfile, QualificationCall
from qualification.services import qualification_call_record
from tests import factories

SURNAME = "Quastenbrink"
EMAIL = "hq.einkauf@zulieferer.example"
OLD_EMAIL = "henrike.q@altfirma.example"
PHONE = "+49309876543"
PHONE_TYPED = "030 987 65 43"


@pytest.fixture
def rich_person(team, inside_sales, field_rep):
    """A person with everything an erasure has to reach: edits, a consent, a
    profile, a call, a handover brief, a kept-apart duplicate then merged, a
    restriction that was lifted and an access-log entry."""
    user = inside_sales
    company = factories.qualified_company(
        team=team,
        user=user,
        name="Brenner Werkzeugbau",
        revenue=4_500_000,
        employees=42,
        status="customer",
        last_order_date=datetime.date(2026, 5, 1),
    )
    person = services.contact_person_create(
        user=user,
        company=company,
        data={
            "salutation": "ms",
            "academic_title": "Dr.",
            "first_name": "Henrike",
            "last_name": SURNAME,
            "job_title": "Leiterin Einkauf",
            "department": "Einkauf",
            "email": OLD_EMAIL,
            "phone": PHONE_TYPED,
            "source": company.source,
        },
    )
    for data in (
        {"email": EMAIL},
        {"department": "Beschaffung"},
        {"mobile": "0171 5550123"},
    ):
        person = services.contact_person_update(user=user, person=person, data=data)
    consent.permission_set(
        user=user,
        person=person,
        channel="email",
        basis="express",
        consented_on=datetime.date(2026, 4, 20),
        consent_method=f"Formular von Frau {SURNAME} am Messestand",
        consent_wording=f"Ich, Henrike {SURNAME}, willige ein, dass …",
    )
    qualification.contact_profile_update(
        user=user,
        person=person,
        data={"preferences": f"Frau {SURNAME} will Liefertermine schriftlich"},
        person_data={},
    )
    qualification.company_profile_update(
        user=user,
        company=company,
        data={
            "current_need": "yes",
            "need_description": f"neue Spannfutter, sagt {SURNAME}",
            "recommendation": f"Erst mit Frau {SURNAME} sprechen ({PHONE_TYPED})",
        },
        company_data={},
    )
    qualification.qualification_call_record(
        user=user,
        company=company,
        data={
            "channel": "phone",
            "reached": person,
            "outcome": "call_back",
            "notes": f"{SURNAME} bittet um Rückruf unter {PHONE_TYPED}, "
            f"Mail an {EMAIL}",
        },
        addresses=[],
        persons=[],
    )
    handover = qualification.handover_create(
        user=user,
        company=company,
        rep=field_rep,
        brief=f"Dr. Henrike {SURNAME} entscheidet; {SURNAME}s Assistenz vorher anrufen",
    )
    qualification.handover_outcome(
        user=field_rep,
        handover=qualification.handover_respond(
            user=field_rep, handover=handover, accept=True
        ),
        outcome="contacted",
        note=f"Mit Frau {SURNAME} gesprochen",
    )
    twin = services.contact_person_create(
        user=user,
        company=company,
        data={
            "first_name": "Henrike",
            "last_name": SURNAME,
            "email": OLD_EMAIL,
            "source": company.source,
        },
        duplicate_reason=f"{SURNAME} vielleicht doppelt",
    )
    person.refresh_from_db()
    person_merge(
        user=user,
        survivor=person,
        others=[twin],
        choices={},
        note=f"Zweimal {SURNAME}",
    )
    person.refresh_from_db()
    dpo_user = factories.UserFactory(roles=[Role.DATA_PROTECTION])
    consent.person_restrict(
        user=dpo_user, person=person, reason=f"Frau {SURNAME} bestreitet"
    )
    consent.person_lift_restriction(user=dpo_user, person=person)
    audit.record(
        dpo_user, audit.VIEW, object_type="contact_person", object_id=person.pk
    )
    person.refresh_from_db()
    return {
        "person": person,
        "twin": twin,
        "company": company,
        "user": user,
        "dpo": dpo_user,
        "at": timezone.now(),
    }


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
