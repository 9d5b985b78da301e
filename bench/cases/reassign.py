"""Moving many companies to another team, with a history row for each,
through the set-based contacts.services.companies_reassign. The floor is one
UPDATE and one INSERT … SELECT into the history table.
"""

import time

from django.db import transaction

from bench.cases.context import Context
from bench.measure import counting_sql
from bench.report import Result
from contacts import services
from contacts.models import Company, Team

CASE = "reassign {count} companies to another team"
MOVE = """
    UPDATE contacts_company SET team_id = %(team)s, version = version + 1,
           updated_at = now()
    WHERE id = ANY(%(ids)s)
"""
MOVE_BACK = """
    UPDATE contacts_company c SET team_id = o.team, version = version + 1,
           updated_at = now()
    FROM unnest(%(ids)s::bigint[], %(teams)s::bigint[]) AS o(id, team)
    WHERE c.id = o.id
"""


def _history_insert() -> str:
    history = Company.history.model
    live = {f.column for f in Company._meta.concrete_fields}
    columns = [
        f.column
        for f in history._meta.concrete_fields
        if f.column in live and f.column != "history_id"
    ]
    names = ", ".join(f'"{c}"' for c in columns)
    return f"""
        INSERT INTO contacts_historicalcompany ({names}, history_date, history_type,
               history_user_id, history_change_reason)
        SELECT {names}, now(), '~', %(user)s, 'team reassigned'
        FROM contacts_company WHERE id = ANY(%(ids)s)
    """


def _move(user, companies, team_of) -> tuple[float, object]:
    by_team: dict = {}
    for company in companies:
        by_team.setdefault(team_of(company), []).append(company.pk)
    with counting_sql() as count:
        started = time.perf_counter()
        with transaction.atomic():
            for team_id, ids in by_team.items():
                services.companies_reassign(
                    user=user,
                    company_ids=ids,
                    team=Team.objects.get(pk=team_id),
                )
        seconds = time.perf_counter() - started
    return seconds, count


def run(ctx: Context) -> list[Result]:
    target_team = ctx.data.teams[-1]
    user = ctx.user(ctx.data.admin)
    count = ctx.tier.reassign
    companies = list(
        Company.objects.exclude(team_id=target_team)
        .exclude(team__isnull=True)
        .order_by("id")[:count]
    )
    before = {company.pk: company.team_id for company in companies}

    away, written = _move(user, companies, lambda _company: target_team)
    back, _count = _move(user, companies, lambda company: before[company.pk])
    moved_back = Company.objects.filter(pk__in=before, team_id=target_team).count()
    if moved_back:
        raise AssertionError(f"{moved_back} companies did not move back")

    ids = list(before)
    insert = _history_insert()
    floors = []
    for team in (target_team, None):
        started = time.perf_counter()
        with ctx.sql.transaction():
            if team is None:
                teams = [before[pk] for pk in ids]
                ctx.sql.execute(MOVE_BACK, {"ids": ids, "teams": teams})
            else:
                ctx.sql.execute(MOVE, {"team": team, "ids": ids})
            ctx.sql.execute(insert, {"ids": ids, "user": user.pk})
        floors.append(time.perf_counter() - started)

    history = written.history_rows()
    return [
        Result(
            case=CASE.format(count=f"{len(companies):,}".replace(",", " ")),
            p50=min(away, back),
            p95=max(away, back),
            unit="s",
            queries=written.queries,
            rows_written=written.rows_written,
            floor="UPDATE + INSERT … SELECT",
            floor_p50=min(floors),
            floor_p95=max(floors),
            target="≤ 3 s for 10k, one history row each",
            met=max(away, back) <= 3 * count / 10_000 and history == len(companies),
            note=(
                f"two runs (there and back) through companies_reassign; "
                f"{history} history rows"
            ),
        )
    ]
