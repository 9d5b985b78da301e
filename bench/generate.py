"""Seeded benchmark data: teams, users, grants, companies, addresses, people,
their history rows and planted near-duplicates.

Rows are dicts keyed by field attname and handed to a sink (bench.load) that
fills every column it is not given from the model, so columns added to the
models later need no change here unless their value matters to a case.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from faker import Faker

from bench import planted
from bench.tiers import Tier
from contacts import reasons
from contacts.demo.builder import ascii_fold
from contacts.models import (
    Address,
    Company,
    CompanyGroupObjectPermission,
    CompanyUserObjectPermission,
    ContactPerson,
    Source,
    Team,
)
from contacts.roles import Role

User = get_user_model()
UserGroups = User.groups.through

LEGAL_FORMS = {
    "GmbH": 46,
    "GmbH & Co. KG": 16,
    "UG (haftungsbeschränkt)": 6,
    "AG": 4,
    "KG": 5,
    "e.K.": 8,
    "OHG": 3,
    "GbR": 4,
    "Einzelunternehmen": 6,
    "SE": 1,
    "e.V.": 1,
}
STATUSES = {"prospect": 55, "customer": 25, "former_customer": 12, "lost": 8}
INDUSTRIES = (
    "Maschinenbau",
    "Metallverarbeitung",
    "Logistik",
    "Elektrotechnik",
    "Kunststofftechnik",
    "Lebensmittel",
    "Bau",
    "Medizintechnik",
    "Software",
    "Großhandel",
)
SUFFIXES = ("", "", "Technik", "Service", "Systeme", "Werke", "Handel", "& Söhne")
JOBS = (
    ("Geschäftsführer", "Geschäftsführung", "decision_maker"),
    ("Einkaufsleiterin", "Einkauf", "purchaser"),
    ("Einkäufer", "Einkauf", "purchaser"),
    ("Technischer Leiter", "Technik", "influencer"),
    ("Assistenz der Geschäftsführung", "Geschäftsführung", "gatekeeper"),
    ("Konstrukteurin", "Entwicklung", "user"),
    ("Produktionsleiter", "Produktion", "influencer"),
)
PERSON_REASON = reasons.with_detail(reasons.IMPORT, "messe-2025.csv (2025-09-30 10:12)")


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


class Generator:
    def __init__(self, *, tier: Tier, seed: int, base: Base, sink, now):
        self.tier = tier
        self.base = base
        self.sink = sink
        self.now = now
        self.today = now.date()
        self.rng = random.Random(seed)
        self.fake = Faker("de_DE")
        self.fake.seed_instance(seed)
        self.out = Generated()
        self._pools()
        self.history_id = {Company: 0, Address: 0, ContactPerson: 0}
        # `Model.history` builds a new manager on every access: look it up once.
        self.history_model = {model: model.history.model for model in self.history_id}
        self.planted = {"contact": 0, "company": 0}
        self.next_id = {Company: 0, Address: 0, ContactPerson: 0}

    def _pools(self) -> None:
        # Faker is slow per call; names drawn from pools are just as German.
        fake = self.fake
        self.first_names_f = sorted({fake.first_name_female() for _ in range(600)})
        self.first_names_m = sorted({fake.first_name_male() for _ in range(600)})
        self.last_names = sorted({fake.last_name() for _ in range(3000)})
        self.streets = sorted({fake.street_name() for _ in range(1500)})
        self.cities = sorted({fake.city() for _ in range(800)})

    def pick(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def run(self) -> Generated:
        self._teams_and_users()
        self._sources()
        self._companies()
        self._grants()
        self.out.counts = dict(self.sink.counts)
        return self.out

    # People who work with the data.

    def _teams_and_users(self) -> None:
        tier, out = self.tier, self.out
        group_id = self.base.next_group_id
        for index in range(tier.teams):
            prefixes = [f"{p:02d}" for p in range(100) if p % tier.teams == index]
            self.sink.add(
                Group, {"id": group_id, "name": f"team:Bench {index + 1:02d}"}
            )
            self.sink.add(
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

        from django.contrib.auth.hashers import make_password

        from contacts.demo.data import PASSWORD

        password = make_password(PASSWORD)
        user_id = 0
        self.membership_id = 0

        def user(username, role, teams, **extra):
            nonlocal user_id
            user_id += 1
            self.sink.add(
                User,
                {
                    "id": user_id,
                    "username": username,
                    "password": password,
                    "first_name": self.rng.choice(self.first_names_f),
                    "last_name": self.rng.choice(self.last_names),
                    "email": f"{username}@bench.example",
                    "is_active": True,
                    "date_joined": self.now,
                    **extra,
                },
            )
            for group in [self.base.role_groups[role], *teams]:
                self.membership_id += 1
                self.sink.add(
                    UserGroups,
                    {"id": self.membership_id, "user_id": user_id, "group_id": group},
                )
            return user_id

        self.team_reps: dict[int, list[int]] = {team: [] for team in out.teams}
        for index in range(tier.reps):
            team_index = index % tier.teams
            rep = user(
                f"bench-rep-{index + 1:02d}",
                Role.FIELD_SALES,
                [out.team_groups[team_index]],
            )
            out.reps.append(rep)
            self.team_reps[out.teams[team_index]].append(rep)
        for index in range(tier.inside_sales):
            teams = out.team_groups[index :: tier.inside_sales]
            out.inside_sales.append(
                user(f"bench-innendienst-{index + 1:02d}", Role.INSIDE_SALES, teams)
            )
        out.admin = user(
            "bench-admin", Role.ADMIN, [], is_staff=True, is_superuser=True
        )

    def _sources(self) -> None:
        kinds = list(Source.Kind.values)
        self.sources = []
        for index in range(12):
            self.sink.add(
                Source,
                {
                    "id": index + 1,
                    "kind": kinds[index % len(kinds)],
                    "name": f"Bench-Quelle {index + 1}",
                    "date": self.today - datetime.timedelta(days=90 * index),
                    "notes": "",
                    "created_at": self.now,
                },
            )
            self.sources.append(index + 1)

    # The address base.

    def _companies(self) -> None:
        tier = self.tier
        pairs = min(tier.planted_pairs, tier.companies // 4)
        every = max(1, tier.companies // max(pairs, 1))
        persons_left = tier.contacts
        for index in range(tier.companies):
            remaining = tier.companies - index
            mean = persons_left / remaining
            count = max(1, min(persons_left, round(self.rng.uniform(0.2, 1.8) * mean)))
            if remaining == 1:
                count = persons_left
            plant = pairs and index % every == 0 and self.planted["contact"] < pairs
            company = self._company(index=index, persons=count, plant=plant)
            persons_left -= count
            if plant and self.planted["company"] < pairs // 2:
                self._company_twin(company)
        self.out.long_history_company = 1

    def _new_id(self, model) -> int:
        self.next_id[model] += 1
        return self.next_id[model]

    def _company(self, *, index: int, persons: int, plant: bool) -> dict:
        rng = self.rng
        created = self.now - datetime.timedelta(
            days=rng.randint(30, 3000), minutes=rng.randint(0, 1440)
        )
        owner = planted.family_name(rng) if plant else rng.choice(self.last_names)
        name = f"{owner} {rng.choice(INDUSTRIES)} {rng.choice(SUFFIXES)}".strip()
        postal_code = f"{rng.randint(1067, 99998):05d}"
        team = self.out.teams[int(postal_code[:2]) % self.tier.teams]
        reps = self.team_reps[team]
        status = self.pick(STATUSES)
        employees = int(rng.lognormvariate(3.2, 1.3)) + 1
        company = {
            "id": self._new_id(Company),
            "version": 1,
            "created_at": created,
            "updated_at": created,
            "name": name,
            "legal_form": self.pick(LEGAL_FORMS),
            "legal_form_other": "",
            "industry": rng.choice(INDUSTRIES),
            "website": f"https://www.{ascii_fold(name)}.de",
            "email": f"info@{ascii_fold(name)}.de",
            "phone": f"0{rng.randint(30, 9999)} {rng.randint(10000, 9999999)}",
            "vat_id": f"DE{rng.randint(100000000, 999999999)}",
            "register_court": "",
            "register_number": f"HRB {rng.randint(1000, 99999)}",
            "employees": employees,
            "revenue": Decimal(employees * rng.randint(80, 250) * 1000),
            "status": status,
            "last_order_date": (
                self.today - datetime.timedelta(days=rng.randint(5, 700))
                if status == "customer"
                else None
            ),
            "source_id": rng.choice(self.sources),
            "team_id": team if rng.random() < 0.95 else None,
            "field_rep_id": rng.choice(reps) if reps and rng.random() < 0.8 else None,
            "verified_at": None,
            "verified_by_id": None,
        }
        if index == 0:
            # The company with the long history belongs to the first rep.
            company["team_id"], company["field_rep_id"] = (
                self.out.teams[0],
                self.out.reps[0],
            )
        edits = self.tier.long_history if index == 0 else int(rng.random() < 0.1)
        self._with_history(Company, company, created, edits, field_name="phone")
        self._addresses(company, created, postal_code)
        for number in range(persons):
            # The planted original is the first person, never a former contact.
            given = (
                {"last_name": owner, "left_on": None} if plant and not number else {}
            )
            person = self._person(company, created, **given)
            if plant and not number:
                self._plant_person(company, person)
        return company

    def _with_history(self, model, row, created, edits: int, *, field_name: str):
        """The row plus its history: created, then `edits` changes of one field."""
        user = self.rng.choice(self.out.inside_sales)
        final = row[field_name]
        row["version"] = edits + 1
        for number in range(edits + 1):
            when = created + datetime.timedelta(hours=number + 1) if number else created
            value = final if number == edits else f"{final} ({number})"[:50]
            self._history(
                model,
                {**row, field_name: value, "version": number + 1},
                when=when,
                kind="~" if number else "+",
                user=user,
                reason=reasons.MANUAL_EDIT if number else reasons.CREATED,
            )
        self.sink.add(model, row)

    def _history(self, model, row, *, when, kind, user, reason) -> None:
        self.history_id[model] += 1
        self.sink.add(
            self.history_model[model],
            {
                **row,
                "history_id": self.history_id[model],
                "history_date": when,
                "history_type": kind,
                "history_user_id": user,
                "history_change_reason": reason,
            },
        )

    def _addresses(self, company: dict, created, postal_code: str) -> None:
        rng = self.rng
        user = self.rng.choice(self.out.inside_sales)

        def address(kind, valid_from, valid_until=None, reason="new", code=None):
            row = {
                "id": self._new_id(Address),
                "version": 1,
                "company_id": company["id"],
                "kind": kind,
                "street": rng.choice(self.streets),
                "house_number": str(rng.randint(1, 180)),
                "addition": "",
                "po_box": "",
                "postal_code": code or f"{rng.randint(1067, 99998):05d}",
                "city": rng.choice(self.cities),
                "country": "DE",
                "valid_from": valid_from,
                "valid_until": valid_until,
                "change_reason": reason,
            }
            return row

        moved = rng.random() < 0.15
        start = created.date()
        if moved:
            move_day = start + datetime.timedelta(days=rng.randint(10, 20))
            old = address("headquarters", start, move_day - datetime.timedelta(days=1))
            self._history(
                Address,
                {**old, "valid_until": None},
                when=created,
                kind="+",
                user=user,
                reason=reasons.CREATED,
            )
            old["version"] = 2
            self._history(
                Address, old, when=created, kind="~", user=user, reason=reasons.MOVE
            )
            self.sink.add(Address, old)
            start = move_day
        current = address(
            "headquarters", start, reason="move" if moved else "new", code=postal_code
        )
        rows = [current]
        if rng.random() < 0.1:
            rows.append(address("billing", start))
        for row in rows:
            self._history(
                Address, row, when=created, kind="+", user=user, reason=reasons.CREATED
            )
            self.sink.add(Address, row)

    def _person(self, company: dict, created, **given) -> dict:
        rng = self.rng
        female = rng.random() < 0.45
        first = rng.choice(self.first_names_f if female else self.first_names_m)
        last = rng.choice(self.last_names)
        job, department, authority = rng.choice(JOBS)
        person = {
            "id": self._new_id(ContactPerson),
            "version": 1,
            "created_at": created,
            "updated_at": created,
            "company_id": company["id"],
            "salutation": "ms" if female else "mr",
            "academic_title": "Dr." if rng.random() < 0.08 else "",
            "first_name": first,
            "last_name": last,
            "job_title": job,
            "department": department,
            "authority": authority,
            "email": "",
            "phone": f"0{rng.randint(30, 9999)} {rng.randint(10000, 9999999)}",
            "mobile": "",
            "source_id": company["source_id"],
            "left_on": (
                self.today - datetime.timedelta(days=rng.randint(1, 400))
                if rng.random() < 0.05
                else None
            ),
            "successor_id": None,
            **given,
        }
        if not person["email"]:
            local = (
                f"{ascii_fold(person['first_name'])}.{ascii_fold(person['last_name'])}"
            )
            person["email"] = f"{local}@{company['email'].partition('@')[2]}"
        self._history(
            ContactPerson,
            person,
            when=created,
            kind="+",
            user=rng.choice(self.out.inside_sales),
            reason=PERSON_REASON,
        )
        self.sink.add(ContactPerson, person)
        return person

    def _plant_person(self, company: dict, original: dict) -> None:
        """A second record of the same person, spelt another way, in the same
        company; the original's surname is one with look-alikes."""
        surname = original["last_name"]
        spelling, kind = planted.variant(surname, self.rng)
        twin = self._person(
            company,
            company["created_at"],
            first_name=original["first_name"],
            last_name=spelling,
            salutation=original["salutation"],
            job_title=original["job_title"],
            department=original["department"],
            email=original["email"] if self.rng.random() < 0.5 else "",
        )
        self.planted["contact"] += 1
        self.out.pairs.append(
            planted.PlantedPair(
                model="contact",
                original=original["id"],
                duplicate=twin["id"],
                kind=kind,
                original_name=f"{original['first_name']} {surname}",
                duplicate_name=f"{twin['first_name']} {spelling}",
            )
        )

    def _company_twin(self, company: dict) -> None:
        """The same company entered a second time under another spelling."""
        owner, _sep, rest = company["name"].partition(" ")
        spelling, kind = planted.variant(owner, self.rng)
        twin = {
            **company,
            "id": self._new_id(Company),
            "name": f"{spelling} {rest}".strip(),
            "version": 1,
        }
        self._history(
            Company,
            twin,
            when=twin["created_at"],
            kind="+",
            user=self.rng.choice(self.out.inside_sales),
            reason=reasons.CREATED,
        )
        self.sink.add(Company, twin)
        self._addresses(
            twin, twin["created_at"], f"{self.rng.randint(1067, 99998):05d}"
        )
        self.planted["company"] += 1
        self.out.pairs.append(
            planted.PlantedPair(
                model="company",
                original=company["id"],
                duplicate=twin["id"],
                kind=kind,
                original_name=company["name"],
                duplicate_name=twin["name"],
            )
        )

    # Exceptions to the team rule.

    def _grants(self) -> None:
        rng, companies = self.rng, self.next_id[Company]
        pairs = set()
        while len(pairs) < min(self.tier.user_grants, companies * len(self.out.reps)):
            pairs.add((rng.choice(self.out.reps), rng.randint(1, companies)))
        for number, (user, company) in enumerate(sorted(pairs), start=1):
            self.sink.add(
                CompanyUserObjectPermission,
                {
                    "id": number,
                    "user_id": user,
                    "content_object_id": company,
                    "permission_id": self.base.view_permission,
                },
            )
        pairs = set()
        limit = min(self.tier.group_grants, companies * len(self.out.team_groups))
        while len(pairs) < limit:
            pairs.add((rng.choice(self.out.team_groups), rng.randint(1, companies)))
        for number, (group, company) in enumerate(sorted(pairs), start=1):
            self.sink.add(
                CompanyGroupObjectPermission,
                {
                    "id": number,
                    "group_id": group,
                    "content_object_id": company,
                    "permission_id": self.base.view_permission,
                },
            )
