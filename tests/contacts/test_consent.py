"""Contact permissions per channel, objections and the suppression list
(GDPR Art. 21, UWG §7), and the restriction of processing (Art. 18)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from contacts import services
from contacts.consent import services as consent
from contacts.consent.models import Basis, Channel, ContactPermission, Suppression
from contacts.consent.services import permissions_of
from contacts.duplicates.merge import person_merge, person_merge_undo
from contacts.models import ContactPerson
from contacts.roles import Role
from privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def person(company):
    return factories.ContactPersonFactory(
        company=company,
        last_name="Kowalczyk",
        email="Jana.Kowalczyk@example.de",
        phone="0351 4455660",
        mobile="",
    )


@pytest.fixture
def dpo(db):
    return factories.UserFactory(roles=[Role.DATA_PROTECTION])


def express(**overrides):
    return {
        "consented_on": datetime.date(2026, 3, 2),
        "consent_method": "signed form at Hannover Messe",
        "consent_wording": "Ja, Sie dürfen mich zu neuen Produkten anrufen.",
        **overrides,
    }


def basis(person, channel):
    return permissions_of(person)[channel].basis


# Recording a permission


def test_no_permission_is_recorded_until_someone_records_one(person):
    assert set(permissions_of(person)) == set(Channel.values)
    assert all(
        p.basis == Basis.NONE and p.pk is None for p in permissions_of(person).values()
    )


def test_express_consent_needs_when_how_and_wording(inside_sales, person):
    with pytest.raises(ValidationError) as error:
        consent.permission_set(
            user=inside_sales, person=person, channel=Channel.EMAIL, basis=Basis.EXPRESS
        )

    assert set(error.value.message_dict) == {
        "consented_on",
        "consent_method",
        "consent_wording",
    }
    assert not ContactPermission.objects.exists()


def test_express_consent_is_stored_with_who_and_when(inside_sales, person):
    permission = consent.permission_set(
        user=inside_sales,
        person=person,
        channel=Channel.EMAIL,
        basis=Basis.EXPRESS,
        **express(),
    )

    permission.refresh_from_db()
    assert permission.consent_wording.startswith("Ja, Sie dürfen")
    assert permission.recorded_by == inside_sales
    assert permission.history.get().history_user == inside_sales


def test_a_consent_cannot_lie_in_the_future(inside_sales, person):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        consent.permission_set(
            user=inside_sales,
            person=person,
            channel=Channel.PHONE,
            basis=Basis.EXPRESS,
            **express(consented_on=tomorrow),
        )
    assert "consented_on" in error.value.message_dict


def test_presumed_consent_for_a_call_needs_a_written_reason(inside_sales, person):
    with pytest.raises(ValidationError) as error:
        consent.permission_set(
            user=inside_sales,
            person=person,
            channel=Channel.PHONE,
            basis=Basis.PRESUMED,
            reason="  ",
        )
    assert "reason" in error.value.message_dict

    consent.permission_set(
        user=inside_sales,
        person=person,
        channel=Channel.PHONE,
        basis=Basis.PRESUMED,
        reason="Asked for a quote for spare parts at the fair",
    )
    assert basis(person, Channel.PHONE) == Basis.PRESUMED


@pytest.mark.parametrize(
    ("channel", "refused"),
    [
        (Channel.EMAIL, Basis.PRESUMED),
        (Channel.FAX, Basis.PRESUMED),
        (Channel.PHONE, Basis.EXISTING_CUSTOMER),
        (Channel.POST, Basis.EXISTING_CUSTOMER),
    ],
)
def test_a_basis_only_applies_to_its_channel(inside_sales, person, channel, refused):
    with pytest.raises(ValidationError) as error:
        consent.permission_set(
            user=inside_sales,
            person=person,
            channel=channel,
            basis=refused,
            reason="Kunde seit 2019",
        )
    assert "basis" in error.value.message_dict


def test_changing_the_basis_drops_the_details_of_the_old_one(inside_sales, person):
    consent.permission_set(
        user=inside_sales,
        person=person,
        channel=Channel.EMAIL,
        basis=Basis.EXPRESS,
        **express(),
    )
    permission = consent.permission_set(
        user=inside_sales,
        person=person,
        channel=Channel.EMAIL,
        basis=Basis.EXISTING_CUSTOMER,
        reason="Order 4711 of 2026-05-04",
        **express(),
    )

    assert permission.consent_wording == ""
    assert permission.consented_on is None
    assert permission.reason == "Order 4711 of 2026-05-04"
    assert permission.history.count() == 2


# Objection (Art. 21) and the suppression list


def test_an_objection_sets_every_channel_and_keeps_only_hashes(inside_sales, person):
    consent.permission_set(
        user=inside_sales,
        person=person,
        channel=Channel.PHONE,
        basis=Basis.EXPRESS,
        **express(),
    )

    consent.person_object(user=inside_sales, person=person, note="by phone")

    assert {p.basis for p in permissions_of(person).values()} == {Basis.OBJECTED}
    entries = list(Suppression.objects.all())
    assert {e.kind for e in entries} == {Suppression.Kind.EMAIL, Suppression.Kind.PHONE}
    for entry in entries:
        assert "kowalczyk" not in entry.digest.lower()
        assert "4455660" not in entry.digest
        assert len(entry.digest) == 64
    log = AccessLogEntry.objects.get(action="objection")
    assert log.object_id == person.pk and log.user == inside_sales


def test_the_suppression_hash_depends_on_the_installations_salt(settings):
    first = Suppression.digest_of("jana@example.de")
    settings.SUPPRESSION_SALT = "another installation"
    assert Suppression.digest_of("jana@example.de") != first


def test_a_person_entered_again_after_an_objection_is_objected_at_once(
    inside_sales, person, team
):
    consent.person_object(user=inside_sales, person=person)
    elsewhere = factories.CompanyFactory(team=team)

    again = services.contact_person_create(
        user=inside_sales,
        company=elsewhere,
        data={
            "last_name": "Kowalczyk-Berg",
            "email": "jana.kowalczyk@EXAMPLE.de",
            "source": elsewhere.source,
        },
        duplicate_reason="moved to another company",
    )

    assert again.suppressed
    assert {p.basis for p in permissions_of(again).values()} == {Basis.OBJECTED}


def test_a_phone_number_on_the_list_is_recognised_in_any_notation(
    inside_sales, person, team
):
    consent.person_object(user=inside_sales, person=person)
    elsewhere = factories.CompanyFactory(team=team)

    again = services.contact_person_create(
        user=inside_sales,
        company=elsewhere,
        data={
            "last_name": "Neu",
            "mobile": "+49 (351) 44 55 660",
            "source": elsewhere.source,
        },
        duplicate_reason="moved to another company",
    )

    assert basis(again, Channel.PHONE) == Basis.OBJECTED


def test_changing_an_address_to_one_on_the_list_objects_too(
    inside_sales, person, company
):
    consent.person_object(user=inside_sales, person=person)
    other = factories.ContactPersonFactory(company=company, email="neu@example.de")

    other = services.contact_person_update(
        user=inside_sales,
        person=other,
        data={"email": "jana.kowalczyk@example.de"},
        duplicate_reason="shared mailbox",
    )

    assert other.suppressed
    assert basis(other, Channel.EMAIL) == Basis.OBJECTED


def test_someone_not_on_the_list_is_left_alone(inside_sales, company):
    new = services.contact_person_create(
        user=inside_sales,
        company=company,
        data={
            "last_name": "Frei",
            "email": "frei@example.de",
            "source": company.source,
        },
    )
    assert not new.suppressed
    assert not ContactPermission.objects.filter(person=new).exists()


def test_an_objection_survives_a_merge_and_goes_back_with_its_undo(
    inside_sales, person, company
):
    twin = factories.ContactPersonFactory(
        company=company, last_name="Kowalczik", email="", phone=""
    )
    consent.permission_set(
        user=inside_sales,
        person=twin,
        channel=Channel.EMAIL,
        basis=Basis.EXPRESS,
        **express(),
    )
    consent.person_object(user=inside_sales, person=twin)

    merge = person_merge(user=inside_sales, survivor=person, others=[twin], choices={})

    person.refresh_from_db()
    assert {p.basis for p in permissions_of(person).values()} == {Basis.OBJECTED}

    person_merge_undo(user=inside_sales, merge=merge)
    person.refresh_from_db()
    assert basis(person, Channel.PHONE) == Basis.NONE
    assert basis(twin, Channel.PHONE) == Basis.OBJECTED


def test_a_merge_keeps_a_recorded_consent_of_the_other_record(
    inside_sales, person, company
):
    twin = factories.ContactPersonFactory(company=company, last_name="Kowalczik")
    consent.permission_set(
        user=inside_sales,
        person=twin,
        channel=Channel.PHONE,
        basis=Basis.PRESUMED,
        reason="Rückrufbitte auf der Messe",
    )

    person_merge(user=inside_sales, survivor=person, others=[twin], choices={})

    kept = permissions_of(person)[Channel.PHONE]
    assert kept.basis == Basis.PRESUMED
    assert kept.reason == "Rückrufbitte auf der Messe"


def test_an_objection_made_after_a_merge_is_not_lifted_by_its_undo(
    inside_sales, person, company
):
    twin = factories.ContactPersonFactory(company=company, last_name="Kowalczik")
    consent.permission_set(
        user=inside_sales,
        person=twin,
        channel=Channel.PHONE,
        basis=Basis.PRESUMED,
        reason="Rückrufbitte",
    )
    merge = person_merge(user=inside_sales, survivor=person, others=[twin], choices={})
    consent.person_object(user=inside_sales, person=person)

    person_merge_undo(user=inside_sales, merge=merge)

    assert basis(person, Channel.PHONE) == Basis.OBJECTED


# Restriction (Art. 18)


def test_a_restricted_person_cannot_be_changed(dpo, inside_sales, person):
    consent.person_restrict(user=dpo, person=person, reason="Richtigkeit bestritten")

    with pytest.raises(ValidationError, match="restricted"):
        services.contact_person_update(
            user=inside_sales, person=person, data={"job_title": "Chefin"}
        )
    with pytest.raises(ValidationError, match="restricted"):
        services.contact_person_leave(
            user=inside_sales, person=person, left_on=timezone.localdate()
        )
    with pytest.raises(ValidationError, match="restricted"):
        consent.permission_set(
            user=inside_sales,
            person=person,
            channel=Channel.POST,
            basis=Basis.NONE,
        )
    person.refresh_from_db()
    assert person.job_title == "Einkaufsleiterin"


def test_a_restriction_needs_a_reason_and_can_be_lifted(dpo, inside_sales, person):
    with pytest.raises(ValidationError):
        consent.person_restrict(user=dpo, person=person, reason=" ")

    consent.person_restrict(user=dpo, person=person, reason="Widerspruch geprüft")
    consent.person_lift_restriction(user=dpo, person=person)

    services.contact_person_update(
        user=inside_sales, person=person, data={"job_title": "Chefin"}
    )
    reasons = list(
        ContactPerson.history.filter(id=person.pk)
        .order_by("history_date")
        .values_list("history_change_reason", flat=True)
    )
    assert "restricted: Widerspruch geprüft" in reasons
    assert "restriction lifted" in reasons
    assert AccessLogEntry.objects.filter(action="restriction").count() == 2


def test_restricted_records_cannot_be_merged(dpo, inside_sales, person, company):
    twin = factories.ContactPersonFactory(company=company, last_name="Kowalczik")
    consent.person_restrict(user=dpo, person=twin, reason="Anfrage 2026-17")

    with pytest.raises(ValidationError, match="restricted"):
        person_merge(user=inside_sales, survivor=person, others=[twin], choices={})


def test_an_import_of_someone_on_the_list_objects_them_and_says_so(
    tmp_path, inside_sales, person
):
    from contacts.importing import SourceSpec, import_file

    consent.person_object(user=inside_sales, person=person)
    person.delete()
    path = tmp_path / "messe.csv"
    path.write_text(
        "Firma;Ort;Nachname;E-Mail\n"
        "Lindner GmbH;Dresden;Kowalczyk;jana.kowalczyk@example.de\n"
        "Lindner GmbH;Dresden;Frei;frei@example.de\n",
        encoding="utf-8",
    )

    report = import_file(
        path,
        source=SourceSpec(kind="trade_fair", name="Messe"),
        user=inside_sales,
    )

    objected = ContactPerson.objects.get(last_name="Kowalczyk")
    free = ContactPerson.objects.get(last_name="Frei")
    assert {p.basis for p in permissions_of(objected).values()} == {Basis.OBJECTED}
    assert not ContactPermission.objects.filter(person=free).exists()
    assert any("suppression list" in w for w in report.outcomes[0].warnings)
    assert not any("suppression list" in w for w in report.outcomes[1].warnings)


def test_a_restricted_person_is_only_counted_as_a_possible_duplicate(
    dpo, inside_sales, person, company
):
    from contacts.duplicates.finding import person_candidates

    consent.person_restrict(user=dpo, person=person, reason="Anfrage 2026-17")

    found = person_candidates(
        user=inside_sales,
        company=company,
        data={"last_name": "Kowalczyk", "email": "jana.kowalczyk@example.de"},
    )

    assert found.visible == []
    assert found.hidden_count == 1


# Found by the break test


def test_an_objection_is_only_replaced_by_a_new_express_consent(inside_sales, person):
    consent.person_object(user=inside_sales, person=person)

    for channel, basis_ in (
        (Channel.POST, Basis.NONE),
        (Channel.EMAIL, Basis.EXISTING_CUSTOMER),
        (Channel.PHONE, Basis.PRESUMED),
    ):
        with pytest.raises(ValidationError) as error:
            consent.permission_set(
                user=inside_sales,
                person=person,
                channel=channel,
                basis=basis_,
                reason="Kauf 2025",
            )
        assert "basis" in error.value.message_dict
    assert {p.basis for p in permissions_of(person).values()} == {Basis.OBJECTED}

    consent.permission_set(
        user=inside_sales,
        person=person,
        channel=Channel.EMAIL,
        basis=Basis.EXPRESS,
        **express(),
    )
    assert basis(person, Channel.EMAIL) == Basis.EXPRESS


@pytest.mark.parametrize(
    ("objected", "entered"),
    [
        ("info@müller.de", "info@xn--mller-kva.de"),
        ("max.muster@beispiel.de", "max.muster@ｂｅｉｓｐｉｅｌ.de"),
        ("Max.Muster@Beispiel.de ", "max.muster@beispiel.de"),
    ],
)
def test_the_suppression_list_knows_one_mailbox_in_every_spelling(
    inside_sales, company, objected, entered
):
    first = ContactPerson(company=company, last_name="A", email=objected)
    second = ContactPerson(company=company, last_name="B", email=entered)

    consent.suppression_add(first, cause=Suppression.Cause.OBJECTION)

    assert consent.is_suppressed(second)


def test_an_undo_of_a_merge_is_refused_while_the_survivor_is_restricted(
    dpo, inside_sales, person, company
):
    twin = factories.ContactPersonFactory(company=company, last_name="Kowalczik")
    merge = person_merge(user=inside_sales, survivor=person, others=[twin], choices={})
    consent.person_restrict(user=dpo, person=person, reason="Anfrage 2026-17")

    with pytest.raises(ValidationError, match="restricted"):
        person_merge_undo(user=inside_sales, merge=merge)


def test_dates_before_1990_are_taken_for_typing_errors(inside_sales, person):
    with pytest.raises(ValidationError) as error:
        consent.permission_set(
            user=inside_sales,
            person=person,
            channel=Channel.PHONE,
            basis=Basis.EXPRESS,
            **express(consented_on=datetime.date(26, 3, 2)),
        )
    assert "consented_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        consent.persons_mark_informed(
            user=inside_sales, persons=[person], informed_on=datetime.date(1900, 1, 1)
        )


def test_a_reused_broker_source_gets_the_licence_it_lacked(db):
    from contacts.models import Source

    old = Source.objects.create(kind=Source.Kind.ADDRESS_BROKER, name="Kerber")

    reused = services.source_get_or_create(
        kind=Source.Kind.ADDRESS_BROKER,
        name="Kerber",
        licence_reference="KL-7",
        licence_expires_on=datetime.date(2027, 3, 31),
    )

    assert reused.pk == old.pk
    old.refresh_from_db()
    assert (old.licence_reference, old.licence_expires_on) == (
        "KL-7",
        datetime.date(2027, 3, 31),
    )


def test_the_duplicates_page_does_not_offer_a_restricted_person(
    dpo, inside_sales, person, company
):
    from contacts.duplicates.models import PersonPair
    from contacts.duplicates.selectors import open_person_pairs

    twin = factories.ContactPersonFactory(company=company, last_name="Kowalczik")
    first, second = sorted([person, twin], key=lambda p: p.pk)
    PersonPair.objects.create(
        first=first, second=second, score=70, newest_at=second.created_at
    )
    assert open_person_pairs(inside_sales).count() == 1

    consent.person_restrict(user=dpo, person=person, reason="Anfrage 2026-17")

    assert open_person_pairs(inside_sales).count() == 0
