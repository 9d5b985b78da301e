import pytest
from django.contrib.auth.models import Group

from contacts.roles import Role
from tests import factories


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def team(db):
    return factories.TeamFactory(name="Team Süd")


@pytest.fixture
def other_team(db):
    return factories.TeamFactory(name="Team Nord")


@pytest.fixture
def inside_sales(team):
    """Inside sales member of `team`."""
    return factories.UserFactory(roles=[Role.INSIDE_SALES], teams=[team])


@pytest.fixture
def field_rep(team):
    return factories.UserFactory(roles=[Role.FIELD_SALES])


@pytest.fixture
def outsider(other_team):
    """Inside sales, but of another team."""
    return factories.UserFactory(roles=[Role.INSIDE_SALES], teams=[other_team])


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(roles=[Role.ADMIN])


@pytest.fixture
def company(team, field_rep):
    company = factories.CompanyFactory(team=team, field_rep=field_rep)
    factories.AddressFactory(company=company)
    return company


def role_group(role: str) -> Group:
    return Group.objects.get(name=role)
