import pytest

from qualification.models import Criterion, Settings

pytestmark = pytest.mark.django_db


def criterion_post(**overrides):
    data = {
        "key": "trade_fair_visit",
        "label": "Messebesuch",
        "question": "War die Firma auf unserem Messestand?",
        "answer_type": "yes_no",
        "unit": "",
        "required_for_handover": "",
        "active": "on",
        "position": "80",
        "options-TOTAL_FORMS": "2",
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "1000",
        "options-0-label": "ja",
        "options-0-points": "5",
        "options-0-position": "0",
        "options-1-label": "nein",
        "options-1-points": "0",
        "options-1-position": "1",
    }
    data.update(overrides)
    return data


class TestPersonas:
    urls = ["/qualification/criteria/", "/qualification/criteria/new/"]

    def test_admin_reaches_the_editor(self, client, admin_user):
        client.force_login(admin_user)
        criterion = Criterion.objects.first()

        for url in [*self.urls, f"/qualification/criteria/{criterion.pk}/edit/"]:
            assert client.get(url).status_code == 200, url

    @pytest.mark.parametrize("persona", ["inside_sales", "field_rep", "outsider"])
    def test_everybody_else_gets_404(self, client, request, persona):
        client.force_login(request.getfixturevalue(persona))
        criterion = Criterion.objects.first()

        for url in [*self.urls, f"/qualification/criteria/{criterion.pk}/edit/"]:
            assert client.get(url).status_code == 404, url
        response = client.post("/qualification/criteria/new/", criterion_post())
        assert response.status_code == 404
        assert (
            client.post("/qualification/settings/", {"threshold_a": 1}).status_code
            == 404
        )
        assert not Criterion.objects.filter(key="trade_fair_visit").exists()

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get("/qualification/criteria/")

        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


class TestEditor:
    def test_list_shows_default_criteria_in_german(self, client, admin_user):
        client.force_login(admin_user)

        page = client.get("/qualification/criteria/").content.decode()

        assert "Einkaufsvolumen" in page
        assert "über 50.000 EUR" in page

    def test_admin_creates_a_criterion_with_answers(self, client, admin_user):
        client.force_login(admin_user)

        response = client.post("/qualification/criteria/new/", criterion_post())

        assert response.status_code == 302
        criterion = Criterion.objects.get(key="trade_fair_visit")
        assert [(o.label, o.points) for o in criterion.options.all()] == [
            ("ja", 5),
            ("nein", 0),
        ]
        assert criterion.history.first().history_user == admin_user

    def test_number_range_without_start_values_is_refused_with_input_kept(
        self, client, admin_user
    ):
        client.force_login(admin_user)

        response = client.post(
            "/qualification/criteria/new/", criterion_post(answer_type="number")
        )

        assert response.status_code == 200
        page = response.content.decode()
        assert "braucht jede Antwort den Wert, ab dem sie gilt" in page
        assert 'value="Messebesuch"' in page
        assert not Criterion.objects.filter(key="trade_fair_visit").exists()

    def test_answer_already_given_cannot_be_deleted(
        self, client, admin_user, company, inside_sales
    ):
        from qualification import services

        known = Criterion.objects.get(key="contact_known")
        yes = known.options.get(label="yes")
        services.assessment_answer(
            user=inside_sales, company=company, values={known: yes}
        )
        client.force_login(admin_user)
        options = list(known.options.all())
        data = criterion_post(
            key="contact_known",
            label=known.label,
            question=known.question,
            **{
                "options-INITIAL_FORMS": "2",
                "options-0-id": str(options[0].pk),
                "options-0-label": options[0].label,
                "options-0-DELETE": "on",
                "options-1-id": str(options[1].pk),
                "options-1-label": options[1].label,
            },
        )

        response = client.post(f"/qualification/criteria/{known.pk}/edit/", data)

        assert response.status_code == 200
        assert known.options.filter(pk=yes.pk).exists()

    def test_settings_saved_and_bad_thresholds_explained(self, client, admin_user):
        client.force_login(admin_user)
        data = {
            "threshold_a": "70",
            "threshold_b": "40",
            "requalify_after_months": "9",
            "stale_deduction": "5",
            "min_outcomes": "20",
        }

        assert client.post("/qualification/settings/", data).status_code == 302
        assert Settings.current().requalify_after_months == 9

        response = client.post("/qualification/settings/", data | {"threshold_b": "80"})

        assert "muss niedriger sein als für A" in response.content.decode()
        assert Settings.current().threshold_b == 40


def test_admin_link_in_navigation_only_for_admins(client, admin_user, inside_sales):
    client.force_login(inside_sales)
    assert (
        "/qualification/criteria/"
        not in client.get("/contacts/companies/").content.decode()
    )

    client.force_login(admin_user)
    assert (
        "/qualification/criteria/"
        in client.get("/contacts/companies/").content.decode()
    )
