"""The one place that decides which companies a user may see.

A company is visible to admins and the data protection officer, to members
of its team, to its assigned field rep, and to whoever holds a guardian object
grant on it (directly or through a group). Team and rep are indexed columns on
the company, so the common case never touches the grant tables; grants are
the exceptions.
"""

import unicodedata

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from contacts import audit
from contacts.models import (
    Address,
    Company,
    CompanyGroupObjectPermission,
    CompanyUserObjectPermission,
    ContactPerson,
    Team,
)
from contacts.normalize import fold, search_fold, street_fold
from contacts.roles import (
    is_data_protection_officer,
    may_edit_addresses,
    memberships,
    sees_every_company,
)
from contacts.sql import AnyOf

VIEW_PERMISSION = "view_company"


def _id_among(ids: QuerySet) -> Q:
    """Company id in a subquery's ids, in a shape every branch of the
    visibility OR can answer from an index (#5).

    On PostgreSQL `id = ANY(ARRAY(subquery))`: the array is an init plan run
    once, and the OR becomes a BitmapOr over the team, rep and primary-key
    indexes. `id IN (subquery)` is a hashed subplan instead, which no index
    can serve, so every candidate row was fetched and filtered (and the
    correlated EXISTS before it made the planner cost a million and spend
    half a second in JIT). SQLite plans the IN well.
    """
    if connection.vendor == "postgresql":
        return Q(AnyOf(F("pk"), ArraySubquery(ids)))
    return Q(pk__in=ids)


def companies_visible_to(user) -> QuerySet[Company]:
    if not user.is_authenticated or not user.is_active:
        return Company.objects.none()
    if sees_every_company(user):
        return Company.objects.all()

    groups = memberships(user)
    group_ids = [m.group_id for m in groups]
    team_ids = [m.team_id for m in groups if m.team_id is not None]
    # An expired grant counts for nothing from the day after its last day,
    # whether or not the cleanup command has deleted it yet.
    user_grants = CompanyUserObjectPermission.objects.filter(
        CompanyUserObjectPermission.active_q(),
        user_id=user.pk,
        permission__codename=VIEW_PERMISSION,
    ).values("content_object_id")
    group_grants = CompanyGroupObjectPermission.objects.filter(
        CompanyGroupObjectPermission.active_q(),
        group_id__in=group_ids,
        permission__codename=VIEW_PERMISSION,
    ).values("content_object_id")
    rule = Q(field_rep_id=user.pk) | _id_among(user_grants)
    if team_ids:
        rule |= Q(team_id__in=team_ids)
    if group_ids:
        rule |= _id_among(group_grants)
    return Company.objects.filter(rule)


def company_for_user(user, pk, *, edit: bool = False) -> Company:
    """The company with this id if the user may see (or edit) it, else 404.

    Seeing and editing share the 404: a field rep who may not edit learns no
    more from the edit URL than from the detail URL of a company they cannot see.
    """
    company = (
        companies_visible_to(user)
        .select_related("source", "team", "field_rep", "verified_by")
        .filter(pk=pk)
        .first()
    )
    if company is None:
        audit.record(user, audit.REFUSED, object_type="company", object_id=pk)
        raise Http404
    if edit and not may_edit_addresses(user):
        audit.record(
            user, audit.REFUSED, object_type="company", object_id=pk, detail="edit"
        )
        raise Http404
    return company


def ensure_may_create(user) -> None:
    """Creating companies is for inside sales and admins; others get a 404."""
    if not may_edit_addresses(user):
        audit.record(user, audit.REFUSED, object_type="company", detail="create")
        raise Http404


def company_list(user, *, search: str = "") -> QuerySet[Company]:
    """Current (not merged-away) companies, in German alphabetical order.

    Search and order use the folded keys, so "BÄHR" finds "Bähr", "Strasse"
    finds "Straße" and "Mueller" finds "Müller" on either database.
    """
    current = Address.objects.filter(valid_until__isnull=True).order_by(
        Address.kind_order(), "id"
    )
    companies = (
        companies_visible_to(user)
        .filter(merged_into__isnull=True)
        .select_related("team", "field_rep")
        .prefetch_related(
            Prefetch("addresses", queryset=current, to_attr="current_addresses")
        )
    )
    search = search.strip()
    if search:
        key = search_fold(search)
        if is_short_search(search):
            return _short_search(companies, key, search).order_by("name_key", "id")
        place = Q(city_key__contains=key) | Q(
            postal_code__startswith=_postal_prefix(search)
        )
        # A search for a number alone ("041") has no street part to match.
        if street := street_fold(search):
            place |= Q(street_key__contains=street)
        # In the shape of the grants in companies_visible_to (#5): with the
        # trigram indexes on street and city (contacts 0006) the addresses
        # are found by index, not by reading all of them twice per page.
        matching_address = (
            Address.objects.filter(place, valid_until__isnull=True)
            .order_by()
            .values("company_id")
        )
        companies = companies.filter(
            Q(name_key__contains=key) | _id_among(matching_address)
        )
    return companies.order_by("name_key", "id")


# Trigram indexes need three characters; shorter terms match from the start.
SHORT_SEARCH = 3


def is_short_search(search: str) -> bool:
    """Whether company_list() reads this search as a prefix (see below)."""
    return 0 < len(search_fold(search.strip())) < SHORT_SEARCH


def _postal_prefix(search: str) -> str:
    """The term as stored postal codes are spelled: in capitals ("sw1" →
    "SW1A 1AA"; SQLite's LIKE ignores ASCII case, PostgreSQL's does not),
    folded like the name part (a soft hyphen goes) and with full-width digits
    as digits, so "８０" and "8\u00ad" read as the "80" and "8" they fold to."""
    return unicodedata.normalize("NFKC", fold(search)).upper()


def _short_search(companies, key: str, search: str) -> QuerySet[Company]:
    """A search of one or two characters ("80", "Ab"): names and postal codes
    that start with it. Inside names and streets two letters match almost
    everything, and no index serves them: over all 200k companies of tier L
    that took an admin 1.5–2.9 s (#5). The prefixes are served by the
    pattern indexes of contacts 0006 and 0008."""
    at_postal_code = (
        Address.objects.filter(
            postal_code__startswith=_postal_prefix(search), valid_until__isnull=True
        )
        .order_by()
        .values("company_id")
    )
    return companies.filter(Q(name_key__startswith=key) | _id_among(at_postal_code))


def address_for_user(user, pk, *, edit: bool = False) -> Address:
    address = Address.objects.filter(pk=pk).first()
    if address is None:
        raise Http404
    address.company = company_for_user(user, address.company_id, edit=edit)
    return address


def contact_person_for_user(
    user, pk, *, edit: bool = False, restricted_ok: bool = False
) -> ContactPerson:
    """The person if the user may see their company. A restricted person
    (Art. 18) is there for the data protection officer only; for everyone
    else it is a refused access unless the caller shows just a notice."""
    person = ContactPerson.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    person.company = company_for_user(user, person.company_id, edit=edit)
    only_dpo = not is_data_protection_officer(user) or edit
    if person.restricted_at and not restricted_ok and only_dpo:
        audit.record(
            user,
            audit.REFUSED,
            object_type="contact_person",
            object_id=pk,
            detail="restricted",
        )
        raise Http404
    return person


def team_for_postal_code(postal_code: str, teams=None) -> Team | None:
    """The team whose longest postal-code prefix matches, or None."""
    if teams is None:
        teams = Team.objects.exclude(postal_code_prefixes="")
    best, best_length = None, 0
    for team in teams:
        for prefix in team.prefixes:
            if postal_code.startswith(prefix) and len(prefix) > best_length:
                best, best_length = team, len(prefix)
    return best


def team_for_address(country, postal_code: str, teams=None) -> Team | None:
    """The team whose territory holds an address: in Germany the longest
    matching postal-code prefix, else (and for German codes no prefix claims)
    the team that owns the whole country."""
    if teams is None:
        teams = list(Team.objects.all())
    code = str(country or "DE")
    if code == "DE" and postal_code:
        team = team_for_postal_code(postal_code, teams)
        if team is not None:
            return team
    return next((t for t in teams if code in {c.code for c in t.countries}), None)


def teams_of(user):
    """The teams a user works in; for those who see every company, all teams."""
    if sees_every_company(user):
        return Team.objects.all()
    return Team.objects.filter(pk__in=[m.team_id for m in memberships(user)])


def team_choices(user) -> list[tuple[int, str]]:
    """(id, name) of the teams_of() the user, in name order; for a field rep
    or inside sales without a query, from the memberships already loaded."""
    if sees_every_company(user):
        return list(Team.objects.values_list("id", "name"))
    teams = {(m.team_id, m.team_name) for m in memberships(user) if m.team_id}
    return sorted(teams, key=lambda team: team[1])
