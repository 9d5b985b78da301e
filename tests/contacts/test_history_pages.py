"""The company history tab in pages of 50 with a link to older entries (#5):
the pages together show every entry once, in order, whatever the data."""

import html
import re

import pytest

from contacts import services
from contacts.consent import services as consent
from contacts.history import (
    PAGE_SIZE,
    Cursor,
    company_history,
    company_history_page,
)
from contacts.models import Address, Company, ContactPerson
from contacts.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

OLDER = re.compile(r'href="(\?before=[^"]+)" data-testid="history-older"')


def url(company) -> str:
    return f"/contacts/companies/{company.pk}/history/"


def update_phone(user, company, count: int) -> None:
    for number in range(count):
        services.company_update(
            user=user, company=company, data={"phone": f"030 {number:04d}"}
        )


def shown_phones(body: str) -> list[str]:
    # Each update shows its new phone inside <ins>; the page lists newest first.
    return re.findall(r"<ins>030 (\d{4})</ins>", body)


def older_link(body: str) -> str | None:
    found = OLDER.search(body)
    return html.unescape(found.group(1)) if found else None


def test_first_page_shows_50_entries_and_a_link_to_older_ones(
    client, inside_sales, company
):
    update_phone(inside_sales, company, 60)
    client.force_login(inside_sales)

    body = client.get(url(company)).content.decode()

    assert body.count('<li class="list-group-item">') == PAGE_SIZE
    assert older_link(body)
    assert 'data-testid="history-newest"' not in body


def test_short_history_has_no_page_links(client, inside_sales, company):
    update_phone(inside_sales, company, 3)
    client.force_login(inside_sales)

    body = client.get(url(company)).content.decode()

    assert 'data-testid="history-pages"' not in body


def test_older_pages_continue_without_overlap_or_gap(client, inside_sales, company):
    update_phone(inside_sales, company, 120)
    client.force_login(inside_sales)

    seen, link, pages = [], "", 0
    while link is not None:
        body = client.get(url(company) + link).content.decode()
        seen.extend(shown_phones(body))
        link = older_link(body)
        pages += 1
        if pages > 1:
            assert 'data-testid="history-newest"' in body
            assert "Ältere Einträge" in body

    assert pages == 3
    # Newest first, each update exactly once.
    assert seen == [f"{number:04d}" for number in reversed(range(120))]


def test_pages_split_entries_of_one_time_exactly(inside_sales, company):
    """A merge or bulk write gives many rows one history_date, and history_id
    repeats across tables: the boundary must still fall between two entries."""
    update_phone(inside_sales, company, 30)
    address = company.addresses.get()
    for number in range(30):
        address = services.address_correct(
            user=inside_sales, address=address, data={"house_number": str(number)}
        )
    factories.ContactPersonFactory.create_batch(5, company=company)
    moment = Company.history.filter(id=company.pk).latest("history_date").history_date
    # Every row at the same moment: only history_id and the table order rest.
    for model in (Company, Address, ContactPerson):
        model.history.all().update(history_date=moment)

    everything = [entry.key for entry in company_history(company, limit=1000)]
    paged, cursor = [], None
    for _page in range(10):
        page = company_history_page(company, before=cursor, size=7)
        paged.extend(entry.key for entry in page.entries)
        cursor = page.older
        if cursor is None:
            break

    assert len(everything) > 7 * 5
    assert paged == sorted(everything, reverse=True)
    assert len(set(paged)) == len(paged)


def test_the_oldest_entry_on_a_page_still_shows_what_it_changed(inside_sales, company):
    update_phone(inside_sales, company, 12)
    first = company_history_page(company, size=5)

    second = company_history_page(company, before=first.older, size=5)

    oldest = second.entries[-1]
    assert [(c.old, c.new) for c in oldest.changes if c.new.startswith("030")] == [
        ("030 0001", "030 0002")
    ]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "~~",
        "2026-13-45T00:00:00+00:00~1~0",
        "2026-01-01T00:00:00~1~0",  # no time zone
        "2026-01-01T00:00:00+00:00~-1~0",
        "2026-01-01T00:00:00+00:00~99999999999999999999999~0",
        "9999-12-31T23:59:59-23:00~1~0",
        "2026-01-01T00:00:00+00:00~1~0~extra",
        "\x00",
    ],
)
def test_damaged_cursor_shows_the_first_page(client, inside_sales, company, cursor):
    update_phone(inside_sales, company, 60)
    client.force_login(inside_sales)

    response = client.get(url(company), {"before": cursor})

    assert Cursor.parse(cursor) is None
    assert response.status_code == 200
    body = response.content.decode()
    assert shown_phones(body)[0] == "0059"
    assert 'data-testid="history-newest"' not in body


def test_cursor_survives_an_unencoded_plus(inside_sales, company):
    update_phone(inside_sales, company, 3)
    key = company_history(company)[0].key

    assert Cursor.parse(str(key).replace("+", " ")) == key


def test_merges_only_on_the_first_page(client, inside_sales, company, monkeypatch):
    from contacts import views

    update_phone(inside_sales, company, 60)
    client.force_login(inside_sales)
    calls = []
    monkeypatch.setattr(views, "merges_of", lambda c: calls.append(c) or [])

    body = client.get(url(company)).content.decode()
    client.get(url(company) + older_link(body))

    assert calls == [company]


def test_restricted_persons_stay_hidden_on_older_pages(client, inside_sales, company):
    dpo = factories.UserFactory(roles=[Role.DATA_PROTECTION])
    person = factories.ContactPersonFactory(
        company=company, first_name="Jana", last_name="Kowalczyk"
    )
    services.contact_person_update(
        user=inside_sales,
        person=person,
        data={"job_title": "Geschäftsführerin"},
        expected_version=person.version,
    )
    # The person's entries are old now: they would fall on the second page.
    update_phone(inside_sales, company, 55)
    consent.person_restrict(user=dpo, person=person, reason="Richtigkeit bestritten")
    unhidden = company_history_page(company, before=company_history_page(company).older)
    assert any("Kowalczyk" in entry.subject for entry in unhidden.entries)
    client.force_login(inside_sales)

    bodies, link = [], ""
    while link is not None:
        body = client.get(url(company) + link).content.decode()
        bodies.append(body)
        link = older_link(body)

    assert len(bodies) == 2
    assert not any("Kowalczyk" in body for body in bodies)
