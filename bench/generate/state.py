"""What the generator is given and what it hands back."""

from dataclasses import dataclass, field

from bench import planted


@dataclass
class Base:
    """What the migrated database already holds and the data refers to."""

    role_groups: dict[str, int]
    view_permission: int
    next_group_id: int


@dataclass
class Generated:
    """What the cases need to know about the data without querying for it."""

    reps: list[int] = field(default_factory=list)
    inside_sales: list[int] = field(default_factory=list)
    admin: int = 0
    teams: list[int] = field(default_factory=list)
    team_groups: list[int] = field(default_factory=list)
    long_history_company: int = 0
    pairs: list[planted.PlantedPair] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
