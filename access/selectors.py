"""Reads for the access administration; all of it is for admins only."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from access.models import AccountChange
from access.reasons import reason_label
from contacts import audit
from contacts.models import (
    Company,
    CompanyGroupObjectPermission,
    CompanyUserObjectPermission,
)
from contacts.reasons import reason_label as contacts_reason_label
from contacts.roles import Role, is_admin, user_label

GRANT_MODELS = {
    "user": CompanyUserObjectPermission,
    "team": CompanyGroupObjectPermission,
}


def ensure_admin(user) -> None:
    """The access pages do not exist for anyone but admins: a 404, not a 403."""
    if not user.is_authenticated or not user.is_active or not is_admin(user):
        audit.record(user, audit.REFUSED, object_type="access_page")
        raise Http404


@dataclass
class GrantRow:
    kind: str
    pk: int
    company: Company
    holder: str
    reason: str
    granted_by: str
    created_at: object
    expires_on: object
    active: bool

    @property
    def for_whom(self) -> str:
        return _for_whom(self.kind, self.holder)


@dataclass
class HistoryRow:
    when: object
    who: str
    company: str
    holder: str
    reason: str
    expires_on: object


@dataclass
class CompanyAccess:
    team: object
    team_members: list[str]
    field_rep: str | None
    grants: list[GrantRow] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)


def _for_whom(kind: str, holder: str) -> str:
    return _("Team %(team)s") % {"team": holder} if kind == "team" else holder


def _holder(kind: str, row) -> str:
    if kind == "user":
        return user_label(row.user)
    team = getattr(row.group, "team", None)
    return team.name if team else row.group.name


def grant_row(grant, *, kind: str, today=None) -> GrantRow:
    today = today or timezone.localdate()
    return GrantRow(
        kind=kind,
        pk=grant.pk,
        company=grant.content_object,
        holder=_holder(kind, grant),
        reason=grant.reason,
        granted_by=user_label(grant.granted_by) if grant.granted_by else "",
        created_at=grant.created_at,
        expires_on=grant.expires_on,
        active=grant.expires_on is None or grant.expires_on >= today,
    )


def _grants(filters: dict, *, include_expired: bool) -> list[GrantRow]:
    today = timezone.localdate()
    rows = []
    for kind, model in GRANT_MODELS.items():
        related = [
            "content_object",
            "granted_by",
            "user" if kind == "user" else "group__team",
        ]
        queryset = model.objects.filter(**filters).select_related(*related)
        if not include_expired:
            queryset = queryset.filter(model.active_q(today))
        rows += [grant_row(grant, kind=kind, today=today) for grant in queryset]
    rows.sort(key=lambda row: (row.company.name, row.holder))
    return rows


def grant_list(*, include_expired: bool = False) -> list[GrantRow]:
    return _grants({}, include_expired=include_expired)


def grant_for_admin(user, *, kind: str, pk: int):
    ensure_admin(user)
    model = GRANT_MODELS.get(kind)
    grant = (
        model and model.objects.select_related("content_object").filter(pk=pk).first()
    )
    if grant is None:
        raise Http404
    return grant


def grant_history(
    *, company: Company | None = None, limit: int = 100
) -> list[HistoryRow]:
    """Every grant, renewal, revocation and expiry, newest first."""
    found = []
    for kind, model in GRANT_MODELS.items():
        history = model.history.select_related("history_user")
        history = history.select_related("user" if kind == "user" else "group__team")
        if company is not None:
            history = history.filter(content_object_id=company.pk)
        found += [(kind, row) for row in history.order_by("-history_date")[:limit]]
    # By id: a deleted company's grant rows stay in history, the company does not.
    ids = {row.content_object_id for _kind, row in found}
    names = {c.pk: c.display_name for c in Company.objects.filter(pk__in=ids)}
    rows = [
        HistoryRow(
            when=row.history_date,
            who=user_label(row.history_user) if row.history_user else "",
            company=names.get(row.content_object_id, f"#{row.content_object_id}"),
            holder=_for_whom(kind, _holder(kind, row)),
            reason=reason_label(row.history_change_reason),
            expires_on=row.expires_on,
        )
        for kind, row in found
    ]
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows[:limit]


def company_access(company: Company) -> CompanyAccess:
    """Who can see this company, and why: its team, its rep, each grant."""
    members = []
    if company.team_id:
        members = [
            user_label(user)
            for user in get_user_model()
            .objects.filter(groups=company.team.group_id, is_active=True)
            .order_by("last_name", "first_name")
        ]
    return CompanyAccess(
        team=company.team,
        team_members=members,
        field_rep=user_label(company.field_rep) if company.field_rep_id else None,
        grants=_grants({"content_object": company}, include_expired=True),
        history=grant_history(company=company, limit=20),
    )


@dataclass
class AccountRow:
    account: object
    roles: list[str]
    teams: list[str]


def account_list(*, active: bool = True) -> list[AccountRow]:
    groups = Prefetch("groups", queryset=Group.objects.select_related("team"))
    accounts = (
        get_user_model()
        .objects.filter(is_active=active)
        .prefetch_related(groups)
        .order_by("last_name", "first_name", "username")
    )
    labels = dict(Role.choices)
    rows = []
    for account in accounts:
        names = [group.name for group in account.groups.all()]
        rows.append(
            AccountRow(
                account=account,
                roles=[str(labels[name]) for name in names if name in labels],
                teams=sorted(
                    group.team.name
                    for group in account.groups.all()
                    if hasattr(group, "team")
                ),
            )
        )
    return rows


def account_for_admin(user, pk):
    ensure_admin(user)
    account = get_user_model().objects.filter(pk=pk).first()
    if account is None:
        raise Http404
    return account


def account_history(account, *, limit: int = 100):
    return list(
        AccountChange.objects.filter(account=account).select_related(
            "team", "changed_by"
        )[:limit]
    )


@dataclass
class TeamHistoryRow:
    when: object
    who: str
    reason: str
    prefixes: str
    countries: str


def team_history(team, *, limit: int = 50) -> list[TeamHistoryRow]:
    """Each saved state of the team's territory, newest first."""
    rows = team.history.select_related("history_user").order_by("-history_date")
    return [
        TeamHistoryRow(
            when=row.history_date,
            who=user_label(row.history_user) if row.history_user else "",
            reason=contacts_reason_label(row.history_change_reason),
            prefixes=row.postal_code_prefixes,
            countries=", ".join(c.name for c in row.countries),
        )
        for row in rows[:limit]
    ]
