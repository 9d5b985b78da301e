import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts import services
from contacts.models import Address, Company, ContactPerson
from contacts.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(company):
    return factories.ContactPersonFactory(company=company, last_name="Mayer")


def object_urls(company, person):
    address = company.addresses.get()
    return [
        f"/contacts/companies/{company.pk}/",
        f"/contacts/companies/{company.pk}/history/",
        f"/contacts/companies/{company.pk}/edit/",
        f"/contacts/companies/{company.pk}/addresses/new/",
        f"/contacts/addresses/{address.pk}/edit/",
        f"/contacts/addresses/{address.pk}/move/",
        f"/contacts/companies/{company.pk}/contacts/new/",
        f"/contacts/contacts/{person.pk}/edit/",
        f"/contacts/contacts/{person.pk}/leave/",
    ]


def new_company(**fields):
    """A complete company-create POST; a field given as None is left out."""
    data = {
        "status": "prospect",
        "new_source_kind": "inbound",
        "new_source_name": "Anruf",
        "address-kind": "headquarters",
        "address-street": "Weg",
        "address-postal_code": "10115",
        "address-city": "Berlin",
        "address-country": "DE",
    }
    for name, value in fields.items():
        # address_city=... stands for the prefixed address form's "address-city".
        data[re.sub(r"^address_", "address-", name)] = value
    return {key: value for key, value in data.items() if value is not None}


EDIT_URL_PARTS = ("/edit/", "/new/", "/move/", "/leave/")


class TestPersonas:
    def test_team_member_reaches_every_page(
        self, client, inside_sales, company, person
    ):
        client.force_login(inside_sales)

        for url in object_urls(company, person):
            assert client.get(url).status_code == 200, url

    def test_assigned_field_rep_reads_but_cannot_edit(
        self, client, field_rep, company, person
    ):
        client.force_login(field_rep)

        for url in object_urls(company, person):
            expected = 404 if any(p in url for p in EDIT_URL_PARTS) else 200
            assert client.get(url).status_code == expected, url
        assert client.get("/contacts/companies/new/").status_code == 404

    def test_field_rep_post_is_refused_and_changes_nothing(
        self, client, field_rep, company
    ):
        client.force_login(field_rep)

        response = client.post(
            f"/contacts/companies/{company.pk}/edit/", {"name": "Übernommen"}
        )

        assert response.status_code == 404
        assert Company.objects.get(pk=company.pk).name == company.name

    def test_outsider_gets_404_everywhere(self, client, outsider, company, person):
        client.force_login(outsider)

        for url in object_urls(company, person):
            assert client.get(url).status_code == 404, url
        # The company's link, not its name: a random name can be the
        # outsider's own, which the page shows in the navigation.
        listing = client.get("/contacts/companies/").content.decode()
        assert f'href="/contacts/companies/{company.pk}/"' not in listing

    def test_anonymous_is_sent_to_login(self, client, company, person):
        for url in [*object_urls(company, person), "/contacts/companies/"]:
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/login/")

    def test_data_protection_officer_reads_everything_edits_nothing(
        self, client, company
    ):
        officer = factories.UserFactory(roles=[Role.DATA_PROTECTION])
        client.force_login(officer)

        assert client.get(f"/contacts/companies/{company.pk}/").status_code == 200
        assert client.get(f"/contacts/companies/{company.pk}/edit/").status_code == 404


class TestCompanyList:
    def test_search_by_name_city_and_postal_code(self, client, inside_sales, team):
        hit = factories.CompanyFactory(name="Mayer Feinmechanik", team=team)
        factories.AddressFactory(company=hit, postal_code="04109", city="Leipzig")
        miss = factories.CompanyFactory(name="Schulz Bau", team=team)
        factories.AddressFactory(company=miss, postal_code="80331", city="München")
        client.force_login(inside_sales)

        for term in ("mayer", "Leipzig", "041"):
            page = client.get("/contacts/companies/", {"q": term}).content.decode()
            assert "Mayer Feinmechanik" in page, term
            assert "Schulz Bau" not in page, term

    def test_former_address_is_not_searched(self, client, inside_sales, team):
        company = factories.CompanyFactory(name="Umzug AG", team=team)
        old = factories.AddressFactory(
            company=company, city="Kiel", postal_code="24103"
        )
        services.address_move(
            user=inside_sales,
            address=old,
            data={"street": "Ring", "city": "Hamburg", "postal_code": "20095"},
            moved_on=datetime.date(2026, 1, 1),
        )
        client.force_login(inside_sales)

        assert (
            "Umzug AG"
            not in client.get("/contacts/companies/", {"q": "Kiel"}).content.decode()
        )
        assert (
            "Umzug AG"
            in client.get("/contacts/companies/", {"q": "Hamburg"}).content.decode()
        )

    def test_filter_by_status(self, client, inside_sales, team):
        factories.CompanyFactory(name="Kunde Eins", team=team, status="customer")
        factories.CompanyFactory(name="Interessent Zwei", team=team, status="prospect")
        client.force_login(inside_sales)

        page = client.get(
            "/contacts/companies/", {"status": "customer"}
        ).content.decode()

        assert "Kunde Eins" in page
        assert "Interessent Zwei" not in page

    def test_htmx_request_gets_only_the_table(self, client, inside_sales, company):
        client.force_login(inside_sales)

        response = client.get("/contacts/companies/", headers={"HX-Request": "true"})

        assert "<nav" not in response.content.decode().split("pagination")[0]
        assert company.name in response.content.decode()

    def test_query_count_does_not_grow_with_page_size(self, client, inside_sales, team):
        client.force_login(inside_sales)

        def count_queries():
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/contacts/companies/").status_code == 200
            return len(ctx.captured_queries)

        for _ in range(2):
            company = factories.CompanyFactory(team=team)
            factories.AddressFactory(company=company)
        few = count_queries()
        for _ in range(20):
            company = factories.CompanyFactory(
                team=team, field_rep=factories.UserFactory()
            )
            factories.AddressFactory(company=company)
        many = count_queries()

        assert few == many
        assert many <= 10

    def test_nul_byte_in_search_is_harmless(self, client, inside_sales, company):
        client.force_login(inside_sales)

        response = client.get("/contacts/companies/", {"q": "\x00"})

        assert response.status_code == 200

    def test_list_shows_headquarters_before_delivery(
        self, client, inside_sales, company
    ):
        factories.AddressFactory(
            company=company, kind="delivery", street="Lagerweg", city="Pirna"
        )
        client.force_login(inside_sales)

        page = client.get("/contacts/companies/").content.decode()

        assert "Hauptstraße 5a" in page
        assert "Lagerweg" not in page

    def test_invalid_filter_value_is_reported(self, client, inside_sales, company):
        client.force_login(inside_sales)

        page = client.get("/contacts/companies/", {"status": "xyz"}).content.decode()

        assert 'role="alert">Bitte eine gültige Auswahl treffen' in page

    def test_team_filter_offers_own_teams_only(
        self, client, inside_sales, team, other_team
    ):
        client.force_login(inside_sales)

        response = client.get("/contacts/companies/")

        choices = response.context["filter"].form.fields["team"].choices
        assert [value for value, _label in choices if value] == [team.pk]
        assert f'<option value="{other_team.pk}"' not in response.content.decode()
        refused = client.get("/contacts/companies/", {"team": other_team.pk})
        assert not refused.context["filter"].form.is_valid()

    def test_user_without_access_is_told_why_the_list_is_empty(self, client, company):
        client.force_login(factories.UserFactory(roles=[Role.INSIDE_SALES]))

        page = client.get("/contacts/companies/").content.decode()

        assert "Ihnen sind noch keine Firmen zugeordnet" in page


class TestCompanyForms:
    def test_create_with_address_and_new_source(self, client, inside_sales, team):
        client.force_login(inside_sales)

        response = client.post(
            "/contacts/companies/new/",
            new_company(
                name="Brandt Kältetechnik",
                legal_form="GmbH & Co. KG",
                new_source_kind="trade_fair",
                new_source_name="IFAT 2026",
                team=team.pk,
                address_street="Am Anger",
                address_house_number="7",
                address_postal_code="01067",
                address_city="Dresden",
            ),
        )

        company = Company.objects.get(name="Brandt Kältetechnik")
        assert response.status_code == 302
        assert response["Location"] == f"/contacts/companies/{company.pk}/"
        assert company.source.name == "IFAT 2026"
        assert company.addresses.get().postal_code == "01067"
        assert company.history.get().history_user == inside_sales

    def test_invalid_postal_code_keeps_input_and_says_why(
        self, client, inside_sales, team
    ):
        client.force_login(inside_sales)

        response = client.post(
            "/contacts/companies/new/",
            new_company(
                name="Falsch PLZ",
                team=team.pk,
                address_postal_code="1067",
                address_city="Dresden",
            ),
        )

        assert response.status_code == 200
        page = response.content.decode()
        assert "Eine deutsche Postleitzahl hat fünf Ziffern" in page
        assert 'value="Falsch PLZ"' in page
        assert not Company.objects.filter(name="Falsch PLZ").exists()

    def test_missing_source_is_refused(self, client, inside_sales, team):
        client.force_login(inside_sales)

        response = client.post(
            "/contacts/companies/new/",
            new_company(
                name="Ohne Quelle",
                team=team.pk,
                new_source_kind=None,
                new_source_name=None,
            ),
        )

        assert response.status_code == 200
        assert "Jede Firma braucht eine Quelle" in response.content.decode()
        assert not Company.objects.filter(name="Ohne Quelle").exists()

    def test_edit_form_keeps_dates_when_saved_unchanged(
        self, client, inside_sales, company
    ):
        company.last_order_date = datetime.date(2021, 10, 20)
        company.save()
        client.force_login(inside_sales)

        page = client.get(f"/contacts/companies/{company.pk}/edit/").content.decode()

        # Date pickers only accept ISO values; a German one would be dropped.
        assert 'value="2021-10-20"' in page

    def test_inside_sales_files_new_companies_under_own_team(
        self, client, inside_sales, team, other_team
    ):
        client.force_login(inside_sales)
        form = client.get("/contacts/companies/new/").context["form"]

        assert list(form.fields["team"].queryset) == [team]
        assert form.initial["team"] == team.pk

        response = client.post(
            "/contacts/companies/new/",
            new_company(name="Fremdes Team", team=other_team.pk),
        )

        assert response.status_code == 200
        assert not Company.objects.filter(name="Fremdes Team").exists()

    def test_edit_without_version_is_refused(self, client, inside_sales, company):
        client.force_login(inside_sales)

        response = client.post(
            f"/contacts/companies/{company.pk}/edit/",
            {
                "name": "Ohne Version",
                "status": "prospect",
                "source": company.source_id,
                "team": company.team_id,
            },
        )

        assert response.status_code == 200
        assert Company.objects.get(pk=company.pk).name != "Ohne Version"

    def test_too_long_new_source_name_is_a_form_error(self, client, inside_sales, team):
        client.force_login(inside_sales)

        response = client.post(
            "/contacts/companies/new/",
            new_company(
                name="Lange Quelle",
                team=team.pk,
                new_source_name="x" * 201,
                address_postal_code=None,
            ),
        )

        assert response.status_code == 200
        assert not Company.objects.filter(name="Lange Quelle").exists()


class TestStaleEdits:
    def test_stale_form_is_refused_and_shows_both_values(
        self, client, inside_sales, company
    ):
        other = factories.UserFactory(first_name="Petra", last_name="Vogel")
        opened_version = company.version
        services.company_update(user=other, company=company, data={"name": "Meyer"})
        client.force_login(inside_sales)
        form = {
            "name": "Maier",
            "legal_form": company.legal_form,
            "status": company.status,
            "source": company.source_id,
            "team": company.team_id,
            "version": opened_version,
        }

        response = client.post(f"/contacts/companies/{company.pk}/edit/", form)

        assert response.status_code == 200
        page = response.content.decode()
        assert "Petra Vogel" in page
        assert "Maier" in page and "Meyer" in page
        assert Company.objects.get(pk=company.pk).name == "Meyer"

        # Having seen the other change, saving again on purpose wins.
        form["version"] = Company.objects.get(pk=company.pk).version
        response = client.post(f"/contacts/companies/{company.pk}/edit/", form)
        assert response.status_code == 302
        assert Company.objects.get(pk=company.pk).name == "Maier"

    def test_second_save_after_conflict_keeps_the_other_change(
        self, client, inside_sales, company
    ):
        client.force_login(inside_sales)
        opened = client.get(f"/contacts/companies/{company.pk}/edit/").context["form"]
        form = {
            name: value
            for name, value in opened.initial.items()
            if name in opened.fields and value is not None
        }
        other = factories.UserFactory()
        services.company_update(
            user=other, company=company, data={"phone": "+49 351 123456"}
        )

        refused = client.post(
            f"/contacts/companies/{company.pk}/edit/", form | {"name": "Mayer"}
        )
        again = refused.context["form"]
        resubmit = {
            name: again[name].value() for name in again.fields if again[name].value()
        }
        saved = client.post(f"/contacts/companies/{company.pk}/edit/", resubmit)

        assert refused.status_code == 200
        assert saved.status_code == 302
        company.refresh_from_db()
        assert (company.name, company.phone) == ("Mayer", "+49351123456")

    def test_conflict_table_shows_choice_labels(self, client, inside_sales, company):
        client.force_login(inside_sales)
        opened = company.version
        services.company_update(
            user=factories.UserFactory(), company=company, data={"status": "lost"}
        )

        response = client.post(
            f"/contacts/companies/{company.pk}/edit/",
            {
                "name": company.name,
                "legal_form": company.legal_form,
                "status": "customer",
                "source": company.source_id,
                "team": company.team_id,
                "version": opened,
            },
        )

        table = response.content.decode().split('data-testid="conflict"')[1]
        assert "Kunde" in table and "Verloren" in table
        assert ">customer<" not in table


class TestAddressAndPersonViews:
    def test_move_via_form_shows_in_history(self, client, inside_sales, company):
        address = company.addresses.get()
        client.force_login(inside_sales)

        response = client.post(
            f"/contacts/addresses/{address.pk}/move/",
            {
                "street": "Königsbrücker Straße",
                "house_number": "12",
                "postal_code": "01099",
                "city": "Dresden",
                "country": "DE",
                "moved_on": "2026-10-01",
                "version": address.version,
            },
        )

        assert response.status_code == 302
        current = company.addresses.get(valid_until__isnull=True)
        assert current.street == "Königsbrücker Straße"
        assert Address.objects.get(pk=address.pk).valid_until == datetime.date(
            2026, 9, 30
        )
        history = client.get(
            f"/contacts/companies/{company.pk}/history/"
        ).content.decode()
        assert "Königsbrücker Straße" in history
        assert "<ins>30. September 2026</ins>" in history
        assert "Grund: Umzug" in history
        assert inside_sales.get_full_name() in history

    def test_history_shows_old_and_new_value(self, client, inside_sales, company):
        services.company_update(
            user=inside_sales, company=company, data={"legal_form": "KG"}
        )
        client.force_login(inside_sales)

        page = client.get(f"/contacts/companies/{company.pk}/history/").content.decode()

        assert "<del>GmbH</del> → <ins>KG</ins>" in page

    def test_person_leave_with_successor(self, client, inside_sales, company, person):
        successor = factories.ContactPersonFactory(company=company, last_name="Schmidt")
        client.force_login(inside_sales)

        response = client.post(
            f"/contacts/contacts/{person.pk}/leave/",
            {
                "left_on": "2026-11-30",
                "successor": successor.pk,
                "version": person.version,
            },
        )

        assert response.status_code == 302
        person = ContactPerson.objects.get(pk=person.pk)
        assert person.left_on == datetime.date(2026, 11, 30)
        assert person.successor == successor
        detail = client.get(f"/contacts/companies/{company.pk}/").content.decode()
        assert "Ehemalige Ansprechpartner" in detail

    def test_person_create_requires_last_name(self, client, inside_sales, company):
        client.force_login(inside_sales)

        response = client.post(
            f"/contacts/companies/{company.pk}/contacts/new/",
            {"salutation": "none", "first_name": "Nur", "source": company.source_id},
        )

        assert response.status_code == 200
        assert not ContactPerson.objects.filter(first_name="Nur").exists()

    def test_moved_address_link_leads_to_current_state(
        self, client, inside_sales, company
    ):
        old = company.addresses.get()
        services.address_move(
            user=factories.UserFactory(),
            address=old,
            data={"street": "Neu", "postal_code": "01069", "city": "Dresden"},
            moved_on=datetime.date(2026, 1, 1),
        )
        client.force_login(inside_sales)

        response = client.get(f"/contacts/addresses/{old.pk}/move/", follow=True)

        assert response.redirect_chain[-1][0] == f"/contacts/companies/{company.pk}/"
        assert "nicht mehr aktuell" in response.content.decode()

    def test_history_subject_is_translated(self, client, inside_sales, company, person):
        client.force_login(inside_sales)

        page = client.get(f"/contacts/companies/{company.pk}/history/").content.decode()

        assert "Contact person" not in page
        assert f"Ansprechpartner(in): {person.full_name}" in page


class TestRefusedWrites:
    """POSTs by people who may not write change nothing, on every endpoint."""

    def posts(self, company, person):
        address = company.addresses.get()
        return [
            (f"/contacts/companies/{company.pk}/addresses/new/", {"city": "Kiel"}),
            (f"/contacts/addresses/{address.pk}/edit/", {"city": "Kiel"}),
            (
                f"/contacts/addresses/{address.pk}/move/",
                {"city": "Kiel", "street": "X", "moved_on": "2026-01-01"},
            ),
            (f"/contacts/companies/{company.pk}/contacts/new/", {"last_name": "X"}),
            (f"/contacts/contacts/{person.pk}/edit/", {"last_name": "X"}),
            (f"/contacts/contacts/{person.pk}/leave/", {"left_on": "2026-01-01"}),
        ]

    @pytest.mark.parametrize("who", ["field_rep", "outsider"])
    def test_nothing_changes(self, request, client, who, company, person):
        client.force_login(request.getfixturevalue(who))
        before = (Address.objects.count(), ContactPerson.objects.count())

        for url, data in self.posts(company, person):
            assert client.post(url, data).status_code == 404, url

        assert (Address.objects.count(), ContactPerson.objects.count()) == before
        assert company.addresses.get().city == "Dresden"
        assert ContactPerson.objects.get(pk=person.pk).is_active


class TestQueryCounts:
    def count(self, client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def test_detail_and_history_do_not_grow_with_history(
        self, client, inside_sales, company, person
    ):
        client.force_login(inside_sales)
        detail = f"/contacts/companies/{company.pk}/"
        history = f"/contacts/companies/{company.pk}/history/"
        before = self.count(client, detail), self.count(client, history)

        for n in range(10):
            services.contact_person_update(
                user=inside_sales, person=person, data={"job_title": f"Leitung {n}"}
            )
            services.company_update(
                user=inside_sales, company=company, data={"industry": f"Bau {n}"}
            )

        assert (self.count(client, detail), self.count(client, history)) == before
        assert before[0] <= 10


class TestMoreGuards:
    def test_name_with_legal_form_is_refused(self, client, inside_sales, team):
        client.force_login(inside_sales)

        response = client.post(
            "/contacts/companies/new/",
            new_company(name="Müller GmbH", legal_form="GmbH", team=team.pk),
        )

        assert response.status_code == 200
        assert "Tragen Sie hier „Müller“ ein" in response.content.decode()
        assert not Company.objects.exists()

    def test_inside_sales_without_team_cannot_create_an_invisible_company(self, client):
        client.force_login(factories.UserFactory(roles=[Role.INSIDE_SALES]))

        response = client.post(
            "/contacts/companies/new/", new_company(name="Unsichtbar")
        )

        assert response.status_code == 200
        assert "in keinem Team" in response.content.decode()
        assert not Company.objects.exists()

    def test_rep_who_left_field_sales_is_kept_on_unrelated_edit(
        self, client, inside_sales, company, field_rep
    ):
        field_rep.groups.clear()
        client.force_login(inside_sales)

        form = client.get(f"/contacts/companies/{company.pk}/edit/").context["form"]

        assert field_rep in form.fields["field_rep"].queryset

    def test_stale_move_is_refused_and_shows_the_other_change(
        self, client, inside_sales, company
    ):
        address = company.addresses.get()
        opened = address.version
        services.address_correct(
            user=factories.UserFactory(), address=address, data={"city": "Radebeul"}
        )
        client.force_login(inside_sales)

        response = client.post(
            f"/contacts/addresses/{address.pk}/move/",
            {
                "street": "Neu",
                "postal_code": "01099",
                "city": "Dresden",
                "country": "DE",
                "moved_on": "2026-10-01",
                "version": opened,
            },
        )

        assert response.status_code == 200
        changes = response.content.decode().split('data-testid="their-changes"')[1]
        assert "Dresden → Radebeul" in changes.split("</ul>")[0]
        assert company.addresses.count() == 1

    def test_stale_leave_lists_what_changed(
        self, client, inside_sales, company, person
    ):
        opened = person.version
        services.contact_person_update(
            user=factories.UserFactory(), person=person, data={"job_title": "Vertrieb"}
        )
        client.force_login(inside_sales)

        response = client.post(
            f"/contacts/contacts/{person.pk}/leave/",
            {"left_on": "2026-11-30", "version": opened},
        )

        assert response.status_code == 200
        assert "Einkaufsleiterin → Vertrieb" in response.content.decode()
        assert ContactPerson.objects.get(pk=person.pk).is_active

    def test_address_valid_from_can_be_given_on_create(
        self, client, inside_sales, company
    ):
        client.force_login(inside_sales)

        response = client.post(
            f"/contacts/companies/{company.pk}/addresses/new/",
            {
                "kind": "delivery",
                "street": "Lagerweg",
                "postal_code": "01067",
                "city": "Dresden",
                "country": "DE",
                "valid_from": "2019-05-01",
            },
        )

        assert response.status_code == 302
        assert company.addresses.get(kind="delivery").valid_from == datetime.date(
            2019, 5, 1
        )
