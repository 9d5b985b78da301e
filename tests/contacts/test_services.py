import datetime

import pytest
from django.core.exceptions import ValidationError

from contacts import services
from contacts.models import Address, Company, ContactPerson
from tests import factories


def history_rows(obj):
    return list(obj.history.order_by("history_date", "history_id"))


@pytest.mark.django_db
class TestCompany:
    def test_create_writes_one_history_row_with_user_and_reason(self, inside_sales):
        source = factories.SourceFactory()
        company = services.company_create(
            user=inside_sales,
            data={"name": "Mayer Logistik", "legal_form": "KG", "source": source},
            address={
                "street": "Lindenweg",
                "house_number": "3",
                "postal_code": "04109",
                "city": "Leipzig",
            },
        )

        (row,) = history_rows(company)
        assert row.history_type == "+"
        assert row.history_user == inside_sales
        assert row.history_change_reason == "created"
        (address,) = company.addresses.all()
        assert address.postal_code == "04109"
        assert len(history_rows(address)) == 1

    def test_update_writes_exactly_one_row_per_change(self, inside_sales, company):
        before = company.history.count()

        services.company_update(
            user=inside_sales,
            company=company,
            data={"name": "Mayer", "legal_form": "GmbH & Co. KG"},
            expected_version=company.version,
        )

        rows = history_rows(company)
        assert len(rows) == before + 1
        delta = rows[-1].diff_against(rows[-2])
        assert {
            c.field: (c.old, c.new) for c in delta.changes if c.field != "version"
        } == {
            "name": (company.name, "Mayer"),
            "legal_form": ("GmbH", "GmbH & Co. KG"),
        }
        assert rows[-1].history_user == inside_sales
        assert rows[-1].history_change_reason == "manual edit"

    def test_update_without_change_writes_nothing(self, inside_sales, company):
        before = company.history.count()

        services.company_update(
            user=inside_sales, company=company, data={"name": company.name}
        )

        assert company.history.count() == before

    def test_stale_version_is_refused_and_nothing_is_written(
        self, inside_sales, company
    ):
        opened_version = company.version
        services.company_update(
            user=inside_sales,
            company=company,
            data={"name": "Meyer"},
            expected_version=opened_version,
        )

        with pytest.raises(services.StaleEditError) as caught:
            services.company_update(
                user=inside_sales,
                company=company,
                data={"name": "Maier"},
                expected_version=opened_version,
            )

        assert Company.objects.get(pk=company.pk).name == "Meyer"
        (conflict,) = caught.value.conflicts
        assert (conflict.field, conflict.yours, conflict.theirs) == (
            "name",
            "Maier",
            "Meyer",
        )
        assert caught.value.changed_by == inside_sales


@pytest.mark.django_db
class TestAddress:
    def test_move_keeps_old_address_as_former(self, inside_sales, company):
        old = company.addresses.get()
        old_rows = old.history.count()

        new = services.address_move(
            user=inside_sales,
            address=old,
            data={
                "street": "Neue Straße",
                "house_number": "1",
                "postal_code": "04109",
                "city": "Leipzig",
                "country": "DE",
            },
            moved_on=datetime.date(2026, 6, 1),
        )

        old.refresh_from_db()
        assert old.valid_until == datetime.date(2026, 5, 31)
        assert new.valid_from == datetime.date(2026, 6, 1)
        assert new.change_reason == Address.Reason.MOVE
        assert list(company.addresses.filter(valid_until__isnull=True)) == [new]
        assert old.history.count() == old_rows + 1
        assert new.history.count() == 1
        assert new.history.get().history_change_reason == "move"

    def test_move_before_old_address_began_is_refused(self, inside_sales, company):
        old = company.addresses.get()

        with pytest.raises(ValidationError):
            services.address_move(
                user=inside_sales,
                address=old,
                data={"street": "X", "city": "Y", "postal_code": "10115"},
                moved_on=old.valid_from,
            )

        old.refresh_from_db()
        assert old.valid_until is None
        assert company.addresses.count() == 1

    def test_correction_changes_in_place(self, inside_sales, company):
        address = company.addresses.get()

        services.address_correct(
            user=inside_sales,
            address=address,
            data={"street": "Hauptstraße", "city": "Dresden-Neustadt"},
            expected_version=address.version,
        )

        address.refresh_from_db()
        assert address.city == "Dresden-Neustadt"
        assert address.history.first().history_change_reason == "correction"
        assert company.addresses.count() == 1


@pytest.mark.django_db
class TestContactPerson:
    def test_leave_links_successor_and_keeps_person(self, inside_sales, company):
        leaving = factories.ContactPersonFactory(company=company)
        successor = factories.ContactPersonFactory(company=company)
        before = leaving.history.count()

        services.contact_person_leave(
            user=inside_sales,
            person=leaving,
            left_on=datetime.date(2026, 9, 30),
            successor=successor,
        )

        leaving.refresh_from_db()
        assert not leaving.is_active
        assert leaving.successor == successor
        assert leaving.history.count() == before + 1
        assert ContactPerson.objects.filter(pk=leaving.pk).exists()

    def test_successor_from_another_company_is_refused(self, inside_sales, company):
        leaving = factories.ContactPersonFactory(company=company)
        stranger = factories.ContactPersonFactory()

        with pytest.raises(ValidationError):
            services.contact_person_leave(
                user=inside_sales,
                person=leaving,
                left_on=datetime.date(2026, 9, 30),
                successor=stranger,
            )

        leaving.refresh_from_db()
        assert leaving.is_active


@pytest.mark.django_db
class TestGuards:
    def test_company_without_team_falls_into_postal_code_territory(self, inside_sales):
        south = factories.TeamFactory(name="Bayern", postal_code_prefixes="8,9")
        source = factories.SourceFactory()

        munich = services.company_create(
            user=inside_sales,
            data={"name": "Isar Technik", "source": source},
            address={"street": "Ring", "postal_code": "80331", "city": "München"},
        )
        vienna = services.company_create(
            user=inside_sales,
            data={"name": "Donau Handel", "source": source},
            address={
                "street": "Ring",
                "postal_code": "8010",
                "city": "Graz",
                "country": "AT",
            },
        )

        assert munich.team == south
        assert vienna.team is None

    def test_second_current_headquarters_is_refused(self, inside_sales, company):
        with pytest.raises(ValidationError) as caught:
            services.address_create(
                user=inside_sales,
                company=company,
                data={
                    "kind": "headquarters",
                    "street": "Zweite Straße",
                    "postal_code": "01069",
                    "city": "Dresden",
                },
            )

        (constraint,) = Address._meta.constraints
        assert caught.value.messages == [str(constraint.violation_error_message)]
        assert company.addresses.count() == 1

    def test_correction_into_a_second_headquarters_is_refused(
        self, inside_sales, company
    ):
        delivery = factories.AddressFactory(company=company, kind="delivery")

        with pytest.raises(ValidationError) as caught:
            services.address_correct(
                user=inside_sales, address=delivery, data={"kind": "headquarters"}
            )

        (constraint,) = Address._meta.constraints
        assert caught.value.messages == [str(constraint.violation_error_message)]
        delivery.refresh_from_db()
        assert delivery.kind == "delivery"

    def test_move_in_the_future_is_refused(self, inside_sales, company):
        old = company.addresses.get()

        with pytest.raises(ValidationError) as caught:
            services.address_move(
                user=inside_sales,
                address=old,
                data={
                    "street": "Zukunftsweg",
                    "postal_code": "01069",
                    "city": "Dresden",
                },
                moved_on=datetime.date.today() + datetime.timedelta(days=30),
            )

        assert "moved_on" in caught.value.error_dict
        old.refresh_from_db()
        assert old.valid_until is None

    def test_departure_in_the_future_is_refused(self, inside_sales, company):
        person = factories.ContactPersonFactory(company=company)

        with pytest.raises(ValidationError):
            services.contact_person_leave(
                user=inside_sales,
                person=person,
                left_on=datetime.date.today() + datetime.timedelta(days=1),
            )

        person.refresh_from_db()
        assert person.is_active

    @pytest.mark.parametrize(
        "name", ["Mayer\u202eHbmG", "Ma\u200byer", "Mayer\x00", "Mayer\x07"]
    )
    def test_invisible_and_control_characters_are_refused(self, inside_sales, name):
        with pytest.raises(ValidationError) as caught:
            services.company_create(
                user=inside_sales,
                data={"name": name, "source": factories.SourceFactory()},
            )

        assert "name" in caught.value.error_dict
        assert not Company.objects.exists()

    def test_umlauts_and_accents_are_fine(self, inside_sales):
        company = services.company_create(
            user=inside_sales,
            data={"name": "Groß & Söhne Crème", "source": factories.SourceFactory()},
        )

        assert company.name == "Groß & Söhne Crème"


@pytest.mark.django_db
class TestStaleEditMerge:
    def test_only_fields_both_changed_are_conflicts(self, inside_sales, company):
        opened = company.version
        services.company_update(
            user=factories.UserFactory(),
            company=company,
            data={"phone": "+49 351 123456", "status": "customer"},
        )

        with pytest.raises(services.StaleEditError) as caught:
            services.company_update(
                user=inside_sales,
                company=company,
                data={"name": "Mayer", "phone": "", "status": "prospect"},
                expected_version=opened,
            )

        # The user only changed the name; phone and status are the other save's.
        assert caught.value.yours == {"name": "Mayer"}
        assert caught.value.conflicts == []

    def test_same_field_changed_by_both_is_a_conflict(self, inside_sales, company):
        opened = company.version
        services.company_update(
            user=factories.UserFactory(), company=company, data={"status": "lost"}
        )

        with pytest.raises(services.StaleEditError) as caught:
            services.company_update(
                user=inside_sales,
                company=company,
                data={"status": "customer"},
                expected_version=opened,
            )

        (conflict,) = caught.value.conflicts
        assert (conflict.yours, conflict.theirs) == ("customer", "lost")


class TestHistoryPaging:
    def test_only_the_newest_entries_load_with_their_old_values(
        self, inside_sales, company
    ):
        from contacts.history import company_history

        for n in range(5):
            services.company_update(
                user=inside_sales, company=company, data={"industry": f"Bau {n}"}
            )

        entries = company_history(company, limit=3)

        assert len(entries) == 3
        changes = [(c.old, c.new) for e in entries for c in e.changes]
        assert changes == [("Bau 3", "Bau 4"), ("Bau 2", "Bau 3"), ("Bau 1", "Bau 2")]


class TestCompaniesReassign:
    def test_moves_with_one_history_row_each(self, inside_sales, team, other_team):
        moving = [factories.CompanyFactory(team=team) for _ in range(3)]
        staying = factories.CompanyFactory(team=other_team)
        versions = {c.pk: c.version for c in moving}

        moved = services.companies_reassign(
            user=inside_sales,
            company_ids=[c.pk for c in [*moving, staying]],
            team=other_team,
            reason="Gebiet Nord übernimmt",
        )

        assert moved == 3
        for company in moving:
            company.refresh_from_db()
            assert company.team == other_team
            assert company.version == versions[company.pk] + 1
            row = company.history.first()
            assert (row.history_user, row.history_change_reason) == (
                inside_sales,
                "Gebiet Nord übernimmt",
            )
            assert row.team_id == other_team.pk
            assert company.history.count() == 2
        assert staying.history.count() == 1

    def test_statements_do_not_grow_with_the_number_of_companies(
        self, inside_sales, team, other_team, django_assert_max_num_queries
    ):
        few = [factories.CompanyFactory(team=team).pk for _ in range(2)]
        many = [factories.CompanyFactory(team=team).pk for _ in range(30)]

        with django_assert_max_num_queries(6):
            services.companies_reassign(
                user=inside_sales, company_ids=few, team=other_team
            )
        with django_assert_max_num_queries(6):
            services.companies_reassign(
                user=inside_sales, company_ids=many, team=other_team
            )
