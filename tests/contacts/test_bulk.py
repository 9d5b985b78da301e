"""contacts.bulk.insert_new: many new records at once (COPY on PostgreSQL)
leave the same rows behind as saving them one by one."""

import datetime
import warnings
from decimal import Decimal

import pytest
from django.db import DataError, connection, transaction
from django.utils import timezone

from contacts import bulk
from contacts.models import Address, Company, ContactPerson
from tests import factories

pytestmark = pytest.mark.django_db


def test_records_get_ids_and_children_point_at_their_parents():
    source = factories.SourceFactory()
    now = timezone.now()
    companies = [
        Company(name=f"Firma {n}", source=source, created_at=now, updated_at=now)
        for n in range(3)
    ]
    bulk.insert_new(companies)
    addresses = [
        Address(company=company, street="Hauptstr.", city="Köln", country="AT")
        for company in companies
    ]
    bulk.insert_new(addresses)

    assert all(c.pk for c in companies) and len({c.pk for c in companies}) == 3
    assert not any(c._state.adding for c in companies)
    for company, address in zip(companies, addresses, strict=True):
        stored = Address.objects.get(pk=address.pk)
        assert (stored.company_id, stored.city, stored.country.code) == (
            company.pk,
            "Köln",
            "AT",
        )


def test_values_of_every_kind_arrive_as_given():
    source = factories.SourceFactory()
    company = factories.CompanyFactory()
    when = timezone.now().replace(microsecond=0)
    person = ContactPerson(
        company=company,
        source=source,
        last_name="Weiß",
        first_name="",
        informed_on=datetime.date(2026, 11, 30),
        restricted_at=None,
        created_at=when,
        updated_at=when,
    )
    company_row = Company(
        name="Zahlen AG",
        source=source,
        revenue=Decimal("1250000.50"),
        status=Company.Status.CUSTOMER,
        created_at=when,
        updated_at=when,
    )

    bulk.insert_new([person])
    bulk.insert_new([company_row])

    stored = ContactPerson.objects.get(pk=person.pk)
    assert (stored.last_name, stored.first_name, stored.informed_on) == (
        "Weiß",
        "",
        datetime.date(2026, 11, 30),
    )
    assert (stored.created_at, stored.restricted_at, stored.version) == (when, None, 1)
    stored_company = Company.objects.get(pk=company_row.pk)
    assert stored_company.revenue == Decimal("1250000.50")
    # A choice given as its enum member is stored as its value, not its name.
    assert Company.objects.filter(pk=company_row.pk, status="customer").exists()


def test_a_later_save_takes_the_next_id():
    source = factories.SourceFactory()
    now = timezone.now()
    first = [Company(name="Eins", source=source, created_at=now, updated_at=now)]
    bulk.insert_new(first)

    later = factories.CompanyFactory()

    assert later.pk > first[0].pk


def test_nothing_to_write_is_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        bulk.insert_new([])


@pytest.mark.parametrize(
    ("name", "value"),
    [
        # An aware datetime for a date: Django takes the date where the
        # company is (Berlin, already 2 January), not in UTC.
        (
            "last_order_date",
            datetime.datetime(2026, 1, 1, 23, 30, tzinfo=datetime.UTC),
        ),
        # A naive datetime is read in the current time zone, not in the
        # connection's UTC.
        ("verified_at", datetime.datetime(2026, 1, 1, 12, 0)),
        ("employees", True),
        ("employees", Decimal("12.0")),
    ],
)
def test_values_the_field_converts_arrive_as_bulk_create_stores_them(name, value):
    source = factories.SourceFactory()
    now = timezone.now()

    def company():
        fields = {"name": "Wert AG", "source": source, name: value}
        return Company(created_at=now, updated_at=now, **fields)

    saved, copied = company(), company()
    with warnings.catch_warnings():
        # Django's warning about the naive datetime, which the case is about.
        warnings.simplefilter("ignore", RuntimeWarning)
        Company.objects.bulk_create([saved])
        bulk.insert_new([copied])

    rows = Company.objects.filter(pk__in=[saved.pk, copied.pk]).order_by("pk")
    assert [getattr(row, name) for row in rows] == [getattr(rows[0], name)] * 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite does not check lengths"
)
def test_a_refused_row_raises_djangos_error():
    """Callers catch django.db errors; COPY's own would slip past them."""
    now = timezone.now()
    too_long = Company(
        name="x" * 500, source=factories.SourceFactory(), created_at=now, updated_at=now
    )

    with pytest.raises(DataError), transaction.atomic():
        bulk.insert_new([too_long])
