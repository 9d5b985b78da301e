from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contacts import services as contact_services
from contacts.consent import services as consent
from qualification import reasons
from qualification.models import (
    CompanyProfile,
    ContactProfile,
)
from qualification.services.saving import _save, _update


def _profile(model, *, owner: dict, user, reason: str):
    """The profile row of a company or person, created on first use."""
    profile = model.objects.filter(**owner).first()
    if profile is None:
        profile = model(**owner)
        _save(profile, user=user, reason=reason)
    return profile


def _check_company_profile(data: dict) -> None:
    errors = {}
    if data.get("order_cycle") == CompanyProfile.OrderCycle.EVERY_N_DAYS:
        if not data.get("order_cycle_days"):
            errors["order_cycle_days"] = _("Enter after how many days they order.")
    elif data.get("order_cycle_days"):
        errors["order_cycle_days"] = _(
            "Days between orders only go with the cycle “every N days”."
        )
    if data.get("current_need") != CompanyProfile.Need.YES:
        for name in ("act_by", "need_description"):
            if data.get(name):
                errors[name] = _("Only with a current need (answer “yes”).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def company_profile_update(
    *,
    user,
    company,
    data: dict,
    company_data: dict,
    expected_version: int | None = None,
    company_version: int | None = None,
    reason: str = reasons.QUALIFICATION,
) -> CompanyProfile:
    """The profile and the company's own figures (employees, revenue, last
    order), which stay on the company: one value, one place."""
    _check_company_profile(data)
    if company_data:
        contact_services.company_update(
            user=user,
            company=company,
            data=company_data,
            expected_version=company_version,
            reason=reason,
        )
    profile = _profile(
        CompanyProfile, owner={"company": company}, user=user, reason=reason
    )
    return _update(
        profile,
        user=user,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )


def _check_contact_profile(data: dict) -> None:
    errors = {}
    start, end = data.get("best_from"), data.get("best_until")
    if start and end and end <= start:
        errors["best_until"] = _("The window must end after it starts.")
    with_budget = (ContactProfile.Budget.BUDGET, ContactProfile.Budget.SIGNING)
    has_limit = data.get("signing_limit") is not None
    if has_limit and data.get("budget_authority") not in with_budget:
        errors["signing_limit"] = _(
            "An amount only goes with a budget or signing authority."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contact_profile_update(
    *,
    user,
    person,
    data: dict,
    person_data: dict,
    expected_version: int | None = None,
    person_version: int | None = None,
    reason: str = reasons.QUALIFICATION,
) -> ContactProfile:
    """The profile, and function and authority, which stay on the person."""
    consent.refuse_restricted(person)
    _check_contact_profile(data)
    if person_data:
        contact_services.contact_person_update(
            user=user,
            person=person,
            data=person_data,
            expected_version=person_version,
            reason=reason,
        )
    profile = _profile(
        ContactProfile, owner={"person": person}, user=user, reason=reason
    )
    return _update(
        profile,
        user=user,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )
