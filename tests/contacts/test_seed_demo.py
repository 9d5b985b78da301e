import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from contacts import demo, normalize
from contacts.models import Address, Company, ContactPerson, Source, Team
from contacts.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

# Written out rather than taken from the model, so a form glued to a name is
# caught even if the model's choices change.
LEGAL_FORM_WORDS = re.compile(
    r"(?:^|\s)(?:GmbH|gGmbH|UG|AG|SE|KG|KGaA|OHG|GbR|PartG|e\.K\.|e\.V\.|eG|mbH)"
    r"(?:\s|$)"
)


@pytest.fixture(autouse=True)
def _local_run(settings):
    # seed_demo is for local runs only; the test runner turns DEBUG off.
    settings.DEBUG = True


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        seed()

    assert not Company.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def seed(*, companies=20, seed=7, **options) -> str:
    out = StringIO()
    call_command("seed_demo", companies=companies, seed=seed, stdout=out, **options)
    return out.getvalue()


def printed_users(output: str) -> dict[str, tuple[str, str]]:
    """username -> (role, password), read from the table the command prints."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("username"))
    rows = {}
    for line in lines[start + 1 :]:
        cells = line.split()
        rows[cells[0]] = (cells[1], cells[-1])
    return rows


def company_names() -> list[str]:
    return list(Company.objects.order_by("id").values_list("name", flat=True))


def current_headquarters(company: Company) -> Address:
    return company.addresses.get(kind=Address.Kind.HEADQUARTERS, valid_until=None)


class TestUsers:
    def test_every_role_has_a_user_who_logs_in_with_the_printed_password(self, client):
        users = printed_users(seed())

        assert {role for role, _password in users.values()} == set(Role.values)
        for username, (role, password) in users.items():
            user = get_user_model().objects.get(username=username)
            assert user.groups.filter(name=role).exists()
            assert client.login(username=username, password=password), username
            client.logout()

    def test_inside_sales_users_belong_to_their_teams(self):
        seed()

        def teams_of(username):
            teams = Team.objects.filter(group__user__username=username)
            return sorted(teams.values_list("name", flat=True))

        # Each inside-sales user keeps two territories, so together they see all.
        assert teams_of("innendienst") == ["Süd", "West"]
        assert teams_of("innendienst2") == ["Nord", "Ost"]
        assert teams_of("aussendienst") == []

    def test_admin_may_use_the_django_admin(self, client):
        users = printed_users(seed())

        admin = get_user_model().objects.get(username="admin")
        assert admin.is_staff and admin.is_superuser
        assert client.login(username="admin", password=users["admin"][1])
        assert client.get(reverse("admin:index")).status_code == 200

    def test_users_have_real_names(self):
        seed()

        for user in get_user_model().objects.filter(username__in=demo.demo_usernames()):
            assert user.first_name and user.last_name

    def test_an_existing_user_keeps_their_password(self, client):
        factories.UserFactory(username="admin")

        output = seed()

        assert "admin already existed" in output
        assert client.login(username="admin", password=factories.PASSWORD)


class TestCompanies:
    def test_legal_form_is_split_off_the_name(self):
        seed()

        companies = list(Company.objects.all())
        assert len(companies) == 20
        for company in companies:
            assert company.legal_form in Company.LegalForm.values
            assert not LEGAL_FORM_WORDS.search(company.name), company.name
        assert len({company.legal_form for company in companies}) >= 3

    def test_legal_forms_follow_realistic_weights(self):
        seed(companies=200)

        forms = list(Company.objects.values_list("legal_form", flat=True))
        assert forms.count("GmbH") == max(forms.count(form) for form in set(forms))
        assert forms.count("GmbH") > forms.count("AG")

    def test_register_and_vat_id_look_german(self):
        seed(companies=60)

        registered = Company.objects.exclude(register_number="")
        assert registered.exists()
        for company in registered:
            assert company.register_court.startswith("Amtsgericht ")
            assert re.fullmatch(r"(HRA|HRB|GnR|VR) \d+", company.register_number)
        vat_ids = Company.objects.exclude(vat_id="").values_list("vat_id", flat=True)
        assert vat_ids
        assert all(re.fullmatch(r"DE\d{9}", vat_id) for vat_id in vat_ids)

    def test_phone_numbers_are_stored_as_valid_german_e164(self):
        seed()

        for phone in Company.objects.values_list("phone", flat=True):
            assert re.fullmatch(r"\+49[1-9]\d{6,12}", phone), phone
            assert normalize.parse_phone(phone).valid, phone

    def test_only_customers_and_former_customers_have_a_last_order(self):
        seed(companies=60)

        ordered = Company.objects.exclude(last_order_date=None)
        assert ordered.exists()
        assert set(ordered.values_list("status", flat=True)) <= {
            Company.Status.CUSTOMER,
            Company.Status.FORMER,
        }
        assert not Company.objects.filter(
            status=Company.Status.CUSTOMER, last_order_date=None
        ).exists()

    def test_every_source_kind_is_used_and_people_have_demo_sources(self):
        seed()

        used = set(Company.objects.values_list("source__kind", flat=True))
        assert used == set(Source.Kind.values)
        demo_sources = set(Source.objects.values_list("id", flat=True))
        person_sources = set(ContactPerson.objects.values_list("source_id", flat=True))
        assert person_sources and person_sources <= demo_sources


class TestAddresses:
    def test_postal_codes_have_five_digits_and_keep_leading_zeros(self):
        seed()

        codes = list(Address.objects.values_list("postal_code", flat=True))
        assert all(re.fullmatch(r"\d{5}", code) for code in codes), codes
        assert any(code.startswith("0") for code in codes)

    def test_every_company_has_one_current_headquarters(self):
        seed()

        for company in Company.objects.all():
            assert current_headquarters(company).city

    def test_teams_follow_the_postal_code_prefix(self):
        seed()

        for company in Company.objects.select_related("team"):
            code = current_headquarters(company).postal_code
            assert code[0] in company.team.prefixes, (code, company.team)
        assert Team.objects.exclude(companies=None).count() == 4

    def test_field_reps_match_their_teams(self):
        seed(companies=40)

        with_rep = Company.objects.exclude(field_rep=None).select_related("team")
        assert 5 <= with_rep.count() <= 35
        for company in with_rep:
            south_west = company.team.name in {"Süd", "West"}
            expected = "aussendienst" if south_west else "aussendienst2"
            assert company.field_rep.username == expected

    def test_a_moved_company_keeps_its_former_address(self):
        seed()

        former = Address.objects.exclude(valid_until=None)
        assert former.exists()
        for address in former:
            successor = address.company.addresses.get(
                kind=address.kind, valid_from__gt=address.valid_until
            )
            assert successor.change_reason == Address.Reason.MOVE
            assert successor.valid_until is None


class TestContactPersons:
    def test_salutation_matches_the_job_title_form(self):
        seed()

        people = list(ContactPerson.objects.all())
        assert len(people) >= 20
        for person in people:
            female_title = re.search(r"in\b", person.job_title)
            if person.salutation == ContactPerson.Salutation.MR:
                assert not female_title, person.job_title
            else:
                assert person.salutation == ContactPerson.Salutation.MS
                assert female_title or person.job_title.startswith("Assistenz")

    def test_email_is_ascii_first_dot_last_at_the_company_domain(self):
        seed()

        people = ContactPerson.objects.exclude(email="").select_related("company")
        assert people.exists()
        for person in people:
            local, domain = person.email.split("@")
            assert re.fullmatch(r"[a-z0-9-]+\.[a-z0-9-]+", local), person.email
            assert person.company.website == f"https://www.{domain}"

    def test_some_people_left_with_a_successor_from_the_same_company(self):
        seed()

        former = ContactPerson.objects.exclude(left_on=None)
        assert former.exists()
        for person in former.exclude(successor=None):
            assert person.successor.company_id == person.company_id
            assert person.successor.left_on is None


class TestHistory:
    @pytest.mark.parametrize("model", [Company, Address, ContactPerson])
    def test_every_row_has_the_demo_reason_and_a_user(self, model):
        seed()

        rows = model.history.all()
        assert rows.exists()
        assert set(rows.values_list("history_change_reason", flat=True)) == {
            "demo data"
        }
        assert not rows.filter(history_user=None).exists()

    def test_later_edits_come_from_both_inside_sales_users(self):
        seed(companies=60)

        edits = Company.history.filter(history_type="~")
        editors = set(edits.values_list("history_user__username", flat=True))
        assert editors == {"innendienst", "innendienst2"}


class TestRepeatedRuns:
    def test_second_run_adds_nothing_but_prints_the_users_again(self):
        first = seed()
        counts = (Company.objects.count(), Company.history.count())

        second = seed()

        assert (Company.objects.count(), Company.history.count()) == counts
        assert printed_users(second) == printed_users(first)
        assert "nothing added" in second

    def test_a_database_with_companies_gets_no_demo_data(self):
        factories.CompanyFactory()

        seed()

        assert Company.objects.count() == 1
        assert not get_user_model().objects.filter(username="innendienst").exists()

    def test_the_same_seed_gives_the_same_names_another_seed_others(self):
        seed(seed=7)
        first = company_names()

        seed(seed=7, reset=True)
        again = company_names()
        seed(seed=8, reset=True)
        other = company_names()

        assert again == first
        assert other != first

    def test_reset_removes_old_companies_and_their_history(self):
        seed()
        history_after_one_run = Company.history.count()
        unrelated = factories.SourceFactory(name="Kundenliste Altbestand")

        seed(reset=True)

        assert Company.objects.count() == 20
        assert Company.history.count() == history_after_one_run
        assert Source.objects.filter(pk=unrelated.pk).exists()

    def test_negative_company_count_is_refused(self):
        with pytest.raises(CommandError):
            seed(companies=-1)


class TestHelpers:
    def test_ascii_fold(self):
        assert demo.ascii_fold("Jürgen Groß & Söhne") == "juergen-gross-soehne"
        assert demo.ascii_fold("José Öztürk") == "jose-oeztuerk"


class TestPlantedTwins:
    def test_twins_are_proposed_on_the_duplicates_page(self):
        from contacts.duplicates.models import CompanyPair

        seed(companies=50)

        assert Company.objects.count() == 50
        open_pairs = CompanyPair.objects.filter(status="open")
        assert open_pairs.count() >= 2
        assert all(pair.score > 0 and pair.reasons for pair in open_pairs)

    def test_spelling_variants(self):
        from contacts.demo.builder import spelling_variant

        assert spelling_variant("Maier") == "Mayer"
        assert spelling_variant("Müller") == "Mueller"
        assert spelling_variant("Schmidt") == "Schmit"
        assert spelling_variant("Braun") == "Barun"
