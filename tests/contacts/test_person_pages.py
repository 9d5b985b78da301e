"""The contact person's page: data, permissions, objection, restriction, and
the access log entries that reading it leaves."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from contacts.consent import services as consent
from contacts.consent.models import Basis, Channel, ContactPermission
from contacts.consent.services import permissions_of
from contacts.models import Company, ContactPerson, Source
from contacts.roles import Role
from privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(company):
    return factories.ContactPersonFactory(
        company=company, first_name="Jana", last_name="Kowalczyk", phone="0351 445566"
    )


@pytest.fixture
def dpo(db):
    return factories.UserFactory(roles=[Role.DATA_PROTECTION])


def detail(person):
    return f"/contacts/contacts/{person.pk}/"


def test_the_page_shows_the_person_and_every_channel(client, inside_sales, person):
    client.force_login(inside_sales)

    response = client.get(detail(person))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Jana Kowalczyk" in body
    for channel in Channel.values:
        assert f'data-testid="permission-{channel}"' in body
    assert "no-store" in response["Cache-Control"]


def test_each_view_is_logged_without_personal_data(client, field_rep, person):
    client.force_login(field_rep)

    client.get(detail(person))

    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.object_type, entry.object_id) == (
        field_rep,
        "view",
        "contact_person",
        person.pk,
    )
    assert "Kowalczyk" not in str(entry) + entry.detail


def test_an_outsider_gets_404_and_the_refusal_is_logged(client, outsider, person):
    client.force_login(outsider)

    assert client.get(detail(person)).status_code == 404
    assert not AccessLogEntry.objects.filter(action="view").exists()


def test_the_company_page_links_to_the_person(client, inside_sales, person):
    client.force_login(inside_sales)
    body = client.get(f"/contacts/companies/{person.company_id}/").content.decode()
    assert f'href="{detail(person)}"' in body


def test_recording_presumed_consent_through_the_form(client, inside_sales, person):
    client.force_login(inside_sales)
    url = f"/contacts/contacts/{person.pk}/permissions/phone/"

    assert client.get(url).status_code == 200
    response = client.post(
        url, {"basis": "presumed", "reason": "Bat auf der Messe um Rückruf"}
    )

    assert response.status_code == 302
    permission = ContactPermission.objects.get(person=person, channel="phone")
    assert permission.basis == Basis.PRESUMED
    assert permission.recorded_by == inside_sales


def test_an_incomplete_consent_is_refused_and_the_input_kept(
    client, inside_sales, person
):
    client.force_login(inside_sales)

    response = client.post(
        f"/contacts/contacts/{person.pk}/permissions/email/",
        {
            "basis": "express",
            "consent_method": "Formular",
            "consented_on": "2026-03-02",
        },
    )

    assert response.status_code == 200
    assert not ContactPermission.objects.exists()
    body = response.content.decode()
    assert 'value="Formular"' in body
    assert "Wortlaut" in body


def test_a_basis_from_another_channel_is_not_offered(client, inside_sales, person):
    client.force_login(inside_sales)

    response = client.post(
        f"/contacts/contacts/{person.pk}/permissions/fax/",
        {"basis": "presumed", "reason": "Rückruf"},
    )

    assert response.status_code == 200
    assert not ContactPermission.objects.exists()


def test_unknown_channels_and_field_reps_get_404(
    client, inside_sales, field_rep, person
):
    client.force_login(inside_sales)
    assert (
        client.get(f"/contacts/contacts/{person.pk}/permissions/pigeon/").status_code
        == 404
    )
    client.force_login(field_rep)
    assert (
        client.get(f"/contacts/contacts/{person.pk}/permissions/phone/").status_code
        == 404
    )
    assert client.get(f"/contacts/contacts/{person.pk}/objection/").status_code == 404


def test_the_objection_action_objects_every_channel(client, inside_sales, person):
    client.force_login(inside_sales)

    response = client.post(
        f"/contacts/contacts/{person.pk}/objection/", {"note": "Brief"}
    )

    assert response.status_code == 302
    assert {p.basis for p in permissions_of(person).values()} == {Basis.OBJECTED}
    assert (
        "Widerspruch gegen Direktwerbung: Brief"
        in permissions_of(person)["post"].reason
    )


def test_others_see_only_a_notice_for_a_restricted_person(
    client, dpo, inside_sales, person
):
    consent.person_restrict(user=dpo, person=person, reason="Richtigkeit bestritten")
    client.force_login(inside_sales)

    body = client.get(detail(person)).content.decode()
    company_page = client.get(
        f"/contacts/companies/{person.company_id}/"
    ).content.decode()

    assert 'data-testid="restricted-notice"' in body
    assert "Kowalczyk" not in body and "Kowalczyk" not in company_page
    assert 'data-testid="hidden-persons"' in company_page
    assert AccessLogEntry.objects.filter(
        action="refused", user=inside_sales, object_id=person.pk
    ).exists()
    for page in ("permissions/phone/", "edit/", "leave/", "objection/"):
        assert client.get(f"/contacts/contacts/{person.pk}/{page}").status_code == 404
    twin = factories.ContactPersonFactory(company=person.company)
    merge = f"/contacts/contacts/merge/?ids={person.pk}&ids={twin.pk}"
    assert client.get(merge).status_code == 404
    assert (
        client.get(f"/qualification/contacts/{person.pk}/profile/").status_code == 404
    )


def test_the_dpo_restricts_and_lifts_through_the_page(client, dpo, person):
    client.force_login(dpo)
    url = f"/privacy/persons/{person.pk}/restriction/"

    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Anfrage 2026-17"}).status_code == 302
    person.refresh_from_db()
    assert person.is_restricted
    body = client.get(detail(person)).content.decode()
    assert 'data-testid="restricted-badge"' in body and "Kowalczyk" in body

    assert client.post(url, {}).status_code == 302
    person.refresh_from_db()
    assert not person.is_restricted


def test_a_bought_address_shows_its_art_14_deadline(client, inside_sales, company):
    broker = factories.SourceFactory(
        kind=Source.Kind.ADDRESS_BROKER,
        name="Adresshandel",
        licence_reference="KL-1",
        licence_expires_on=datetime.date(2027, 12, 31),
    )
    late = factories.ContactPersonFactory(company=company, source=broker)
    late.created_at = timezone.now() - datetime.timedelta(days=40)
    late.save()
    client.force_login(inside_sales)

    body = client.get(detail(late)).content.decode()

    assert 'data-testid="broker-overdue"' in body
    assert "KL-1" in body


def test_the_informed_date_cannot_lie_in_the_future(client, inside_sales, person):
    client.force_login(inside_sales)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        f"/contacts/contacts/{person.pk}/edit/",
        {
            "version": person.version,
            "salutation": "ms",
            "last_name": person.last_name,
            "source": person.source_id,
            "informed_on": tomorrow.isoformat(),
        },
    )

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.informed_on is None


def test_a_new_broker_source_needs_its_licence(client, inside_sales, team):
    client.force_login(inside_sales)
    data = {
        "name": "Lindner Kältetechnik",
        "legal_form": "GmbH",
        "status": "prospect",
        "team": team.pk,
        "new_source_kind": "address_broker",
        "new_source_name": "Adresshandel Kerber 2026",
        "address-kind": "headquarters",
        "address-street": "Hauptstraße",
        "address-house_number": "5",
        "address-postal_code": "01067",
        "address-city": "Dresden",
        "address-country": "DE",
        "address-valid_from": "2026-01-01",
    }

    refused = client.post("/contacts/companies/new/", data)

    assert refused.status_code == 200
    assert not Company.objects.exists()
    assert "Lizenz" in refused.content.decode()

    data |= {
        "new_source_licence": "KL-2026-01",
        "new_source_licence_expires_on": "2027-06-30",
    }
    assert client.post("/contacts/companies/new/", data).status_code == 302
    source = Company.objects.get().source
    assert (source.licence_reference, source.licence_expires_on) == (
        "KL-2026-01",
        datetime.date(2027, 6, 30),
    )


def test_importing_bought_addresses_needs_the_licence(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Firma;Ort\nMeier GmbH;Dresden\n", encoding="utf-8")

    with pytest.raises(CommandError, match="licence"):
        call_command(
            "import_addresses",
            str(path),
            "--source-kind=address_broker",
            "--source-name=Kerber",
        )
    call_command(
        "import_addresses",
        str(path),
        "--source-kind=address_broker",
        "--source-name=Kerber",
        "--licence-reference=KL-9",
        "--licence-expires=2027-01-31",
        stdout=StringIO(),
    )
    assert Source.objects.get().licence_reference == "KL-9"
    assert ContactPerson.objects.count() == 0


def test_restricted_people_leave_the_qualification_pages_too(
    client, dpo, inside_sales, person
):
    consent.person_restrict(user=dpo, person=person, reason="Anfrage 2026-17")
    client.force_login(inside_sales)

    body = client.get(f"/qualification/companies/{person.company_id}/").content.decode()

    assert "Kowalczyk" not in body


def test_the_qualification_profile_of_a_restricted_person_is_read_only(
    dpo, inside_sales, person
):
    from django.core.exceptions import ValidationError

    from qualification import services as qualification

    consent.person_restrict(user=dpo, person=person, reason="Anfrage 2026-17")

    with translation.override("en"), pytest.raises(ValidationError, match="restricted"):
        qualification.contact_profile_update(
            user=inside_sales,
            person=person,
            data={"preferences": "ruft gern zurück"},
            person_data={},
        )


def test_the_history_tab_leaves_out_a_restricted_person_but_not_for_the_dpo(
    client, dpo, inside_sales, person
):
    consent.person_restrict(user=dpo, person=person, reason="Anfrage 2026-17")
    url = f"/contacts/companies/{person.company_id}/history/"

    client.force_login(inside_sales)
    assert "Kowalczyk" not in client.get(url).content.decode()
    client.force_login(dpo)
    assert "Kowalczyk" in client.get(url).content.decode()


def test_a_call_cannot_name_a_restricted_person(client, dpo, inside_sales, person):
    consent.person_restrict(user=dpo, person=person, reason="Anfrage 2026-17")
    client.force_login(inside_sales)

    response = client.get(f"/qualification/companies/{person.company_id}/calls/new/")

    assert person not in response.context["form"].fields["reached"].queryset
    assert "Kowalczyk" not in response.content.decode()


def test_after_an_objection_the_form_offers_only_express_consent(
    client, inside_sales, person
):
    consent.person_object(user=inside_sales, person=person)
    client.force_login(inside_sales)

    response = client.get(f"/contacts/contacts/{person.pk}/permissions/post/")

    assert [v for v, _label in response.context["form"].fields["basis"].choices] == [
        "express"
    ]
    refused = client.post(
        f"/contacts/contacts/{person.pk}/permissions/post/", {"basis": "none"}
    )
    assert refused.status_code == 200
    assert permissions_of(person)["post"].basis == Basis.OBJECTED
