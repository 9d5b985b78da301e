"""contacts.sql.among: `__in` as one array parameter on PostgreSQL."""

import pytest
from django.db import connection

from contacts.consent.models import Suppression
from contacts.models import Company
from contacts.sql import among
from tests import factories

pytestmark = pytest.mark.django_db


def test_ids_among_give_what_in_gives():
    companies = factories.CompanyFactory.create_batch(3)
    wanted = {companies[0].pk, companies[2].pk, 10**12}

    found = set(
        Company.objects.filter(among("pk", wanted)).values_list("pk", flat=True)
    )

    assert found == {companies[0].pk, companies[2].pk}


def test_strings_among_give_what_in_gives():
    Suppression.objects.create(kind="email", digest="a" * 64, cause="objection")
    Suppression.objects.create(kind="email", digest="b" * 64, cause="objection")

    rows = Suppression.objects.filter(among("digest", ["b" * 64, "c" * 64]))

    assert [row.digest for row in rows] == ["b" * 64]


def test_nothing_among_no_values():
    factories.CompanyFactory()

    assert not Company.objects.filter(among("pk", [])).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the array form is PostgreSQL's"
)
def test_many_values_are_one_parameter():
    rows = Company.objects.filter(among("pk", range(1, 5001)))

    sql, params = rows.query.sql_with_params()

    assert "= ANY(" in sql
    assert len(params) == 1
