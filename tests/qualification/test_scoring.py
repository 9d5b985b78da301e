import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from qualification import scoring
from qualification.models import Handover, Priority, Settings
from tests import factories
from tests.qualification.conftest import option

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


def at(date: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(9)))


class FakeAnswer:
    def __init__(self, criterion, option, number=None):
        self.criterion_id = criterion.pk
        self.option = option
        self.number = number


VERIFIED_TODAY = at(TODAY)


def score_of(criteria, answers, *, verified_at=VERIFIED_TODAY, settings=None):
    return scoring.score(
        criteria=list(criteria.values()),
        answers={a.criterion_id: a for a in answers},
        verified_at=verified_at,
        today=TODAY,
        settings=settings or Settings.current(),
    )


class TestArithmetic:
    def test_sum_of_answered_options_with_one_line_each(self, criteria):
        volume = criteria["purchase_volume"]
        answers = [
            FakeAnswer(
                criteria["contact_known"], option(criteria["contact_known"], "yes")
            ),
            FakeAnswer(
                criteria["authority"], option(criteria["authority"], "purchaser")
            ),
            FakeAnswer(volume, option(volume, "over 50k EUR"), Decimal("60000")),
        ]

        with translation.override("en"):
            result = score_of(criteria, answers)
            lines = [str(line) for line in result.lines]

        assert result.total == 15 + 15 + 20
        assert lines == [
            "+15 right contact person: yes",
            "+15 authority of the contact: purchaser",
            "+20 purchasing volume: over 50k EUR (60,000 EUR)",
        ]

    def test_most_points_possible_is_the_best_answer_of_each_active_criterion(
        self, criteria
    ):
        result = score_of(criteria, [])

        assert result.max_points == 15 + 20 + 15 + 20 + 10 + 20 + 10
        assert result.total == 0
        assert {c.key for c in result.missing_required} == {
            "contact_known",
            "authority",
            "purchase_volume",
            "current_need",
        }

    def test_retired_criterion_keeps_its_answer_but_is_not_asked(self, criteria):
        reach = criteria["reachability"]
        reach.active = False
        answers = [FakeAnswer(reach, option(reach, "yes"))]

        result = score_of(criteria, answers)

        assert result.total == 10
        assert reach not in result.unanswered
        assert result.max_points == 110 - 10

    @pytest.mark.parametrize(
        ("number", "label"),
        [
            ("0", "under 10k EUR"),
            ("9999.99", "under 10k EUR"),
            ("10000", "10k to 50k EUR"),
            ("49999.99", "10k to 50k EUR"),
            ("50000", "over 50k EUR"),
        ],
    )
    def test_number_falls_in_the_band_of_its_lower_bound(self, criteria, number, label):
        options = list(criteria["purchase_volume"].options.all())

        assert scoring.option_for_number(options, Decimal(number)).label == label

    def test_number_below_every_band_has_no_option(self, criteria):
        options = list(criteria["purchase_volume"].options.all())

        assert scoring.option_for_number(options, Decimal("-1")) is None


class TestStaleDeduction:
    def test_not_verified_for_fourteen_months(self, criteria):
        verified = at(datetime.date(2025, 10, 1))

        with translation.override("en"):
            lines = [
                str(line) for line in score_of(criteria, [], verified_at=verified).lines
            ]

        assert lines == ["\u221210 address not verified for 14 months"]

    def test_reads_in_german(self, criteria):
        verified = at(datetime.date(2025, 10, 1))

        with translation.override("de"):
            line = str(score_of(criteria, [], verified_at=verified).lines[0])

        assert line == "\u221210 Anschrift seit 14 Monaten nicht geprüft"

    def test_never_verified(self, criteria):
        result = score_of(criteria, [], verified_at=None)

        assert result.total == -10
        assert result.lines[0].points == -10

    def test_within_the_period_costs_nothing(self, criteria):
        result = score_of(criteria, [], verified_at=at(datetime.date(2026, 1, 4)))

        assert result.lines == []

    def test_deduction_and_period_follow_the_settings(self, criteria):
        settings = Settings.current()
        settings.requalify_after_months = 6
        settings.stale_deduction = 25
        verified = at(datetime.date(2026, 6, 3))

        result = score_of(criteria, [], verified_at=verified, settings=settings)

        assert result.total == -25

    @pytest.mark.parametrize(
        ("earlier", "later", "months"),
        [
            ("2025-01-15", "2026-03-15", 14),
            ("2025-01-15", "2026-03-14", 13),
            ("2026-01-31", "2026-02-28", 0),
            ("2026-03-01", "2026-02-01", 0),
        ],
    )
    def test_whole_months(self, earlier, later, months):
        parse = datetime.date.fromisoformat

        assert scoring.months_between(parse(earlier), parse(later)) == months


class TestPriority:
    @pytest.mark.parametrize(
        ("total", "priority"),
        [(110, "A"), (60, "A"), (59, "B"), (35, "B"), (34, "C"), (-10, "C")],
    )
    def test_default_thresholds(self, total, priority):
        assert scoring.priority_for(total, Settings.current()) == priority

    def test_thresholds_come_from_the_settings_row(self):
        settings = Settings.current()
        settings.threshold_a, settings.threshold_b = 80, 50

        assert scoring.priority_for(79, settings) == Priority.B
        assert scoring.priority_for(49, settings) == Priority.C

    def test_b_threshold_must_stay_below_a(self):
        settings = Settings.current()
        settings.threshold_b = settings.threshold_a

        with pytest.raises(ValidationError) as error:
            settings.full_clean()

        assert "threshold_b" in error.value.message_dict


class TestSuccessEstimate:
    def test_from_the_score_while_too_few_outcomes(self):
        estimate = scoring.success_estimate(
            total=55,
            max_points=110,
            priority="B",
            rates={"B": (3, 9)},
            settings=Settings.current(),
        )

        assert (estimate.percent, estimate.observed) == (50, False)
        assert (estimate.closed, estimate.needed) == (9, 10)

    def test_score_share_never_below_zero(self):
        estimate = scoring.success_estimate(
            total=-10,
            max_points=110,
            priority="C",
            rates={},
            settings=Settings.current(),
        )

        assert estimate.percent == 0

    def test_observed_rate_once_enough_handovers_of_that_priority_closed(self):
        estimate = scoring.success_estimate(
            total=55,
            max_points=110,
            priority="B",
            rates={"B": (3, 10)},
            settings=Settings.current(),
        )

        assert (estimate.percent, estimate.observed) == (30, True)
        assert (estimate.successes, estimate.closed) == (3, 10)

    def test_rates_count_orders_among_closed_handovers_per_priority(self):
        rep = factories.UserFactory()
        company = factories.CompanyFactory()
        for priority, outcome in [
            ("A", "order"),
            ("A", "order"),
            ("A", "lost"),
            ("A", "offer"),
            ("B", "lost"),
            ("C", ""),
        ]:
            Handover.objects.create(
                company=company,
                rep=rep,
                brief="-",
                priority=priority,
                score=0,
                outcome=outcome,
                handed_over_by=rep,
            )

        from qualification.selectors import success_rates

        assert success_rates() == {"A": (2, 3), "B": (0, 1)}
