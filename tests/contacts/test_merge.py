"""Merging companies and persons, and undoing it, with everything attached:
addresses, contact persons, grants and sources."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from guardian.shortcuts import assign_perm

from contacts.duplicates import merge as merging
from contacts.duplicates.models import CompanyPair, Merge, PairStatus
from contacts.models import (
    Address,
    Company,
    CompanyGroupObjectPermission,
    CompanyUserObjectPermission,
    ContactPerson,
)
from contacts.selectors import companies_visible_to
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(team, other_team, field_rep):
    """Two records of one firm, each with two addresses, a person, a grant
    and its own source."""
    survivor = factories.CompanyFactory(
        name="Maier", team=team, phone="+49891111111", industry=""
    )
    factories.AddressFactory(company=survivor, postal_code="80331", city="München")
    factories.AddressFactory(
        company=survivor, kind=Address.Kind.DELIVERY, postal_code="80333"
    )
    factories.ContactPersonFactory(company=survivor, last_name="Huber")
    other = factories.CompanyFactory(
        name="Mayer",
        team=other_team,
        field_rep=field_rep,
        phone="+49892222222",
        industry="Druckerei",
        verified_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
    )
    factories.AddressFactory(company=other, postal_code="80331", city="München")
    factories.AddressFactory(
        company=other, kind=Address.Kind.BILLING, postal_code="80335"
    )
    factories.ContactPersonFactory(company=other, last_name="Schulz")
    grantee = factories.UserFactory()
    assign_perm("contacts.view_company", grantee, other)
    return survivor, other, grantee


def merge(user, survivor, other, **choices):
    return merging.company_merge(
        user=user, survivor=survivor, others=[other], choices=choices, note="gleich"
    )


class TestCompanyMerge:
    def test_everything_moves_to_the_survivor(self, twins, inside_sales):
        survivor, other, grantee = twins

        merge(inside_sales, survivor, other, phone=other.pk)

        survivor.refresh_from_db()
        other.refresh_from_db()
        assert survivor.phone == "+49892222222"
        assert other.merged_into == survivor
        assert survivor.addresses.count() == 4
        current_hq = survivor.addresses.filter(
            kind=Address.Kind.HEADQUARTERS, valid_until__isnull=True
        )
        assert current_hq.count() == 1
        assert {p.last_name for p in survivor.contact_persons.all()} == {
            "Huber",
            "Schulz",
        }
        assert CompanyUserObjectPermission.objects.get(user=grantee).content_object == (
            survivor
        )
        # The source of the merged-away record stays with it.
        assert other.source_id != survivor.source_id
        assert Company.objects.filter(merged_into=survivor).get().source == other.source

    def test_defaults_take_the_most_recently_verified_value(self, twins):
        survivor, other, _grantee = twins

        defaults = merging.default_choices([survivor, other], merging.COMPANY_FIELDS)

        assert defaults["industry"] == other.pk
        assert defaults["phone"] == other.pk
        assert defaults["name"] == other.pk

    def test_whoever_saw_the_other_keeps_seeing_it(self, twins, inside_sales):
        survivor, other, _grantee = twins
        other_rep = other.field_rep
        colleague = factories.UserFactory(teams=[other.team])

        merge(inside_sales, survivor, other)

        assert companies_visible_to(colleague).filter(pk=survivor.pk).exists()
        assert companies_visible_to(other_rep).filter(pk=survivor.pk).exists()

    def test_one_history_event_with_the_reason_merge(self, twins, inside_sales):
        survivor, other, _grantee = twins

        merge(inside_sales, survivor, other, phone=other.pk)

        reason = f"merge: #{other.pk}"
        assert survivor.history.first().history_change_reason == reason
        assert other.history.first().history_change_reason == reason
        for model in (Address, ContactPerson):
            moved = model.history.filter(history_change_reason=reason)
            assert moved.count() == {Address: 2, ContactPerson: 1}[model]
            assert {row.history_user for row in moved} == {inside_sales}
        assert Merge.objects.get().done_by == inside_sales

    def test_pair_is_marked_merged(self, twins, inside_sales):
        survivor, other, _grantee = twins

        merge(inside_sales, survivor, other)

        pair = CompanyPair.objects.get()
        assert (pair.first, pair.second, pair.status) == (
            survivor,
            other,
            PairStatus.MERGED,
        )

    def test_a_merged_record_cannot_be_merged_again(self, twins, inside_sales):
        survivor, other, _grantee = twins
        merge(inside_sales, survivor, other)
        third = factories.CompanyFactory(team=survivor.team)

        with pytest.raises(ValidationError):
            merge(inside_sales, third, Company.objects.get(pk=other.pk))


class TestNoEmptyHistoryRows:
    def test_an_unchanged_survivor_gets_no_history_row(self, twins, inside_sales):
        survivor, other, _grantee = twins
        rows = survivor.history.count()

        merge(inside_sales, survivor, other)

        assert survivor.history.count() == rows


class TestCompanyMergeUndo:
    def test_undo_puts_everything_back(self, twins, inside_sales):
        survivor, other, grantee = twins
        addresses = {a.pk: (a.company_id, a.valid_until) for a in Address.objects.all()}
        persons = dict(ContactPerson.objects.values_list("pk", "company_id"))
        grants = {
            model: set(model.objects.values_list("pk", "content_object_id"))
            for model in (CompanyUserObjectPermission, CompanyGroupObjectPermission)
        }
        done = merge(inside_sales, survivor, other, phone=other.pk)

        merging.company_merge_undo(user=inside_sales, merge=done)

        survivor.refresh_from_db()
        other.refresh_from_db()
        assert other.merged_into is None
        assert survivor.phone == "+49891111111"
        assert {
            a.pk: (a.company_id, a.valid_until) for a in Address.objects.all()
        } == addresses
        assert dict(ContactPerson.objects.values_list("pk", "company_id")) == persons
        for model, before in grants.items():
            assert set(model.objects.values_list("pk", "content_object_id")) == before
        # The merge made the pair; undone, it is gone again.
        assert not CompanyPair.objects.exists()
        done.refresh_from_db()
        assert (done.undone_by, done.undone_at is not None) == (inside_sales, True)
        assert other.history.first().history_change_reason == (
            f"merge undone: #{other.pk}"
        )

    def test_a_later_edit_of_the_survivor_is_kept(self, twins, inside_sales):
        from contacts import services

        survivor, other, _grantee = twins
        done = merge(inside_sales, survivor, other, phone=other.pk)
        services.company_update(
            user=inside_sales,
            company=Company.objects.get(pk=survivor.pk),
            data={"phone": "+49893333333"},
        )

        merging.company_merge_undo(user=inside_sales, merge=done)

        survivor.refresh_from_db()
        assert survivor.phone == "+49893333333"

    def test_undo_twice_is_refused(self, twins, inside_sales):
        survivor, other, _grantee = twins
        done = merge(inside_sales, survivor, other)
        merging.company_merge_undo(user=inside_sales, merge=done)

        with pytest.raises(ValidationError):
            merging.company_merge_undo(user=inside_sales, merge=done)

    def test_a_grant_both_held_comes_back(self, twins, inside_sales):
        survivor, other, grantee = twins
        assign_perm("contacts.view_company", grantee, survivor)
        done = merge(inside_sales, survivor, other)
        assert CompanyUserObjectPermission.objects.filter(user=grantee).count() == 1

        merging.company_merge_undo(user=inside_sales, merge=done)

        held = CompanyUserObjectPermission.objects.filter(user=grantee)
        assert {g.content_object_id for g in held} == {survivor.pk, other.pk}
        assert held.first().permission == Permission.objects.get(
            codename="view_company"
        )


class TestPersonMerge:
    def test_merge_and_undo(self, company, inside_sales):
        keep = factories.ContactPersonFactory(
            company=company, last_name="Meier", email=""
        )
        gone = factories.ContactPersonFactory(
            company=company, last_name="Mayer", email="h.mayer@firma.de"
        )
        predecessor = factories.ContactPersonFactory(company=company, successor=gone)

        done = merging.person_merge(
            user=inside_sales,
            survivor=keep,
            others=[gone],
            choices={"email": gone.pk},
        )

        keep.refresh_from_db()
        gone.refresh_from_db()
        predecessor.refresh_from_db()
        assert (keep.email, gone.merged_into) == ("h.mayer@firma.de", keep)
        assert predecessor.successor == keep

        merging.person_merge_undo(user=inside_sales, merge=done)

        keep.refresh_from_db()
        gone.refresh_from_db()
        predecessor.refresh_from_db()
        assert (keep.email, gone.merged_into) == ("", None)
        assert predecessor.successor == gone


class TestMergeKeepsEveryoneInSight:
    def test_choosing_the_other_team_keeps_the_survivors_team_in(
        self, twins, inside_sales
    ):
        survivor, other, _grantee = twins
        own_rep = factories.UserFactory(roles=["field_sales"])
        survivor.field_rep = own_rep
        survivor.save()

        merge(inside_sales, survivor, other, team=other.pk, field_rep=other.pk)

        survivor.refresh_from_db()
        assert survivor.team == other.team
        assert companies_visible_to(inside_sales).filter(pk=survivor.pk).exists()
        assert companies_visible_to(own_rep).filter(pk=survivor.pk).exists()

    def test_a_proposed_pair_is_open_again_after_undo(self, twins, inside_sales):
        from contacts.duplicates.scan import duplicates_scan

        survivor, other, _grantee = twins
        duplicates_scan(kind="company")
        done = merge(inside_sales, survivor, other)
        assert CompanyPair.objects.get().status == PairStatus.MERGED

        merging.company_merge_undo(user=inside_sales, merge=done)

        assert CompanyPair.objects.get().status == PairStatus.OPEN


class TestMergeGrantsHistory:
    def test_moved_and_added_grants_say_who_and_why(self, twins, inside_sales):
        survivor, other, grantee = twins

        merge(inside_sales, survivor, other)

        moved = CompanyUserObjectPermission.objects.get(user=grantee)
        row = moved.history.first()
        assert (row.history_user, row.history_change_reason) == (
            inside_sales,
            f"merge: #{other.pk}",
        )
        added = CompanyGroupObjectPermission.objects.get(content_object=survivor)
        assert added.group == other.team.group
        assert f"#{other.pk}" in added.reason
        assert added.granted_by == inside_sales

    def test_undo_keeps_a_grant_the_survivor_had_before(self, twins, inside_sales):
        from access.services import grant_create

        survivor, other, _grantee = twins
        before = grant_create(
            granted_by=inside_sales,
            company=survivor,
            team=other.team,
            reason="Messe-Kooperation",
        )
        done = merge(inside_sales, survivor, other)

        merging.company_merge_undo(user=inside_sales, merge=done)

        before.refresh_from_db()
        assert before.reason == "Messe-Kooperation"
