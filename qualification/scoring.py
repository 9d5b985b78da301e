"""Score, priority and success estimate: plain arithmetic on loaded rows, so
that every number on screen can be traced to the lines that make it up."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qualification.models import Criterion, CriterionOption, Priority, Settings

MINUS = "\u2212"


@dataclass(frozen=True)
class Line:
    points: int
    text: str
    criterion_id: int | None = None

    @property
    def signed(self) -> str:
        if self.points < 0:
            return f"{MINUS}{-self.points}"
        return f"+{self.points}"

    def __str__(self):
        return f"{self.signed} {self.text}"


@dataclass(frozen=True)
class Score:
    total: int
    lines: list[Line]
    max_points: int
    unanswered: list[Criterion] = field(default_factory=list)

    @property
    def missing_required(self) -> list[Criterion]:
        return [c for c in self.unanswered if c.required_for_handover]


@dataclass(frozen=True)
class SuccessEstimate:
    percent: int
    observed: bool
    successes: int = 0
    closed: int = 0
    needed: int = 0


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole months from one day to another (14 months from 2025-01-15 to
    2026-03-15, 13 to 2026-03-14)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def option_for_number(
    options: list[CriterionOption], number: Decimal
) -> CriterionOption | None:
    """The band the number falls in: the option with the highest lower bound
    not above it; None below the lowest band."""
    bands = sorted(
        (o for o in options if o.min_value is not None), key=lambda o: o.min_value
    )
    chosen = None
    for option in bands:
        if option.min_value <= number:
            chosen = option
    return chosen


def answer_text(criterion: Criterion, option: CriterionOption, number) -> str:
    if criterion.answer_type == Criterion.AnswerType.NUMBER and number is not None:
        unit = _(criterion.unit) if criterion.unit else ""
        if number == number.to_integral():
            number = number.to_integral()
        value = formats.number_format(number, use_l10n=True, force_grouping=True)
        return f"{option.label_display} ({value} {unit})".replace(" )", ")")
    return option.label_display


def stale_line(
    verified_at: datetime.datetime | None, today: datetime.date, settings: Settings
) -> Line | None:
    if not settings.stale_deduction:
        return None
    if verified_at is None:
        return Line(-settings.stale_deduction, _("address never verified"))
    months = months_between(verified_at.date(), today)
    if months < settings.requalify_after_months:
        return None
    text = ngettext(
        "address not verified for %(months)d month",
        "address not verified for %(months)d months",
        months,
    ) % {"months": months}
    return Line(-settings.stale_deduction, text)


def score(
    *,
    criteria: list[Criterion],
    answers: dict,
    verified_at: datetime.datetime | None,
    today: datetime.date,
    settings: Settings,
) -> Score:
    """`criteria` with their options loaded; `answers` maps criterion id to
    Answer. Inactive criteria count for answers given before they were retired
    but are not asked any more."""
    lines, unanswered, max_points = [], [], 0
    for criterion in criteria:
        answer = answers.get(criterion.pk)
        if criterion.active:
            max_points += max((o.points for o in criterion.options.all()), default=0)
        if answer is None:
            if criterion.active:
                unanswered.append(criterion)
            continue
        text = f"{criterion.label_display}: " + answer_text(
            criterion, answer.option, answer.number
        )
        lines.append(Line(answer.option.points, text, criterion.pk))
    deduction = stale_line(verified_at, today, settings)
    if deduction:
        lines.append(deduction)
    return Score(
        total=sum(line.points for line in lines),
        lines=lines,
        max_points=max_points,
        unanswered=unanswered,
    )


def priority_for(total: int, settings: Settings) -> str:
    if total >= settings.threshold_a:
        return Priority.A
    if total >= settings.threshold_b:
        return Priority.B
    return Priority.C


def success_estimate(
    *, total: int, max_points: int, priority: str, rates: dict, settings: Settings
) -> SuccessEstimate:
    """The observed order rate of handovers with this priority once enough of
    them are closed; before that, the score as a share of the points possible.

    `rates` maps priority to (orders, closed handovers).
    """
    successes, closed = rates.get(priority, (0, 0))
    if closed >= settings.min_outcomes:
        return SuccessEstimate(
            percent=round(100 * successes / closed),
            observed=True,
            successes=successes,
            closed=closed,
        )
    percent = (
        0
        if max_points <= 0
        else round(100 * min(max(total, 0), max_points) / max_points)
    )
    return SuccessEstimate(
        percent=percent,
        observed=False,
        successes=successes,
        closed=closed,
        needed=settings.min_outcomes,
    )
