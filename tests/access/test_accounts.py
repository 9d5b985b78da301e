import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from access.models import AccountChange
from contacts.roles import Role, user_roles
from tests import factories

pytestmark = pytest.mark.django_db
Kind = AccountChange.Kind

STRONG = "Bodensee-Ufer-2026"


def new_account(**fields):
    data = {
        "username": "mmeier",
        "first_name": "Maria",
        "last_name": "Meier",
        "email": "m.meier@example.de",
        "password": STRONG,
        "roles": [Role.INSIDE_SALES],
    }
    return data | fields


def kinds(account):
    return [
        (c.kind, c.role or (c.team.name if c.team else ""))
        for c in AccountChange.objects.filter(account=account).order_by("id")
    ]


class TestCreate:
    def test_admin_creates_an_account_with_role_and_team(
        self, client, admin_user, team
    ):
        client.force_login(admin_user)

        response = client.post(
            "/access/users/new/", new_account(teams=[team.pk], reason="Neu im Süden")
        )

        account = get_user_model().objects.get(username="mmeier")
        assert response.status_code == 302
        assert response["Location"] == f"/access/users/{account.pk}/"
        assert user_roles(account) == {Role.INSIDE_SALES}
        assert list(account.groups.filter(team__isnull=False)) == [team.group]
        assert kinds(account) == [
            (Kind.CREATED, ""),
            (Kind.ROLE_ADDED, Role.INSIDE_SALES),
            (Kind.TEAM_ADDED, "Team Süd"),
        ]
        assert {c.changed_by for c in account.account_changes.all()} == {admin_user}
        assert (
            Client()
            .post("/login/", {"username": "mmeier", "password": STRONG})
            .status_code
            == 302
        )

    def test_a_weak_password_is_refused_and_the_input_kept(self, client, admin_user):
        client.force_login(admin_user)

        response = client.post("/access/users/new/", new_account(password="123"))

        assert response.status_code == 200
        form = response.context["form"]
        assert "password" in form.errors
        assert form["username"].value() == "mmeier"
        assert not get_user_model().objects.filter(username="mmeier").exists()

    def test_a_taken_login_name_is_refused_at_its_field(
        self, client, admin_user, inside_sales
    ):
        client.force_login(admin_user)

        response = client.post(
            "/access/users/new/", new_account(username=inside_sales.username)
        )

        assert response.status_code == 200
        assert "username" in response.context["form"].errors
        assert not AccountChange.objects.exists()

    def test_superuser_and_staff_flags_cannot_be_posted(self, client, admin_user):
        client.force_login(admin_user)

        client.post("/access/users/new/", new_account(is_superuser="on", is_staff="on"))

        account = get_user_model().objects.get(username="mmeier")
        assert not account.is_superuser
        assert not account.is_staff


class TestEdit:
    def test_role_and_team_changes_are_recorded_with_reason(
        self, client, admin_user, inside_sales, team, other_team
    ):
        client.force_login(admin_user)

        response = client.post(
            f"/access/users/{inside_sales.pk}/",
            {
                "first_name": inside_sales.first_name,
                "last_name": inside_sales.last_name,
                "email": inside_sales.email,
                "roles": [Role.FIELD_SALES],
                "teams": [other_team.pk],
                "reason": "Wechsel in den Außendienst",
                "is_superuser": "on",
            },
        )

        assert response.status_code == 302
        inside_sales.refresh_from_db()
        inside_sales._role_cache = None
        assert user_roles(inside_sales) == {Role.FIELD_SALES}
        assert not inside_sales.is_superuser
        assert kinds(inside_sales) == [
            (Kind.ROLE_ADDED, Role.FIELD_SALES),
            (Kind.ROLE_REMOVED, Role.INSIDE_SALES),
            (Kind.TEAM_ADDED, "Team Nord"),
            (Kind.TEAM_REMOVED, "Team Süd"),
        ]
        page = client.get(f"/access/users/{inside_sales.pk}/").content.decode()
        assert "Rolle hinzugefügt: Außendienst" in page
        assert "Wechsel in den Außendienst" in page

    def test_an_admin_cannot_take_their_own_admin_role(self, client, admin_user):
        client.force_login(admin_user)

        response = client.post(
            f"/access/users/{admin_user.pk}/",
            {"first_name": "A", "last_name": "B", "roles": [Role.INSIDE_SALES]},
        )

        assert "roles" in response.context["form"].errors
        admin_user._role_cache = None
        assert Role.ADMIN in user_roles(admin_user)


class TestDeactivate:
    def test_an_open_session_ends_with_its_next_request(
        self, client, admin_user, inside_sales
    ):
        theirs = Client()
        theirs.force_login(inside_sales)
        assert theirs.get("/contacts/companies/").status_code == 200
        client.force_login(admin_user)

        response = client.post(
            f"/access/users/{inside_sales.pk}/active/",
            {"active": "0", "reason": "ausgeschieden"},
        )

        assert response.status_code == 302
        next_click = theirs.get("/contacts/companies/")
        assert next_click.status_code == 302
        assert next_click["Location"].startswith("/login/")
        assert kinds(inside_sales)[-1] == (Kind.DEACTIVATED, "")
        assert inside_sales.account_changes.get().reason == "ausgeschieden"

    def test_a_deactivated_account_cannot_log_in_until_reactivated(
        self, client, admin_user, inside_sales
    ):
        client.force_login(admin_user)
        client.post(f"/access/users/{inside_sales.pk}/active/", {"active": "0"})
        credentials = {
            "username": inside_sales.username,
            "password": factories.PASSWORD,
        }

        assert Client().post("/login/", credentials).status_code == 200

        client.post(f"/access/users/{inside_sales.pk}/active/", {"active": "1"})
        assert Client().post("/login/", credentials).status_code == 302
        assert kinds(inside_sales)[-1] == (Kind.REACTIVATED, "")

    def test_an_admin_cannot_deactivate_themselves(self, client, admin_user):
        client.force_login(admin_user)

        response = client.post(
            f"/access/users/{admin_user.pk}/active/", {"active": "0"}, follow=True
        )

        admin_user.refresh_from_db()
        assert admin_user.is_active
        assert "eigenes Konto" in response.content.decode()


def test_the_list_shows_roles_and_teams(client, admin_user, inside_sales):
    client.force_login(admin_user)

    page = client.get("/access/users/").content.decode()

    assert inside_sales.get_full_name() in page
    assert "Innendienst" in page
    assert "Team Süd" in page


def test_the_django_admin_offers_no_way_to_delete_a_user(client, db):
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    victim = factories.UserFactory()
    client.force_login(superuser)

    response = client.post(
        f"/django-admin/auth/user/{victim.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert type(victim).objects.filter(pk=victim.pk).exists()
