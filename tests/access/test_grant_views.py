import datetime

import pytest
from django.utils import timezone

from access import services
from contacts.models import CompanyUserObjectPermission
from contacts.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep():
    return factories.UserFactory(
        roles=[Role.FIELD_SALES], first_name="Rita", last_name="Reisende"
    )


@pytest.fixture
def foreign_company(other_team):
    return factories.CompanyFactory(name="Fremdfirma", team=other_team)


def test_admin_grants_a_rep_access_from_the_company_page(
    client, admin_user, rep, foreign_company
):
    client.force_login(admin_user)
    last_day = timezone.localdate() + datetime.timedelta(days=14)

    response = client.post(
        f"/access/companies/{foreign_company.pk}/grants/new/",
        {"user": rep.pk, "reason": "Vertretung", "expires_on": last_day.isoformat()},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/contacts/companies/{foreign_company.pk}/"
    grant = CompanyUserObjectPermission.objects.get()
    assert (grant.user, grant.granted_by, grant.expires_on) == (
        rep,
        admin_user,
        last_day,
    )
    client.force_login(rep)
    assert client.get(f"/contacts/companies/{foreign_company.pk}/").status_code == 200


def test_a_grant_without_reason_is_refused_and_the_input_kept(
    client, admin_user, rep, foreign_company
):
    client.force_login(admin_user)

    response = client.post(
        f"/access/companies/{foreign_company.pk}/grants/new/",
        {"user": rep.pk, "reason": "", "expires_on": "2099-01-31"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "reason" in form.errors
    assert form["expires_on"].value() == "2099-01-31"
    assert not CompanyUserObjectPermission.objects.exists()


def test_a_past_last_day_is_refused(client, admin_user, rep, foreign_company):
    client.force_login(admin_user)

    response = client.post(
        f"/access/companies/{foreign_company.pk}/grants/new/",
        {"user": rep.pk, "reason": "Messe", "expires_on": "2020-01-31"},
    )

    assert "expires_on" in response.context["form"].errors
    assert not CompanyUserObjectPermission.objects.exists()


def test_neither_user_nor_team_is_refused(client, admin_user, foreign_company):
    client.force_login(admin_user)

    response = client.post(
        f"/access/companies/{foreign_company.pk}/grants/new/", {"reason": "Messe"}
    )

    assert response.context["form"].non_field_errors()


def test_revoking_asks_then_removes(client, admin_user, rep, foreign_company):
    grant = services.grant_create(
        granted_by=admin_user, company=foreign_company, user=rep, reason="Messe"
    )
    client.force_login(admin_user)
    url = f"/access/grants/user/{grant.pk}/revoke/"

    assert "Messe" in client.get(url).content.decode()
    response = client.post(
        url,
        {"reason": "erledigt", "next": f"/contacts/companies/{foreign_company.pk}/"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/contacts/companies/{foreign_company.pk}/"
    assert not CompanyUserObjectPermission.objects.exists()


def test_revoke_never_redirects_off_site(client, admin_user, rep, foreign_company):
    grant = services.grant_create(
        granted_by=admin_user, company=foreign_company, user=rep, reason="Messe"
    )
    client.force_login(admin_user)

    response = client.post(
        f"/access/grants/user/{grant.pk}/revoke/", {"next": "https://evil.example/"}
    )

    assert response["Location"] == "/access/grants/"


def test_unknown_grant_kind_is_404(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/access/grants/role/1/revoke/").status_code == 404


class TestCompanyPanel:
    def test_admin_sees_team_rep_and_each_grant_with_reason(
        self, client, admin_user, company, rep, inside_sales, other_team
    ):
        services.grant_create(
            granted_by=admin_user,
            company=company,
            user=rep,
            reason="Vertretung Frau Bauer",
            expires_on=datetime.date(2099, 5, 31),
        )
        services.grant_create(
            granted_by=admin_user, company=company, team=other_team, reason="Projekt"
        )
        client.force_login(admin_user)

        page = client.get(f"/contacts/companies/{company.pk}/").content.decode()

        assert "Wer diese Firma sieht, und warum" in page
        assert "Team Team Süd" in page
        assert inside_sales.get_full_name() in page
        assert company.field_rep.get_full_name() in page
        assert "Rita Reisende" in page
        assert "Vertretung Frau Bauer" in page
        assert "31.05.2099" in page
        assert "Projekt" in page

    def test_inside_sales_do_not_see_the_panel(self, client, inside_sales, company):
        client.force_login(inside_sales)

        page = client.get(f"/contacts/companies/{company.pk}/").content.decode()

        assert "company-access" not in page


def test_grant_list_shows_grants_in_force_and_their_history(
    client, admin_user, rep, foreign_company
):
    services.grant_create(
        granted_by=admin_user, company=foreign_company, user=rep, reason="Messe"
    )
    client.force_login(admin_user)

    page = client.get("/access/grants/").content.decode()

    assert "Fremdfirma" in page
    assert "Rita Reisende" in page
    assert "Fremdfirma GmbH · Rita Reisende · gewährt" in page
