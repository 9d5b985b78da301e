from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from contacts import demo
from qualification.models import Assessment, Handover
from qualification.selectors import company_score

pytestmark = pytest.mark.django_db


def seed_qualification() -> str:
    out = StringIO()
    call_command("seed_qualification", stdout=out)
    return out.getvalue()


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        seed_qualification()


def test_qualifies_part_of_the_demo_through_the_services(settings):
    settings.DEBUG = True
    demo.demo_seed(companies=40, seed=3, reset=False)

    assert "Qualified" in seed_qualification()

    assessments = list(Assessment.objects.select_related("company"))
    assert 5 <= len(assessments) <= 30
    for assessment in assessments[:5]:
        assert assessment.score == company_score(assessment.company).total
        assert assessment.history.first().history_user is not None
    for handover in Handover.objects.select_related("company", "rep"):
        assert handover.rep == handover.company.field_rep
    assert "nothing added" in seed_qualification()
