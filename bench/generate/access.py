"""The people who work with the data: teams and their groups, users with
their roles, sources, and the object grants that are the exceptions to the
team rule."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from contacts.demo.data import PASSWORD
from contacts.models import (
    Company,
    CompanyGroupObjectPermission,
    CompanyUserObjectPermission,
    Source,
    Team,
)
from contacts.roles import Role

User = get_user_model()
UserGroups = User.groups.through


def teams_and_users(gen) -> None:
    tier, out = gen.tier, gen.out
    group_id = gen.base.next_group_id
    for index in range(tier.teams):
        prefixes = [f"{p:02d}" for p in range(100) if p % tier.teams == index]
        gen.sink.add(Group, {"id": group_id, "name": f"team:Bench {index + 1:02d}"})
        gen.sink.add(
            Team,
            {
                "id": index + 1,
                "name": f"Bench {index + 1:02d}",
                "group_id": group_id,
                "postal_code_prefixes": ",".join(prefixes),
            },
        )
        out.teams.append(index + 1)
        out.team_groups.append(group_id)
        group_id += 1

    password = make_password(PASSWORD)
    user_id = 0
    gen.membership_id = 0

    def user(username, role, teams, **extra):
        nonlocal user_id
        user_id += 1
        gen.sink.add(
            User,
            {
                "id": user_id,
                "username": username,
                "password": password,
                "first_name": gen.rng.choice(gen.first_names_f),
                "last_name": gen.rng.choice(gen.last_names),
                "email": f"{username}@bench.example",
                "is_active": True,
                "date_joined": gen.now,
                **extra,
            },
        )
        for group in [gen.base.role_groups[role], *teams]:
            gen.membership_id += 1
            gen.sink.add(
                UserGroups,
                {"id": gen.membership_id, "user_id": user_id, "group_id": group},
            )
        return user_id

    gen.team_reps: dict[int, list[int]] = {team: [] for team in out.teams}
    for index in range(tier.reps):
        team_index = index % tier.teams
        rep = user(
            f"bench-rep-{index + 1:02d}",
            Role.FIELD_SALES,
            [out.team_groups[team_index]],
        )
        out.reps.append(rep)
        gen.team_reps[out.teams[team_index]].append(rep)
    for index in range(tier.inside_sales):
        teams = out.team_groups[index :: tier.inside_sales]
        out.inside_sales.append(
            user(f"bench-innendienst-{index + 1:02d}", Role.INSIDE_SALES, teams)
        )
    out.admin = user("bench-admin", Role.ADMIN, [], is_staff=True, is_superuser=True)


def sources(gen) -> None:
    kinds = list(Source.Kind.values)
    gen.sources = []
    for index in range(12):
        gen.sink.add(
            Source,
            {
                "id": index + 1,
                "kind": kinds[index % len(kinds)],
                "name": f"Bench-Quelle {index + 1}",
                "date": gen.today - datetime.timedelta(days=90 * index),
                "notes": "",
                "created_at": gen.now,
            },
        )
        gen.sources.append(index + 1)


def grants(gen) -> None:
    rng, companies = gen.rng, gen.next_id[Company]
    pairs = set()
    while len(pairs) < min(gen.tier.user_grants, companies * len(gen.out.reps)):
        pairs.add((rng.choice(gen.out.reps), rng.randint(1, companies)))
    for number, (user, company) in enumerate(sorted(pairs), start=1):
        gen.sink.add(
            CompanyUserObjectPermission,
            {
                "id": number,
                "user_id": user,
                "content_object_id": company,
                "permission_id": gen.base.view_permission,
            },
        )
    pairs = set()
    limit = min(gen.tier.group_grants, companies * len(gen.out.team_groups))
    while len(pairs) < limit:
        pairs.add((rng.choice(gen.out.team_groups), rng.randint(1, companies)))
    for number, (group, company) in enumerate(sorted(pairs), start=1):
        gen.sink.add(
            CompanyGroupObjectPermission,
            {
                "id": number,
                "group_id": group,
                "content_object_id": company,
                "permission_id": gen.base.view_permission,
            },
        )
