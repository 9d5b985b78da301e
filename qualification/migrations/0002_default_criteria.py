"""The default criteria: the checks the domain text names for every lead.

Texts are English and marked for translation; the catalogue shows them in
German. Admins change points and texts in the criteria editor afterwards.
"""

from django.db import migrations
from django.utils.translation import gettext_noop

YES_NO = "yes_no"
CHOICE = "choice"
NUMBER = "number"

# key, label, question, answer type, unit, required, options (label, points, from)
DEFAULTS = [
    (
        "contact_known",
        gettext_noop("right contact person"),
        gettext_noop("Is the right contact person known by name?"),
        YES_NO,
        "",
        True,
        [(gettext_noop("yes"), 15, None), (gettext_noop("no"), 0, None)],
    ),
    (
        "authority",
        gettext_noop("authority of the contact"),
        gettext_noop("What may the contact person decide?"),
        CHOICE,
        "",
        True,
        [
            (gettext_noop("decision maker"), 20, None),
            (gettext_noop("purchaser"), 15, None),
            (gettext_noop("influencer"), 8, None),
            (gettext_noop("user"), 3, None),
            (gettext_noop("gatekeeper"), 0, None),
        ],
    ),
    (
        "company_size",
        gettext_noop("company size"),
        gettext_noop("How many people does the company employ?"),
        NUMBER,
        gettext_noop("employees"),
        False,
        [
            (gettext_noop("under 10 employees"), 0, 0),
            (gettext_noop("10 to 49 employees"), 5, 10),
            (gettext_noop("50 to 249 employees"), 10, 50),
            (gettext_noop("250 employees or more"), 15, 250),
        ],
    ),
    (
        "purchase_volume",
        gettext_noop("purchasing volume"),
        gettext_noop("How much does the company buy per year in our range?"),
        NUMBER,
        "EUR",
        True,
        [
            (gettext_noop("under 10k EUR"), 0, 0),
            (gettext_noop("10k to 50k EUR"), 10, 10000),
            (gettext_noop("over 50k EUR"), 20, 50000),
        ],
    ),
    (
        "order_cycle",
        gettext_noop("order cycle"),
        gettext_noop("How often does the company order?"),
        CHOICE,
        "",
        False,
        [
            (gettext_noop("weekly or monthly"), 10, None),
            (gettext_noop("quarterly"), 7, None),
            (gettext_noop("yearly"), 4, None),
            (gettext_noop("irregularly"), 0, None),
        ],
    ),
    (
        "current_need",
        gettext_noop("current need"),
        gettext_noop("Is there a current need?"),
        CHOICE,
        "",
        True,
        [
            (gettext_noop("yes, act fast"), 20, None),
            (gettext_noop("yes, in the coming months"), 10, None),
            (gettext_noop("no"), 0, None),
        ],
    ),
    (
        "reachability",
        gettext_noop("reachability"),
        gettext_noop("Do we know when the contact person is best reached?"),
        YES_NO,
        "",
        False,
        [(gettext_noop("yes"), 10, None), (gettext_noop("no"), 0, None)],
    ),
]


def create_defaults(apps, schema_editor):
    Criterion = apps.get_model("qualification", "Criterion")
    Option = apps.get_model("qualification", "CriterionOption")
    Settings = apps.get_model("qualification", "Settings")
    Settings.objects.get_or_create(pk=1)
    for position, (key, label, question, kind, unit, required, options) in enumerate(
        DEFAULTS, start=1
    ):
        criterion, created = Criterion.objects.get_or_create(
            key=key,
            defaults={
                "label": label,
                "question": question,
                "answer_type": kind,
                "unit": unit,
                "required_for_handover": required,
                "position": position * 10,
            },
        )
        if created:
            Option.objects.bulk_create(
                Option(
                    criterion=criterion,
                    label=text,
                    points=points,
                    min_value=low,
                    position=index,
                )
                for index, (text, points, low) in enumerate(options)
            )


def remove_defaults(apps, schema_editor):
    keys = [row[0] for row in DEFAULTS]
    apps.get_model("qualification", "Criterion").objects.filter(key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("qualification", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
