"""Call lists and exports offer only the people a channel allows, and say
how many were left out and why."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone, translation

from contacts.consent import services as consent
from contacts.consent.models import Basis, Channel
from contacts.consent.selectors import outreach
from contacts.models import Source
from contacts.roles import Role
from privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/contacts/outreach/"
EXPORT = "/contacts/outreach/export/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def person(company, name, **fields):
    return factories.ContactPersonFactory(
        company=company,
        last_name=name,
        phone=fields.pop("phone", "0351 1234567"),
        **fields,
    )


def allow(user, who, channel, basis=Basis.PRESUMED):
    details = {"reason": "Rückrufbitte"}
    if basis == Basis.EXPRESS:
        details = {
            "consented_on": datetime.date(2026, 1, 5),
            "consent_method": "Formular",
            "consent_wording": "Ja, bitte anrufen.",
        }
    consent.permission_set(
        user=user, person=who, channel=channel, basis=basis, **details
    )


def broker_source(*, expires_on=None):
    return factories.SourceFactory(
        kind=Source.Kind.ADDRESS_BROKER,
        name="Adresshandel Kerber & Lind",
        licence_reference="KL-2025-0417",
        licence_expires_on=expires_on
        or timezone.localdate() + datetime.timedelta(days=90),
    )


def aged(who, days):
    who.created_at = timezone.now() - datetime.timedelta(days=days)
    who.save()
    return who


@pytest.fixture
def people(inside_sales, company):
    """One person for each way onto or off the phone list."""
    out = {
        "presumed": person(company, "Anruf"),
        "express": person(company, "Einverstanden", phone="", mobile="0171 2345678"),
        "none": person(company, "Ohnesorg"),
        "objected": person(company, "Abwehr"),
        "restricted": person(company, "Eingeschraenkt"),
        "left": person(company, "Gegangen", left_on=datetime.date(2026, 6, 30)),
        "no_number": person(company, "Nummernlos", phone="", mobile=""),
    }
    allow(inside_sales, out["presumed"], Channel.PHONE)
    allow(inside_sales, out["express"], Channel.PHONE, Basis.EXPRESS)
    for key in ("restricted", "left", "no_number"):
        allow(inside_sales, out[key], Channel.PHONE)
    consent.person_object(user=inside_sales, person=out["objected"])
    dpo = factories.UserFactory(roles=[Role.DATA_PROTECTION])
    consent.person_restrict(user=dpo, person=out["restricted"], reason="bestritten")
    return out


def test_the_phone_list_offers_only_whom_a_call_is_allowed(inside_sales, people):
    result = outreach(inside_sales, channel=Channel.PHONE)

    assert {p.last_name for p in result.persons} == {"Anruf", "Einverstanden"}
    assert {key: count for key, _label, count in result.left_out} == {
        "restricted": 1,
        "left": 1,
        "objected": 1,
        "no_permission": 1,
        "no_number": 1,
    }
    assert result.left_out_total == 5


def test_post_is_allowed_unless_objected(inside_sales, people):
    result = outreach(inside_sales, channel=Channel.POST)

    assert {p.last_name for p in result.persons} == {
        "Anruf",
        "Einverstanden",
        "Ohnesorg",
        "Nummernlos",
    }
    assert {k: c for k, _label, c in result.left_out}["objected"] == 1


def test_email_needs_express_consent_or_an_existing_customer(inside_sales, company):
    customer = person(company, "Kundin")
    consenting = person(company, "Zustimmung")
    nobody = person(company, "Niemand")
    consent.permission_set(
        user=inside_sales,
        person=customer,
        channel=Channel.EMAIL,
        basis=Basis.EXISTING_CUSTOMER,
        reason="Auftrag 4711",
    )
    allow(inside_sales, consenting, Channel.EMAIL, Basis.EXPRESS)

    result = outreach(inside_sales, channel=Channel.EMAIL)

    assert {p.pk for p in result.persons} == {customer.pk, consenting.pk}
    assert nobody.pk not in {p.pk for p in result.persons}


def test_bought_addresses_wait_for_the_art_14_notice(inside_sales, company):
    source = broker_source()
    fresh = person(company, "Frisch", source=source)
    overdue = aged(person(company, "Ueberfaellig", source=source), days=31)
    informed = aged(
        person(
            company,
            "Informiert",
            source=source,
            informed_on=timezone.localdate() - datetime.timedelta(days=20),
        ),
        days=45,
    )
    for who in (fresh, overdue, informed):
        allow(inside_sales, who, Channel.PHONE)

    result = outreach(inside_sales, channel=Channel.PHONE)

    assert {p.pk for p in result.persons} == {fresh.pk, informed.pk}
    assert [(k, c) for k, _label, c in result.left_out] == [("not_informed", 1)]


def test_an_expired_broker_licence_keeps_its_addresses_off_every_list(
    inside_sales, company
):
    expired = broker_source(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    who = person(
        company, "Abgelaufen", source=expired, informed_on=timezone.localdate()
    )

    result = outreach(inside_sales, channel=Channel.POST)

    assert who.pk not in {p.pk for p in result.persons}
    assert [(k, c) for k, _label, c in result.left_out] == [("licence_expired", 1)]


def test_people_of_companies_one_cannot_see_are_neither_listed_nor_counted(
    outsider, people
):
    result = outreach(outsider, channel=Channel.POST)
    assert list(result.persons) == []
    assert result.left_out == []


def test_the_page_shows_the_list_and_why_people_were_left_out(
    client, inside_sales, people
):
    client.force_login(inside_sales)

    response = client.get(URL, {"channel": "phone"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Anruf" in body and "Einverstanden" in body
    assert "Abwehr" not in body and "Ohnesorg" not in body
    assert "5 ausgelassen" in body
    assert "1 × Widerspruch" in body
    assert "1 × Verarbeitung eingeschränkt (Art. 18)" in body


def test_a_field_rep_sees_the_call_list_but_cannot_export(client, field_rep, people):
    client.force_login(field_rep)

    assert "Anruf" in client.get(URL, {"channel": "phone"}).content.decode()
    assert client.get(EXPORT, {"channel": "phone"}).status_code == 404
    assert AccessLogEntry.objects.filter(action="refused", user=field_rep).exists()


def test_the_csv_export_holds_the_allowed_people_and_is_logged(
    client, inside_sales, people
):
    client.force_login(inside_sales)

    response = client.get(EXPORT, {"channel": "phone", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="kontakte-phone-'
    )
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:5] == ["Firma", "Anrede", "Titel", "Vorname", "Nachname"]
    assert sorted(row[4] for row in rows[1:]) == ["Anruf", "Einverstanden"]
    assert "0351 1234567" in {row[6] for row in rows[1:]}
    entry = AccessLogEntry.objects.get(action="export")
    assert entry.user == inside_sales
    assert entry.detail == "channel=phone rows=2 left_out=5 format=csv"
    assert "Anruf" not in entry.detail


def test_the_excel_export_has_the_postal_address(client, inside_sales, company, people):
    client.force_login(inside_sales)

    response = client.get(EXPORT, {"channel": "post", "format": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    address = company.addresses.get()
    assert rows[0][-4:] == ("Straße", "PLZ", "Ort", "Land")
    assert (address.street_line, address.postal_code, address.city, "DE") in {
        row[-4:] for row in rows[1:]
    }
    assert len(rows) == 5


def test_cells_that_would_run_as_formulas_are_defused(client, inside_sales, company):
    sneaky = person(company, "=HYPERLINK(1)")
    allow(inside_sales, sneaky, Channel.PHONE)
    client.force_login(inside_sales)

    response = client.get(EXPORT, {"channel": "phone", "format": "csv"})

    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_an_unknown_format_or_channel_is_refused_cleanly(client, inside_sales, people):
    client.force_login(inside_sales)
    assert client.get(EXPORT, {"format": "pdf"}).status_code == 404
    # An unknown channel falls back to the phone list with the error shown.
    response = client.get(URL, {"channel": "telepathy"})
    assert response.status_code == 200
    assert response.context["result"].channel == Channel.PHONE
    assert response.context["form"].errors["channel"]


NOTICES = "/contacts/notices/"


def test_the_notice_page_lists_bought_addresses_still_to_be_told(
    client, inside_sales, company
):
    source = broker_source()
    late = aged(person(company, "Spaet", source=source), days=40)
    fresh = person(company, "Neu", source=source)
    person(company, "Erledigt", source=source, informed_on=timezone.localdate())
    person(company, "Messekontakt")
    client.force_login(inside_sales)

    response = client.get(NOTICES)

    rows = response.context["rows"]
    assert [(p.pk, overdue) for p, _deadline, overdue in rows] == [
        (late.pk, True),
        (fresh.pk, False),
    ]
    assert "1 überfällig" in response.content.decode()


def test_marking_the_notice_sent_puts_people_back_on_the_lists(
    client, inside_sales, company
):
    source = broker_source()
    late = aged(person(company, "Spaet", source=source), days=40)
    allow(inside_sales, late, Channel.PHONE)
    assert late.pk not in {
        p.pk for p in outreach(inside_sales, channel="phone").persons
    }
    client.force_login(inside_sales)

    response = client.post(
        NOTICES,
        {"persons": [late.pk], "informed_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 302
    late.refresh_from_db()
    assert late.informed_on == timezone.localdate()
    assert late.history.first().history_change_reason == "informed (Art. 14)"
    assert late.pk in {p.pk for p in outreach(inside_sales, channel="phone").persons}


def test_a_notice_needs_people_and_a_day_not_in_the_future(
    client, inside_sales, company
):
    late = aged(person(company, "Spaet", source=broker_source()), days=40)
    client.force_login(inside_sales)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    assert (
        client.post(NOTICES, {"informed_on": tomorrow.isoformat()}).status_code == 200
    )
    response = client.post(
        NOTICES, {"persons": [late.pk], "informed_on": tomorrow.isoformat()}
    )

    assert response.status_code == 200
    late.refresh_from_db()
    assert late.informed_on is None


def test_the_letter_addresses_download_is_logged(client, inside_sales, company):
    person(company, "Spaet", source=broker_source())
    client.force_login(inside_sales)

    response = client.get(NOTICES, {"format": "csv"})

    assert "Spaet" in response.content.decode("utf-8-sig")
    assert AccessLogEntry.objects.get(action="export").object_type == "art14_notice"


def test_people_one_cannot_see_are_not_on_the_notice_page(
    client, outsider, field_rep, company
):
    person(company, "Spaet", source=broker_source())
    client.force_login(outsider)
    assert client.get(NOTICES).context["rows"] == []
    client.force_login(field_rep)
    assert client.get(NOTICES).status_code == 404


# Found by the break test


def test_an_export_with_filters_it_cannot_apply_exports_nothing(
    client, inside_sales, other_team, people
):
    client.force_login(inside_sales)

    response = client.get(
        EXPORT, {"channel": "email", "team": other_team.pk, "format": "csv"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(URL)
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_international_numbers_are_exported_as_written(client, inside_sales, company):
    vienna = person(company, "Wien", phone="+43 1 5134567")
    allow(inside_sales, vienna, Channel.PHONE)
    client.force_login(inside_sales)

    csv_body = client.get(EXPORT, {"channel": "phone", "format": "csv"})
    xlsx = client.get(EXPORT, {"channel": "phone", "format": "xlsx"})

    assert "+43 1 5134567" in csv_body.content.decode("utf-8-sig")
    assert "'+43" not in csv_body.content.decode("utf-8-sig")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(
            values_only=True
        )
    )
    assert rows[1][6] == "+43 1 5134567"


@pytest.mark.parametrize(("days", "hours", "overdue"), [(30, 1, False), (31, 1, True)])
def test_the_art_14_deadline_is_the_same_day_everywhere(
    inside_sales, company, monkeypatch, days, hours, overdue
):
    from contacts.consent.selectors import broker_overdue

    # At noon in Berlin, 30 days and an hour back is still the 30th day
    # before. Against the real clock it was the 31st in the hour after
    # midnight, and the test failed then (CI at 00:05).
    noon = timezone.make_aware(datetime.datetime(2026, 12, 3, 12, 0))
    monkeypatch.setattr(timezone, "now", lambda: noon)
    who = person(company, "Grenzfall", source=broker_source())
    who.created_at = noon - datetime.timedelta(days=days, hours=hours)
    who.save()
    allow(inside_sales, who, Channel.PHONE)

    listed = who.pk in {p.pk for p in outreach(inside_sales, channel="phone").persons}

    assert broker_overdue(who) is overdue
    assert listed is not overdue


def test_a_broker_source_without_a_recorded_licence_is_not_used(inside_sales, company):
    legacy = Source.objects.create(kind=Source.Kind.ADDRESS_BROKER, name="Altliste")
    who = person(company, "Alt", source=legacy, informed_on=timezone.localdate())

    result = outreach(inside_sales, channel=Channel.POST)

    assert who.pk not in {p.pk for p in result.persons}
    assert [(k, c) for k, _label, c in result.left_out] == [("licence_expired", 1)]
