import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts import audit
from privacy import selectors
from privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/privacy/log/"


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def entry(user, at, action=audit.VIEW, object_id=1, object_type="contact_person"):
    return AccessLogEntry.objects.create(
        user=user, at=at, action=action, object_type=object_type, object_id=object_id
    )


@pytest.fixture
def log(inside_sales, field_rep):
    """Three days of entries by two users; the edges of 2 and 3 March matter."""
    march = datetime.date(2026, 3, 1)
    return {
        "before": entry(inside_sales, local(march, 23, 59), object_id=10),
        "first": entry(inside_sales, local(march.replace(day=2), 0, 0), object_id=11),
        "export": entry(
            inside_sales,
            local(march.replace(day=2), 12),
            action=audit.EXPORT,
            object_type="company_list",
            object_id=None,
        ),
        "last": entry(inside_sales, local(march.replace(day=3), 23, 59), object_id=12),
        "after": entry(inside_sales, local(march.replace(day=4), 0, 0), object_id=13),
        "rep": entry(field_rep, local(march.replace(day=2), 9), object_id=14),
    }


def test_what_a_user_saw_between_two_dates_counts_both_days_whole(inside_sales, log):
    found = selectors.access_log(
        user=inside_sales,
        date_from=datetime.date(2026, 3, 2),
        date_to=datetime.date(2026, 3, 3),
    )

    assert list(found) == [log["last"], log["export"], log["first"]]


def test_the_action_filter_keeps_only_that_action(inside_sales, log):
    found = selectors.access_log(user=inside_sales, action=audit.EXPORT)

    assert list(found) == [log["export"]]


def test_the_page_filters_by_user_date_range_and_action(client, dpo, inside_sales, log):
    client.force_login(dpo)

    response = client.get(
        URL,
        {
            "user": inside_sales.pk,
            "date_from": "2026-03-02",
            "date_to": "2026-03-03",
            "action": audit.VIEW,
        },
    )

    assert response.status_code == 200
    shown = [e.pk for e in response.context["page"]]
    assert shown == [log["last"].pk, log["first"].pk]
    page = response.content.decode()
    # Contact person rows link to the person page.
    detail = reverse("contacts:contact-person-detail", args=[log["first"].object_id])
    assert f'href="{detail}"' in page


def test_without_a_filter_everything_is_listed_newest_first(client, dpo, log):
    client.force_login(dpo)

    response = client.get(URL)

    shown = [e.pk for e in response.context["page"]]
    assert shown[:2] == [log["after"].pk, log["last"].pk]
    assert len(shown) == len(log)


def test_a_start_after_the_end_is_refused_with_a_message(client, dpo, log):
    client.force_login(dpo)

    response = client.get(URL, {"date_from": "2026-03-05", "date_to": "2026-03-01"})

    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
    page = response.content.decode()
    assert "Das Enddatum darf nicht vor dem Anfangsdatum" in page
    assert list(response.context["page"]) == []


def test_an_unreadable_date_is_refused(client, dpo, log):
    client.force_login(dpo)

    response = client.get(URL, {"date_from": "gestern"})

    assert "date_from" in response.context["form"].errors
    assert list(response.context["page"]) == []


def test_the_user_list_includes_deactivated_accounts(client, dpo):
    gone = factories.UserFactory(first_name="Alt", last_name="Gedient", is_active=False)
    client.force_login(dpo)

    page = client.get(URL).content.decode()

    assert f'value="{gone.pk}"' in page
    assert "Alt Gedient (deaktiviert)" in page


def test_the_filtered_log_downloads_as_csv(client, dpo, inside_sales, log):
    client.force_login(dpo)

    response = client.get(
        URL,
        {"user": inside_sales.pk, "date_from": "2026-03-02", "format": "csv"},
    )

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["time", "user", "action", "object_type", "object_id", "detail"]
    assert [row[4] for row in rows[1:]] == ["13", "12", "", "11"]


def test_the_log_pages_through_long_results(client, dpo, inside_sales):
    start = local(datetime.date(2026, 3, 1), 8)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=inside_sales,
            at=start + datetime.timedelta(minutes=i),
            action=audit.VIEW,
            object_type="contact_person",
            object_id=i,
        )
        for i in range(60)
    )
    client.force_login(dpo)

    second = client.get(URL, {"user": inside_sales.pk, "page": 2})

    assert [e.object_id for e in second.context["page"]] == list(range(9, -1, -1))
    assert "Seite 2 von 2" in second.content.decode()


@pytest.mark.parametrize("persona", ["inside_sales", "field_rep", "admin_user"])
def test_the_log_is_the_data_protection_officers_alone(client, request, persona, log):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 404
    assert client.get(URL, {"format": "csv"}).status_code == 404


def test_csv_cells_that_a_spreadsheet_would_run_stay_text(client, dpo):
    sneaky = factories.UserFactory(first_name="=HYPERLINK(1)", last_name="")
    entry(sneaky, timezone.now())
    client.force_login(dpo)

    response = client.get(URL, {"format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1] == "'=HYPERLINK(1)"
