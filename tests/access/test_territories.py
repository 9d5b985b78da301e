import pytest
from django.core.exceptions import ValidationError

from access.territories import parse_prefixes, team_save
from contacts import services
from contacts.models import Company
from tests import factories

pytestmark = pytest.mark.django_db


def company_at(postal_code, *, team=None, country="DE", name=None):
    company = factories.CompanyFactory(team=team, name=name or f"Firma {postal_code}")
    factories.AddressFactory(company=company, postal_code=postal_code, country=country)
    return company


@pytest.fixture
def munich():
    return factories.TeamFactory(name="München", postal_code_prefixes="80, 81")


@pytest.fixture
def augsburg():
    return factories.TeamFactory(name="Augsburg", postal_code_prefixes="86")


def team_of(company):
    return Company.objects.get(pk=company.pk).team


class TestReassignment:
    def test_claiming_a_prefix_moves_it_and_its_companies(
        self, admin_user, munich, augsburg
    ):
        moving = company_at("80331", team=munich)
        also_moving = company_at("80999", team=munich)
        orphan = company_at("80500")
        staying = company_at("81245", team=munich)

        change = team_save(
            by=admin_user,
            team=augsburg,
            name="Augsburg",
            prefixes="86, 80",
            countries=[],
            reason="neuer Außendienst",
        )

        assert change.taken_from == [munich]
        assert change.moved == 3
        munich.refresh_from_db()
        assert munich.prefixes == ["81"]
        for company in (moving, also_moving, orphan):
            assert team_of(company) == augsburg
        assert team_of(staying) == munich

    def test_each_moved_company_gets_one_history_row_with_the_reason(
        self, admin_user, munich, augsburg
    ):
        moving = company_at("80331", team=munich)
        rows_before = moving.history.count()

        team_save(
            by=admin_user,
            team=augsburg,
            name="Augsburg",
            prefixes="86, 80",
            countries=[],
            reason="neuer Außendienst",
        )

        rows = moving.history.order_by("-history_id")
        assert rows.count() == rows_before + 1
        last = rows.first()
        assert last.history_change_reason == "territory reassigned: neuer Außendienst"
        assert last.history_user == admin_user
        assert last.team_id == augsburg.pk

    def test_a_company_filed_under_a_third_team_stays(
        self, admin_user, munich, augsburg, other_team
    ):
        by_hand = company_at("80331", team=other_team)

        team_save(
            by=admin_user,
            team=augsburg,
            name="Augsburg",
            prefixes="86, 80",
            countries=[],
        )

        assert team_of(by_hand) == other_team

    def test_a_longer_prefix_of_another_team_still_wins(self, admin_user, augsburg):
        schwabing = factories.TeamFactory(name="Schwabing", postal_code_prefixes="808")
        mine = company_at("80801", team=schwabing)
        orphan = company_at("80100")

        team_save(
            by=admin_user,
            team=augsburg,
            name="Augsburg",
            prefixes="86, 8",
            countries=[],
        )

        assert team_of(mine) == schwabing
        assert team_of(orphan) == augsburg

    def test_carving_a_longer_prefix_out_of_another_team_moves_its_companies(
        self, admin_user, augsburg
    ):
        west = factories.TeamFactory(name="West", postal_code_prefixes="4")
        duesseldorf = company_at("40213", team=west)
        essen = company_at("45127", team=west)

        change = team_save(
            by=admin_user,
            team=augsburg,
            name="Augsburg",
            prefixes="86, 40",
            countries=[],
        )

        assert change.moved == 1
        assert team_of(duesseldorf) == augsburg
        assert team_of(essen) == west
        west.refresh_from_db()
        assert west.prefixes == ["4"]

    def test_the_losing_team_keeps_a_history_row(self, admin_user, munich, augsburg):
        team_save(
            by=admin_user,
            team=augsburg,
            name="Augsburg",
            prefixes="86, 80",
            countries=[],
        )

        last = munich.history.order_by("-history_id").first()
        assert last.postal_code_prefixes == "81"
        assert last.history_change_reason == "territory reassigned: → Augsburg"
        assert last.history_user == admin_user


class TestNewCompanies:
    def test_a_new_company_falls_into_the_team_of_its_prefix(
        self, admin_user, munich, augsburg
    ):
        team_save(
            by=admin_user,
            team=augsburg,
            name="Augsburg",
            prefixes="86, 80",
            countries=[],
        )

        company = services.company_create(
            user=admin_user,
            data={"name": "Neu", "source": factories.SourceFactory()},
            address={"city": "München", "postal_code": "80333", "country": "DE"},
        )

        assert company.team == augsburg

    def test_an_address_abroad_falls_into_the_team_of_its_country(self, admin_user):
        change = team_save(
            by=admin_user,
            name="Alpenraum",
            prefixes="",
            countries=["AT", "CH"],
            reason="",
        )

        company = services.company_create(
            user=admin_user,
            data={"name": "Wiener", "source": factories.SourceFactory()},
            address={"city": "Wien", "postal_code": "1010", "country": "AT"},
        )

        assert company.team == change.team
        assert change.team.group.name == "team:Alpenraum"

    def test_claiming_a_country_moves_the_companies_there(self, admin_user, munich):
        vienna = company_at("1010", country="AT")

        change = team_save(
            by=admin_user,
            team=munich,
            name="München",
            prefixes="80, 81",
            countries=["AT"],
        )

        assert change.moved == 1
        assert team_of(vienna) == munich


class TestInput:
    def test_prefixes_are_tidied(self):
        assert parse_prefixes(" 80,81 ; 80 82") == ["80", "81", "82"]

    @pytest.mark.parametrize("raw", ["8a", "123456", "-1"])
    def test_anything_but_digits_is_refused(self, raw):
        with pytest.raises(ValidationError) as raised:
            parse_prefixes(raw)

        assert "postal_code_prefixes" in raised.value.message_dict

    def test_a_duplicate_team_name_is_refused(self, admin_user, munich):
        with pytest.raises(ValidationError) as raised:
            team_save(by=admin_user, name="München", prefixes="", countries=[])

        assert "name" in raised.value.message_dict


def test_admin_reassigns_through_the_page(client, admin_user, munich, augsburg):
    moving = company_at("80331", team=munich)
    client.force_login(admin_user)

    response = client.post(
        f"/access/teams/{augsburg.pk}/",
        {"name": "Augsburg", "postal_code_prefixes": "86, 80", "reason": "Umbau"},
        follow=True,
    )

    page = response.content.decode()
    assert "Gebiet übernommen von: München" in page
    assert "1 Firma in dieses Team verschoben" in page
    assert team_of(moving) == augsburg
    assert "Gebiet neu zugeordnet: Umbau" in page
    history = client.get(f"/contacts/companies/{moving.pk}/history/").content.decode()
    assert "Grund: Gebiet neu zugeordnet: Umbau" in history


def test_a_bad_prefix_on_the_page_keeps_the_input(client, admin_user, augsburg):
    client.force_login(admin_user)

    response = client.post(
        f"/access/teams/{augsburg.pk}/",
        {"name": "Augsburg", "postal_code_prefixes": "86, 8x"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "postal_code_prefixes" in form.errors
    assert form["postal_code_prefixes"].value() == "86, 8x"
    augsburg.refresh_from_db()
    assert augsburg.prefixes == ["86"]
