"""The address base: companies, addresses, contact persons, their history
rows and the planted near-duplicates."""

import datetime
import random
from decimal import Decimal

from faker import Faker
from stdnum.iso7064 import mod_11_10

from bench import planted
from bench.generate import access
from bench.generate.state import Base, Generated
from bench.generate.vocabulary import (
    INDUSTRIES,
    JOBS,
    LEGAL_FORMS,
    PERSON_REASON,
    STATUSES,
    SUFFIXES,
)
from bench.tiers import Tier
from contacts import reasons
from contacts.demo.builder import ascii_fold
from contacts.models import Address, Company, ContactPerson


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
        access.teams_and_users(self)
        access.sources(self)
        self._companies()
        access.grants(self)
        self.out.counts = dict(self.sink.counts)
        return self.out

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
            "vat_id": _vat_id(rng),
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


def _vat_id(rng) -> str:
    """A German VAT ID with a valid check digit: saves validate it."""
    digits = str(rng.randint(10_000_000, 99_999_999))
    return f"DE{digits}{mod_11_10.calc_check_digit(digits)}"
