"""Duplicate keys, proposals on create and edit, and the scan. Runs on
PostgreSQL (pg_trgm) and SQLite (the Python fallback) with the same tests."""

import pytest
from django.core.management import call_command
from guardian.shortcuts import assign_perm

from contacts import services
from contacts.duplicates import finding
from contacts.duplicates.models import CompanyPair, PairStatus, PersonPair
from contacts.duplicates.scan import duplicates_scan
from contacts.models import Company, ContactPerson
from tests import factories

pytestmark = pytest.mark.django_db


def make_company(name, *, team, postal_code="80331", city="München", **fields):
    company = factories.CompanyFactory(name=name, team=team, **fields)
    factories.AddressFactory(company=company, postal_code=postal_code, city=city)
    return company


def data(name, **fields):
    return {"name": name, "legal_form": "GmbH", "source": factories.SourceFactory()} | (
        fields
    )


def place(postal_code="80331", city="München"):
    return {"street": "Marienplatz", "postal_code": postal_code, "city": city}


class TestKeys:
    def test_company_keys_follow_every_save(self, team):
        company = make_company(
            "Müller & Söhne",
            team=team,
            email="Info@Mueller-Soehne.DE",
            website="https://www.mueller-soehne.de/kontakt",
            vat_id="DE 136 695 976",
            phone="(089) 1234567",
        )

        company.full_clean()
        company.save()
        company.refresh_from_db()
        assert company.name_key == "mueller & soehne"
        assert company.name_sound == "65786"
        assert company.email_key == "info@mueller-soehne.de"
        assert company.email_domain == "mueller-soehne.de"
        assert company.website_domain == "mueller-soehne.de"
        assert (company.vat_id, company.vat_key) == ("DE136695976", "DE136695976")
        assert company.phone == "+49891234567"

        company.name = "Maier"
        company.save()
        company.refresh_from_db()
        assert (company.name_key, company.name_sound) == ("maier", "67")

    def test_person_keys_use_the_surname_sound(self, company):
        person = factories.ContactPersonFactory(
            company=company, first_name="Jürgen", last_name="Meyer", email="J@X.de"
        )

        assert (person.name_key, person.name_sound) == ("juergen meyer", "67")
        assert person.email_key == "j@x.de"

    def test_unreadable_phone_is_kept_as_typed(self, team):
        company = make_company("Elbtal", team=team, phone="bitte Zentrale fragen")
        company.full_clean()

        assert company.phone == "bitte Zentrale fragen"

    def test_history_leaves_keys_out(self, team):
        company = make_company("Maier", team=team)

        assert not hasattr(company.history.first(), "name_sound")


class TestCompanyCandidates:
    def test_same_sound_and_postal_code(self, team, inside_sales):
        maier = make_company("Maier", team=team)

        found = finding.company_candidates(
            user=inside_sales, data=data("Mayer"), address=place()
        )

        assert [c.record for c in found] == [maier]
        assert found.visible[0].reasons == [finding.SOUND_POSTAL]
        assert found.visible[0].reason_labels == [
            "Gleicher Klang des Namens + gleiche PLZ"
        ]

    def test_same_sound_elsewhere_is_no_candidate(self, team, inside_sales):
        make_company("Maier", team=team, postal_code="01067", city="Dresden")

        found = finding.company_candidates(
            user=inside_sales, data=data("Mayer"), address=place()
        )

        assert not found

    def test_similar_spelling_at_the_same_postal_code(self, team, inside_sales):
        bergmann = make_company("Bergmann Technik", team=team)

        found = finding.company_candidates(
            user=inside_sales, data=data("Bergmann Tehcnik"), address=place()
        )

        assert [c.record for c in found] == [bergmann]
        assert found.visible[0].reasons == [finding.SIMILAR_POSTAL]
        assert found.visible[0].similarity == pytest.approx(0.619, abs=0.001)

    def test_same_phone_in_any_spelling(self, team, inside_sales):
        other = make_company("Ganz Anders", team=team, phone="+49 89 1234567")

        found = finding.company_candidates(
            user=inside_sales,
            data=data("Neu", phone="089/1234567"),
            address=place("01067", "Dresden"),
        )

        assert [c.record for c in found] == [other]
        assert found.visible[0].reasons == [finding.PHONE]

    def test_mail_provider_domains_say_nothing(self, team, inside_sales):
        make_company("Eins", team=team, email="eins@gmx.de")
        firm = make_company("Zwei", team=team, email="info@zwei-firma.de")

        found = finding.company_candidates(
            user=inside_sales,
            data=data("Drei", email="drei@gmx.de"),
            address=place("01067", "Dresden"),
        )
        assert not found

        found = finding.company_candidates(
            user=inside_sales,
            data=data("Drei", email="verkauf@zwei-firma.de"),
            address=place("01067", "Dresden"),
        )
        assert [c.record for c in found] == [firm]
        assert found.visible[0].reasons == [finding.EMAIL_DOMAIN]

    def test_more_reasons_rank_higher(self, team, inside_sales):
        by_sound = make_company("Meyer", team=team)
        by_sound_and_vat = make_company("Meier", team=team, vat_id="DE136695976")

        found = finding.company_candidates(
            user=inside_sales,
            data=data("Mayer", vat_id="DE136695976"),
            address=place(),
        )

        assert [c.record for c in found] == [by_sound_and_vat, by_sound]
        assert found.visible[0].score > found.visible[1].score
        assert set(found.visible[0].reasons) == {finding.SOUND_POSTAL, finding.VAT}

    def test_merged_away_and_excluded_records_are_no_candidates(
        self, team, inside_sales
    ):
        survivor = make_company("Maier", team=team)
        make_company("Meier", team=team, merged_into=survivor)

        found = finding.company_candidates(
            user=inside_sales, data=data("Mayer"), address=place(), exclude=survivor
        )

        assert not found

    def test_records_out_of_sight_are_only_counted(
        self, team, other_team, inside_sales
    ):
        make_company("Maier", team=other_team)

        found = finding.company_candidates(
            user=inside_sales, data=data("Mayer"), address=place()
        )

        assert found.visible == []
        assert found.hidden_count == 1
        assert bool(found)

    def test_a_grant_makes_a_candidate_visible(self, team, other_team, inside_sales):
        maier = make_company("Maier", team=other_team)
        assign_perm("contacts.view_company", inside_sales, maier)

        found = finding.company_candidates(
            user=inside_sales, data=data("Mayer"), address=place()
        )

        assert [c.record for c in found] == [maier]


class TestPersonCandidates:
    def test_same_sound_at_the_same_company(self, company, inside_sales):
        meier = factories.ContactPersonFactory(company=company, last_name="Meier")

        found = finding.person_candidates(
            user=inside_sales,
            company=company,
            data={"first_name": "Hans", "last_name": "Mayer"},
        )

        assert [c.record for c in found] == [meier]
        assert found.visible[0].reasons == [finding.SOUND_COMPANY]

    def test_same_email_or_number_at_another_company(self, company, inside_sales):
        other_company = factories.CompanyFactory(team=company.team)
        anna = factories.ContactPersonFactory(
            company=other_company, email="anna@firma.de", mobile="0171 2345678"
        )

        by_mail = finding.person_candidates(
            user=inside_sales,
            company=company,
            data={"last_name": "Schulz", "email": "ANNA@firma.de"},
        )
        by_number = finding.person_candidates(
            user=inside_sales,
            company=company,
            data={"last_name": "Schulz", "phone": "+49 171 2345678"},
        )

        assert [c.record for c in by_mail] == [anna]
        assert by_mail.visible[0].reasons == [finding.EMAIL]
        assert [c.record for c in by_number] == [anna]
        assert by_number.visible[0].reasons == [finding.PHONE]


class TestServices:
    def test_create_stops_at_a_possible_duplicate(self, team, inside_sales):
        maier = make_company("Maier", team=team)

        with pytest.raises(services.PossibleDuplicates) as caught:
            services.company_create(
                user=inside_sales, data=data("Mayer", team=team), address=place()
            )

        assert [c.record for c in caught.value.candidates] == [maier]
        assert caught.value.reason_error is None
        assert Company.objects.count() == 1

    def test_save_anyway_needs_a_reason(self, team, inside_sales):
        make_company("Maier", team=team)

        with pytest.raises(services.PossibleDuplicates) as caught:
            services.company_create(
                user=inside_sales,
                data=data("Mayer", team=team),
                address=place(),
                duplicate_reason="  ",
            )

        assert (
            caught.value.reason_error == "Bitte angeben, warum das kein Duplikat ist."
        )
        assert Company.objects.count() == 1

    def test_save_anyway_records_the_reason_and_leaves_the_pair_for_review(
        self, team, inside_sales
    ):
        maier = make_company("Maier", team=team)

        mayer = services.company_create(
            user=inside_sales,
            data=data("Mayer", team=team),
            address=place(),
            duplicate_reason="Bruder, eigene Firma",
        )

        row = mayer.history.get()
        assert row.history_change_reason == (
            "saved despite possible duplicate: Bruder, eigene Firma"
        )
        pair = CompanyPair.objects.get()
        assert (pair.first, pair.second) == (maier, mayer)
        assert (pair.status, pair.note) == (PairStatus.OPEN, "Bruder, eigene Firma")

    def test_a_reason_with_a_control_character_is_refused(self, team, inside_sales):
        make_company("Maier", team=team)

        with pytest.raises(services.PossibleDuplicates) as caught:
            services.company_create(
                user=inside_sales,
                data=data("Mayer", team=team),
                address=place(),
                duplicate_reason="ok\x00x",
            )

        assert "U+0000" in caught.value.reason_error
        assert Company.objects.count() == 1

    def test_edit_compares_the_headquarters(self, team, inside_sales):
        make_company("Austermühle", team=team, postal_code="89076", city="Ulm")
        company = factories.CompanyFactory(name="Neu", team=team)
        factories.AddressFactory(
            company=company, kind="billing", postal_code="10115", city="Berlin"
        )
        factories.AddressFactory(company=company, postal_code="89076", city="Ulm")

        with pytest.raises(services.PossibleDuplicates):
            services.company_update(
                user=inside_sales, company=company, data={"name": "Austermuehle"}
            )

    def test_edit_checks_only_when_a_key_changes(self, team, inside_sales):
        make_company("Nord", team=team, phone="+49 89 1234567")
        company = make_company("Süd", team=team)

        services.company_update(
            user=inside_sales, company=company, data={"industry": "Handel"}
        )
        with pytest.raises(services.PossibleDuplicates):
            services.company_update(
                user=inside_sales, company=company, data={"phone": "089 1234567"}
            )

        company.refresh_from_db()
        assert (company.industry, company.phone) == ("Handel", "")

    def test_person_create_stops_at_a_possible_duplicate(self, company, inside_sales):
        factories.ContactPersonFactory(company=company, last_name="Meier")

        with pytest.raises(services.PossibleDuplicates):
            services.contact_person_create(
                user=inside_sales,
                company=company,
                data={"last_name": "Mayer", "source": company.source},
            )

        assert ContactPerson.objects.count() == 1


class TestScan:
    def test_scan_proposes_pairs_with_reasons(self, team):
        maier = make_company("Maier", team=team)
        mayer = make_company("Mayer", team=team)
        make_company("Schulze", team=team, postal_code="01067", city="Dresden")

        result = duplicates_scan(kind="company")

        assert (result.found, result.new) == (1, 1)
        pair = CompanyPair.objects.get()
        assert (pair.first, pair.second, pair.status) == (maier, mayer, "open")
        assert pair.reasons == [finding.SOUND_POSTAL]
        assert pair.score > 0

    def test_not_a_duplicate_is_never_proposed_again(self, team, inside_sales):
        from contacts.duplicates.scan import pair_decide

        maier = make_company("Maier", team=team)
        mayer = make_company("Mayer", team=team)
        pair_decide(user=inside_sales, records=(mayer, maier), merged=False)

        result = duplicates_scan(kind="company")

        assert result.new == 0
        assert CompanyPair.objects.get().status == PairStatus.NOT_DUPLICATE

    def test_a_proposal_whose_reason_went_away_is_dropped(self, team):
        make_company("Maier", team=team)
        mayer = make_company("Mayer", team=team)
        duplicates_scan(kind="company")

        mayer.name = "Schulze"
        mayer.save()
        result = duplicates_scan(kind="company")

        assert (result.found, result.dropped) == (0, 1)
        assert not CompanyPair.objects.exists()

    def test_person_scan_and_command(self, company):
        factories.ContactPersonFactory(company=company, last_name="Meier")
        factories.ContactPersonFactory(company=company, last_name="Mayer")

        call_command("find_duplicates", verbosity=0)

        assert PersonPair.objects.get().reasons == [finding.SOUND_COMPANY]

    def test_import_proposes_instead_of_stopping(self, team, tmp_path):
        from contacts.importing.runner import SourceSpec, import_file

        maier = make_company("Maier", team=team)
        path = tmp_path / "liste.csv"
        path.write_text("Firma,PLZ,Ort\nMayer GmbH,80331,München\n", encoding="utf-8")

        report = import_file(
            path, source=SourceSpec(kind="trade_fair", name="Messe"), user=None
        )

        mayer = Company.objects.get(name="Mayer")
        assert report.companies_created == 1
        pair = CompanyPair.objects.get()
        assert (pair.first, pair.second, pair.status) == (maier, mayer, "open")
        assert any(
            f"#{maier.pk}" in warning
            for outcome in report.outcomes
            for warning in outcome.warnings
        )


class TestRefreshKeysCommand:
    def test_fills_keys_that_a_bulk_load_left_empty(self, team):
        company = make_company("Meier", team=team)
        Company.objects.filter(pk=company.pk).update(
            name_key="", name_sound="", phone="089 1234567"
        )

        call_command("refresh_keys", verbosity=0)

        company.refresh_from_db()
        assert (company.name_key, company.name_sound) == ("meier", "67")
        assert company.phone == "+49891234567"
