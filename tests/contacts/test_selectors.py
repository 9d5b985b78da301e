import pytest
from django.contrib.auth.models import Permission
from django.http import Http404

from contacts.models import CompanyGroupObjectPermission, CompanyUserObjectPermission
from contacts.roles import Role
from contacts.selectors import (
    companies_visible_to,
    company_for_user,
    company_list,
    team_for_postal_code,
)
from tests import factories

pytestmark = pytest.mark.django_db


def view_permission():
    return Permission.objects.get(
        codename="view_company", content_type__app_label="contacts"
    )


def test_team_member_sees_team_companies_only(inside_sales, company):
    foreign = factories.CompanyFactory(team=factories.TeamFactory(name="Team West"))

    visible = set(companies_visible_to(inside_sales))

    assert company in visible
    assert foreign not in visible


def test_assigned_field_rep_sees_company_without_team_membership(field_rep, company):
    assert list(companies_visible_to(field_rep)) == [company]


def test_admin_sees_everything(admin_user, company):
    other = factories.CompanyFactory()

    assert set(companies_visible_to(admin_user)) == {company, other}


def test_outsider_sees_nothing_of_other_team(outsider, company):
    assert not companies_visible_to(outsider).exists()
    with pytest.raises(Http404):
        company_for_user(outsider, company.pk)


def test_user_grant_makes_single_company_visible(outsider, company):
    CompanyUserObjectPermission.objects.create(
        user=outsider, permission=view_permission(), content_object=company
    )

    assert list(companies_visible_to(outsider)) == [company]


def test_group_grant_makes_company_visible_to_group_members(outsider, company):
    group = outsider.groups.exclude(name__in=Role.values).get()
    CompanyGroupObjectPermission.objects.create(
        group=group, permission=view_permission(), content_object=company
    )

    assert list(companies_visible_to(outsider)) == [company]


def test_inactive_user_sees_nothing(inside_sales, company):
    inside_sales.is_active = False

    assert not companies_visible_to(inside_sales).exists()


def test_field_rep_may_see_but_not_edit(field_rep, company):
    assert company_for_user(field_rep, company.pk) == company
    with pytest.raises(Http404):
        company_for_user(field_rep, company.pk, edit=True)


def test_refusal_is_logged_without_personal_data(outsider, company, caplog):
    with pytest.raises(Http404):
        company_for_user(outsider, company.pk)

    assert f"refused company #{company.pk} by user {outsider.pk}" in caplog.text
    assert company.name not in caplog.text


def test_the_longest_postal_code_prefix_wins():
    broad = factories.TeamFactory(name="Bayern", postal_code_prefixes="8, 9")
    munich = factories.TeamFactory(name="München", postal_code_prefixes="80,81")

    assert team_for_postal_code("80331") == munich
    assert team_for_postal_code("86150") == broad
    assert team_for_postal_code("01067") is None


class TestGermanSearchAndOrder:
    @pytest.fixture
    def companies(self, team):
        made = {}
        for name, street in (
            ("Bruder", "Hauptstraße"),
            ("Bähr", "Lindenweg"),
            ("Müller", "Am Markt"),
            ("Ober", "Schlossallee"),
        ):
            made[name] = factories.CompanyFactory(name=name, team=team)
            factories.AddressFactory(company=made[name], street=street)
        return made

    def names(self, user, search=""):
        return [c.name for c in company_list(user, search=search)]

    def test_umlauts_sort_as_spelt_out(self, companies, inside_sales):
        assert self.names(inside_sales) == ["Bähr", "Bruder", "Müller", "Ober"]

    @pytest.mark.parametrize(
        ("search", "found"),
        [
            ("BÄHR", ["Bähr"]),
            ("baehr", ["Bähr"]),
            ("Mueller", ["Müller"]),
            ("müller", ["Müller"]),
            ("Strasse", ["Bruder"]),
            ("straße", ["Bruder"]),
        ],
    )
    def test_search_folds_case_umlauts_and_sharp_s(
        self, companies, inside_sales, search, found
    ):
        assert self.names(inside_sales, search) == found


@pytest.mark.django_db
@pytest.mark.parametrize(
    "search", ["Salzstr.", "Salz Str.", "salzstrasse", "Salzstraße"]
)
def test_street_spellings_find_each_other(team, inside_sales, search):
    company = factories.CompanyFactory(name="Kontor", team=team)
    factories.AddressFactory(company=company, street="Salzstraße")

    assert list(company_list(inside_sales, search=search)) == [company]


def test_a_short_search_matches_the_start_of_name_or_postal_code(admin_user):
    """One or two characters match from the start (#5: no index serves them
    inside names); three or more still match anywhere."""
    from contacts.selectors import company_list

    starts = factories.CompanyFactory(name="Abendroth Metall")
    inside = factories.CompanyFactory(name="Kabel Schmidt")
    at_80 = factories.CompanyFactory(name="Zeller Holz")
    factories.AddressFactory(company=at_80, postal_code="80331", city="München")
    street_80 = factories.CompanyFactory(name="Yilmaz Bau")
    factories.AddressFactory(
        company=street_80, street="Weg 80", postal_code="01067", city="Dresden"
    )

    def found(term):
        return set(company_list(admin_user, search=term))

    assert found("ab") >= {starts} and inside not in found("ab")
    assert found("80") >= {at_80} and street_80 not in found("80")
    assert found("abe") >= {starts} and found("bel") >= {inside}


def test_the_list_says_how_a_short_search_reads(client, inside_sales):
    client.force_login(inside_sales)

    short = client.get("/contacts/companies/", {"q": "80"})
    longer = client.get("/contacts/companies/", {"q": "803"})

    assert "am Anfang von Name oder Postleitzahl" in short.content.decode()
    assert "am Anfang von Name oder Postleitzahl" not in longer.content.decode()


@pytest.mark.parametrize("term", ["sw", "SW", "sw1", "Sw1a"])
def test_postal_codes_with_letters_are_found_in_any_case_on_every_database(
    admin_user, term
):
    """Postal codes are stored in capitals ("SW1A 1AA"); SQLite's LIKE ignores
    ASCII case, PostgreSQL's does not, so "sw" found the company on one only."""
    london = factories.CompanyFactory(name="Zeller Holz")
    factories.AddressFactory(
        company=london, postal_code="SW1A 1AA", city="London", country="GB"
    )

    assert london in set(company_list(admin_user, search=term))


@pytest.mark.parametrize("term", ["8\u00ad", "\uff18\uff10", "\u00ad80"])
def test_a_postal_code_search_reads_the_term_as_folded(admin_user, term):
    """The name part folds the term (a soft hyphen goes, full-width digits are
    digits) and reads it as the short "8" or "80"; the postal code part took
    the raw text and found nothing."""
    munich = factories.CompanyFactory(name="Zeller Holz")
    factories.AddressFactory(company=munich, postal_code="80331", city="München")

    assert munich in set(company_list(admin_user, search=term))
