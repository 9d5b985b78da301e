import datetime

import pytest
from django.core.exceptions import ValidationError

from contacts.consent import services as consent
from contacts.consent.models import Basis, Channel
from contacts.models import CompanyUserObjectPermission
from contacts.roles import Role
from contacts.selectors import companies_visible_to
from qualification import selectors, services
from qualification.models import CompanyProfile, Handover
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep(db):
    """A field rep with no team and no assignment: sees nothing until a handover."""
    return factories.UserFactory(roles=[Role.FIELD_SALES])


@pytest.fixture
def lead(team, inside_sales):
    company = factories.qualified_company(team=team, user=inside_sales)
    factories.AddressFactory(company=company, postal_code="01099", city="Dresden")
    factories.ContactPersonFactory(
        company=company, phone="+49 351 123456", authority="decision_maker"
    )
    return company


def hand_over(company, rep, user, brief="Bitte vor Freitag anrufen"):
    return services.handover_create(user=user, company=company, rep=rep, brief=brief)


class TestHandoverService:
    def test_grants_the_rep_access_through_the_visibility_rule(
        self, lead, rep, inside_sales
    ):
        assert not companies_visible_to(rep).filter(pk=lead.pk).exists()

        handover = hand_over(lead, rep, inside_sales)

        assert companies_visible_to(rep).filter(pk=lead.pk).exists()
        assert CompanyUserObjectPermission.objects.filter(
            user=rep, content_object=lead
        ).exists()
        assert (handover.priority, handover.score) == ("A", 75 - 10)
        assert handover.history.first().history_user == inside_sales

    def test_required_criteria_block_the_handover(self, company, rep, inside_sales):
        with pytest.raises(ValidationError) as error:
            hand_over(company, rep, inside_sales)

        assert "richtiger Ansprechpartner" in str(error.value)
        assert not Handover.objects.exists()
        assert not companies_visible_to(rep).filter(pk=company.pk).exists()

    def test_only_to_field_reps_and_only_once_at_a_time(self, lead, rep, inside_sales):
        with pytest.raises(ValidationError):
            hand_over(lead, inside_sales, inside_sales)
        hand_over(lead, rep, inside_sales)

        with pytest.raises(ValidationError) as error:
            hand_over(
                lead, factories.UserFactory(roles=[Role.FIELD_SALES]), inside_sales
            )

        assert "bereits beim Außendienst" in str(error.value)

    def test_reject_needs_a_reason_and_ends_access(self, lead, rep, inside_sales):
        handover = hand_over(lead, rep, inside_sales)
        with pytest.raises(ValidationError):
            services.handover_respond(user=rep, handover=handover, accept=False)

        services.handover_respond(
            user=rep, handover=handover, accept=False, reason="Nicht mein Gebiet"
        )

        assert not companies_visible_to(rep).filter(pk=lead.pk).exists()
        hand_over(lead, factories.UserFactory(roles=[Role.FIELD_SALES]), inside_sales)

    def test_only_the_rep_answers(self, lead, rep, inside_sales):
        handover = hand_over(lead, rep, inside_sales)

        with pytest.raises(ValidationError):
            services.handover_respond(user=inside_sales, handover=handover, accept=True)

    def test_outcomes_need_acceptance_loss_needs_a_reason_and_feed_the_rates(
        self, lead, rep, inside_sales
    ):
        handover = hand_over(lead, rep, inside_sales)
        with pytest.raises(ValidationError):
            services.handover_outcome(user=rep, handover=handover, outcome="order")
        services.handover_respond(user=rep, handover=handover, accept=True)
        services.handover_outcome(user=rep, handover=handover, outcome="appointment")
        with pytest.raises(ValidationError):
            services.handover_outcome(user=rep, handover=handover, outcome="lost")

        services.handover_outcome(
            user=rep, handover=handover, outcome="lost", note="Zu teuer"
        )

        assert selectors.success_rates() == {"A": (0, 1)}
        with pytest.raises(ValidationError):
            services.handover_outcome(user=rep, handover=handover, outcome="order")


class TestViews:
    def test_handover_page_personas(self, client, lead, inside_sales, rep, outsider):
        url = f"/qualification/companies/{lead.pk}/handover/"
        client.force_login(inside_sales)
        assert client.get(url).status_code == 200
        for user in (rep, outsider):
            client.force_login(user)
            assert client.get(url).status_code == 404
            assert client.post(url, {"rep": rep.pk, "brief": "x"}).status_code == 404
        assert not Handover.objects.exists()

    def test_inside_sales_hands_over_and_lands_on_the_brief(
        self, client, lead, inside_sales, rep
    ):
        client.force_login(inside_sales)

        response = client.post(
            f"/qualification/companies/{lead.pk}/handover/",
            {"rep": str(rep.pk), "brief": "Will schnell ein Angebot"},
        )

        handover = Handover.objects.get()
        assert response["Location"] == f"/qualification/handovers/{handover.pk}/"

    def test_handover_page_says_what_is_missing(self, client, company, inside_sales):
        client.force_login(inside_sales)

        page = client.get(f"/qualification/companies/{company.pk}/handover/")

        assert 'data-testid="blocked"' in page.content.decode()

    def test_brief_personas(self, client, lead, inside_sales, rep, outsider):
        handover = hand_over(lead, rep, inside_sales)
        url = f"/qualification/handovers/{handover.pk}/"
        other_rep = factories.UserFactory(roles=[Role.FIELD_SALES])

        client.force_login(rep)
        page = client.get(url).content.decode()
        assert "Bitte vor Freitag anrufen" in page
        assert 'data-testid="hints"' in page
        assert "Den Lead übernehmen?" in page
        client.force_login(inside_sales)
        assert client.get(url).status_code == 200
        for user in (other_rep, outsider):
            client.force_login(user)
            assert client.get(url).status_code == 404

    def test_only_the_rep_may_answer_even_if_others_see_it(
        self, client, lead, inside_sales, rep
    ):
        handover = hand_over(lead, rep, inside_sales)
        client.force_login(inside_sales)

        for action, data in [
            ("respond", {"accept": "yes"}),
            ("outcome", {"outcome": "order"}),
        ]:
            url = f"/qualification/handovers/{handover.pk}/{action}/"
            assert client.post(url, data).status_code == 404
        assert Handover.objects.get().status == "offered"

    def test_rep_accepts_then_records_an_order(self, client, lead, inside_sales, rep):
        handover = hand_over(lead, rep, inside_sales)
        client.force_login(rep)

        client.post(
            f"/qualification/handovers/{handover.pk}/respond/", {"accept": "yes"}
        )
        client.post(
            f"/qualification/handovers/{handover.pk}/outcome/", {"outcome": "order"}
        )

        handover.refresh_from_db()
        assert (handover.status, handover.outcome) == ("accepted", "order")

    def test_reject_without_reason_is_explained(self, client, lead, inside_sales, rep):
        handover = hand_over(lead, rep, inside_sales)
        client.force_login(rep)

        response = client.post(
            f"/qualification/handovers/{handover.pk}/respond/",
            {"accept": "no", "reject_reason": ""},
            follow=True,
        )

        assert "Begründen Sie, warum Sie den Lead ablehnen" in response.content.decode()
        assert Handover.objects.get().status == "offered"


def lead_in(team, inside_sales, rep, name, *, postal_code, city, priority, **profile):
    company = factories.qualified_company(
        team=team, user=inside_sales, name=name, industry=profile.pop("industry", "Bau")
    )
    factories.AddressFactory(company=company, postal_code=postal_code, city=city)
    factories.ContactPersonFactory(company=company, phone="+49 30 1234")
    if profile:
        CompanyProfile.objects.create(company=company, **profile)
    if priority != "A":
        services.assessment_override(
            user=inside_sales, company=company, priority=priority, reason_text="Test"
        )
    return hand_over(company, rep, inside_sales)


class TestLeadList:
    @pytest.fixture
    def leads(self, team, inside_sales, rep):
        return [
            lead_in(
                team,
                inside_sales,
                rep,
                "Dresdner",
                postal_code="01099",
                city="Dresden",
                priority="B",
                current_need="yes",
                act_by=datetime.date(2027, 1, 10),
            ),
            lead_in(
                team,
                inside_sales,
                rep,
                "Leipziger",
                postal_code="04109",
                city="Leipzig",
                priority="A",
                current_need="no",
                industry="Druckerei",
            ),
            lead_in(
                team,
                inside_sales,
                rep,
                "Pirnaer",
                postal_code="01796",
                city="Pirna",
                priority="A",
                current_need="yes",
                act_by=datetime.date(2026, 12, 20),
            ),
        ]

    def names(self, client, **params):
        response = client.get("/qualification/leads/", params)
        assert response.status_code == 200
        page = response.content.decode()
        order = ["Dresdner", "Leipziger", "Pirnaer"]
        found = [
            (page.find(f"{n} GmbH</a>"), n) for n in order if f"{n} GmbH</a>" in page
        ]
        return [name for _pos, name in sorted(found)]

    def test_sorted_by_priority_then_act_by(self, client, rep, leads):
        client.force_login(rep)

        assert self.names(client) == ["Pirnaer", "Leipziger", "Dresdner"]

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"place": "01"}, ["Pirnaer", "Dresdner"]),
            ({"place": "leipzig"}, ["Leipziger"]),
            ({"priority": "B"}, ["Dresdner"]),
            ({"need": "yes"}, ["Pirnaer", "Dresdner"]),
            ({"act_by": "2026-12-31"}, ["Pirnaer"]),
            ({"industry": "druck"}, ["Leipziger"]),
        ],
    )
    def test_filters(self, client, rep, leads, params, expected):
        client.force_login(rep)

        assert self.names(client, **params) == expected

    def test_cards_have_tap_to_call(self, client, inside_sales, rep, leads):
        # A call needs at least presumed consent (UWG §7); without it the
        # card says so instead of offering the number.
        person = leads[0].company.contact_persons.get()
        consent.permission_set(
            user=inside_sales,
            person=person,
            channel=Channel.PHONE,
            basis=Basis.PRESUMED,
            reason="asked for a visit",
        )
        client.force_login(rep)

        body = client.get("/qualification/leads/").content.decode()

        assert body.count('href="tel:+49301234"') == 1
        assert body.count('data-testid="no-call"') == len(leads) - 1

    def test_cards_offer_no_call_after_an_objection(
        self, client, inside_sales, rep, leads
    ):
        for lead in leads:
            consent.person_object(
                user=inside_sales, person=lead.company.contact_persons.get()
            )
        client.force_login(rep)

        body = client.get("/qualification/leads/").content.decode()

        assert "tel:" not in body and "mailto:" not in body

    def test_rep_sees_own_and_team_leads_only(
        self, client, team, inside_sales, rep, leads
    ):
        colleague = factories.UserFactory(roles=[Role.FIELD_SALES], teams=[team])
        stranger = factories.UserFactory(roles=[Role.FIELD_SALES])

        client.force_login(colleague)
        assert len(self.names(client)) == 3
        client.force_login(stranger)
        assert self.names(client) == []

    def test_rejected_and_closed_leads_leave_the_list(self, client, rep, leads):
        services.handover_respond(user=rep, handover=leads[0], accept=False, reason="x")
        services.handover_respond(user=rep, handover=leads[1], accept=True)
        services.handover_outcome(user=rep, handover=leads[1], outcome="order")
        client.force_login(rep)

        assert self.names(client) == ["Pirnaer"]

    def test_query_count_does_not_grow_with_leads(
        self, client, team, inside_sales, rep, django_assert_max_num_queries
    ):
        client.force_login(rep)
        lead_in(
            team,
            inside_sales,
            rep,
            "Erste",
            postal_code="01067",
            city="Dresden",
            priority="A",
        )
        with django_assert_max_num_queries(20) as few:
            client.get("/qualification/leads/")
        for n in range(8):
            lead_in(
                team,
                inside_sales,
                rep,
                f"Firma{n}",
                postal_code="01067",
                city="Dresden",
                priority="B",
                current_need="yes",
            )

        with django_assert_max_num_queries(len(few.captured_queries)):
            page = client.get("/qualification/leads/").content.decode()

        assert page.count('data-testid="lead"') == 9

    def test_anonymous_is_sent_to_login(self, client):
        assert client.get("/qualification/leads/").status_code == 302


def test_handover_and_answer_show_on_the_company_history(
    client, lead, inside_sales, rep
):
    handover = hand_over(lead, rep, inside_sales)
    services.handover_respond(user=rep, handover=handover, accept=True)
    client.force_login(inside_sales)

    page = client.get(f"/contacts/companies/{lead.pk}/history/").content.decode()

    assert f"Übergabe an {rep.get_full_name()}" in page
    assert "Angenommen" in page
    assert "Antwort: Einkaufsvolumen" in page


def test_confirmed_records_are_listed_with_the_call(client, company, inside_sales):
    address = company.addresses.get()
    services.qualification_call_record(
        user=inside_sales,
        company=company,
        data={"channel": "phone", "outcome": "qualified", "notes": "passt"},
        addresses=[address],
        persons=[],
    )
    client.force_login(inside_sales)

    page = client.get(f"/qualification/companies/{company.pk}/").content.decode()

    assert f"Bestätigt: {address}" in page


def test_admins_see_handover_grants_read_only_in_the_django_admin(
    client, lead, inside_sales, rep
):
    hand_over(lead, rep, inside_sales)
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)

    page = client.get("/django-admin/qualification/handover/").content.decode()

    assert lead.name in page
    assert "/django-admin/qualification/handover/add/" not in page


def test_lead_cards_show_the_success_estimate_and_its_basis(
    client, lead, inside_sales, rep
):
    hand_over(lead, rep, inside_sales)
    client.force_login(rep)

    page = client.get("/qualification/leads/").content.decode()

    # Score 65 of 110 possible points at handover.
    assert "Erfolgswahrscheinlichkeit: 59 %" in page
    assert "aus den Punkten" in page
