import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from contacts import services
from contacts.models import Company, ContactPerson
from privacy import retention
from privacy.erasure import PLACEHOLDER
from privacy.models import Erasure
from qualification.services import qualification_call_record
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/privacy/retention/"
LONG_AGO = timezone.now() - datetime.timedelta(days=5 * 365)


def _aged(person, when=LONG_AGO):
    ContactPerson.objects.filter(pk=person.pk).update(created_at=when, updated_at=when)
    person.refresh_from_db()
    return person


@pytest.fixture
def old(db):
    """Two persons nobody touched for five years, at a prospect."""
    company = factories.CompanyFactory(name="Altbestand")
    return [
        _aged(factories.ContactPersonFactory(company=company, last_name=name))
        for name in ("Abendroth", "Zwiebelhaupt")
    ]


def _shown(client):
    response = client.get(URL, {"years": 3})
    assert response.status_code == 200
    return response, {row.person.pk for row in response.context["rows"]}


def test_the_dry_run_lists_and_erases_nothing(client, dpo, old):
    fresh = factories.ContactPersonFactory()
    client.force_login(dpo)

    response, shown = _shown(client)

    assert shown == {person.pk for person in old}
    assert fresh.pk not in shown
    page = response.content.decode()
    assert "Abendroth" in page and "Altbestand" in page
    assert response.context["total"] == 2
    assert not Erasure.objects.exists()
    assert not ContactPerson.objects.filter(erased_at__isnull=False).exists()


def test_erase_all_erases_exactly_those_shown(client, dpo, old):
    client.force_login(dpo)
    response, shown = _shown(client)
    # Became inactive after the report was shown: not erased with it.
    latecomer = _aged(factories.ContactPersonFactory(last_name="Nachzügler"))
    form = response.context["erase_form"]

    response = client.post(
        f"{URL}?years=3",
        {
            "cutoff": form["cutoff"].value(),
            "ids": form["ids"].value(),
            "request_reference": "Aufbewahrung 2026-Q4",
            "confirm": "on",
        },
    )

    assert response.status_code == 302
    erased = set(
        ContactPerson.objects.filter(erased_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    assert erased == shown
    assert set(Erasure.objects.values_list("person_id", flat=True)) == shown
    latecomer.refresh_from_db()
    assert latecomer.erased_at is None
    assert ContactPerson.objects.get(pk=old[0].pk).last_name == PLACEHOLDER


def test_someone_worked_on_since_the_report_is_kept(client, dpo, old, inside_sales):
    client.force_login(dpo)
    response, _shown_ids = _shown(client)
    form = response.context["erase_form"]
    services.contact_person_update(
        user=inside_sales, person=old[0], data={"job_title": "Werkleiter"}
    )

    response = client.post(
        f"{URL}?years=3",
        {
            "cutoff": form["cutoff"].value(),
            "ids": form["ids"].value(),
            "request_reference": "Aufbewahrung 2026-Q4",
            "confirm": "on",
        },
        follow=True,
    )

    assert ContactPerson.objects.get(pk=old[0].pk).erased_at is None
    assert ContactPerson.objects.get(pk=old[1].pk).erased_at is not None
    assert "1" in str(list(response.context["messages"])[0])


def test_without_reference_or_confirmation_nobody_is_erased(client, dpo, old):
    client.force_login(dpo)
    response, _shown_ids = _shown(client)
    form = response.context["erase_form"]

    response = client.post(
        f"{URL}?years=3",
        {"cutoff": form["cutoff"].value(), "ids": form["ids"].value()},
    )

    assert response.status_code == 200
    assert response.context["erase_form"].errors
    assert not Erasure.objects.exists()


def test_recent_activity_keeps_a_person(inside_sales, old):
    cutoff = retention.cutoff_for(years=3)
    called, edited, ordered, old_customer = (
        _aged(factories.ContactPersonFactory(company=factories.CompanyFactory()))
        for _ in range(4)
    )
    qualification_call_record(
        user=inside_sales,
        company=called.company,
        data={"channel": "phone", "reached": called, "outcome": "call_back"},
        addresses=[],
        persons=[],
    )
    services.contact_person_update(
        user=inside_sales, person=edited, data={"department": "Vertrieb"}
    )
    recent, years_ago = timezone.localdate(), cutoff - datetime.timedelta(days=30)
    for person, last_order in ((ordered, recent), (old_customer, years_ago)):
        Company.objects.filter(pk=person.company_id).update(
            status=Company.Status.CUSTOMER, last_order_date=last_order
        )

    rows, total = retention.retention_report(cutoff=cutoff)

    by_pk = {row.person.pk: row for row in rows}
    assert set(by_pk) == {old[0].pk, old[1].pk, old_customer.pk}
    assert by_pk[old_customer.pk].activity == "order_on"
    assert by_pk[old_customer.pk].last_activity == years_ago
    assert total == 3


def test_restricted_and_erased_persons_are_not_listed(dpo, old):
    from contacts.consent.services import person_restrict
    from privacy.erasure import person_erase

    person_restrict(user=dpo, person=old[0], reason="Rechtsstreit")
    person_erase(user=dpo, person=old[1], request_reference="T 1")

    rows, total = retention.retention_report(cutoff=retention.cutoff_for(years=3))

    assert (rows, total) == ([], 0)


def test_the_report_is_one_query_however_many_rows(old, django_assert_max_num_queries):
    more = [_aged(factories.ContactPersonFactory()) for _ in range(5)]
    with django_assert_max_num_queries(2):
        rows, total = retention.retention_report(cutoff=retention.cutoff_for(years=3))
        names = [row.person.company.name for row in rows]
    assert total == len(names) == 2 + len(more)


def test_the_command_is_a_dry_run_unless_told_to_erase(old):
    out = StringIO()

    call_command("retention_report", "--years", "3", stdout=out)

    output = out.getvalue()
    assert "Abendroth" in output and "Zwiebelhaupt" in output
    assert "2 contact persons without activity since" in output
    assert "Dry run: nothing erased." in output
    assert not Erasure.objects.exists()


def test_the_command_erases_with_a_reference(old, dpo):
    out = StringIO()

    call_command(
        "retention_report",
        "--erase",
        "--reference",
        "Aufbewahrung 2026",
        "--by",
        dpo.username,
        stdout=out,
    )

    assert "Erased: 2" in out.getvalue()
    assert Erasure.objects.filter(erased_by=dpo).count() == 2
    assert not retention.inactive_persons(cutoff=retention.cutoff_for(years=3))


def test_the_command_refuses_to_erase_without_a_reference(old):
    with pytest.raises(CommandError, match="--reference"):
        call_command("retention_report", "--erase", stdout=StringIO())
    assert not Erasure.objects.exists()
