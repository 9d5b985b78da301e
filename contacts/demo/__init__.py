"""A seeded, realistic German demo data set for local runs.

Companies, addresses and people are written through contacts.services like any
other data, so the demo shows history with users and reasons. The same seed
gives the same data; dates are relative to the day of seeding.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from contacts.demo.builder import (
    Builder,
    ascii_fold,
    team_group_name,
)
from contacts.demo.data import (
    DEFAULT_COMPANIES,
    DEFAULT_SEED,
    PASSWORD,
    SOURCES,
    TEAMS,
    USERS,
)
from contacts.models import Address, Company, ContactPerson, Source, Team

__all__ = [
    "DEFAULT_COMPANIES",
    "DEFAULT_SEED",
    "ascii_fold",
    "demo_seed",
    "demo_users_table",
]


@dataclass
class SeedResult:
    companies_created: int
    skipped: bool
    # Demo usernames that already existed; their passwords were left alone.
    kept_users: list[str] = field(default_factory=list)


def demo_seed(*, companies: int, seed: int, reset: bool = False) -> SeedResult:
    with transaction.atomic():
        if reset:
            demo_reset()
        elif demo_present():
            return SeedResult(companies_created=0, skipped=True)
        builder = Builder(seed=seed, today=timezone.localdate())
        builder.build(companies=companies)
    return SeedResult(
        companies_created=companies, skipped=False, kept_users=builder.kept_users
    )


def demo_present() -> bool:
    user_model = get_user_model()
    return (
        user_model.objects.filter(username=USERS[0].username).exists()
        or Company.objects.exists()
    )


def demo_reset() -> None:
    """Remove every company with its history, and the demo users, teams, sources."""
    Company.objects.all().delete()
    for model in (Company, Address, ContactPerson):
        model.history.model.objects.all().delete()
    for kind, name, date, _weight in SOURCES:
        Source.objects.filter(kind=kind, name=name, date=date).delete()
    Team.objects.filter(name__in=TEAMS).delete()
    Group.objects.filter(name__in=[team_group_name(name) for name in TEAMS]).delete()
    get_user_model().objects.filter(username__in=demo_usernames()).delete()


def demo_usernames() -> list[str]:
    return [user.username for user in USERS]


def demo_users_table() -> list[tuple[str, str, str, str]]:
    """(username, role, teams, password) for every demo user in the database."""
    teams: dict[str, list[str]] = {}
    users = get_user_model().objects.filter(username__in=demo_usernames())
    for username, team in users.values_list("username", "groups__team__name"):
        teams.setdefault(username, [])
        if team:
            teams[username].append(team)
    return [
        (spec.username, spec.role, ", ".join(sorted(teams[spec.username])), PASSWORD)
        for spec in USERS
        if spec.username in teams
    ]
