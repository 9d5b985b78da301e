import datetime

import pytest
from django.utils import timezone

from contacts.models import Company, ContactPerson, Source
from qualification import selectors, services
from qualification.models import CompanyProfile, Handover, QualificationCall
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def company_in(team, name, *, verified=None, inbound=False, **fields):
    source = factories.SourceFactory(
        kind=Source.Kind.INBOUND if inbound else Source.Kind.TRADE_FAIR
    )
    return factories.CompanyFactory(
        name=name,
        team=team,
        source=source,
        verified_at=at(verified) if verified else None,
        **fields,
    )


def names(user, **kwargs):
    return [c.name for c in selectors.work_queue(user, today=TODAY, **kwargs)]


class TestOrder:
    def test_inbound_first_then_new_then_due(self, inside_sales, team):
        company_in(team, "Fällig", verified=datetime.date(2025, 10, 1))
        company_in(team, "Neu", created_at=at(datetime.date(2026, 11, 1)))
        company_in(team, "Meldung", inbound=True)
        company_in(team, "Aktuell", verified=datetime.date(2026, 6, 1))

        assert names(inside_sales) == ["Meldung", "Neu", "Fällig"]

    def test_within_a_stage_priority_then_longest_waiting(self, inside_sales, team):
        old_c = company_in(team, "Alt C", verified=datetime.date(2024, 1, 1))
        young_a = company_in(team, "Jung A", verified=datetime.date(2025, 11, 1))
        old_a = company_in(team, "Alt A", verified=datetime.date(2025, 1, 1))
        for company, priority in [(old_c, "C"), (young_a, "A"), (old_a, "A")]:
            services.assessment_override(
                user=inside_sales, company=company, priority=priority, reason_text="x"
            )

        assert names(inside_sales) == ["Alt A", "Jung A", "Alt C"]

    def test_due_ones_by_the_date_they_fell_due_whatever_the_reason(
        self, inside_sales, team
    ):
        # Verified long ago, due since October 2025.
        company_in(team, "Geprüft 2024", verified=datetime.date(2024, 10, 1))
        # Verified recently, but no order since: due since July 2025.
        recent = company_in(
            team,
            "Bestellt nicht",
            verified=datetime.date(2026, 9, 1),
            last_order_date=datetime.date(2025, 1, 10),
        )
        CompanyProfile.objects.create(company=recent, order_cycle="quarterly")
        # Due since August 2026.
        company_in(team, "Geprüft 2025", verified=datetime.date(2025, 8, 1))

        entries = selectors.queue_entries(
            selectors.work_queue(inside_sales, today=TODAY), today=TODAY
        )

        assert [(e.company.name, e.due_on) for e in entries] == [
            ("Bestellt nicht", datetime.date(2025, 7, 11)),
            ("Geprüft 2024", datetime.date(2025, 10, 1)),
            ("Geprüft 2025", datetime.date(2026, 8, 1)),
        ]

    def test_team_filter_and_visibility(self, inside_sales, team, other_team):
        company_in(team, "Unsere", inbound=True)
        company_in(other_team, "Fremde", inbound=True)
        second = factories.TeamFactory(name="Team West")
        inside_sales.groups.add(second.group)
        company_in(second, "West", inbound=True)

        assert sorted(names(inside_sales)) == ["Unsere", "West"]
        assert names(inside_sales, team=second) == ["West"]

    def test_lost_and_handed_over_companies_are_not_in_it(
        self, inside_sales, team, field_rep
    ):
        company_in(team, "Verloren", status=Company.Status.LOST)
        handed = company_in(team, "Beim Außendienst")
        Handover.objects.create(
            company=handed,
            rep=field_rep,
            brief="b",
            priority="A",
            score=70,
            handed_over_by=inside_sales,
        )
        closed = company_in(team, "Abgeschlossen")
        Handover.objects.create(
            company=closed,
            rep=field_rep,
            brief="b",
            priority="A",
            score=70,
            handed_over_by=inside_sales,
            outcome="lost",
        )

        assert names(inside_sales) == ["Abgeschlossen"]


class TestRequalificationRules:
    def test_period_comes_from_the_settings(self, inside_sales, team, admin_user):
        company_in(team, "Neun Monate", verified=datetime.date(2026, 3, 1))
        assert names(inside_sales) == []

        services.settings_update(user=admin_user, data={"requalify_after_months": 6})

        assert names(inside_sales) == ["Neun Monate"]

    @pytest.mark.parametrize(
        ("cycle", "days", "last_order", "due"),
        [
            ("monthly", None, datetime.date(2026, 10, 3), True),
            ("monthly", None, datetime.date(2026, 10, 5), False),
            ("weekly", None, datetime.date(2026, 11, 18), True),
            ("every_n_days", 10, datetime.date(2026, 11, 12), True),
            ("every_n_days", 10, datetime.date(2026, 11, 14), False),
            ("irregular", None, datetime.date(2020, 1, 1), False),
        ],
    )
    def test_last_order_older_than_two_cycles(
        self, inside_sales, team, cycle, days, last_order, due
    ):
        company = company_in(
            team,
            "Kunde",
            verified=datetime.date(2026, 9, 1),
            last_order_date=last_order,
        )
        CompanyProfile.objects.create(
            company=company, order_cycle=cycle, order_cycle_days=days
        )

        assert names(inside_sales) == (["Kunde"] if due else [])

    def test_entries_say_why_and_since_when(self, inside_sales, team):
        company = company_in(
            team,
            "Beides",
            verified=datetime.date(2025, 10, 1),
            last_order_date=datetime.date(2026, 1, 10),
        )
        CompanyProfile.objects.create(company=company, order_cycle="quarterly")

        [entry] = selectors.queue_entries(
            selectors.work_queue(inside_sales, today=TODAY), today=TODAY
        )

        assert entry.reason == (
            "Seit 14 Monaten nicht geprüft; seit mehr als zwei Bestellzyklen keine "
            "Bestellung"
        )
        assert entry.due_on == datetime.date(2026, 7, 11)


class TestQueuePage:
    def test_inside_sales_sees_it_field_rep_and_anonymous_do_not(
        self, client, inside_sales, field_rep, team
    ):
        company_in(team, "Meldung", inbound=True)

        client.force_login(inside_sales)
        page = client.get("/qualification/queue/").content.decode()
        assert "Meldung GmbH" in page
        assert "Eigenmeldung" in page

        client.force_login(field_rep)
        assert client.get("/qualification/queue/").status_code == 404
        assert client.get("/qualification/capture/").status_code == 404
        client.logout()
        assert client.get("/qualification/queue/").status_code == 302

    def test_outsider_does_not_see_other_teams_entries(self, client, outsider, team):
        company_in(team, "Geheim", inbound=True)
        client.force_login(outsider)

        assert "Geheim" not in client.get("/qualification/queue/").content.decode()

    def test_query_count_does_not_grow_with_rows(
        self, client, inside_sales, team, django_assert_max_num_queries
    ):
        client.force_login(inside_sales)
        first = company_in(team, "Erste", inbound=True)
        factories.AddressFactory(company=first)
        with django_assert_max_num_queries(12) as few:
            client.get("/qualification/queue/")
        for n in range(15):
            company = company_in(
                team, f"Firma {n}", verified=datetime.date(2024, 1, n + 1)
            )
            factories.AddressFactory(company=company)
            services.assessment_override(
                user=inside_sales, company=company, priority="B", reason_text="x"
            )
            CompanyProfile.objects.create(company=company, order_cycle="monthly")

        with django_assert_max_num_queries(len(few.captured_queries)):
            page = client.get("/qualification/queue/").content.decode()

        assert page.count('class="priority priority-sm priority-B"') == 15
        assert page.count("01067 Dresden") == 16


def capture_post(**fields):
    data = {
        "name": "Brenner Feinwerktechnik",
        "legal_form": "GmbH",
        "phone": "",
        "team": "",
        "person_salutation": "mr",
        "person_first_name": "Jörg",
        "person_last_name": "Brenner",
        "person_phone": "+49 351 4455660",
        "person_email": "",
        "address_street": "Bautzner Straße",
        "address_house_number": "12",
        "address_postal_code": "01099",
        "address_city": "Dresden",
        "channel": "phone",
        "concern": "Braucht Angebot für 40 Spannvorrichtungen bis Februar",
    }
    data.update(fields)
    return data


class TestInboundCapture:
    def test_creates_company_address_person_and_first_contact(
        self, client, inside_sales, team
    ):
        client.force_login(inside_sales)

        response = client.post(
            "/qualification/capture/", capture_post(team=str(team.pk))
        )

        company = Company.objects.get(name="Brenner Feinwerktechnik")
        assert response["Location"] == f"/qualification/companies/{company.pk}/"
        assert company.source.kind == Source.Kind.INBOUND
        assert company.team == team
        assert company.addresses.get().postal_code == "01099"
        person = company.contact_persons.get()
        assert (person.last_name, person.source) == ("Brenner", company.source)
        call = QualificationCall.objects.get()
        assert call.outcome == "inbound"
        assert call.notes.startswith("Braucht Angebot")
        assert company.history.first().history_change_reason == "inbound capture"
        assert names(inside_sales)[0] == "Brenner Feinwerktechnik"

    def test_without_way_to_call_back_is_refused_and_keeps_input(
        self, client, inside_sales, team
    ):
        client.force_login(inside_sales)

        response = client.post(
            "/qualification/capture/",
            capture_post(team=str(team.pk), person_phone=""),
        )

        page = response.content.decode()
        assert "Telefonnummer oder eine E-Mail" in page
        assert "Spannvorrichtungen" in page
        assert not Company.objects.exists()

    def test_bad_postal_code_refused_and_nothing_created(
        self, client, inside_sales, team
    ):
        client.force_login(inside_sales)

        response = client.post(
            "/qualification/capture/",
            capture_post(team=str(team.pk), address_postal_code="0109"),
        )

        assert response.status_code == 200
        assert "address_postal_code" in response.content.decode()
        assert not Company.objects.exists()
        assert not ContactPerson.objects.exists()

    def test_team_must_be_one_of_the_users(self, client, inside_sales, other_team):
        client.force_login(inside_sales)

        client.post("/qualification/capture/", capture_post(team=str(other_team.pk)))

        assert not Company.objects.exists()


class TestQualificationCall:
    def test_checked_call_marks_company_verified_and_lists_confirmations(
        self, client, inside_sales, company
    ):
        person = factories.ContactPersonFactory(company=company)
        address = company.addresses.get()
        client.force_login(inside_sales)

        response = client.post(
            f"/qualification/companies/{company.pk}/calls/new/",
            {
                "called_at": "2026-12-02T09:30",
                "channel": "phone",
                "reached": str(person.pk),
                "outcome": "qualified",
                "notes": "Bedarf bestätigt, Budget steht",
                "confirmed_addresses": [str(address.pk)],
                "confirmed_persons": [str(person.pk)],
            },
        )

        assert response.status_code == 302
        company.refresh_from_db()
        assert company.verified_by == inside_sales
        assert timezone.localtime(company.verified_at).date() == datetime.date(
            2026, 12, 2
        )
        call = QualificationCall.objects.get()
        assert list(call.confirmed_addresses.all()) == [address]
        assert list(call.confirmed_persons.all()) == [person]
        assert company.history.first().history_change_reason == "qualification call"
        page = client.get(f"/qualification/companies/{company.pk}/").content.decode()
        assert "Bedarf bestätigt, Budget steht" in page

    def test_unanswered_call_verifies_nothing(self, client, inside_sales, company):
        client.force_login(inside_sales)

        client.post(
            f"/qualification/companies/{company.pk}/calls/new/",
            {
                "called_at": "2026-12-02T09:30",
                "channel": "phone",
                "outcome": "not_reached",
            },
        )

        company.refresh_from_db()
        assert company.verified_at is None
        assert QualificationCall.objects.count() == 1

    def test_confirmations_need_a_checked_call(self, client, inside_sales, company):
        client.force_login(inside_sales)

        response = client.post(
            f"/qualification/companies/{company.pk}/calls/new/",
            {
                "called_at": "2026-12-02T09:30",
                "channel": "phone",
                "outcome": "not_reached",
                "notes": "Mailbox",
                "confirmed_addresses": [str(company.addresses.get().pk)],
            },
        )

        assert "Nur ein Anruf, der die Daten geprüft hat" in response.content.decode()
        assert not QualificationCall.objects.exists()

    def test_personas(self, client, field_rep, outsider, company):
        url = f"/qualification/companies/{company.pk}/calls/new/"
        for user in (field_rep, outsider):
            client.force_login(user)
            assert client.get(url).status_code == 404
            assert client.post(url, {"outcome": "qualified"}).status_code == 404
        assert not QualificationCall.objects.exists()
