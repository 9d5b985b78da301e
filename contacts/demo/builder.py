"""Builds the demo data set row by row through contacts.services."""

import datetime
import re
import unicodedata
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone
from faker import Faker
from stdnum.iso7064 import mod_11_10

from contacts import reasons, services
from contacts.consent import services as consent
from contacts.consent.models import Basis, Channel
from contacts.demo.data import (
    CITIES,
    FOLD,
    FOREIGN_FORMS,
    INDUSTRIES,
    JOBS,
    LARGE_FORMS,
    LEGAL_FORMS,
    MOBILE_PREFIXES,
    NO_VAT_ID_FORMS,
    PASSWORD,
    REGISTERS,
    SMALL_FORMS,
    SOLE_TRADER_FORMS,
    SOURCES,
    STATUSES,
    STREETS,
    TEAMS,
    TITLES,
    USERS,
    Authority,
    DemoUser,
    LegalForm,
)
from contacts.duplicates.scan import duplicates_scan
from contacts.legal_forms import split_legal_form
from contacts.models import Address, Company, ContactPerson, Source, Team
from contacts.roles import Role
from contacts.selectors import team_for_postal_code


def ascii_fold(text: str) -> str:
    """Lower-case ASCII for e-mail addresses and domains:
    "Jürgen Groß & Söhne" -> "juergen-gross-soehne"."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


# Ways people misspell a German name, tried in order: the first that
# applies makes the variant.
_SPELLINGS = [
    ("ai", "ay"),
    ("ei", "ai"),
    ("ey", "ei"),
    ("ü", "ue"),
    ("ö", "oe"),
    ("ä", "ae"),
    ("ß", "ss"),
    ("dt", "t"),
    ("tz", "z"),
    ("mm", "m"),
    ("nn", "n"),
    ("ll", "l"),
    ("tt", "t"),
    ("ff", "f"),
    ("ck", "k"),
    ("ph", "f"),
]


def spelling_variant(name: str) -> str:
    for written, heard in _SPELLINGS:
        if written in name:
            return name.replace(written, heard, 1)
    # A typo: two neighbouring letters swapped in the middle of the name.
    middle = len(name) // 2
    return name[: middle - 1] + name[middle] + name[middle - 1] + name[middle + 1 :]


def team_group_name(team_name: str) -> str:
    return f"team:{team_name}"


class Builder:
    def __init__(self, *, seed: int, today: datetime.date):
        self.fake = Faker("de_DE")
        self.fake.seed_instance(seed)
        self.rng = self.fake.random
        self.today = today
        self.now = timezone.now()
        self.kept_users: list[str] = []

    def build(self, *, companies: int) -> None:
        self.users = self._create_users()
        self.teams = self._create_teams()
        self.sources = self._create_sources()
        # A few of the companies are the same firm entered a second time, with
        # its name spelt another way, for the duplicates page to find.
        twins = companies // 25
        people = [
            self._create_company(index=index) for index in range(companies - twins)
        ]
        for original in self.rng.sample(people, twins):
            people.append(self._create_twin(of=original[0].company))
        self._move_some(count=max(1, round(companies * 0.1)))
        self._let_some_leave(people=people)
        self._record_permissions(people=people)
        self._edit_some(count=max(2, companies // 12))
        duplicates_scan(kind="company")
        duplicates_scan(kind="person")

    def _create_twin(self, *, of: Company) -> list[ContactPerson]:
        inside = TEAMS[of.team.name][1]
        user = self.users[inside]
        place = of.addresses.get(kind=Address.Kind.HEADQUARTERS)
        data = {
            "name": spelling_variant(of.name),
            "legal_form": of.legal_form,
            "industry": of.industry,
            "status": Company.Status.PROSPECT,
            "source": self._weighted(self.sources),
            "team": of.team,
        }
        company = services.company_create(
            user=user,
            data=data,
            address={
                "street": place.street,
                "house_number": place.house_number,
                "postal_code": place.postal_code,
                "city": place.city,
                "valid_from": self._days_ago(low=60, high=400),
            },
            reason=reasons.DEMO_DATA,
            check_duplicates=False,
        )
        first = of.contact_persons.order_by("id").first()
        person = services.contact_person_create(
            user=user,
            company=company,
            data={
                "salutation": first.salutation,
                "first_name": first.first_name,
                "last_name": spelling_variant(first.last_name),
                "job_title": first.job_title,
                "source": company.source,
            },
            reason=reasons.DEMO_DATA,
            check_duplicates=False,
        )
        return [person]

    def _weighted(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _days_ago(self, *, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    def _create_users(self) -> dict:
        # One hash for all: a demo password is the same for everyone anyway, and
        # hashing six times would slow down every `make run`.
        password = make_password(PASSWORD)
        users = {}
        for spec in USERS:
            users[spec.username] = self._create_user(spec=spec, password=password)
        return users

    def _create_user(self, *, spec: DemoUser, password: str):
        is_admin = spec.role == Role.ADMIN
        user, created = get_user_model().objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": self.fake.first_name(),
                "last_name": self.fake.last_name(),
                "email": f"{spec.username}@kontaktpflege.example",
                "password": password,
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        if not created:
            self.kept_users.append(spec.username)
        user.groups.add(Group.objects.get(name=spec.role))
        return user

    def _create_teams(self) -> list[Team]:
        teams = []
        for name, (prefixes, inside, _rep) in TEAMS.items():
            group, _created = Group.objects.get_or_create(name=team_group_name(name))
            team, _created = Team.objects.update_or_create(
                name=name, defaults={"group": group, "postal_code_prefixes": prefixes}
            )
            teams.append(team)
            self.users[inside].groups.add(group)
        return teams

    def _create_sources(self) -> dict[Source, int]:
        return {
            services.source_get_or_create(
                kind=kind, name=name, date=date, **_licence(kind)
            ): weight
            for kind, name, date, weight in SOURCES
        }

    def _pick_source(self, *, index: int) -> Source:
        # The first companies go through every source once, so each kind is used.
        sources = list(self.sources)
        if index < len(sources):
            return sources[index]
        return self._weighted(self.sources)

    def _pick_city(self, *, index: int) -> tuple:
        # Likewise every leading postal code digit, so every team gets companies.
        digit = str(index) if index < 10 else None
        candidates = [c for c in CITIES if digit is None or f"{c[1]:05d}"[0] == digit]
        return self.rng.choice(candidates)

    def _create_company(self, *, index: int) -> list[ContactPerson]:
        city = self._pick_city(index=index)
        address = self._address_data(city=city)
        team = team_for_postal_code(address["postal_code"], self.teams)
        _prefixes, inside, rep = TEAMS[team.name]
        legal_form = self._weighted(LEGAL_FORMS)
        # A sole trader's firm carries the owner's name, and the owner is the
        # first contact person.
        owner = self._person_name() if legal_form in SOLE_TRADER_FORMS else None
        data = self._company_data(
            index=index, city=city, team=team, rep=rep, legal_form=legal_form
        )
        name, industry = self._company_name(owner=owner)
        data |= {"name": name, "industry": industry}
        data |= self._contact_channels(name=name, city=city)
        company = services.company_create(
            user=self.users[inside],
            data=data,
            address=address,
            reason=reasons.DEMO_DATA,
            # Demo data is made up; the duplicates it plants are found by the
            # scan at the end of seeding.
            check_duplicates=False,
        )
        self._add_extra_addresses(company=company, city=city, user=self.users[inside])
        return self._add_people(company=company, owner=owner, user=self.users[inside])

    def _company_name(self, *, owner: tuple | None) -> tuple[str, str]:
        """A name without legal form, and the industry that goes with it."""
        industry, words = self.rng.choice(INDUSTRIES)
        word = self.rng.choice(words)
        if owner is not None:
            _female, first_name, last_name = owner
            if self.rng.random() < 0.5:
                return f"{first_name} {last_name}", industry
            return f"{word} {last_name}", industry
        name = self._faker_name(self.fake.company)
        roll = self.rng.random()
        if roll < 0.35:
            return f"{name} {word}", industry
        if roll < 0.5 and " " in name:
            return name.replace(" ", " & ", 1), industry
        return name, industry

    def _contact_channels(self, *, name: str, city: tuple) -> dict:
        domain = f"{ascii_fold(name)}.de"
        mailbox = self.rng.choice(("info", "kontakt", "service"))
        return {
            "website": f"https://www.{domain}",
            "email": f"{mailbox}@{domain}",
            "phone": self._phone(area=city[3]),
        }

    def _company_data(
        self, *, index: int, city: tuple, team: Team, rep: str, legal_form: str
    ) -> dict:
        status = self._weighted(STATUSES)
        employees = self._employees(legal_form=legal_form)
        data = {
            "legal_form": legal_form,
            "employees": employees,
            "revenue": self._revenue(employees=employees)
            if self.rng.random() < 0.8
            else None,
            "status": status,
            "last_order_date": self._last_order(status=status),
            "source": self._pick_source(index=index),
            "team": team,
            "field_rep": self.users[rep] if self.rng.random() < 0.5 else None,
        }
        if legal_form == LegalForm.OTHER:
            data["legal_form_other"] = self.rng.choice(FOREIGN_FORMS)
        data |= self._register_data(legal_form=legal_form, court=city[4])
        data |= self._verification(user=self.users[TEAMS[team.name][1]])
        return data

    def _employees(self, *, legal_form: str) -> int | None:
        if self.rng.random() < 0.15:
            return None
        mu = (
            2.0
            if legal_form in SMALL_FORMS
            else 6.0
            if legal_form in LARGE_FORMS
            else 3.8
        )
        return max(1, min(50_000, round(self.rng.lognormvariate(mu, 1.0))))

    def _revenue(self, *, employees: int | None) -> Decimal | None:
        if employees is None:
            return None
        per_head = self.rng.uniform(90_000, 320_000)
        return Decimal(round(employees * per_head, -3)).quantize(Decimal("0.01"))

    def _last_order(self, *, status: str) -> datetime.date | None:
        if status == Company.Status.CUSTOMER:
            return self._days_ago(low=3, high=330)
        if status == Company.Status.FORMER:
            return self._days_ago(low=500, high=2000)
        return None

    def _register_data(self, *, legal_form: str, court: str) -> dict:
        data = {}
        if legal_form not in NO_VAT_ID_FORMS and self.rng.random() < 0.55:
            digits = str(self.rng.randint(10_000_000, 39_999_999))
            data["vat_id"] = f"DE{digits}{mod_11_10.calc_check_digit(digits)}"
        for register, forms in REGISTERS.items():
            if legal_form in forms and self.rng.random() < 0.85:
                number = self.rng.randint(100, 99_999 if register == "HRA" else 299_999)
                data["register_court"] = court
                data["register_number"] = f"{register} {number}"
        return data

    def _verification(self, *, user) -> dict:
        if self.rng.random() >= 0.4:
            return {}
        minutes = self.rng.randint(60, 400 * 24 * 60)
        verified_at = self.now - datetime.timedelta(minutes=minutes)
        return {"verified_at": verified_at, "verified_by": user}

    def _phone(self, *, area: str) -> str:
        return f"+49 {area} {self.rng.randint(200_000, 9_999_999)}"

    def _street(self) -> str:
        if self.rng.random() < 0.25:
            return self.fake.street_name()
        return self.rng.choice(STREETS)

    def _address_data(self, *, city: tuple, **extra) -> dict:
        name, first, last, _area, _court = city
        number = str(min(250, 1 + round(self.rng.expovariate(1 / 25))))
        if self.rng.random() < 0.12:
            number += self.rng.choice("abc")
        return {
            "street": self._street(),
            "house_number": number,
            "postal_code": f"{self.rng.randint(first, last):05d}",
            "city": name,
            "valid_from": self._days_ago(low=365, high=15 * 365),
            **extra,
        }

    def _add_extra_addresses(self, *, company: Company, city: tuple, user) -> None:
        roll = self.rng.random()
        if roll < 0.15:
            addition = self.rng.choice(("Tor 2", "Halle 3", "Wareneingang", "Lager"))
            data = self._address_data(
                city=city, kind=Address.Kind.DELIVERY, addition=addition
            )
        elif roll < 0.23:
            data = self._address_data(
                city=self.rng.choice(CITIES), kind=Address.Kind.BILLING
            )
        elif roll < 0.28:
            data = self._address_data(city=city, kind=Address.Kind.PO_BOX)
            data |= {"street": "", "house_number": "", "po_box": self._po_box()}
        else:
            return
        services.address_create(
            user=user, company=company, data=data, reason=reasons.DEMO_DATA
        )

    def _po_box(self) -> str:
        digits = f"{self.rng.randint(10_00_00, 99_99_99)}"
        return f"{digits[:2]} {digits[2:4]} {digits[4:]}"

    def _move_some(self, *, count: int) -> None:
        headquarters = list(
            Address.objects.filter(kind=Address.Kind.HEADQUARTERS)
            .select_related("company__team")
            .order_by("id")
        )
        for address in self.rng.sample(headquarters, min(count, len(headquarters))):
            city = next(c for c in CITIES if c[0] == address.city)
            moved_on = self._days_ago(low=30, high=min(5 * 365, self._age(address)))
            data = self._address_data(city=city)
            del data["valid_from"]
            services.address_move(
                user=self._inside_user(address.company),
                address=address,
                data=data,
                moved_on=moved_on,
                reason=reasons.DEMO_DATA,
            )

    def _age(self, address: Address) -> int:
        return (self.today - address.valid_from).days - 1

    def _inside_user(self, company: Company):
        return self.users[TEAMS[company.team.name][1]]

    def _add_people(
        self, *, company: Company, owner: tuple | None, user
    ) -> list[ContactPerson]:
        count = self.rng.choices((1, 2, 3, 4), weights=(30, 35, 25, 10))[0]
        names = [owner or self._person_name()]
        names += [self._person_name() for _ in range(count - 1)]
        return [
            services.contact_person_create(
                user=user,
                company=company,
                data=self._person_data(company=company, name=name, first=i == 0),
                reason=reasons.DEMO_DATA,
                check_duplicates=False,
            )
            for i, name in enumerate(names)
        ]

    def _person_name(self) -> tuple[bool, str, str]:
        female = self.rng.random() < 0.4
        first_name = (
            self.fake.first_name_female() if female else self.fake.first_name_male()
        )
        return female, first_name, self._faker_name(self.fake.last_name)

    @staticmethod
    def _faker_name(make) -> str:
        """A Faker name without its legal form, skipping the few odd ones in
        Faker's lists ("Dussen van", "Koch II") that would look made up."""
        while True:
            name = split_legal_form(make()).name
            words = name.replace("-", " ").split()
            if all(word[0].isupper() and word != "II" for word in words):
                return name

    def _job(self, *, company: Company, first: bool) -> tuple:
        if not first:
            return self.rng.choices(JOBS, weights=[job[-1] for job in JOBS])[0]
        if company.legal_form in SOLE_TRADER_FORMS:
            male, female = "Inhaber", "Inhaberin"
        elif company.legal_form == LegalForm.GBR:
            male, female = "Gesellschafter", "Gesellschafterin"
        else:
            male, female = "Geschäftsführer", "Geschäftsführerin"
        return male, female, "Geschäftsleitung", Authority.DECISION_MAKER

    def _person_data(self, *, company: Company, name: tuple, first: bool) -> dict:
        female, first_name, last_name = name
        domain = company.website.removeprefix("https://www.")
        male_title, female_title, department, authority, *_ = self._job(
            company=company, first=first
        )
        email = f"{ascii_fold(first_name)}.{ascii_fold(last_name)}@{domain}"
        return {
            "salutation": ContactPerson.Salutation.MS
            if female
            else ContactPerson.Salutation.MR,
            "academic_title": self._weighted(TITLES),
            "first_name": first_name,
            "last_name": last_name,
            "job_title": female_title if female else male_title,
            "department": department,
            "authority": authority,
            "email": email if self.rng.random() < 0.9 else "",
            "phone": f"{company.phone}-{self.rng.randint(10, 399)}",
            "mobile": self._mobile() if self.rng.random() < 0.45 else "",
            "source": company.source
            if self.rng.random() < 0.85
            else self._weighted(self.sources),
        }

    def _mobile(self) -> str:
        prefix = self.rng.choice(MOBILE_PREFIXES)
        return f"+49 {prefix} {self.rng.randint(1_000_000, 99_999_999)}"

    def _let_some_leave(self, *, people: list[list[ContactPerson]]) -> None:
        everyone = [person for company_people in people for person in company_people]
        count = min(len(everyone), max(1, round(len(everyone) * 0.05)))
        leaving = self.rng.sample(everyone, count)
        leaving_ids = {person.pk for person in leaving}
        by_company = {group[0].company_id: group for group in people if group}
        for person in leaving:
            successor = next(
                (
                    other
                    for other in by_company[person.company_id]
                    if other.pk not in leaving_ids
                ),
                None,
            )
            services.contact_person_leave(
                user=self._inside_user(person.company),
                person=person,
                left_on=self._days_ago(low=20, high=900),
                successor=successor,
                reason=reasons.DEMO_DATA,
            )

    def _record_permissions(self, *, people: list[list[ContactPerson]]) -> None:
        """Realistic permissions, so that the call and mailing lists have
        something to offer and something to leave out."""
        everyone = [person for company_people in people for person in company_people]
        bought = [p for p in everyone if p.source.kind == Source.Kind.ADDRESS_BROKER]
        # Half of the bought addresses were told in time (Art. 14); a few of
        # the others were bought long enough ago to be overdue.
        for position, person in enumerate(bought):
            if position % 2 == 0:
                person.informed_on = self._days_ago(low=1, high=20)
                person.save(update_fields=["informed_on"])
            elif position % 3 == 1:
                # created_at is bookkeeping, not history (UNTRACKED_FIELDS).
                ContactPerson.objects.filter(pk=person.pk).update(
                    created_at=self.now - datetime.timedelta(days=45)
                )
        for person in everyone:
            user = self._inside_user(person.company)
            roll = self.rng.random()
            if roll < 0.03:
                consent.person_object(user=user, person=person, note="telefonisch")
                continue
            if roll < 0.55:
                consent.permission_set(
                    user=user,
                    person=person,
                    channel=Channel.PHONE,
                    basis=Basis.PRESUMED,
                    reason="Bestehende Geschäftsbeziehung, Rückrufbitte",
                )
            elif roll < 0.7:
                consent.permission_set(
                    user=user,
                    person=person,
                    channel=Channel.PHONE,
                    basis=Basis.EXPRESS,
                    consented_on=self._days_ago(low=30, high=600),
                    consent_method="Visitenkarte mit Unterschrift auf der Messe",
                    consent_wording="Ja, Sie dürfen mich zu Angeboten anrufen.",
                )
            if person.email and self.rng.random() < 0.4:
                customer = person.company.status == Company.Status.CUSTOMER
                consent.permission_set(
                    user=user,
                    person=person,
                    channel=Channel.EMAIL,
                    **(
                        {
                            "basis": Basis.EXISTING_CUSTOMER,
                            "reason": "Adresse aus der letzten Bestellung",
                        }
                        if customer
                        else {
                            "basis": Basis.EXPRESS,
                            "consented_on": self._days_ago(low=10, high=400),
                            "consent_method": "Double-Opt-in über die Website",
                            "consent_wording": "Ich möchte den Newsletter erhalten.",
                        }
                    ),
                )

    def _edit_some(self, *, count: int) -> None:
        companies = list(Company.objects.select_related("team").order_by("id"))
        chosen = self.rng.sample(companies, min(count, len(companies)))
        for position, company in enumerate(chosen):
            creator = self._inside_user(company)
            if position % 2 == 0:
                # A colleague from the other team covers, so history shows both.
                editor = next(
                    user
                    for name, user in self.users.items()
                    if name.startswith("innendienst") and user != creator
                )
            else:
                editor = creator
            services.company_update(
                user=editor,
                company=company,
                data=self._edit_data(company=company),
                reason=reasons.DEMO_DATA,
                check_duplicates=False,
            )

    def _edit_data(self, *, company: Company) -> dict:
        if company.status == Company.Status.PROSPECT:
            return {
                "status": Company.Status.CUSTOMER,
                "last_order_date": self._days_ago(low=1, high=30),
            }
        employees = (company.employees or 10) + self.rng.randint(1, 25)
        return {"employees": employees, "revenue": self._revenue(employees=employees)}


def _licence(kind: str) -> dict:
    """Bought addresses carry their (invented) contract, valid for a year."""
    if kind != Source.Kind.ADDRESS_BROKER:
        return {}
    return {
        "licence_reference": "KL-2025-0417",
        "licence_expires_on": timezone.localdate() + datetime.timedelta(days=365),
    }
