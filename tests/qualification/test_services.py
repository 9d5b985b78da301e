import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from contacts.services import StaleEditError
from qualification import reasons, services
from qualification.models import Answer, Assessment, Settings
from tests import factories
from tests.qualification.conftest import option

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified_company(company, inside_sales):
    company.verified_at = timezone.now()
    company.verified_by = inside_sales
    company.save()
    return company


class TestAssessmentAnswer:
    def test_stores_answers_score_and_priority(
        self, verified_company, inside_sales, criteria
    ):
        values = {
            criteria["contact_known"]: option(criteria["contact_known"], "yes"),
            criteria["authority"]: option(criteria["authority"], "decision maker"),
            criteria["purchase_volume"]: Decimal("75000"),
            criteria["current_need"]: option(criteria["current_need"], "yes, act fast"),
        }

        assessment = services.assessment_answer(
            user=inside_sales, company=verified_company, values=values
        )

        assert (assessment.score, assessment.priority) == (15 + 20 + 20 + 20, "A")
        assert assessment.assessed_by == inside_sales
        volume = assessment.answers.get(criterion=criteria["purchase_volume"])
        assert volume.number == Decimal("75000")
        assert volume.option.label == "over 50k EUR"

    def test_history_names_user_and_reason(self, company, inside_sales, criteria):
        known = criteria["contact_known"]

        services.assessment_answer(
            user=inside_sales, company=company, values={known: option(known, "yes")}
        )

        answer_row = Answer.history.get()
        assert answer_row.history_user == inside_sales
        assert answer_row.history_change_reason == reasons.ASSESSMENT
        assert Assessment.history.filter(history_user=inside_sales).exists()

    def test_withdrawn_answer_is_deleted_and_score_drops(
        self, verified_company, inside_sales, criteria
    ):
        known = criteria["contact_known"]
        services.assessment_answer(
            user=inside_sales,
            company=verified_company,
            values={known: option(known, "yes")},
        )

        assessment = services.assessment_answer(
            user=inside_sales, company=verified_company, values={known: None}
        )

        assert assessment.score == 0
        assert not assessment.answers.exists()
        assert Answer.history.filter(history_type="-").count() == 1

    def test_option_of_another_criterion_is_refused_and_nothing_saved(
        self, company, inside_sales, criteria
    ):
        wrong = option(criteria["reachability"], "yes")

        with pytest.raises(ValidationError) as error:
            services.assessment_answer(
                user=inside_sales,
                company=company,
                values={criteria["contact_known"]: wrong},
            )

        assert "contact_known" in error.value.message_dict
        assert not Answer.objects.exists()

    def test_number_below_every_band_is_refused(self, company, inside_sales, criteria):
        with pytest.raises(ValidationError) as error:
            services.assessment_answer(
                user=inside_sales,
                company=company,
                values={criteria["purchase_volume"]: Decimal("-5")},
            )

        assert "purchase_volume" in error.value.message_dict

    def test_edit_from_an_older_version_is_refused(
        self, company, inside_sales, criteria
    ):
        known = criteria["contact_known"]
        first = services.assessment_answer(
            user=inside_sales, company=company, values={known: option(known, "yes")}
        )
        services.assessment_answer(
            user=inside_sales,
            company=company,
            values={known: option(known, "no")},
            expected_version=first.version,
        )

        with pytest.raises(StaleEditError):
            services.assessment_answer(
                user=inside_sales,
                company=company,
                values={known: option(known, "yes")},
                expected_version=first.version,
            )

        assert Answer.objects.get().option.label == "no"

    def test_stale_verification_lowers_the_stored_score(
        self, company, inside_sales, criteria
    ):
        company.verified_at = timezone.now() - datetime.timedelta(days=500)
        company.save()
        known = criteria["contact_known"]

        assessment = services.assessment_answer(
            user=inside_sales, company=company, values={known: option(known, "yes")}
        )

        assert assessment.score == 15 - 10


class TestOverride:
    def test_needs_a_reason(self, company, inside_sales):
        with pytest.raises(ValidationError) as error:
            services.assessment_override(
                user=inside_sales, company=company, priority="A", reason_text="  "
            )

        assert "override_reason" in error.value.message_dict
        assert not Assessment.objects.filter(priority_override="A").exists()

    def test_shown_as_set_by_hand_over_the_score(self, company, inside_sales):
        assessment = services.assessment_override(
            user=inside_sales,
            company=company,
            priority="A",
            reason_text="Rahmenvertrag läuft im März aus",
        )

        assert assessment.priority == "C"
        assert assessment.effective_priority == "A"
        assert assessment.is_overridden
        row = assessment.history.first()
        assert row.history_change_reason == reasons.PRIORITY_OVERRIDE
        assert row.override_reason == "Rahmenvertrag läuft im März aus"

    def test_clearing_hands_priority_back_to_the_score(self, company, inside_sales):
        services.assessment_override(
            user=inside_sales, company=company, priority="A", reason_text="Messe"
        )

        assessment = services.assessment_override(
            user=inside_sales, company=company, priority="", reason_text=""
        )

        assert (assessment.effective_priority, assessment.override_reason) == ("C", "")


class TestSettings:
    def test_update_is_history_tracked(self, admin_user):
        services.settings_update(user=admin_user, data={"threshold_a": 70})

        assert Settings.current().threshold_a == 70
        assert Settings.history.first().history_user == admin_user

    def test_inverted_thresholds_are_refused(self, admin_user):
        with pytest.raises(ValidationError):
            services.settings_update(
                user=admin_user, data={"threshold_a": 30, "threshold_b": 40}
            )

        assert Settings.current().threshold_a == 60


def test_refresh_follows_new_thresholds(company, inside_sales, criteria, admin_user):
    known = criteria["contact_known"]
    company.verified_at = timezone.now()
    company.save()
    services.assessment_answer(
        user=inside_sales, company=company, values={known: option(known, "yes")}
    )
    services.settings_update(
        user=admin_user, data={"threshold_a": 20, "threshold_b": 10}
    )

    assessment = services.assessment_refresh(
        user=admin_user, company=company, reason=reasons.SETTINGS
    )

    assert assessment.priority == "B"
    assert (
        services.assessment_refresh(
            user=admin_user, company=factories.CompanyFactory(), reason=reasons.SETTINGS
        )
        is None
    )


def test_score_reads_the_verification_saved_in_the_same_transaction(
    company, inside_sales, criteria
):
    known = criteria["contact_known"]
    services.qualification_call_record(
        user=inside_sales,
        company=company,
        data={"channel": "phone", "outcome": "qualified"},
        addresses=[],
        persons=[],
    )
    assert company.verified_at is None  # this copy predates the call

    assessment = services.assessment_answer(
        user=inside_sales, company=company, values={known: option(known, "yes")}
    )

    assert assessment.score == 15


def test_rescore_command_re_ranks_stored_priorities_after_new_thresholds(
    company, inside_sales, criteria, admin_user
):
    company.verified_at = timezone.now()
    company.save()
    known = criteria["contact_known"]
    services.assessment_answer(
        user=inside_sales, company=company, values={known: option(known, "yes")}
    )
    untouched = factories.CompanyFactory()
    services.assessment_answer(
        user=inside_sales, company=untouched, values={known: option(known, "no")}
    )
    services.settings_update(
        user=admin_user, data={"threshold_a": 15, "threshold_b": 5}
    )
    assert Assessment.objects.get(company=company).priority == "C"

    out = StringIO()
    call_command("rescore_assessments", stdout=out)

    assert Assessment.objects.get(company=company).priority == "A"
    assert Assessment.objects.get(company=untouched).priority == "C"
    assert out.getvalue().startswith("1 ")
