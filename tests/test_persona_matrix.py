"""Every URL name of the project, requested by every kind of user.

The matrix below says what each persona gets. A URL name that is not in it
fails the test: whoever adds a page decides here who may reach it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from access import services
from contacts.duplicates.merge import company_merge
from contacts.duplicates.models import CompanyPair
from contacts.roles import Role
from qualification.models import Criterion
from qualification.services import handover_create
from tests import factories

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "outsider",  # signed in, no role, no team
    "field_rep",  # the company's assigned rep
    "other_team",  # inside sales of another team
    "owner",  # inside sales of the company's team
    "dpo",
    "admin",
]
SIGNED_IN = PERSONAS[1:]
LOGIN_REDIRECT = 302


def statuses(**by_persona) -> dict[str, int]:
    assert set(by_persona) == set(PERSONAS), by_persona.keys()
    return by_persona


# A company's own pages: its team, its rep and those who see every company.
READ = statuses(
    anonymous=302,
    outsider=404,
    field_rep=200,
    other_team=404,
    owner=200,
    dpo=200,
    admin=200,
)
# Changes to a company: its team's inside sales and admins only.
EDIT = statuses(
    anonymous=302,
    outsider=404,
    field_rep=404,
    other_team=404,
    owner=200,
    dpo=404,
    admin=200,
)
CREATE = statuses(
    anonymous=302,
    outsider=404,
    field_rep=404,
    other_team=200,
    owner=200,
    dpo=404,
    admin=200,
)
# Lists filter by what the user may see; an empty list is no leak.
LIST = statuses(
    anonymous=302,
    outsider=200,
    field_rep=200,
    other_team=200,
    owner=200,
    dpo=200,
    admin=200,
)
ADMIN_ONLY = statuses(
    anonymous=302,
    outsider=404,
    field_rep=404,
    other_team=404,
    owner=404,
    dpo=404,
    admin=200,
)

DPO_ONLY = statuses(
    anonymous=302,
    outsider=404,
    field_rep=404,
    other_team=404,
    owner=404,
    dpo=200,
    admin=404,
)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


# Actions that only take a POST: a GET is 405 for everyone signed in, and a
# POST is refused as if the page did not exist for all but admins.
POST_ONLY = everyone(405) | {"anonymous": 302}
ADMIN_POST = ADMIN_ONLY | {"admin": 302}
# Duplicate actions: whoever may edit the records involved.
CREATE_POST = CREATE | {"other_team": 302, "owner": 302, "admin": 302}
EDIT_POST = EDIT | {"owner": 302, "admin": 302}
# A handover is answered by the rep it was handed to, and nobody else.
REP_POST = everyone(404) | {"anonymous": 302, "field_rep": 302}


def company(objects):
    return {"pk": objects["company"].pk}


def company_of(objects):
    return {"company_pk": objects["company"].pk}


def address(objects):
    return {"pk": objects["address"].pk}


def person(objects):
    return {"pk": objects["person"].pk}


def person_phone(objects):
    return {"pk": objects["person"].pk, "channel": "phone"}


def user_grant(objects):
    return {"kind": "user", "pk": objects["grant"].pk}


def account(objects):
    return {"pk": objects["users"]["outsider"].pk}


def team(objects):
    return {"pk": objects["company"].team_id}


def no_arguments(objects):
    return {}


def pair(objects):
    return {"kind": "companies", "pk": objects["pair"].pk}


def merge(objects):
    return {"pk": objects["merge"].pk}


# A query string goes under "?"; the rest are the URL's keyword arguments.
def company_twins(objects):
    ids = (objects["company"].pk, objects["twin"].pk)
    return {"?": f"ids={ids[0]}&ids={ids[1]}"}


def person_twins(objects):
    ids = (objects["person"].pk, objects["person_twin"].pk)
    return {"?": f"ids={ids[0]}&ids={ids[1]}"}


def handover(objects):
    return {"pk": objects["handover"].pk}


def criterion(objects):
    return {"pk": objects["criterion"].pk}


def url_for(name, objects, arguments) -> str:
    kwargs = arguments(objects)
    query = kwargs.pop("?", "")
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{query}" if query else url


# name → (expected GET status per persona, URL arguments[, POST statuses])
MATRIX = {
    "home": (everyone(302), no_arguments),
    "login": (everyone(200), no_arguments),
    # Logging out is a POST; a GET is refused whoever sends it.
    "logout": (everyone(405), no_arguments),
    "set_language": (everyone(302), no_arguments),
    "contacts:company-list": (LIST, no_arguments),
    "contacts:company-create": (CREATE, no_arguments),
    "contacts:company-detail": (READ, company),
    "contacts:company-history": (READ, company),
    "contacts:company-edit": (EDIT, company),
    "contacts:address-create": (EDIT, company_of),
    "contacts:address-edit": (EDIT, address),
    "contacts:address-move": (EDIT, address),
    "contacts:contact-person-create": (EDIT, company_of),
    "contacts:contact-person-detail": (READ, person),
    "contacts:contact-person-edit": (EDIT, person),
    "contacts:contact-permission-edit": (EDIT, person_phone),
    "contacts:contact-person-object": (EDIT, person),
    "contacts:contact-person-leave": (EDIT, person),
    "contacts:outreach": (LIST, no_arguments),
    "contacts:outreach-export": (CREATE, no_arguments),
    "contacts:notice-list": (CREATE, no_arguments),
    "contacts:duplicate-list": (CREATE, no_arguments),
    "contacts:duplicate-scan": (POST_ONLY, no_arguments, CREATE_POST),
    "contacts:duplicate-dismiss": (POST_ONLY, pair, EDIT_POST),
    "contacts:company-merge": (EDIT, company_twins),
    "contacts:contact-person-merge": (EDIT, person_twins),
    "contacts:merge-undo": (POST_ONLY, merge, EDIT_POST),
    "qualification:assessment": (READ, company),
    "qualification:call-create": (EDIT, company),
    "qualification:company-profile-edit": (EDIT, company),
    "qualification:contact-profile-edit": (EDIT, person),
    "qualification:priority-override": (POST_ONLY, company, EDIT_POST),
    "qualification:handover-create": (EDIT, company),
    "qualification:handover-detail": (READ, handover),
    "qualification:handover-respond": (POST_ONLY, handover, REP_POST),
    "qualification:handover-outcome": (POST_ONLY, handover, REP_POST),
    "qualification:inbound-capture": (CREATE, no_arguments),
    "qualification:work-queue": (CREATE, no_arguments),
    "qualification:lead-list": (LIST, no_arguments),
    "qualification:criterion-list": (ADMIN_ONLY, no_arguments),
    "qualification:criterion-create": (ADMIN_ONLY, no_arguments),
    "qualification:criterion-edit": (ADMIN_ONLY, criterion),
    "qualification:settings-edit": (ADMIN_ONLY, no_arguments),
    "access:grant-list": (ADMIN_ONLY, no_arguments),
    "access:grant-create": (ADMIN_ONLY, company_of),
    "access:grant-revoke": (ADMIN_ONLY, user_grant),
    "access:user-list": (ADMIN_ONLY, no_arguments),
    "access:user-create": (ADMIN_ONLY, no_arguments),
    "access:user-edit": (ADMIN_ONLY, account),
    "access:user-set-active": (POST_ONLY, account, ADMIN_POST),
    "access:team-list": (ADMIN_ONLY, no_arguments),
    "access:team-create": (ADMIN_ONLY, no_arguments),
    "access:team-edit": (ADMIN_ONLY, team),
    "privacy:overview": (DPO_ONLY, no_arguments),
    "privacy:person-restrict": (DPO_ONLY, person),
    "privacy:access-export": (DPO_ONLY, person),
    "privacy:person-erase": (DPO_ONLY, person),
    "privacy:access-log": (DPO_ONLY, no_arguments),
    "privacy:retention": (DPO_ONLY, no_arguments),
}

# The Django admin is a tool for superusers, with its own login page; its
# hundreds of URL names are checked through its front door below.
DJANGO_ADMIN_NAMESPACE = "admin"


def url_names(patterns=None, namespace=""):
    """(name, route) of every URL pattern, namespaces joined with ':'."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == DJANGO_ADMIN_NAMESPACE:
                continue
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            qualified = f"{namespace}{entry.name}" if entry.name else None
            yield qualified, str(entry.pattern)


@pytest.fixture
def objects(db):
    team = factories.TeamFactory(name="Team Süd")
    other_team = factories.TeamFactory(name="Team Nord")
    rep = factories.UserFactory(roles=[Role.FIELD_SALES])
    the_company = factories.CompanyFactory(name="Maier", team=team, field_rep=rep)
    admin = factories.UserFactory(roles=[Role.ADMIN])
    # Sounds the same at the same postal code, so a scan keeps the pair.
    twin = factories.CompanyFactory(name="Mayer", team=team, field_rep=rep)
    factories.AddressFactory(company=twin)
    the_person = factories.ContactPersonFactory(company=the_company)
    merged = [factories.CompanyFactory(team=team) for _ in range(2)]
    owner = factories.UserFactory(roles=[Role.INSIDE_SALES], teams=[team])
    handed_over = factories.qualified_company(team=team, user=owner)
    return {
        "handover": handover_create(
            user=owner, company=handed_over, rep=rep, brief="Bitte anrufen"
        ),
        "criterion": Criterion.objects.order_by("pk").first(),
        "grant": services.grant_create(
            granted_by=admin,
            company=factories.CompanyFactory(),
            user=factories.UserFactory(),
            reason="Vertretung",
        ),
        "company": the_company,
        "address": factories.AddressFactory(company=the_company),
        "person": the_person,
        "twin": twin,
        "person_twin": factories.ContactPersonFactory(company=the_company),
        "pair": CompanyPair.objects.create(
            first=the_company, second=twin, score=60, newest_at=twin.created_at
        ),
        "merge": company_merge(
            user=admin, survivor=merged[0], others=[merged[1]], choices={}
        ),
        "users": {
            "outsider": factories.UserFactory(),
            "field_rep": rep,
            "other_team": factories.UserFactory(
                roles=[Role.INSIDE_SALES], teams=[other_team]
            ),
            "owner": owner,
            "dpo": factories.UserFactory(roles=[Role.DATA_PROTECTION]),
            "admin": admin,
        },
    }


def test_every_url_name_is_in_the_matrix():
    names = list(url_names())

    unnamed = [route for name, route in names if name is None]
    missing = sorted({name for name, _route in names if name} - set(MATRIX))
    stale = sorted(set(MATRIX) - {name for name, _route in names})
    assert not unnamed, f"give these URL patterns a name: {unnamed}"
    assert not missing, (
        f"add these URL names to MATRIX in {__name__} with who may reach them: "
        f"{missing}"
    )
    assert not stale, f"these URL names no longer exist; drop them: {stale}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_matrix_says(client, objects, persona):
    if persona != "anonymous":
        client.force_login(objects["users"][persona])

    wrong = []
    for name, (expected, arguments, *post) in MATRIX.items():
        url = url_for(name, objects, arguments)
        status = client.get(url).status_code
        if status != expected[persona]:
            wrong.append(f"{name} {url}: {status}, expected {expected[persona]}")
        # What a GET may not show, a POST may not change.
        post_expected = post[0][persona] if post else None
        if post_expected is None and expected[persona] == 404:
            post_expected = 404
        if post_expected is not None:
            posted = client.post(url, {"name": "Übernommen", "version": 1})
            if posted.status_code != post_expected:
                wrong.append(
                    f"POST {name} {url}: {posted.status_code}, expected {post_expected}"
                )

    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_the_django_admin_is_for_superusers_only(client, objects, persona):
    client.force_login(objects["users"][persona])

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_django_admin_opens_for_a_superuser(client, objects):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))

    assert client.get(reverse("admin:index")).status_code == 200


def test_anonymous_redirects_go_to_the_login_page(client, objects):
    for name, (expected, arguments, *_post) in MATRIX.items():
        if expected["anonymous"] != LOGIN_REDIRECT or name in {"home", "set_language"}:
            continue
        url = url_for(name, objects, arguments)
        assert client.get(url)["Location"].startswith("/login/?next="), name
