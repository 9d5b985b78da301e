"""Teams and their territories: postal-code prefixes (Germany) and whole
countries. Claiming a territory another team holds moves it, and with it that
team's companies there, one company history row each."""

import logging
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from contacts import reasons, services
from contacts.models import Address, Team
from contacts.selectors import team_for_address

logger = logging.getLogger(__name__)

PREFIX = re.compile(r"\d{1,5}")


@dataclass
class TerritoryChange:
    team: Team
    taken_from: list[Team] = field(default_factory=list)
    moved: int = 0


def parse_prefixes(raw: str) -> list[str]:
    """'80, 81 ,80' → ['80', '81']; anything but 1–5 digits is refused."""
    prefixes = []
    for part in re.split(r"[,;\s]+", raw or ""):
        if not part:
            continue
        if not PREFIX.fullmatch(part):
            raise ValidationError(
                {
                    "postal_code_prefixes": _(
                        "“%(prefix)s” is no postal-code prefix: use 1 to 5 digits."
                    )
                    % {"prefix": part}
                }
            )
        if part not in prefixes:
            prefixes.append(part)
    return prefixes


def _save_team(team: Team, *, by, reason: str) -> None:
    team.full_clean()
    team._history_user = by
    team._change_reason = reason
    team.save()


def _take_from_others(team: Team, prefixes, countries, *, by) -> list[Team]:
    """Remove what `team` now claims from every other team that held it."""
    losers = []
    for other in Team.objects.exclude(pk=team.pk).select_for_update():
        kept_prefixes = [p for p in other.prefixes if p not in prefixes]
        kept_countries = [c for c in other.countries if c.code not in countries]
        if kept_prefixes == other.prefixes and len(kept_countries) == len(
            other.countries
        ):
            continue
        other.postal_code_prefixes = ", ".join(kept_prefixes)
        other.countries = [c.code for c in kept_countries]
        _save_team(
            other,
            by=by,
            reason=reasons.with_detail(reasons.TERRITORY, f"→ {team.name}"),
        )
        losers.append(other)
    return losers


def _move_companies(team: Team, gained_prefixes, gained_countries, before, *, by, why):
    """Companies whose headquarters lies in what the team gained, and that
    belonged to the team whose territory it was before (or to none), now
    belong to `team`. That covers a prefix taken over as it is and a longer
    prefix carved out of another team's shorter one.

    A company someone filed under a third team on purpose stays there.
    """
    if not gained_prefixes and not gained_countries:
        return 0
    place = Q(country__in=gained_countries)
    for prefix in gained_prefixes:
        place |= Q(country="DE", postal_code__startswith=prefix)
    headquarters = (
        Address.objects.filter(kind=Address.Kind.HEADQUARTERS, valid_until__isnull=True)
        .filter(place)
        .exclude(company__team=team)
        .select_related("company")
    )
    after = list(Team.objects.all())
    moving = []
    for address in headquarters.iterator():
        if team_for_address(address.country, address.postal_code, after) != team:
            continue
        owner = team_for_address(address.country, address.postal_code, before)
        if address.company.team_id not in {None, owner and owner.pk}:
            continue
        moving.append(address.company_id)
    # Set-based: one UPDATE and one history INSERT per 900 companies.
    return services.companies_reassign(
        user=by, company_ids=moving, team=team, reason=why
    )


@transaction.atomic
def team_save(
    *,
    by,
    team: Team | None = None,
    name: str,
    prefixes: str,
    countries,
    reason: str = "",
) -> TerritoryChange:
    """Create a team (when `team` is None) or change its name and territory."""
    new_prefixes = parse_prefixes(prefixes)
    new_countries = [str(c) for c in countries]
    before = list(Team.objects.select_for_update())
    if team is None:
        group_name = f"team:{name}"
        if Group.objects.filter(name=group_name).exists():
            raise ValidationError({"name": _("A team of this name exists already.")})
        team = Team(group=Group.objects.create(name=group_name))
        old_prefixes, old_countries = set(), set()
    else:
        team = Team.objects.select_for_update().get(pk=team.pk)
        old_prefixes = set(team.prefixes)
        old_countries = {c.code for c in team.countries}

    team.name = name
    team.postal_code_prefixes = ", ".join(new_prefixes)
    team.countries = new_countries
    why = reasons.with_detail(reasons.TERRITORY, reason.strip())
    _save_team(team, by=by, reason=why if reason.strip() else reasons.MANUAL_EDIT)

    gained_prefixes = [p for p in new_prefixes if p not in old_prefixes]
    gained_countries = {c for c in new_countries if c not in old_countries}
    losers = _take_from_others(team, gained_prefixes, gained_countries, by=by)
    moved = _move_companies(
        team, gained_prefixes, gained_countries, before, by=by, why=why
    )
    logger.info(
        "team saved: by=%s team=%s taken_from=%s companies_moved=%s",
        by.pk,
        team.pk,
        [t.pk for t in losers],
        moved,
    )
    return TerritoryChange(team=team, taken_from=losers, moved=moved)
