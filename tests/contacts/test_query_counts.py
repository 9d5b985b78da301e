"""Query counts of the pages the benchmark (#5) times, hardware-independent:
they must not grow with the data behind a page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from contacts import services
from contacts.history import company_history_page
from contacts.models import Address
from tests import factories

pytestmark = pytest.mark.django_db


def queries(client, url, data=None) -> int:
    """Queries of a GET (a POST when data is given, a GET with its query
    string when data holds "before")."""
    with CaptureQueriesContext(connection) as ctx:
        if data is None or "before" in data:
            response = client.get(url, data)
            assert response.status_code == 200, url
        else:
            response = client.post(url, data)
            assert response.status_code == 302, url
    return len(ctx.captured_queries)


def test_field_rep_list_with_grants_does_not_grow(client, field_rep, team, other_team):
    client.force_login(field_rep)
    url = "/contacts/companies/?status=customer"

    def add(count):
        for _ in range(count):
            mine = factories.CompanyFactory(field_rep=field_rep, status="customer")
            factories.AddressFactory(company=mine)
            granted = factories.CompanyFactory(team=other_team, status="customer")
            factories.AddressFactory(company=granted)
            assign_perm("view_company", field_rep, granted)
            assign_perm("view_company", other_team.group, granted)

    add(1)
    few = queries(client, url)
    add(10)
    many = queries(client, url)

    assert few == many
    # Session, user, roles with memberships, count, page, addresses: the team
    # filter's choices come from the memberships (#5).
    assert many <= 6


def test_detail_does_not_grow_with_people_and_addresses(client, inside_sales, company):
    client.force_login(inside_sales)
    url = f"/contacts/companies/{company.pk}/"
    factories.ContactPersonFactory(company=company)
    few = queries(client, url)
    for _ in range(8):
        factories.ContactPersonFactory(company=company)
        factories.AddressFactory(company=company, kind="delivery")

    assert queries(client, url) == few
    # 7 before the qualification panel (#4) and the sources of merged records
    # (#3) each added one query to the page.
    assert few <= 9


def test_history_tab_does_not_grow_with_history(client, inside_sales, company):
    client.force_login(inside_sales)
    url = f"/contacts/companies/{company.pk}/history/"
    few = queries(client, url)
    for number in range(12):
        services.company_update(
            user=inside_sales, company=company, data={"phone": f"030 {number}"}
        )

    assert queries(client, url) == few


def test_history_tab_does_not_grow_with_address_entries(client, inside_sales, company):
    client.force_login(inside_sales)
    url = f"/contacts/companies/{company.pk}/history/"
    address = company.addresses.get()
    few = queries(client, url)
    for number in range(6):
        address = services.address_correct(
            user=inside_sales, address=address, data={"house_number": str(number)}
        )

    assert queries(client, url) == few
    assert "Hauptsitz: " in client.get(url).content.decode()


def test_address_correction_writes_one_history_row(client, inside_sales, company):
    client.force_login(inside_sales)
    address = company.addresses.get()
    data = {
        "kind": address.kind,
        "street": address.street,
        "house_number": "7",
        "postal_code": address.postal_code,
        "city": address.city,
        "country": "DE",
        "valid_from": address.valid_from.isoformat(),
        "version": address.version,
    }
    before = Address.history.filter(id=address.pk).count()

    count = queries(client, f"/contacts/addresses/{address.pk}/edit/", data)

    assert Address.history.filter(id=address.pk).count() == before + 1
    assert count <= 17


def test_older_history_pages_cost_no_more_than_the_first(client, inside_sales, company):
    client.force_login(inside_sales)
    url = f"/contacts/companies/{company.pk}/history/"
    # Enough that the first three pages all hold phone changes only: the
    # company's first entries name its team and rep, a query per model.
    for number in range(160):
        services.company_update(
            user=inside_sales, company=company, data={"phone": f"030 {number}"}
        )
    first = queries(client, url)
    page = company_history_page(company)
    second = queries(client, url, {"before": str(page.older)})
    deeper = company_history_page(company, before=page.older)
    third = queries(client, url, {"before": str(deeper.older)})

    # A cursor adds a condition to each table's query, not a query; the later
    # pages only leave out the merges above the timeline (two queries).
    assert second == third
    assert second == first - 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner needs them"
)
def test_history_tables_have_the_timeline_indexes():
    """Without them the tab of a long-history company walked the whole
    history_date index backwards (#5, contacts 0007)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE "
            "'history_%%_timeline'"
        )
        found = dict(cursor.fetchall())

    assert set(found) == {
        "history_company_timeline",
        "history_address_timeline",
        "history_person_timeline",
        "history_person_own_timeline",
    }
    assert "(company_id, history_date, history_id)" in found["history_address_timeline"]
