import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from access import reasons, services
from contacts.models import CompanyGroupObjectPermission, CompanyUserObjectPermission
from contacts.roles import Role
from contacts.selectors import companies_visible_to
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def foreign_company(other_team):
    """A company of another team: nobody from Team Süd sees it without a grant."""
    return factories.CompanyFactory(team=other_team)


@pytest.fixture
def rep():
    return factories.UserFactory(roles=[Role.FIELD_SALES])


def sees(user, company) -> bool:
    return companies_visible_to(user).filter(pk=company.pk).exists()


class TestUserGrant:
    def test_the_user_sees_the_company_through_its_last_day(
        self, admin_user, rep, foreign_company
    ):
        assert not sees(rep, foreign_company)

        services.grant_create(
            granted_by=admin_user,
            company=foreign_company,
            user=rep,
            reason="Vertretung im Mai",
            expires_on=TODAY(),
        )

        assert sees(rep, foreign_company)

    def test_an_expired_grant_counts_for_nothing_before_any_cleanup(
        self, admin_user, rep, foreign_company
    ):
        grant = services.grant_create(
            granted_by=admin_user,
            company=foreign_company,
            user=rep,
            reason="Messe",
            expires_on=TODAY(),
        )
        # The day after the last day: as if the date had moved on overnight.
        CompanyUserObjectPermission.objects.filter(pk=grant.pk).update(
            expires_on=TODAY() - ONE_DAY
        )

        assert CompanyUserObjectPermission.objects.filter(pk=grant.pk).exists()
        assert not sees(rep, foreign_company)

    def test_granted_by_reason_and_time_are_kept(
        self, admin_user, rep, foreign_company
    ):
        grant = services.grant_create(
            granted_by=admin_user,
            company=foreign_company,
            user=rep,
            reason="  Vertretung  ",
        )

        grant.refresh_from_db()
        assert grant.reason == "Vertretung"
        assert grant.granted_by == admin_user
        assert grant.expires_on is None
        assert abs((timezone.now() - grant.created_at).total_seconds()) < 60

    def test_granting_again_renews_instead_of_doubling(
        self, admin_user, rep, foreign_company
    ):
        services.grant_create(
            granted_by=admin_user, company=foreign_company, user=rep, reason="Messe"
        )
        services.grant_create(
            granted_by=admin_user,
            company=foreign_company,
            user=rep,
            reason="Verlängert",
            expires_on=TODAY() + ONE_DAY,
        )

        grant = CompanyUserObjectPermission.objects.get()
        assert grant.reason == "Verlängert"
        assert grant.expires_on == TODAY() + ONE_DAY
        rows = list(grant.history.order_by("history_date", "history_id"))
        assert [(r.history_type, r.history_change_reason) for r in rows] == [
            ("+", reasons.GRANTED),
            ("~", reasons.RENEWED),
        ]
        assert [r.reason for r in rows] == ["Messe", "Verlängert"]


class TestTeamGrant:
    def test_members_see_the_company_until_it_expires(
        self, admin_user, inside_sales, team, foreign_company
    ):
        grant = services.grant_create(
            granted_by=admin_user, company=foreign_company, team=team, reason="Projekt"
        )
        assert sees(inside_sales, foreign_company)

        CompanyGroupObjectPermission.objects.filter(pk=grant.pk).update(
            expires_on=TODAY() - ONE_DAY
        )

        assert not sees(inside_sales, foreign_company)


class TestRefusals:
    @pytest.mark.parametrize(
        ("fields", "error_field"),
        [
            ({"reason": " "}, "reason"),
            ({"expires_on": datetime.date(2020, 1, 1)}, "expires_on"),
            ({"user": None}, "user"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_granted(
        self, admin_user, rep, foreign_company, fields, error_field
    ):
        arguments = {"user": rep, "reason": "Messe"} | fields

        with pytest.raises(ValidationError) as raised:
            services.grant_create(
                granted_by=admin_user, company=foreign_company, **arguments
            )

        assert error_field in raised.value.message_dict
        assert not CompanyUserObjectPermission.objects.exists()

    def test_user_and_team_at_once_is_refused(
        self, admin_user, rep, team, foreign_company
    ):
        with pytest.raises(ValidationError):
            services.grant_create(
                granted_by=admin_user,
                company=foreign_company,
                user=rep,
                team=team,
                reason="Messe",
            )

    def test_a_deactivated_user_gets_no_grant(self, admin_user, rep, foreign_company):
        rep.is_active = False
        rep.save()

        with pytest.raises(ValidationError) as raised:
            services.grant_create(
                granted_by=admin_user, company=foreign_company, user=rep, reason="x"
            )

        assert "user" in raised.value.message_dict


class TestRevokeAndCleanup:
    def test_revoking_ends_access_and_keeps_history(
        self, admin_user, rep, foreign_company
    ):
        grant = services.grant_create(
            granted_by=admin_user, company=foreign_company, user=rep, reason="Messe"
        )

        services.grant_revoke(revoked_by=admin_user, grant=grant, reason="Messe vorbei")

        assert not sees(rep, foreign_company)
        last = CompanyUserObjectPermission.history.order_by("-history_id").first()
        assert last.history_type == "-"
        assert last.history_user == admin_user
        assert last.history_change_reason == "revoked: Messe vorbei"

    def test_the_command_removes_only_expired_grants(
        self, admin_user, rep, team, foreign_company, capsys
    ):
        lasting = services.grant_create(
            granted_by=admin_user, company=foreign_company, user=rep, reason="Dauer"
        )
        expired = services.grant_create(
            granted_by=admin_user, company=foreign_company, team=team, reason="Messe"
        )
        CompanyGroupObjectPermission.objects.filter(pk=expired.pk).update(
            expires_on=TODAY() - ONE_DAY
        )

        call_command("delete_expired_grants")

        assert "1 expired grant(s) removed." in capsys.readouterr().out
        assert CompanyUserObjectPermission.objects.filter(pk=lasting.pk).exists()
        assert not CompanyGroupObjectPermission.objects.exists()
        last = CompanyGroupObjectPermission.history.order_by("-history_id").first()
        assert (last.history_type, last.history_change_reason) == ("-", reasons.EXPIRED)
        assert last.history_user is None
