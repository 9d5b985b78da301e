import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from contacts.consent.models import ContactPermission, Suppression
from contacts.consent.services import is_suppressed
from contacts.duplicates.models import Merge, PersonPair
from contacts.models import ContactPerson
from privacy.erasure import PLACEHOLDER, person_erase
from privacy.models import AccessLogEntry, Erasure
from qualification.models import Assessment, Handover, QualificationCall
from tests import factories
from tests.privacy.conftest import EMAIL, PHONE, SURNAME

pytestmark = pytest.mark.django_db

REFERENCE = "Ticket DS-2026-0042"


def _erase(case, reference=REFERENCE):
    return person_erase(
        user=case["dpo"], person=case["person"], request_reference=reference
    )


def test_the_live_record_keeps_company_source_and_dates_only(rich_person):
    person = rich_person["person"]
    created, source, informed = person.created_at, person.source_id, person.informed_on

    _erase(rich_person)

    person.refresh_from_db()
    assert person.erased_at is not None
    assert person.last_name == PLACEHOLDER
    assert person.salutation == ContactPerson.Salutation.NONE
    for name in ("academic_title", "first_name", "job_title", "department"):
        assert getattr(person, name) == "", name
    assert (person.email, person.phone, person.mobile) == ("", "", "")
    assert (person.company, person.source_id) == (rich_person["company"], source)
    assert (person.created_at, person.informed_on) == (created, informed)
    assert person.history.latest().history_change_reason == "erasure"


def test_the_merged_away_record_of_the_same_person_goes_too(rich_person):
    _erase(rich_person)

    twin = ContactPerson.objects.get(pk=rich_person["twin"].pk)
    assert twin.erased_at is not None and twin.last_name == PLACEHOLDER
    merge = Merge.objects.get(kind=Merge.Kind.PERSON)
    assert SURNAME not in str(merge.snapshot) and SURNAME not in merge.reason
    assert PersonPair.objects.get().note == ""


def test_business_figures_of_the_company_stay(rich_person):
    company = rich_person["company"]
    score = Assessment.objects.get(company=company).score
    call = QualificationCall.objects.get(company=company)

    _erase(rich_person)

    company.refresh_from_db()
    assert (company.name, company.revenue, company.employees) == (
        "Brenner Werkzeugbau",
        4_500_000,
        42,
    )
    assert Assessment.objects.get(company=company).score == score
    call.refresh_from_db()
    assert call.outcome == "call_back" and call.reached_id == rich_person["person"].pk
    assert call.notes.startswith(f"{PLACEHOLDER} bittet um Rückruf unter ")
    handover = Handover.objects.get(company=company)
    assert handover.outcome == "contacted"
    assert handover.brief == (
        f"{PLACEHOLDER} entscheidet; {PLACEHOLDER} Assistenz vorher anrufen"
    )


def test_permissions_keep_their_basis_and_lose_the_wording(rich_person):
    _erase(rich_person)

    permission = ContactPermission.objects.get(person=rich_person["person"])
    assert permission.basis == "express" and permission.consented_on
    erased = (PLACEHOLDER, PLACEHOLDER)
    assert (permission.consent_method, permission.consent_wording) == erased
    for row in permission.history.all():
        assert (row.consent_method, row.consent_wording) == erased


def test_the_tombstone_says_when_who_and_which_request_but_not_whom(rich_person):
    person = rich_person["person"]

    erasure = _erase(rich_person)

    assert Erasure.objects.get() == erasure
    assert erasure.person_id == person.pk
    assert erasure.company_id == rich_person["company"].pk
    assert erasure.erased_by == rich_person["dpo"]
    assert erasure.request_reference == REFERENCE
    assert erasure.history_rows > 5
    stored = " ".join(str(v) for v in Erasure.objects.values().get().values())
    for trace in (SURNAME, "Henrike", EMAIL, PHONE):
        assert trace not in stored
    logged = AccessLogEntry.objects.filter(action="erasure").get()
    assert (logged.object_type, logged.object_id) == ("contact_person", person.pk)


def test_a_later_import_of_the_same_person_is_suppressed(rich_person):
    _erase(rich_person)

    assert Suppression.objects.filter(cause="erasure").count() >= 2
    comeback = factories.ContactPersonFactory.build(email=EMAIL.upper(), phone="")
    assert is_suppressed(comeback)
    by_phone = factories.ContactPersonFactory.build(email="", phone=PHONE)
    assert is_suppressed(by_phone)


@pytest.mark.parametrize(
    "reference", ["", "   ", "Ticket\x00 42", "Brief vom 3.\u200b März"]
)
def test_a_missing_or_broken_reference_is_refused(rich_person, reference):
    with pytest.raises(ValidationError) as refused:
        _erase(rich_person, reference=reference)

    assert "request_reference" in refused.value.message_dict
    assert not Erasure.objects.exists()
    rich_person["person"].refresh_from_db()
    assert rich_person["person"].last_name == SURNAME


def test_erasing_twice_is_refused(rich_person):
    _erase(rich_person)
    rich_person["person"].refresh_from_db()

    with translation.override("en"), pytest.raises(ValidationError, match="already"):
        _erase(rich_person, reference="Ticket 43")
    assert Erasure.objects.count() == 1


def test_a_merged_away_record_points_to_the_surviving_one(rich_person):
    twin = ContactPerson.objects.get(pk=rich_person["twin"].pk)

    with translation.override("en"), pytest.raises(ValidationError, match="merged"):
        person_erase(user=rich_person["dpo"], person=twin, request_reference="T 1")
    assert not Erasure.objects.exists()


def test_other_persons_of_the_company_are_untouched(rich_person):
    colleague = factories.ContactPersonFactory(
        company=rich_person["company"], last_name="Oberländer"
    )

    _erase(rich_person)

    colleague.refresh_from_db()
    assert colleague.last_name == "Oberländer" and colleague.erased_at is None


def test_a_batch_erases_each_person_and_counts_their_own_rows(dpo, inside_sales):
    from contacts import services
    from privacy.erasure import persons_erase
    from qualification.services import qualification_call_record

    company = factories.CompanyFactory(name="Lindner Kunststoff")
    first, second = (
        factories.ContactPersonFactory(company=company, last_name=name)
        for name in ("Wendehals", "Ockenfuß")
    )
    services.contact_person_update(
        user=inside_sales, person=first, data={"job_title": "Prokurist"}
    )
    qualification_call_record(
        user=inside_sales,
        company=company,
        data={
            "channel": "phone",
            "reached": first,
            "outcome": "call_back",
            "notes": "Wendehals verweist an Ockenfuß",
        },
        addresses=[],
        persons=[],
    )

    erasures = persons_erase(
        user=dpo, persons=[first, second], request_reference="Löschprüfung 2026"
    )

    assert [e.person_id for e in erasures] == [first.pk, second.pk]
    # Each: its creation and erasure rows; the first also its edit. The call
    # has no history, so its note counts for nobody.
    assert [e.history_rows for e in erasures] == [3, 2]
    notes = QualificationCall.objects.get(company=company).notes
    assert notes == f"{PLACEHOLDER} verweist an {PLACEHOLDER}"
    assert ContactPerson.objects.filter(erased_at__isnull=False).count() == 2


def test_the_company_qualification_keeps_its_text_without_the_person(rich_person):
    from qualification.models import CompanyProfile

    _erase(rich_person)

    profile = CompanyProfile.objects.get(company=rich_person["company"])
    assert profile.need_description == f"neue Spannfutter, sagt {PLACEHOLDER}"
    assert profile.recommendation == (
        f"Erst mit Frau {PLACEHOLDER} sprechen ({PLACEHOLDER})"
    )
    assert all(SURNAME not in row.recommendation for row in profile.history.all())


def test_a_restricted_person_can_still_be_erased(rich_person):
    from contacts.consent.services import person_restrict

    person = rich_person["person"]
    person_restrict(user=rich_person["dpo"], person=person, reason="Klage")

    _erase(rich_person)

    person.refresh_from_db()
    assert person.is_erased and person.restriction_reason == ""
