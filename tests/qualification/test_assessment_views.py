import datetime

import pytest
from django.utils import timezone

from contacts import services as contact_services
from contacts.models import Company, ContactPerson
from qualification import services
from qualification.models import Assessment, CompanyProfile, ContactProfile, Criterion
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(company):
    return factories.ContactPersonFactory(company=company, last_name="Mayer")


def read_urls(company):
    return [f"/qualification/companies/{company.pk}/"]


def edit_urls(company, person):
    return [
        f"/qualification/companies/{company.pk}/profile/",
        f"/qualification/contacts/{person.pk}/profile/",
    ]


def answers_post(criteria_by_key, version="", **answers):
    data = {"version": version}
    for key, value in answers.items():
        criterion = criteria_by_key[key]
        if criterion.answer_type == Criterion.AnswerType.NUMBER:
            data[key] = value
        else:
            data[key] = str(criterion.options.get(label=value).pk)
    return data


def profile_post(company, **fields):
    data = {
        "company_version": str(company.version),
        "employees": "120",
        "employees_as_of": "2026-06-30",
        "employees_source": "Geschäftsbericht 2025",
        "revenue": "12.500.000",
        "purchase_volume": "80.000",
        "order_cycle": "quarterly",
        "current_need": "yes",
        "need_description": "Ersatz für zwei Drehmaschinen",
        "act_by": "2027-01-15",
        "recommendation": "Vor 10 Uhr anrufen, Herr Mayer ist dann im Büro.",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


class TestPersonas:
    def test_team_member_reaches_every_page(
        self, client, inside_sales, company, person
    ):
        client.force_login(inside_sales)

        for url in [*read_urls(company), *edit_urls(company, person)]:
            assert client.get(url).status_code == 200, url

    def test_field_rep_reads_the_assessment_but_edits_nothing(
        self, client, field_rep, company, person, criteria
    ):
        client.force_login(field_rep)

        assert client.get(read_urls(company)[0]).status_code == 200
        for url in edit_urls(company, person):
            assert client.get(url).status_code == 404, url
        posts = [
            (read_urls(company)[0], answers_post(criteria, contact_known="yes")),
            (
                f"/qualification/companies/{company.pk}/priority/",
                {"priority_override": "A", "override_reason": "x"},
            ),
            (edit_urls(company, person)[0], profile_post(company)),
        ]
        for url, data in posts:
            assert client.post(url, data).status_code == 404, url
        assert not Assessment.objects.exists()
        assert not CompanyProfile.objects.exists()

    def test_outsider_gets_404_everywhere(self, client, outsider, company, person):
        client.force_login(outsider)

        for url in [*read_urls(company), *edit_urls(company, person)]:
            assert client.get(url).status_code == 404, url
        assert (
            client.post(f"/qualification/companies/{company.pk}/priority/").status_code
            == 404
        )

    def test_anonymous_is_sent_to_login(self, client, company, person):
        for url in [*read_urls(company), *edit_urls(company, person)]:
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/login/")


class TestAnswers:
    def test_saved_answers_show_as_score_lines(
        self, client, inside_sales, company, criteria
    ):
        company.verified_at = timezone.now()
        company.save()
        client.force_login(inside_sales)

        response = client.post(
            f"/qualification/companies/{company.pk}/",
            answers_post(
                criteria,
                contact_known="yes",
                purchase_volume="60.000,00",
                current_need="yes, act fast",
            ),
        )

        assert response.status_code == 302
        page = client.get(f"/qualification/companies/{company.pk}/").content.decode()
        assert "+20</span> <span>Einkaufsvolumen: über 50.000 EUR (60.000 EUR)" in page
        assert "+15</span> <span>richtiger Ansprechpartner: ja" in page
        assert Assessment.objects.get().score == 55

    def test_number_below_every_band_keeps_the_input(
        self, client, inside_sales, company, criteria
    ):
        client.force_login(inside_sales)

        response = client.post(
            f"/qualification/companies/{company.pk}/",
            answers_post(criteria, contact_known="yes", purchase_volume="-3"),
        )

        assert response.status_code == 200
        page = response.content.decode()
        assert "Keine Antwort deckt -3 ab" in page
        assert 'value="-3"' in page
        assert not Assessment.objects.filter(answers__isnull=False).exists()

    def test_employees_on_record_prefill_the_size_question(
        self, client, inside_sales, company
    ):
        company.employees = 120
        company.save()
        client.force_login(inside_sales)

        page = client.get(f"/qualification/companies/{company.pk}/").content.decode()

        assert 'name="company_size" value="120"' in page
        assert "Aus den Firmendaten übernommen" in page

    def test_stale_version_is_refused_without_overwriting(
        self, client, inside_sales, company, criteria
    ):
        known = criteria["contact_known"]
        services.assessment_answer(
            user=inside_sales,
            company=company,
            values={known: known.options.get(label="no")},
        )
        client.force_login(inside_sales)

        response = client.post(
            f"/qualification/companies/{company.pk}/",
            answers_post(criteria, version="1", contact_known="yes"),
            follow=True,
        )

        assert "nach dem Öffnen" in response.content.decode()
        assert Assessment.objects.get().answers.get().option.label == "no"


class TestOverride:
    def test_set_by_hand_is_shown_with_reason(self, client, inside_sales, company):
        client.force_login(inside_sales)

        client.post(
            f"/qualification/companies/{company.pk}/priority/",
            {
                "priority_override": "A",
                "override_reason": "Rahmenvertrag endet im März",
            },
        )

        page = client.get(f"/qualification/companies/{company.pk}/").content.decode()
        assert "Von Hand gesetzt (nach Punkten C): Rahmenvertrag endet im März" in page

    def test_without_reason_is_refused_with_message(
        self, client, inside_sales, company
    ):
        client.force_login(inside_sales)

        response = client.post(
            f"/qualification/companies/{company.pk}/priority/",
            {"priority_override": "A", "override_reason": ""},
            follow=True,
        )

        assert "Begründen Sie" in response.content.decode()
        assert not Assessment.objects.filter(priority_override="A").exists()


class TestCompanyProfile:
    def test_figures_stay_on_the_company_and_metadata_on_the_profile(
        self, client, inside_sales, company
    ):
        client.force_login(inside_sales)

        response = client.post(
            f"/qualification/companies/{company.pk}/profile/", profile_post(company)
        )

        assert response.status_code == 302
        company = Company.objects.get(pk=company.pk)
        assert (company.employees, int(company.revenue)) == (120, 12_500_000)
        profile = CompanyProfile.objects.get()
        assert profile.employees_source == "Geschäftsbericht 2025"
        assert profile.act_by == datetime.date(2027, 1, 15)
        assert profile.cycle_days == 91
        page = client.get(f"/qualification/companies/{company.pk}/").content.decode()
        assert "Stand 30. Juni 2026, laut Geschäftsbericht 2025" in page

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            (
                {"order_cycle": "every_n_days"},
                "order_cycle_days",
                "nach wie vielen Tagen",
            ),
            ({"order_cycle_days": "20"}, "order_cycle_days", "nur zum Zyklus"),
            ({"current_need": "no"}, "act_by", "Nur bei aktuellem Bedarf"),
        ],
    )
    def test_contradictions_are_refused_with_input_kept(
        self, client, inside_sales, company, fields, field, message
    ):
        client.force_login(inside_sales)

        response = client.post(
            f"/qualification/companies/{company.pk}/profile/",
            profile_post(company, **fields),
        )

        assert response.status_code == 200
        page = response.content.decode()
        assert message in page
        assert "Ersatz für zwei Drehmaschinen" in page
        assert not CompanyProfile.objects.exists()
        assert Company.objects.get(pk=company.pk).employees is None

    def test_history_tab_shows_qualification_changes(
        self, client, inside_sales, company
    ):
        client.force_login(inside_sales)
        client.post(
            f"/qualification/companies/{company.pk}/profile/", profile_post(company)
        )
        company.refresh_from_db()
        client.post(
            f"/qualification/companies/{company.pk}/profile/",
            profile_post(company, purchase_volume="95.000", version="2"),
        )

        page = client.get(f"/contacts/companies/{company.pk}/history/").content.decode()

        assert "Qualifizierungsdaten" in page
        assert "Einkaufsvolumen pro Jahr (EUR)" in page
        assert "95000" in page.replace(".", "")


class TestContactProfile:
    def test_function_authority_and_reach_window(self, client, inside_sales, person):
        client.force_login(inside_sales)

        response = client.post(
            f"/qualification/contacts/{person.pk}/profile/",
            {
                "person_version": str(person.version),
                "job_title": "Leiter Einkauf",
                "authority": "decision_maker",
                "budget_authority": "signing",
                "signing_limit": "250.000",
                "preferences": "Will Liefertermine schriftlich",
                "days": ["2", "3", "4"],
                "best_from": "08:00",
                "best_until": "10:00",
                "preferred_channel": "phone",
                "language": "Deutsch",
            },
        )

        assert response.status_code == 302
        person = ContactPerson.objects.get(pk=person.pk)
        assert (person.job_title, person.authority) == (
            "Leiter Einkauf",
            "decision_maker",
        )
        profile = ContactProfile.objects.get()
        assert profile.best_days == "2,3,4"
        page = client.get(
            f"/qualification/companies/{person.company_id}/"
        ).content.decode()
        assert "Di, Mi, Do 08:00–10:00" in page
        assert "Will Liefertermine schriftlich" in page

    def test_window_ending_before_it_starts_is_refused(
        self, client, inside_sales, person
    ):
        client.force_login(inside_sales)

        response = client.post(
            f"/qualification/contacts/{person.pk}/profile/",
            {
                "person_version": str(person.version),
                "last_name": "x",
                "best_from": "10:00",
                "best_until": "08:00",
                "preferences": "Preis vor Service",
            },
        )

        assert response.status_code == 200
        assert "muss nach dem Beginn enden" in response.content.decode()
        assert not ContactProfile.objects.exists()


def test_company_page_shows_stored_priority_within_query_budget(
    client, inside_sales, company, django_assert_max_num_queries
):
    services.assessment_override(
        user=inside_sales, company=company, priority="B", reason_text="Messe"
    )
    client.force_login(inside_sales)

    with django_assert_max_num_queries(10):
        page = client.get(f"/contacts/companies/{company.pk}/").content.decode()

    assert 'data-testid="qualification-panel"' in page
    assert "von Hand gesetzt" in page


def test_assessment_page_query_count_does_not_grow_with_answers_and_people(
    client, inside_sales, company, criteria, django_assert_max_num_queries
):
    client.force_login(inside_sales)
    url = f"/qualification/companies/{company.pk}/"
    known = criteria["contact_known"]
    services.assessment_answer(
        user=inside_sales, company=company, values={known: known.options.first()}
    )
    factories.ContactPersonFactory(company=company)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    values = {c: c.options.order_by("-points").first() for c in criteria.values()}
    values[criteria["company_size"]] = 300
    values[criteria["purchase_volume"]] = 70000
    services.assessment_answer(user=inside_sales, company=company, values=values)
    for _ in range(3):
        factories.ContactPersonFactory(company=company)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_unrelated_company_edit_does_not_refuse_the_profile(
    client, inside_sales, company
):
    client.force_login(inside_sales)
    page_version = company.version

    contact_services.company_update(
        user=inside_sales, company=company, data={"industry": "Feinmechanik"}
    )
    data = profile_post(company, employees="", revenue="")
    data["company_version"] = str(page_version)

    response = client.post(f"/qualification/companies/{company.pk}/profile/", data)

    assert response.status_code == 302
    assert CompanyProfile.objects.get().purchase_volume == 80000
    assert Company.objects.get(pk=company.pk).industry == "Feinmechanik"


def test_changed_figure_over_a_newer_company_edit_is_refused_with_both_values(
    client, inside_sales, company
):
    client.force_login(inside_sales)
    page_version = company.version

    contact_services.company_update(
        user=inside_sales, company=company, data={"employees": 95}
    )
    data = profile_post(company)
    data["company_version"] = str(page_version)

    response = client.post(f"/qualification/companies/{company.pk}/profile/", data)

    page = response.content.decode()
    assert 'data-testid="conflict"' in page
    assert Company.objects.get(pk=company.pk).employees == 95
    assert not CompanyProfile.objects.exists()
