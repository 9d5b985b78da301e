"""How big each tier is and how long its cases run."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    name: str
    companies: int
    contacts: int
    teams: int
    reps: int
    inside_sales: int
    user_grants: int
    group_grants: int
    planted_pairs: int
    # History rows of the one company whose history keeps growing.
    long_history: int
    import_rows: int
    reassign: int
    warmup: int
    repetitions: int
    throughput_seconds: int


TIERS = {
    "XS": Tier(
        name="XS",
        companies=300,
        contacts=1_500,
        teams=2,
        reps=4,
        inside_sales=2,
        user_grants=30,
        group_grants=10,
        planted_pairs=20,
        long_history=60,
        import_rows=200,
        reassign=100,
        warmup=2,
        repetitions=10,
        throughput_seconds=2,
    ),
    "S": Tier(
        name="S",
        companies=20_000,
        contacts=100_000,
        teams=8,
        reps=20,
        inside_sales=6,
        user_grants=600,
        group_grants=200,
        planted_pairs=300,
        long_history=400,
        import_rows=5_000,
        reassign=1_000,
        warmup=10,
        repetitions=100,
        throughput_seconds=15,
    ),
    "L": Tier(
        name="L",
        companies=200_000,
        contacts=1_000_000,
        teams=20,
        reps=50,
        inside_sales=12,
        user_grants=3_000,
        group_grants=1_000,
        planted_pairs=2_000,
        long_history=1_000,
        import_rows=100_000,
        reassign=10_000,
        warmup=20,
        repetitions=200,
        throughput_seconds=30,
    ),
}
