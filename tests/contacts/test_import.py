import datetime
import logging
import os
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from contacts.importing import ImportFileError, SourceSpec, import_file
from contacts.importing.countries import country_code
from contacts.importing.mapping import map_columns
from contacts.importing.reading import sniff_delimiter
from contacts.importing.values import parse_decimal, parse_whole_number, split_street
from contacts.models import Address, Company, ContactPerson, Source
from tests import factories

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SOURCE = SourceSpec(
    kind=Source.Kind.TRADE_FAIR,
    name="Hannover Messe 2026",
    date=datetime.date(2026, 4, 20),
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def write(tmp_path, text, name="liste.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(path, **options):
    return import_file(path, source=SOURCE, **options)


def rejections(report):
    return {o.line: o.reason for o in report.outcomes if not o.imported}


def warnings(report):
    return [w for outcome in report.outcomes for w in outcome.warnings]


def nothing_stored():
    tracked = (Company, Address, ContactPerson)
    return not any(
        model.objects.exists() or model.history.exists() for model in tracked
    )


def shared_file(name):
    path = SHARED_DATA / name
    if not path.exists():
        message = f"shared sample files not found in {SHARED_DATA}"
        # CI always has shared/ beside the clone; there a skip would hide a gap.
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


class TestValues:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("1.234,50", "1234.50"),
            ("1.234.567,89", "1234567.89"),
            ("1,234.50", "1234.50"),
            ("1234.5", "1234.5"),
            ("1234,5", "1234.5"),
            ("1.234", "1234"),
            ("0.123", "0.123"),
            ("12 500 €", "12500"),
            (1234.5, "1234.5"),
        ],
    )
    def test_german_and_english_decimals(self, raw, expected):
        assert parse_decimal(raw) == Decimal(expected)

    @pytest.mark.parametrize("raw", ["abc", "1.23.4", "1,2,3", "12,", "1.234,5.6", ""])
    def test_unclear_numbers_are_refused(self, raw):
        with pytest.raises(ValueError):
            parse_decimal(raw)

    def test_whole_numbers(self):
        assert parse_whole_number("1.234") == 1234
        assert parse_whole_number(3498.0) == 3498
        with pytest.raises(ValueError):
            parse_whole_number("12,5")

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("Hauptstr. 5a", ("Hauptstr.", "5a")),
            ("Am Markt 12 b", ("Am Markt", "12b")),
            ("Lindenweg 5-7", ("Lindenweg", "5-7")),
            ("Straße des 17. Juni 135", ("Straße des 17. Juni", "135")),
            ("Marktplatz", ("Marktplatz", "")),
            ("123 Main Street", ("123 Main Street", "")),
        ],
    )
    def test_street_and_house_number_split(self, value, expected):
        assert split_street(value) == expected

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("DE", "DE"),
            ("deu", "DE"),
            ("Deutschland", "DE"),
            ("Österreich", "AT"),
            ("Schweiz", "CH"),
            ("Chile", "CL"),
            ("Slovakia (Slovak Republic)", "SK"),
            ("Saint Barthelemy", "BL"),
            ("Lao People's Democratic Republic", "LA"),
            ("Korea", ""),
            ("Atlantis", ""),
        ],
    )
    def test_country_codes_and_names(self, value, code):
        assert country_code(value) == code


class TestColumns:
    def test_headings_match_regardless_of_case_space_and_punctuation(self):
        columns = map_columns(["FIRMA", "e mail", "Zip-Code", "Straße", "hausnr."])

        assert set(columns.positions) == {
            "company_name",
            "email",
            "postal_code",
            "street",
            "house_number",
        }

    def test_name_is_the_company_only_without_company_or_person_columns(self):
        assert map_columns(["Name", "Ort"]).positions["company_name"] == 0

        columns = map_columns(["Name", "Vorname", "Nachname"])
        assert not columns.has("company_name")
        assert columns.unknown == ["Name"]

    def test_unknown_and_second_columns_for_a_field_are_listed_in_file_order(self):
        columns = map_columns(["Notiz", "Firma", "E-Mail", "Mail", ""])

        assert columns.unknown == ["Notiz", "Mail", "(column 5 without heading)"]

    @pytest.mark.parametrize(
        ("heading_line", "delimiter"),
        [
            ("Firma,Ort\nA,B\n", ","),
            ("Firma;Ort\nA;B\n", ";"),
            ("Firma\tOrt\nA\tB\n", "\t"),
            ('Firma;Ort\n"Dominguez; Mcmillan, Lang";Bonn\n', ";"),
            ("Firma\nA\n", ","),
        ],
    )
    def test_delimiter(self, heading_line, delimiter):
        assert sniff_delimiter(heading_line) == delimiter


@pytest.mark.django_db
class TestReading:
    def test_utf8_bom_does_not_hide_the_first_heading(self):
        report = run(FIXTURES / "utf8_bom.csv")

        assert report.encoding == "UTF-8 (BOM)"
        assert report.rejected == 0
        company = Company.objects.get(name="Elbtal Maschinenbau")
        assert company.legal_form == "GmbH"
        address = company.addresses.get()
        assert (address.street, address.house_number) == ("Hauptstr.", "5a")
        assert (address.postal_code, address.city) == ("01067", "Dresden")
        person = company.contact_persons.get()
        assert (person.first_name, person.last_name) == ("Anna", "Schröder")
        assert person.phone == "+493511234567"
        other = Address.objects.get(company__name="Lindner & Söhne")
        assert other.postal_code == "04109"
        assert warnings(report) == []

    def test_windows_1252_with_semicolons_and_german_numbers(self):
        path = FIXTURES / "windows1252_semicolon.csv"
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")

        report = run(path)

        assert (report.encoding, report.delimiter) == ("Windows-1252", ";")
        assert report.rejected == 0
        bakery = Company.objects.get(name="Bäckerei Groß")
        assert bakery.legal_form == "GmbH"
        assert bakery.revenue == Decimal("1234567.89")
        assert bakery.employees == 1234
        address = bakery.addresses.get()
        assert (address.street, address.house_number) == ("Königsbrücker Straße", "12")
        assert address.postal_code == "01099"
        assert bakery.contact_persons.get().last_name == "Weiß"
        conveyor = Company.objects.get(name="Fördertechnik Müller")
        assert conveyor.legal_form == "GmbH & Co. KG"
        assert conveyor.revenue == Decimal("98000.50")
        assert conveyor.addresses.get().postal_code == "04109"

    def test_xlsx_with_numeric_cells(self, tmp_path):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Firma", "PLZ", "Ort", "Mitarbeiter", "Umsatz", "Nachname"])
        sheet.append(["Elbtal GmbH", 1067, "Dresden", 250, 1234567.89, "Schröder"])
        sheet.append(["Lindner KG", "04109", "Leipzig", None, None, None])
        sheet.append([None] * 6)
        sheet.append(["Haas AG", 80331, "München", 3.0, "1.234,50", "Haas"])
        workbook.create_sheet("Notizen")
        path = tmp_path / "messe.xlsx"
        workbook.save(path)

        report = run(path)

        assert report.file_format == "Excel"
        assert [(o.line, o.imported) for o in report.outcomes] == [
            (2, True),
            (3, True),
            (5, True),
        ]
        elbtal = Company.objects.get(name="Elbtal")
        assert elbtal.addresses.get().postal_code == "01067"
        assert (elbtal.employees, elbtal.revenue) == (250, Decimal("1234567.89"))
        assert warnings(report) == [
            "postal code 1067 padded to 01067 (leading zero was missing)"
        ]
        assert Address.objects.get(company__name="Lindner").postal_code == "04109"
        haas = Company.objects.get(name="Haas")
        assert (haas.employees, haas.revenue) == (3, Decimal("1234.50"))
        assert report.notes == ["Only the first worksheet “Sheet” was read."]

    def test_a_quoted_value_over_two_lines_keeps_line_numbers_true(self, tmp_path):
        path = write(
            tmp_path,
            'Firma,Ort,Nachname\n"Elbtal\nMaschinenbau",Dresden,Schröder\n'
            ",Leipzig,Lindner\n",
        )

        report = run(path)

        assert Company.objects.get().name == "Elbtal Maschinenbau"
        assert rejections(report) == {4: "no company name"}

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "is empty"),
            (b"  \r\n\r\n", "is empty"),
            (b"Notiz,Datum\nhallo,2026-01-01\n", "No column with the company name"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old Excel file"),
            (b"PK\x03\x04not really a workbook", "cannot be read as an Excel file"),
            (b"Firma\x00Ort\n", "neither a CSV nor an Excel file"),
            (b"Firma,Ort\nM\x81ller,Bonn\n", "characters that cannot be read"),
        ],
    )
    def test_unusable_files_are_refused_as_a_whole(self, tmp_path, content, message):
        path = tmp_path / "liste.csv"
        path.write_bytes(content)

        with pytest.raises(ImportFileError, match=message):
            run(path)

        assert not Source.objects.exists()

    def test_utf16_tab_separated_as_excel_saves_unicode_text(self, tmp_path):
        path = write(tmp_path, "Firma\tOrt\r\nGroß AG\tKöln\r\n", encoding="utf-16")

        report = run(path)

        assert (report.encoding, report.delimiter) == ("UTF-16", "\t")
        assert Address.objects.get(company__name="Groß").city == "Köln"

    def test_a_line_the_csv_reader_cannot_take_stops_the_whole_import(self, tmp_path):
        too_long = "x" * 200_000
        path = write(tmp_path, f"Firma,Ort\nElbtal GmbH,Dresden\n{too_long},Bonn\n")

        with pytest.raises(ImportFileError, match="Line 3 cannot be read"):
            run(path)

        assert nothing_stored()

    def test_an_empty_worksheet_has_no_heading_row(self, tmp_path):
        path = tmp_path / "leer.xlsx"
        openpyxl.Workbook().save(path)

        with pytest.raises(ImportFileError, match="no heading row"):
            run(path)


@pytest.mark.django_db
class TestRows:
    def test_a_row_failing_after_its_company_was_saved_leaves_nothing(self, tmp_path):
        path = write(
            tmp_path,
            "Firma,PLZ,Ort,Nachname,Funktion\n"
            f"Elbtal GmbH,01067,Dresden,Schröder,{'x' * 151}\n",
        )

        report = run(path)

        assert "job title" in rejections(report)[2]
        assert nothing_stored()

    def test_rejected_rows_do_not_stop_the_others(self, tmp_path):
        path = write(
            tmp_path,
            "Firma,Ort,Vorname,Nachname,E-Mail,Mitarbeiter,Website\n"
            "Elbtal GmbH,Dresden,Anna,Schröder,anna@@elbtal,,\n"
            ",Leipzig,Jörg,Lindner,,,\n"
            "Haas AG,München,Eva,,,,\n"
            "Kern KG,Köln,,Kern,,viele,\n"
            "Wolf OHG,Bonn,,Wolf,,,http://exa mple\n"
            "Lindner KG,Leipzig,Jörg,Lindner,j@lindner.example,12,lindner.example\n",
        )

        report = run(path)

        assert rejections(report) == {
            2: "invalid e-mail: anna@@elbtal",
            3: "no company name",
            4: "the contact person has a first name but no last name",
            5: "“viele” in column “Mitarbeiter” is not a valid number",
            6: "invalid website: http://exa mple",
        }
        company = Company.objects.get()
        # The same scheme the company form assumes.
        assert (company.name, company.website) == ("Lindner", "https://lindner.example")
        assert report.companies_created == 1

    def test_same_company_and_postal_code_gives_one_company_with_two_persons(
        self, tmp_path
    ):
        path = write(
            tmp_path,
            "Firma,PLZ,Ort,Nachname\n"
            "Elbtal GmbH,01067,Dresden,Schröder\n"
            "Elbtal GmbH,01067,Dresden,Krause\n"
            "Elbtal GmbH,04109,Leipzig,Berger\n",
        )

        report = run(path)

        dresden = Company.objects.get(addresses__postal_code="01067")
        assert sorted(p.last_name for p in dresden.contact_persons.all()) == [
            "Krause",
            "Schröder",
        ]
        assert dresden.addresses.count() == 1
        assert Company.objects.count() == 2
        assert (report.companies_created, report.companies_reused) == (2, 1)
        assert (report.addresses_created, report.persons_created) == (2, 3)
        assert report.outcomes[1].warnings == [
            "company already imported from line 2; person added there"
        ]

    def test_history_rows_carry_the_import_reason_and_user(self, tmp_path):
        user = factories.UserFactory()
        path = write(tmp_path, "Firma,Ort,Nachname\nElbtal GmbH,Dresden,Schröder\n")

        run(path, user=user)

        company = Company.objects.get()
        rows = [
            company.history.get(),
            company.addresses.get().history.get(),
            company.contact_persons.get().history.get(),
        ]
        (reason,) = {row.history_change_reason for row in rows}
        assert re.fullmatch(r"import: liste\.csv \(\d{4}-\d\d-\d\d \d\d:\d\d\)", reason)
        assert {row.history_user for row in rows} == {user}
        assert company.source.name == "Hannover Messe 2026"
        assert company.contact_persons.get().source == company.source

    def test_dry_run_writes_nothing(self, tmp_path):
        path = write(tmp_path, "Firma,Ort,Nachname\nElbtal GmbH,Dresden,Schröder\n")

        report = run(path, dry_run=True)

        assert (report.companies_created, report.persons_created) == (1, 1)
        assert nothing_stored()
        assert not Source.objects.exists()

    def test_logs_counts_without_personal_data(self, tmp_path, caplog):
        path = write(tmp_path, "Firma,Ort,Nachname\nElbtal GmbH,Dresden,Schröder\n")

        with caplog.at_level(logging.INFO, logger="contacts.importing.runner"):
            run(path)

        (record,) = caplog.records
        assert "1 rows, 1 companies created" in record.getMessage()
        assert "Schröder" not in record.getMessage()
        assert "Elbtal" not in record.getMessage()

    def test_unknown_columns_are_reported(self, tmp_path):
        path = write(
            tmp_path, "Firma,Notiz,Ort,Kundennummer\nElbtal GmbH,x,Dresden,7\n"
        )

        report = run(path)

        assert report.unknown_columns == ["Notiz", "Kundennummer"]
        assert ("Firma", "company name") in report.recognised_columns

    def test_odd_phones_are_kept_as_typed_with_a_warning(self, tmp_path):
        path = write(
            tmp_path,
            "Firma,Ort,Nachname,Telefon,Handy\n"
            "Elbtal GmbH,Dresden,Schröder,229.077.5154x718,+49 171 2345678\n",
        )

        report = run(path)

        person = ContactPerson.objects.get()
        assert (person.phone, person.mobile) == ("229.077.5154x718", "+491712345678")
        assert warnings(report) == [
            "phone number “229.077.5154x718” in column “Telefon” kept as typed"
        ]

    def test_without_a_person_e_mail_and_phone_go_to_the_company(self, tmp_path):
        path = write(
            tmp_path,
            "Firma,Ort,E-Mail,Telefon\nElbtal GmbH,Dresden,info@elbtal.de,0351 1\n",
        )

        run(path)

        company = Company.objects.get()
        assert (company.email, company.phone) == ("info@elbtal.de", "0351 1")
        assert not ContactPerson.objects.exists()

    def test_countries_become_iso_codes_and_unknown_ones_reject_the_row(self, tmp_path):
        path = write(
            tmp_path,
            "Firma,Ort,Land\nHaas AG,Wien,Österreich\nKim Ltd,Seoul,Korea\n"
            "Elbtal GmbH,Dresden,\n",
        )

        report = run(path)

        assert Address.objects.get(company__name="Haas").country == "AT"
        assert Address.objects.get(company__name="Elbtal").country == "DE"
        assert rejections(report) == {3: "unknown country: Korea"}

    def test_postal_codes(self, tmp_path):
        path = write(
            tmp_path,
            "Firma,PLZ,Ort,Land\n"
            "Elbtal GmbH,1067,Dresden,\n"
            "Haas AG,1010,Wien,AT\n"
            "Kern KG,123,Köln,DE\n"
            "Ost GmbH,04109,,\n",
        )

        report = run(path)

        codes = dict(Address.objects.values_list("company__name", "postal_code"))
        assert codes == {"Elbtal": "01067", "Haas": "1010"}
        assert report.outcomes[0].warnings == [
            "postal code 1067 padded to 01067 (leading zero was missing)"
        ]
        # The same rule as in the address form: a wrong code is not stored.
        assert rejections(report) == {
            4: "postal code: A German postal code has five digits, e.g. 01067.",
            5: "postal code 04109 without a city",
        }

    def test_text_damaged_by_a_wrong_encoding_is_refused(self, tmp_path):
        path = write(
            tmp_path, "Firma,Ort\nElbtal GmbH,K??ln\nMÃ¼ller GmbH,Bonn\nKern KG,Köln\n"
        )

        report = run(path)

        assert set(rejections(report)) == {2, 3}
        assert "wrong character encoding" in rejections(report)[2]
        assert Company.objects.get().name == "Kern"

    def test_more_values_than_headings_is_refused(self, tmp_path):
        path = write(tmp_path, "Firma,Ort\nElbtal, Dresden GmbH,Dresden\n")

        report = run(path)

        assert "more values than column headings" in rejections(report)[2]
        assert nothing_stored()


@pytest.mark.django_db
class TestCommand:
    def call(self, *args, **options):
        out = StringIO()
        call_command("import_addresses", *args, stdout=out, **options)
        return out.getvalue()

    def test_prints_file_details_and_the_summary(self):
        output = self.call(
            str(FIXTURES / "utf8_bom.csv"),
            "--source-kind=trade_fair",
            "--source-name=Hannover Messe 2026",
            "--source-date=2026-04-20",
        )

        assert "File: utf8_bom.csv (CSV, UTF-8 (BOM), delimiter ,)" in output
        assert "Firma → company name" in output
        assert "  Rows read: 2\n" in output
        assert "  Rows imported: 2\n" in output
        assert "  Companies created: 2\n" in output
        assert "  Contact persons created: 2\n" in output
        assert "  Rows rejected: 0\n" in output
        assert "Import saved." in output
        source = Source.objects.get()
        assert (source.kind, source.date) == ("trade_fair", datetime.date(2026, 4, 20))

    def test_verbosity_chooses_between_summary_problems_and_every_row(self, tmp_path):
        path = write(tmp_path, "Firma,Ort\nElbtal GmbH,Dresden\n,Bonn\n")
        args = [str(path), "--source-kind=inbound", "--source-name=Web", "--dry-run"]

        quiet = self.call(*args, verbosity=0)
        normal = self.call(*args)
        chatty = self.call(*args, verbosity=2)

        assert "Line" not in quiet
        assert "Rows rejected: 1" in quiet
        assert "Line 3: rejected: no company name" in normal
        assert "Line 2: imported" not in normal
        assert "Line 2: imported" in chatty

    def test_dry_run_says_so_and_saves_nothing(self, tmp_path):
        path = write(tmp_path, "Firma,Ort,Nachname\n,Dresden,Schröder\n")

        output = self.call(
            str(path), "--source-kind=inbound", "--source-name=Web", "--dry-run"
        )

        assert "Line 2: rejected: no company name" in output
        assert "Dry run: everything was rolled back, nothing saved." in output
        assert not Source.objects.exists()

    def test_user_is_recorded(self, tmp_path):
        user = factories.UserFactory(username="innendienst")
        path = write(tmp_path, "Firma,Ort\nElbtal GmbH,Dresden\n")

        self.call(
            str(path),
            "--source-kind=marketing",
            "--source-name=Mailing",
            "--user=innendienst",
        )

        assert Company.objects.get().history.get().history_user == user

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (["--user=niemand"], "Unknown user “niemand”"),
            (["--source-date=20.04.2026"], "--source-date must be a date"),
            (["--source-name=  "], "--source-name must have"),
        ],
    )
    def test_bad_options_are_refused(self, tmp_path, extra, message):
        path = write(tmp_path, "Firma,Ort\nElbtal GmbH,Dresden\n")
        args = [str(path), "--source-kind=inbound", "--source-name=Web", *extra]

        with pytest.raises(CommandError, match=message):
            self.call(*args)

        assert not Company.objects.exists()

    def test_a_missing_file_is_a_clear_error(self, tmp_path):
        with pytest.raises(CommandError, match="File not found"):
            self.call(
                str(tmp_path / "fehlt.csv"), "--source-kind=inbound", "--source-name=W"
            )


@pytest.mark.django_db
class TestSharedSampleFiles:
    def test_customers(self):
        report = run(shared_file("datablist_customers-100.csv"))

        assert report.rows_read == 100
        assert report.rejected == 0
        assert report.companies_created + report.companies_reused == 100
        assert ContactPerson.objects.count() == 100
        assert report.unknown_columns == ["Index", "Customer Id", "Subscription Date"]
        first = Company.objects.get(name="Rasmussen Group")
        assert first.addresses.get().country == "CL"
        assert set(Address.objects.values_list("country", flat=True)) >= {"SK", "BL"}
        # Two "Simon LLC" in different cities are two companies.
        assert Company.objects.filter(name="Simon", legal_form_other="LLC").count() == 2
        sheryl = ContactPerson.objects.get(last_name="Baxter")
        assert sheryl.phone == "229.077.5154"
        assert "phone number “229.077.5154” in column “Phone 1” kept as typed" in (
            report.outcomes[0].warnings
        )

    def test_leads(self):
        report = run(shared_file("datablist_leads-100.csv"))

        assert (report.rows_read, report.rejected) == (100, 0)
        assert report.persons_created == 100
        assert "Email 2" in report.unknown_columns
        assert ContactPerson.objects.get(last_name="Cochran").email == (
            "hatkinson@mclaughlin.com"
        )
        assert Company.objects.get(name="Crosby").legal_form_other == "Inc"

    def test_organizations(self):
        report = run(shared_file("datablist_organizations-100.csv"))

        assert (report.rows_read, report.companies_created) == (100, 100)
        assert not Company.objects.filter(employees__isnull=True).exists()
        assert Company.objects.get(name="Ferrell").employees == 3498
        assert not Address.objects.exists()

    def test_people_without_companies_are_all_rejected(self):
        report = run(shared_file("datablist_people-100.csv"))

        assert report.rows_read == 100
        assert set(rejections(report).values()) == {"no company name"}
        assert nothing_stored()

    def test_semicolon_customers(self):
        report = run(shared_file("andriamiandry_crm_customers-100_semicolon.csv"))

        assert (report.delimiter, report.rows_read, report.rejected) == (";", 6, 0)
        assert Company.objects.filter(name="Dominguez; Mcmillan and Donovan").exists()
        assert Address.objects.get(city="West Priscilla").country == "SK"


@pytest.mark.django_db
def test_blank_cells_in_a_repeated_company_row_are_no_difference(tmp_path):
    path = write(
        tmp_path,
        "Firma,PLZ,Ort,Branche,Nachname\n"
        "Elbtal GmbH,01067,Dresden,Maschinenbau,Meier\n"
        "Elbtal GmbH,01067,Dresden,,Mayer\n",
    )

    report = run(path)

    assert not any("differ" in w for w in report.outcomes[1].warnings)
    assert Company.objects.count() == 1
