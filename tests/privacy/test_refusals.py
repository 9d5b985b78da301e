"""Every refused access leaves a row in the access log: who, when, which
object by id; never a name or an e-mail address."""

import pytest
from django.urls import reverse

from contacts.roles import Role
from privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db


def refusals():
    return AccessLogEntry.objects.filter(action=AccessLogEntry.Action.REFUSED)


def assert_no_personal_data(entry, *values):
    line = " ".join(str(v) for v in (entry.object_type, entry.detail, entry))
    for value in values:
        assert value.casefold() not in line.casefold()


def test_an_outsider_opening_a_company_is_recorded(client, outsider, company):
    client.force_login(outsider)

    response = client.get(f"/contacts/companies/{company.pk}/")

    assert response.status_code == 404
    entry = refusals().get()
    assert (entry.user, entry.object_type, entry.object_id) == (
        outsider,
        "company",
        company.pk,
    )
    assert entry.at is not None
    assert_no_personal_data(entry, company.name)


def test_an_outsider_opening_a_person_is_recorded_by_person_id(
    client, outsider, company
):
    person = factories.ContactPersonFactory(
        company=company, last_name="Müller", email="j.mueller@example.de"
    )
    client.force_login(outsider)

    response = client.get(reverse("contacts:contact-person-detail", args=[person.pk]))

    assert response.status_code == 404
    rows = {(e.object_type, e.object_id) for e in refusals().filter(user=outsider)}
    assert rows == {("contact_person", person.pk), ("company", company.pk)}
    for entry in refusals():
        assert_no_personal_data(entry, "Müller", "mueller", company.name)


def test_a_field_rep_opening_the_edit_page_is_recorded_as_an_edit(
    client, field_rep, company
):
    client.force_login(field_rep)

    assert client.get(f"/contacts/companies/{company.pk}/edit/").status_code == 404

    entry = refusals().get()
    assert (entry.object_type, entry.object_id, entry.detail) == (
        "company",
        company.pk,
        "edit",
    )


def test_creating_a_company_without_the_role_is_recorded(client, field_rep):
    client.force_login(field_rep)

    assert client.get(reverse("contacts:company-create")).status_code == 404

    entry = refusals().get()
    assert (entry.user, entry.object_type, entry.detail) == (
        field_rep,
        "company",
        "create",
    )


@pytest.mark.parametrize(
    ("url_name", "object_type"),
    [
        ("access:user-list", "access_page"),
        ("qualification:criterion-list", "qualification_settings"),
        ("qualification:work-queue", "inside_sales_page"),
        ("privacy:access-log", "privacy_page"),
    ],
)
def test_role_pages_record_their_refusals(client, field_rep, url_name, object_type):
    client.force_login(field_rep)

    assert client.get(reverse(url_name)).status_code == 404

    assert refusals().get().object_type == object_type


def test_answering_someone_elses_handover_is_recorded(client, team, inside_sales):
    from qualification.services import handover_create

    rep = factories.UserFactory(roles=[Role.FIELD_SALES])
    other_rep = factories.UserFactory(roles=[Role.FIELD_SALES])
    company = factories.qualified_company(team=team, user=inside_sales, field_rep=rep)
    handover = handover_create(
        user=inside_sales, company=company, rep=rep, brief="Bitte anrufen"
    )
    # The other rep may see the company (a grant), not answer for the rep.
    company.field_rep = other_rep
    company.save()
    client.force_login(other_rep)

    response = client.post(
        reverse("qualification:handover-respond", args=[handover.pk]),
        {"decision": "accept"},
    )

    assert response.status_code == 404
    entry = refusals().get(object_type="handover")
    assert (entry.user, entry.object_id) == (other_rep, handover.pk)


def test_anonymous_visitors_still_go_to_the_login_page(client, company):
    response = client.get(f"/contacts/companies/{company.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
