"""The import writes in batches (#5): what a row finds and leaves behind is
the same as row by row, and the statements do not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.duplicates.models import CompanyPair
from contacts.importing import runner
from contacts.importing.runner import SourceSpec, import_file
from contacts.models import Address, Company, ContactPerson
from contacts.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

SOURCE = SourceSpec(kind="trade_fair", name="Messe")
HEADINGS = "Firma,PLZ,Ort,Vorname,Nachname,E-Mail\n"


def write(tmp_path, lines) -> str:
    path = tmp_path / "liste.csv"
    path.write_text(HEADINGS + "".join(f"{line}\n" for line in lines), "utf-8")
    return path


def fair_list(count: int) -> list[str]:
    return [
        f"Firma{number:04d} Werkzeug GmbH,{10000 + number},Ort {number},Anna,"
        f"Schmidt{number},anna{number}@firma{number}.de"
        for number in range(count)
    ]


@pytest.mark.parametrize("batch_rows", [1000, 2])
def test_a_later_row_is_proposed_as_duplicate_of_an_earlier_one(
    tmp_path, monkeypatch, batch_rows
):
    monkeypatch.setattr(runner, "BATCH_ROWS", batch_rows)
    path = write(
        tmp_path,
        [
            "Maier Metallbau GmbH,80331,München,,,",
            "Schulze Holz GmbH,01067,Dresden,,,",
            "Mayer Metallbau GmbH,80331,München,,,",
        ],
    )

    report = import_file(path, source=SOURCE, user=None)

    maier = Company.objects.get(name="Maier Metallbau")
    mayer = Company.objects.get(name="Mayer Metallbau")
    pair = CompanyPair.objects.get()
    assert (pair.first, pair.second, pair.status) == (maier, mayer, "open")
    assert report.outcomes[0].warnings == []
    assert any(f"#{maier.pk}" in w for w in report.outcomes[2].warnings)


def test_a_duplicate_out_of_sight_is_only_counted(tmp_path, team, other_team):
    hidden = factories.CompanyFactory(name="Maier Metallbau", team=other_team)
    factories.AddressFactory(company=hidden, postal_code="80331", city="München")
    user = factories.UserFactory(roles=[Role.INSIDE_SALES], teams=[team])
    path = write(tmp_path, ["Mayer Metallbau GmbH,80331,München,,,"])

    report = import_file(path, source=SOURCE, user=user)

    assert report.outcomes[0].warnings == [
        "mögliches Duplikat in Datensätzen, die Sie nicht sehen; zur Prüfung"
        " vorgeschlagen"
    ]
    assert f"#{hidden.pk}" not in " ".join(report.outcomes[0].warnings)
    assert CompanyPair.objects.get().first == hidden


def test_a_company_of_an_earlier_batch_takes_the_later_persons(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "BATCH_ROWS", 1)
    path = write(
        tmp_path,
        [
            "Elbtal GmbH,01067,Dresden,Anna,Schröder,",
            "Elbtal GmbH,01067,Dresden,Ben,Weiß,",
        ],
    )

    report = import_file(path, source=SOURCE, user=None)

    elbtal = Company.objects.get()
    assert sorted(p.last_name for p in elbtal.contact_persons.all()) == [
        "Schröder",
        "Weiß",
    ]
    assert (report.companies_created, report.companies_reused) == (1, 1)
    assert ContactPerson.history.filter(history_type="+").count() == 2


def test_every_record_has_one_history_row_with_its_keys_and_team(tmp_path):
    team = factories.TeamFactory(name="Ost", postal_code_prefixes="10")
    path = write(tmp_path, fair_list(3))

    import_file(path, source=SOURCE, user=None)

    for model in (Company, Address, ContactPerson):
        assert model.history.count() == model.objects.count() == 3
    company = Company.objects.get(name="Firma0001 Werkzeug")
    assert (company.team, company.name_key) == (team, "firma0001 werkzeug")
    assert Address.objects.get(company=company).city_key == "ort 1"
    assert company.contact_persons.get().email_key == "anna1@firma1.de"


def test_statements_do_not_grow_with_the_rows_of_a_batch(tmp_path):
    user = factories.UserFactory(roles=[Role.INSIDE_SALES])

    def statements(count):
        Company.objects.all().delete()
        path = write(tmp_path, fair_list(count))
        with CaptureQueriesContext(connection) as ctx:
            report = import_file(path, source=SOURCE, user=user)
        assert (report.imported, report.warnings) == (count, 0)
        return len(ctx.captured_queries)

    statements(1)  # the source and the user's roles, read once
    # Up to 20 rows: SQLite splits longer INSERTs by its parameter limit.
    assert statements(20) == statements(3)


@pytest.mark.parametrize("batch_rows", [5000, 1])
def test_same_sound_in_the_same_city_is_proposed_across_postal_codes(
    tmp_path, monkeypatch, batch_rows
):
    monkeypatch.setattr(runner, "BATCH_ROWS", batch_rows)
    path = write(
        tmp_path,
        [
            "Maier Metallbau GmbH,80331,München,,,",
            "Mayer Metallbau GmbH,80335,München,,,",
        ],
    )

    import_file(path, source=SOURCE, user=None)

    pair = CompanyPair.objects.get()
    assert (pair.first.name, pair.second.name) == ("Maier Metallbau", "Mayer Metallbau")


def test_a_sound_and_a_place_from_different_rows_make_no_pair(tmp_path):
    """One batch holds a Mayer in Dresden and a Schulze in München: the Maier
    of München sounds like one and shares a place with the other, which is
    no reason to propose it."""
    maier = factories.CompanyFactory(name="Maier Metallbau")
    factories.AddressFactory(company=maier, postal_code="80331", city="München")
    path = write(
        tmp_path,
        [
            "Mayer Metallbau GmbH,01067,Dresden,,,",
            "Schulze Holz GmbH,80331,München,,,",
        ],
    )

    report = import_file(path, source=SOURCE, user=None)

    assert (report.imported, report.warnings) == (2, 0)
    assert not CompanyPair.objects.exists()


def test_what_lets_the_import_skip_the_unique_checks_still_holds():
    """runner._clean() skips validate_unique() and validate_constraints():
    no importable field is unique and the only constraint is one the import
    meets by construction. A new unique field or constraint fails here and
    needs those checks back (or a check of its own per batch)."""
    for model in (Company, Address, ContactPerson):
        assert [
            f.name
            for f in model._meta.concrete_fields
            if f.unique and not f.primary_key
        ] == []
        assert model._meta.unique_together == ()
    assert [c.name for c in Address._meta.constraints] == ["one_current_headquarters"]
    assert Company._meta.constraints == ContactPerson._meta.constraints == []
