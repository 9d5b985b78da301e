"""Quick capture of an inbound contact stops at a possible duplicate like
every other create, and saves anyway with a reason."""

import pytest

from contacts.models import Company
from tests import factories

pytestmark = pytest.mark.django_db


def capture_post(**extra):
    return {
        "name": "Mayer",
        "address_street": "Marienplatz",
        "address_postal_code": "80331",
        "address_city": "München",
        "person_salutation": "mr",
        "person_last_name": "Huber",
        "person_phone": "089 1234567",
        "channel": "phone",
        "concern": "Angebot für Wartung",
        **extra,
    }


def test_capture_warns_then_saves_with_a_reason(client, inside_sales, team):
    maier = factories.CompanyFactory(name="Maier", team=team)
    factories.AddressFactory(company=maier, postal_code="80331", city="München")
    client.force_login(inside_sales)
    post = capture_post(team=team.pk)

    warned = client.post("/qualification/capture/", post)

    assert warned.status_code == 200
    assert 'data-testid="duplicates"' in warned.content.decode()
    assert Company.objects.count() == 1

    saved = client.post(
        "/qualification/capture/",
        post | {"save_anyway": "1", "duplicate_reason": "Neukunde"},
    )

    assert saved.status_code == 302
    assert Company.objects.filter(name="Mayer").exists()
