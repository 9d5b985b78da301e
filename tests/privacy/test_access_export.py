import json
import re
import zlib

import pytest
from django.urls import reverse

from contacts.consent import services as consent
from contacts.duplicates.merge import person_merge
from privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db


def url(person, fmt=None):
    base = reverse("privacy:access-export", args=[person.pk])
    return f"{base}?format={fmt}" if fmt else base


@pytest.fixture
def viewed(client, person, field_rep):
    """The field rep opened the person once: an access-log entry about them."""
    client.force_login(field_rep)
    assert (
        client.get(
            reverse("contacts:contact-person-detail", args=[person.pk])
        ).status_code
        == 200
    )
    client.logout()
    return person


def test_the_literal_url_serves_the_page(client, dpo, person):
    client.force_login(dpo)

    response = client.get(f"/privacy/persons/{person.pk}/access/")

    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store")


def test_the_page_shows_everything_held_about_the_person(
    client, dpo, viewed, company, field_rep
):
    client.force_login(dpo)

    page = client.get(url(viewed)).content.decode()

    # The record and the business address.
    assert "Jürgen Müller" in page
    assert "j.mueller@example.de" in page
    assert company.display_name in page
    assert "Hauptstraße 5a, 01067 Dresden" in page
    # Source with the broker licence and the Art. 14 date.
    assert "Adressverlag Nord" in page
    assert "LIZ-2026-0815" in page
    assert "30.06.2027" in page and "04.05.2026" in page
    # History, old and new value.
    section = page.split('data-testid="export-history"')[1]
    assert "Einkaufsleiter" in section and "Leiter Einkauf" in section
    # Permissions with the consent's wording.
    assert "Ich möchte den Newsletter erhalten." in page
    assert "Formular am Messestand" in page
    # Qualification: the profile and the call.
    assert "Liefertermine schriftlich" in page
    assert "Rückruf nach der Messe gewünscht" in page
    # Access log: the field rep's view.
    log = page.split('data-testid="export-access-log"')[1]
    assert field_rep.get_full_name() in log
    assert "Angesehen" in log


def test_the_json_download_has_stable_keys_and_iso_dates(
    client, dpo, viewed, field_rep
):
    client.force_login(dpo)

    response = client.get(url(viewed, "json"))

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="auskunft-person-{viewed.pk}.json"'
    )
    data = json.loads(response.content)
    assert set(data) >= {
        "person",
        "state",
        "company",
        "source",
        "permissions",
        "history",
        "history_rows",
        "qualification",
        "access_log",
    }
    assert data["person"]["last_name"] == "Müller"
    assert data["person"]["salutation"] == "mr"
    assert data["source"]["licence_reference"] == "LIZ-2026-0815"
    assert data["source"]["licence_expires_on"] == "2027-06-30"
    assert data["source"]["informed_on"] == "2026-05-04"
    email = next(p for p in data["permissions"] if p["channel"] == "email")
    assert (email["basis"], email["consented_on"]) == ("express", "2026-04-20")
    changes = [c for entry in data["history"] for c in entry["changes"]]
    assert {"label": "Funktion", "old": "Einkaufsleiter", "new": "Leiter Einkauf"} in (
        changes
    )
    tables = {t["table"]: t["rows"] for t in data["history_rows"]}
    assert [r["job_title"] for r in tables["contact_person"]] == [
        "Einkaufsleiter",
        "Leiter Einkauf",
    ]
    assert tables["contact_permission"][0]["consent_method"] == (
        "Formular am Messestand"
    )
    (call,) = data["qualification"]["calls"]
    assert call["notes"] == "Rückruf nach der Messe gewünscht"
    assert call["outcome"] == "call_back"
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", call["called_at"])
    assert data["qualification"]["profile"]["language"] == "Deutsch"
    (view,) = [e for e in data["access_log"] if e["action"] == "view"]
    assert view["user"] == field_rep.get_full_name()
    assert view["object_id"] == viewed.pk


def pdf_text(body: bytes) -> bytes:
    """The page content streams, inflated: what the PDF draws."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.DOTALL)
    text = b""
    for stream in streams:
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            text += stream
    return text


def test_the_pdf_draws_umlauts_in_a_core_font(client, dpo, viewed):
    client.force_login(dpo)

    response = client.get(url(viewed, "pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"%PDF")
    text = pdf_text(body)
    # Core fonts draw Latin-1 (WinAnsi): ü and ß as single bytes.
    assert "Müller".encode("latin-1") in text
    # Table cells wrap by the width of the other columns (random names), so
    # the note may be split across lines: look for its words.
    for word in ("Rückruf", "Messe", "gewünscht"):
        assert word.encode("latin-1") in text
    assert b"LIZ-2026-0815" in text
    assert "Hauptstraße".encode("latin-1") in text


@pytest.mark.parametrize("fmt", ["html", "json", "pdf"])
def test_each_export_is_logged_without_personal_data(client, dpo, person, fmt):
    client.force_login(dpo)

    client.get(url(person, fmt))

    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.ACCESS_EXPORT)
    assert (entry.user, entry.object_type, entry.object_id, entry.detail) == (
        dpo,
        "contact_person",
        person.pk,
        fmt,
    )


def test_a_restricted_person_can_still_be_exported(client, dpo, person):
    consent.person_restrict(user=dpo, person=person, reason="Richtigkeit bestritten")
    client.force_login(dpo)

    response = client.get(url(person, "json"))

    state = json.loads(response.content)["state"]
    assert state["restricted"] is True
    assert state["restriction_reason"] == "Richtigkeit bestritten"
    assert "Richtigkeit bestritten" in client.get(url(person)).content.decode()


def test_an_erased_person_shows_the_anonymised_state(client, dpo, person):
    from privacy.erasure import person_erase

    # The e-mail, not the surname: a random company name may be "Müller" too.
    email = person.email
    person_erase(user=dpo, person=person, request_reference="DSGVO-2026-17")
    client.force_login(dpo)

    page = client.get(url(person)).content.decode()

    assert "[gelöscht]" in page
    assert email and email not in page
    assert "anonymisierte" in page
    data = json.loads(client.get(url(person, "json")).content)
    assert data["state"]["erased"] is True
    assert data["person"]["email"] == ""
    assert data["person"]["last_name"] == "[gelöscht]"
    assert email not in json.dumps(data, ensure_ascii=False)


def test_merges_that_involved_the_person_are_listed(
    client, dpo, person, company, inside_sales
):
    twin = factories.ContactPersonFactory(company=company, last_name="Mueller")
    person_merge(user=inside_sales, survivor=person, others=[twin], choices={})
    client.force_login(dpo)

    for subject, role in ((person, "survivor"), (twin, "merged")):
        data = json.loads(client.get(url(subject, "json")).content)
        (merge,) = data["qualification"]["merges"]
        assert merge["role"] == role
        assert merge["merged_ids"] == [twin.pk]


@pytest.mark.parametrize(
    "persona", ["inside_sales", "field_rep", "outsider", "admin_user"]
)
@pytest.mark.parametrize("fmt", ["html", "json", "pdf"])
def test_only_the_data_protection_officer_may_export(
    client, request, person, persona, fmt
):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url(person, fmt)).status_code == 404
    assert not AccessLogEntry.objects.filter(action="access_export").exists()


def test_an_unknown_person_is_a_404(client, dpo):
    client.force_login(dpo)

    assert client.get("/privacy/persons/999999/access/").status_code == 404
