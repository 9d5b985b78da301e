import pytest

from qualification.models import Handover
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_qualification_page_sends_anonymous_visitors_to_login(
    client, company, inside_sales, field_rep
):
    person = factories.ContactPersonFactory(company=company)
    handover = Handover.objects.create(
        company=company,
        rep=field_rep,
        brief="b",
        priority="A",
        score=1,
        handed_over_by=inside_sales,
    )
    urls = [
        "/qualification/criteria/",
        "/qualification/criteria/new/",
        "/qualification/criteria/1/edit/",
        "/qualification/settings/",
        "/qualification/queue/",
        "/qualification/capture/",
        "/qualification/leads/",
        f"/qualification/companies/{company.pk}/",
        f"/qualification/companies/{company.pk}/profile/",
        f"/qualification/companies/{company.pk}/calls/new/",
        f"/qualification/companies/{company.pk}/handover/",
        f"/qualification/contacts/{person.pk}/profile/",
        f"/qualification/handovers/{handover.pk}/",
    ]
    posts = [
        f"/qualification/companies/{company.pk}/priority/",
        f"/qualification/handovers/{handover.pk}/respond/",
        f"/qualification/handovers/{handover.pk}/outcome/",
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/"), url
    for url in posts:
        response = client.post(url, {"accept": "yes", "outcome": "order"})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/"), url
    assert Handover.objects.get().status == "offered"
