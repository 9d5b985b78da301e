"""The planted near-duplicates and their ground truth, without a database."""

import datetime
import random
from collections import defaultdict
from dataclasses import replace

import pytest
from django.utils import timezone

from bench import planted
from bench.generate import Base, Generator
from bench.tiers import TIERS
from contacts.models import Company, ContactPerson

TINY = replace(TIERS["XS"], companies=80, contacts=300, planted_pairs=12)
NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


class MemorySink:
    def __init__(self):
        self.rows = defaultdict(list)
        self.counts = defaultdict(int)

    def add(self, model, row):
        self.rows[model].append(dict(row))
        self.counts[model._meta.db_table] += 1


def generate(seed=7):
    sink = MemorySink()
    base = Base(
        role_groups={"inside_sales": 1, "field_sales": 2, "admin": 3},
        view_permission=99,
        next_group_id=10,
    )
    data = Generator(tier=TINY, seed=seed, base=base, sink=sink, now=NOW).run()
    return data, sink


def damerau(a: str, b: str) -> int:
    rows = [
        [max(i, j) if not i * j else 0 for j in range(len(b) + 1)]
        for i in range(len(a) + 1)
    ]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            rows[i][j] = min(
                rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


def near(original: str, duplicate: str) -> bool:
    return (
        planted.family_of(original) is not None
        and duplicate in planted.family_of(original)
        or planted.spelled_out(original) == duplicate
        or damerau(original, duplicate) == 1
    )


@pytest.fixture(scope="module")
def generated():
    return generate()


def test_each_planted_person_is_a_near_spelling_in_the_same_company(generated):
    data, sink = generated
    people = {row["id"]: row for row in sink.rows[ContactPerson]}
    pairs = [pair for pair in data.pairs if pair.model == "contact"]

    assert len(pairs) == TINY.planted_pairs
    for pair in pairs:
        original, duplicate = people[pair.original], people[pair.duplicate]
        assert original["company_id"] == duplicate["company_id"]
        assert original["first_name"] == duplicate["first_name"]
        assert original["last_name"] != duplicate["last_name"]
        assert near(original["last_name"], duplicate["last_name"]), pair


def test_each_planted_company_is_a_near_spelling_of_another(generated):
    data, sink = generated
    companies = {row["id"]: row for row in sink.rows[Company]}
    pairs = [pair for pair in data.pairs if pair.model == "company"]

    assert len(pairs) == TINY.planted_pairs // 2
    for pair in pairs:
        original = companies[pair.original]["name"].split(" ", 1)
        duplicate = companies[pair.duplicate]["name"].split(" ", 1)
        assert original[1:] == duplicate[1:]
        assert near(original[0], duplicate[0]), pair


def test_the_same_seed_plants_the_same_pairs():
    assert generate(seed=7)[0].pairs == generate(seed=7)[0].pairs
    assert generate(seed=7)[0].pairs != generate(seed=8)[0].pairs


def test_every_row_has_one_history_row_per_version(generated):
    _data, sink = generated
    for model in (Company, ContactPerson):
        versions = defaultdict(int)
        for row in sink.rows[model.history.model]:
            versions[row["id"]] += 1
        assert {row["id"]: row["version"] for row in sink.rows[model]} == versions


@pytest.mark.parametrize("name", ["Müller", "Maier", "Strauß", "Schulze", "Öztürk"])
def test_a_variant_always_differs_and_stays_near(name):
    rng = random.Random(1)
    for _ in range(50):
        spelling, kind = planted.variant(name, rng)
        assert spelling != name
        assert kind in {"phonetic", "umlaut", "typo"}
        assert near(name, spelling), (name, spelling)


def test_spelled_out_umlauts():
    assert planted.spelled_out("Müller") == "Mueller"
    assert planted.spelled_out("Öztürk") == "Oeztuerk"
    assert planted.spelled_out("Strauß") == "Strauss"


def test_history_dates_are_aware(generated):
    _data, sink = generated
    assert all(
        timezone.is_aware(row["history_date"])
        for row in sink.rows[Company.history.model]
    )
