"""Keyset paging of the company list: next, previous, first and last pages
keep the filter, cover every company once and cost what the first page does."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.views import PAGE_SIZE
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/contacts/companies/"


@pytest.fixture
def customers(team, field_rep):
    """Two and a half pages of the rep's customers; the last of page 1 and
    the first of page 2 have the same name."""
    names = [f"Firma {number:03d}" for number in range(PAGE_SIZE * 2 + 10)]
    names[PAGE_SIZE] = names[PAGE_SIZE - 1]
    companies = [
        factories.CompanyFactory(name=name, field_rep=field_rep, status="customer")
        for name in names
    ]
    factories.CompanyFactory(name="Firma Interessent", field_rep=field_rep)
    return sorted(companies, key=lambda company: (company.name_key, company.pk))


def shown(response) -> list[int]:
    return [
        int(pk)
        for pk in re.findall(r'href="/contacts/companies/(\d+)/"', _html(response))
    ]


def link(response, label: str) -> str:
    match = re.search(rf'href="(\?[^"]*)">{label}</a>', _html(response))
    assert match, label
    return URL + unescape(match.group(1))


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_next_walks_every_company_once_keeping_the_filter(client, field_rep, customers):
    client.force_login(field_rep)

    first = client.get(URL, {"status": "customer"})
    second = client.get(link(first, "Weiter"))
    third = client.get(link(second, "Weiter"))

    assert shown(first) + shown(second) + shown(third) == [c.pk for c in customers]
    assert "Seite 3 von 3" in _html(third)
    assert "60 Firmen" in _html(third)
    assert "Weiter" not in _html(third)
    assert "status=customer" in link(second, "Weiter")


def test_previous_first_and_last(client, field_rep, customers):
    client.force_login(field_rep)
    pages = [
        [c.pk for c in customers[start : start + PAGE_SIZE]]
        for start in range(0, len(customers), PAGE_SIZE)
    ]

    last = client.get(link(client.get(URL, {"status": "customer"}), "Letzte Seite"))
    back = client.get(link(last, "Zurück"))
    home = client.get(link(back, "Zurück"))

    assert (shown(last), shown(back), shown(home)) == (pages[2], pages[1], pages[0])
    assert "Seite 2 von 3" in _html(back)
    assert "Zurück" not in _html(home)
    assert shown(client.get(link(last, "Erste Seite"))) == pages[0]


def test_a_page_number_alone_still_works(client, field_rep, customers):
    client.force_login(field_rep)

    response = client.get(URL, {"status": "customer", "page": 2})

    assert shown(response) == [c.pk for c in customers[PAGE_SIZE : 2 * PAGE_SIZE]]


def test_a_damaged_cursor_gives_the_first_page(client, field_rep, customers):
    client.force_login(field_rep)

    response = client.get(URL, {"status": "customer", "after": "x:y"})

    assert shown(response) == [c.pk for c in customers[:PAGE_SIZE]]


def test_a_deep_page_costs_the_queries_of_the_first(client, field_rep, customers):
    client.force_login(field_rep)
    first_url = f"{URL}?status=customer"
    deep_url = link(client.get(link(client.get(first_url), "Weiter")), "Weiter")

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    assert queries(deep_url) == queries(first_url)
