"""The duplicate warnings in the forms, the duplicates page, merge and undo
through the browser-facing views, from the owner's, a colleague's and an
outsider's side."""

import pytest
from django.urls import reverse

from contacts.duplicates.models import CompanyPair, Merge, PairStatus
from contacts.duplicates.scan import duplicates_scan
from contacts.models import Company
from tests import factories
from tests.contacts.test_views import new_company

pytestmark = pytest.mark.django_db

LIST_URL = "/contacts/duplicates/"


@pytest.fixture
def maier(team):
    company = factories.CompanyFactory(name="Maier", team=team)
    factories.AddressFactory(company=company, postal_code="80331", city="München")
    return company


@pytest.fixture
def mayer(team):
    company = factories.CompanyFactory(name="Mayer", team=team)
    factories.AddressFactory(company=company, postal_code="80331", city="München")
    return company


def mayer_post(team, **fields):
    return new_company(
        name="Mayer",
        team=team.pk,
        address_postal_code="80331",
        address_city="München",
        **fields,
    )


class TestCreateWarning:
    def test_shows_candidates_and_saves_nothing(self, client, inside_sales, maier):
        client.force_login(inside_sales)

        response = client.post("/contacts/companies/new/", mayer_post(maier.team))

        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-testid="duplicates"' in page
        assert "Maier GmbH" in page
        assert "Gleicher Klang des Namens + gleiche PLZ" in page
        assert reverse("contacts:company-detail", args=[maier.pk]) in page
        assert Company.objects.count() == 1

    def test_save_anyway_without_reason_is_refused(self, client, inside_sales, maier):
        client.force_login(inside_sales)

        response = client.post(
            "/contacts/companies/new/",
            mayer_post(maier.team, save_anyway="1", duplicate_reason=""),
        )

        assert response.status_code == 200
        page = response.content.decode()
        assert "Bitte angeben, warum das kein Duplikat ist." in page
        assert Company.objects.count() == 1

    def test_save_anyway_with_reason_creates(self, client, inside_sales, maier):
        client.force_login(inside_sales)

        response = client.post(
            "/contacts/companies/new/",
            mayer_post(maier.team, save_anyway="1", duplicate_reason="Andere Firma"),
        )

        mayer = Company.objects.get(name="Mayer")
        assert response.status_code == 302
        assert response.url == f"/contacts/companies/{mayer.pk}/"
        assert CompanyPair.objects.get().note == "Andere Firma"

    def test_hidden_candidates_are_counted_without_details(
        self, client, inside_sales, team, other_team
    ):
        hidden = factories.CompanyFactory(name="Maier", team=other_team)
        factories.AddressFactory(company=hidden, postal_code="80331")
        client.force_login(inside_sales)

        response = client.post("/contacts/companies/new/", mayer_post(team))

        page = response.content.decode()
        assert 'data-testid="hidden-duplicates"' in page
        assert "Maier GmbH" not in page

    def test_edit_offers_a_merge(self, client, inside_sales, maier, mayer):
        client.force_login(inside_sales)
        maier.phone = "+49891234567"
        maier.save()
        url = f"/contacts/companies/{mayer.pk}/edit/"
        form = client.get(url).context["form"]
        post = {
            name: value
            for name, value in form.initial.items()
            if value is not None and name in form.fields
        }

        response = client.post(
            url, post | {"phone": "089 1234567", "new_source_kind": ""}
        )

        page = response.content.decode()
        assert response.status_code == 200
        assert f"/contacts/companies/merge/?ids={mayer.pk}&amp;ids={maier.pk}" in page


class TestDuplicateList:
    def test_personas(self, client, inside_sales, field_rep, outsider, admin_user):
        for user, status in (
            (inside_sales, 200),
            (admin_user, 200),
            (field_rep, 404),
            (outsider, 200),
        ):
            client.force_login(user)
            assert client.get(LIST_URL).status_code == status, user

    def test_lists_only_pairs_of_visible_records(
        self, client, inside_sales, outsider, maier, mayer
    ):
        duplicates_scan(kind="company")

        client.force_login(inside_sales)
        own = client.get(LIST_URL).content.decode()
        client.force_login(outsider)
        other = client.get(LIST_URL).content.decode()

        assert own.count('data-testid="pair"') == 1
        assert "Maier GmbH" in own and "Mayer GmbH" in own
        assert 'data-testid="no-pairs"' in other
        assert "Maier" not in other

    def test_scan_button_and_dismiss(self, client, inside_sales, maier, mayer):
        client.force_login(inside_sales)

        response = client.post("/contacts/duplicates/scan/")
        assert response.status_code == 302
        pair = CompanyPair.objects.get()

        response = client.post(f"/contacts/duplicates/companies/{pair.pk}/dismiss/")
        assert response.status_code == 302
        pair.refresh_from_db()
        assert (pair.status, pair.decided_by) == (
            PairStatus.NOT_DUPLICATE,
            inside_sales,
        )
        client.post("/contacts/duplicates/scan/")
        assert CompanyPair.objects.get().status == PairStatus.NOT_DUPLICATE

    def test_field_rep_cannot_scan_or_dismiss(self, client, field_rep, maier, mayer):
        duplicates_scan(kind="company")
        pair = CompanyPair.objects.get()
        client.force_login(field_rep)

        assert client.post("/contacts/duplicates/scan/").status_code == 404
        dismiss = f"/contacts/duplicates/companies/{pair.pk}/dismiss/"
        assert client.post(dismiss).status_code == 404
        assert CompanyPair.objects.get().status == PairStatus.OPEN


class TestMergeViews:
    def merge_url(self, *companies):
        ids = "&".join(f"ids={c.pk}" for c in companies)
        return f"/contacts/companies/merge/?{ids}"

    def test_merge_and_undo(self, client, inside_sales, maier, mayer):
        mayer.industry = "Druckerei"
        mayer.save()
        client.force_login(inside_sales)
        url = self.merge_url(maier, mayer)
        page = client.get(url)
        assert page.status_code == 200
        assert "Druckerei" in page.content.decode()

        response = client.post(
            url,
            {
                "survivor": maier.pk,
                "value_name": maier.pk,
                "value_industry": mayer.pk,
                "note": "dieselbe Firma",
            },
        )

        assert response.status_code == 302
        assert response.url == f"/contacts/companies/{maier.pk}/"
        maier.refresh_from_db()
        assert (maier.name, maier.industry) == ("Maier", "Druckerei")
        old = client.get(f"/contacts/companies/{mayer.pk}/")
        assert (old.status_code, old.url) == (302, f"/contacts/companies/{maier.pk}/")
        listing = client.get("/contacts/companies/").context["page"]
        assert list(listing.object_list) == [maier]

        history = client.get(f"/contacts/companies/{maier.pk}/history/")
        assert 'data-testid="merges"' in history.content.decode()
        done = Merge.objects.get()
        response = client.post(f"/contacts/merges/{done.pk}/undo/")

        assert response.status_code == 302
        mayer.refresh_from_db()
        assert mayer.merged_into is None
        assert client.get(f"/contacts/companies/{mayer.pk}/").status_code == 200

    def test_merge_needs_edit_rights_on_every_record(
        self, client, inside_sales, field_rep, maier, other_team
    ):
        foreign = factories.CompanyFactory(name="Mayer", team=other_team)
        url = self.merge_url(maier, foreign)

        client.force_login(inside_sales)
        assert client.get(url).status_code == 404
        assert client.post(url, {"survivor": maier.pk}).status_code == 404
        client.force_login(field_rep)
        assert client.get(self.merge_url(maier, maier)).status_code == 404
        assert not Merge.objects.exists()

    def test_undo_needs_edit_rights(
        self, client, inside_sales, field_rep, maier, mayer
    ):
        from contacts.duplicates.merge import company_merge

        done = company_merge(
            user=inside_sales, survivor=maier, others=[mayer], choices={}
        )
        client.force_login(field_rep)

        assert client.post(f"/contacts/merges/{done.pk}/undo/").status_code == 404
        done.refresh_from_db()
        assert done.undone_at is None

    def test_person_merge_page(self, client, inside_sales, company):
        first = factories.ContactPersonFactory(company=company, last_name="Meier")
        second = factories.ContactPersonFactory(company=company, last_name="Mayer")
        client.force_login(inside_sales)
        url = f"/contacts/contacts/merge/?ids={first.pk}&ids={second.pk}"

        assert client.get(url).status_code == 200
        response = client.post(
            url, {"survivor": first.pk, "value_last_name": second.pk}
        )

        assert response.status_code == 302
        first.refresh_from_db()
        assert first.last_name == "Mayer"
        detail = client.get(f"/contacts/companies/{company.pk}/").content.decode()
        assert detail.count('id="person-') == 1


class TestLargeIds:
    def test_links_and_choices_carry_ids_without_thousands_separators(
        self, client, inside_sales, team
    ):
        first = factories.CompanyFactory(pk=1500, name="Maier", team=team)
        second = factories.CompanyFactory(pk=1501, name="Mayer", team=team)
        for company in (first, second):
            factories.AddressFactory(company=company, postal_code="80331")
        duplicates_scan(kind="company")
        client.force_login(inside_sales)

        listing = client.get(LIST_URL).content.decode()
        merge_page = client.get(
            "/contacts/companies/merge/?ids=1500&ids=1501"
        ).content.decode()

        assert "?ids=1500&amp;ids=1501" in listing
        assert 'name="survivor" value="1500"' in merge_page
        assert "#1.500" not in merge_page


class TestSourcesAfterMerge:
    def test_detail_lists_the_source_of_every_merged_record(
        self, client, inside_sales, maier, mayer
    ):
        from contacts.duplicates.merge import company_merge

        company_merge(user=inside_sales, survivor=maier, others=[mayer], choices={})
        client.force_login(inside_sales)

        page = client.get(f"/contacts/companies/{maier.pk}/").content.decode()

        assert str(maier.source) in page
        assert f"{mayer.source} (zusammengeführter Datensatz #{mayer.pk})" in page


class TestMergedRecordsAreReadOnly:
    def test_no_address_or_person_goes_onto_a_merged_away_company(
        self, client, inside_sales, maier, mayer
    ):
        from contacts.duplicates.merge import company_merge

        company_merge(user=inside_sales, survivor=maier, others=[mayer], choices={})
        client.force_login(inside_sales)

        address = client.post(
            f"/contacts/companies/{mayer.pk}/addresses/new/",
            {"kind": "delivery", "street": "Weg", "city": "Ulm", "country": "DE"},
        )
        person = client.get(f"/contacts/companies/{mayer.pk}/contacts/new/")

        assert (address.status_code, address.url) == (
            302,
            f"/contacts/companies/{maier.pk}/",
        )
        assert person.status_code == 302
        assert not mayer.addresses.filter(street="Weg").exists()

    def test_a_merged_away_person_cannot_be_edited(self, client, inside_sales, company):
        from contacts.duplicates.merge import person_merge

        keep = factories.ContactPersonFactory(company=company, last_name="Meier")
        gone = factories.ContactPersonFactory(company=company, last_name="Mayer")
        person_merge(user=inside_sales, survivor=keep, others=[gone], choices={})
        client.force_login(inside_sales)

        edit = client.post(f"/contacts/contacts/{gone.pk}/edit/", {"last_name": "X"})
        leave = client.get(f"/contacts/contacts/{gone.pk}/leave/")

        assert edit.status_code == leave.status_code == 302
        gone.refresh_from_db()
        assert gone.last_name == "Mayer"

    def test_dismiss_refuses_control_characters_and_decided_pairs(
        self, client, inside_sales, maier, mayer
    ):
        duplicates_scan(kind="company")
        pair = CompanyPair.objects.get()
        client.force_login(inside_sales)
        url = f"/contacts/duplicates/companies/{pair.pk}/dismiss/"

        client.post(url, {"note": "n\x00x"})
        pair.refresh_from_db()
        assert pair.status == PairStatus.OPEN

        pair.status = PairStatus.MERGED
        pair.save()
        client.post(url)
        pair.refresh_from_db()
        assert pair.status == PairStatus.MERGED


def test_address_form_splits_a_house_number_typed_into_the_street():
    from contacts.forms import AddressForm

    form = AddressForm(
        {
            "kind": "headquarters",
            "street": "Hauptstr.5a",
            "postal_code": "01067",
            "city": "Dresden",
            "country": "DE",
        }
    )

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["street"], form.cleaned_data["house_number"]) == (
        "Hauptstr.",
        "5a",
    )
