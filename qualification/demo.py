"""Qualification demo data on top of contacts' seed_demo: profiles, answers,
calls and handovers for part of the demo companies, all written through
qualification.services so that the demo shows history and scores as real
use would."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from contacts.models import Company, Team
from qualification import services
from qualification.models import Assessment, CompanyProfile, Criterion

NEEDS = [
    "Ersatz für zwei Drehmaschinen",
    "Rahmenvertrag für Verbrauchsmaterial",
    "Neue Linie ab dem zweiten Quartal",
    "Angebot für 40 Spannvorrichtungen",
]
PREFERENCES = [
    "Will Liefertermine schriftlich",
    "Preis vor Service",
    "Schätzt kurze Telefonate, Details per E-Mail",
    "Entscheidet nur nach Musterteil",
]


CYCLE_ANSWERS = {
    "weekly": "weekly or monthly",
    "monthly": "weekly or monthly",
    "quarterly": "quarterly",
    "yearly": "yearly",
}


def _answers(rng, criteria, company, volume, need, cycle, known) -> dict:
    def pick(key, label):
        return criteria[key].options.get(label=label)

    authority = rng.choice(["decision maker", "purchaser", "influencer", "user"])
    need_label = {"yes": "yes, act fast", "no": "no"}.get(
        need, "yes, in the coming months"
    )
    values = {
        criteria["contact_known"]: pick("contact_known", "yes" if known else "no"),
        criteria["authority"]: pick("authority", authority),
        criteria["purchase_volume"]: volume,
        criteria["current_need"]: pick("current_need", need_label),
        criteria["order_cycle"]: pick("order_cycle", CYCLE_ANSWERS[cycle]),
    }
    if company.employees is not None:
        values[criteria["company_size"]] = Decimal(company.employees)
    return values


@transaction.atomic
def qualification_seed(*, seed: int = 4, share: float = 0.4) -> int:
    """Qualify `share` of each team's companies; returns how many."""
    if Assessment.objects.exists():
        return 0
    rng = random.Random(seed)
    users = get_user_model().objects
    criteria = {c.key: c for c in Criterion.objects.prefetch_related("options")}
    today = timezone.localdate()
    count = 0
    for team in Team.objects.order_by("name"):
        members = users.filter(groups=team.group, is_active=True)
        inside = members.filter(groups__name="inside_sales").first()
        if inside is None:
            continue
        companies = list(
            Company.objects.filter(team=team)
            .exclude(status=Company.Status.LOST)
            .select_related("field_rep")
            .order_by("id")
        )
        for company in rng.sample(companies, round(len(companies) * share)):
            _qualify(rng, company, inside, company.field_rep, criteria, today)
            count += 1
    return count


def _qualify(rng, company, inside, rep, criteria, today):
    need = rng.choice(["yes", "yes", "no", ""])
    cycle = rng.choice(list(CompanyProfile.CYCLE_DAYS))
    volume = Decimal(rng.choice([6, 18, 35, 60, 120, 250]) * 1000)
    services.company_profile_update(
        user=inside,
        company=company,
        data={
            "purchase_volume": volume,
            "order_cycle": cycle,
            "current_need": need,
            "need_description": rng.choice(NEEDS) if need == "yes" else "",
            "act_by": today + datetime.timedelta(days=rng.randint(10, 90))
            if need == "yes"
            else None,
            "recommendation": "Vormittags anrufen; Termin vor Ort anbieten.",
        },
        company_data={},
    )
    person = company.contact_persons.filter(left_on__isnull=True).first()
    if person is not None:
        start = rng.choice([8, 9, 13])
        services.contact_profile_update(
            user=inside,
            person=person,
            data={
                "best_days": rng.choice(["2,3,4", "1,2", "3,4,5"]),
                "best_from": datetime.time(start),
                "best_until": datetime.time(start + rng.choice([2, 3])),
                "preferences": rng.choice(PREFERENCES),
                "preferred_channel": rng.choice(["phone", "email"]),
            },
            person_data={},
        )
        services.qualification_call_record(
            user=inside,
            company=company,
            data={
                "channel": "phone",
                "reached": person,
                "outcome": "qualified",
                "notes": "Daten geprüft, Bedarf besprochen.",
            },
            addresses=list(company.addresses.filter(valid_until__isnull=True)),
            persons=[person],
        )
    services.assessment_answer(
        user=inside,
        company=company,
        values=_answers(
            rng, criteria, company, volume, need, cycle, known=person is not None
        ),
    )
    # The demo's field reps work through assignments, not team membership.
    if rep is not None and person is not None and rng.random() < 0.35:
        handover = services.handover_create(
            user=inside,
            company=company,
            rep=rep,
            brief="Bitte zeitnah anrufen; Details in den Hinweisen.",
        )
        if rng.random() < 0.5:
            services.handover_respond(user=rep, handover=handover, accept=True)
