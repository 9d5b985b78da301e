from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts.selectors import company_for_user
from contacts.services import StaleEditError
from contacts.views import _apply_form_errors, _write
from qualification import selectors, services
from qualification.forms import (
    AssessmentForm,
    CompanyQualificationForm,
    ContactQualificationForm,
    OverrideForm,
)


def _assessment_url(company_pk) -> str:
    return reverse("qualification:assessment", args=[company_pk])


def _figures(company, profile) -> dict:
    return {"employees": company.employees, "purchase_volume": profile.purchase_volume}


@login_required
@require_http_methods(["GET", "POST"])
def assessment_detail(request, pk):
    editing = request.method == "POST"
    company, current = selectors.assessment_for_user(request.user, pk, edit=editing)
    profile = selectors.company_profile_of(company)
    criteria = selectors.criteria_with_options()
    form = AssessmentForm(
        request.POST or None,
        criteria=criteria,
        assessment=current,
        figures=_figures(company, profile),
    )

    if editing and form.is_valid():
        try:
            with transaction.atomic():
                services.assessment_answer(
                    user=request.user,
                    company=company,
                    values=form.values(),
                    expected_version=form.cleaned_data["version"],
                )
        except StaleEditError:
            messages.warning(
                request,
                _(
                    "Someone saved answers for this company after you opened the "
                    "page. Nothing was overwritten; here are the answers as saved "
                    "now. Enter yours again where they differ."
                ),
            )
            return redirect(_assessment_url(company.pk))
        except ValidationError as error:
            _apply_form_errors(form, error)
        else:
            messages.success(request, _("Assessment saved."))
            return redirect(_assessment_url(company.pk))

    context = {
        "company": company,
        "assessment": current,
        "rating": selectors.company_rating(company, current, criteria=criteria),
        "form": form,
        "override_form": OverrideForm(
            initial={
                "version": current.version if current.pk else None,
                "priority_override": current.priority_override,
                "override_reason": current.override_reason,
            }
        ),
        "profile": profile,
        "persons": selectors.active_persons_with_profiles(company),
        "calls": selectors.recent_calls(company),
        "handovers": selectors.company_handovers(company),
    }
    return render(request, "qualification/assessment.html", context)


@login_required
@require_http_methods(["POST"])
def priority_override(request, pk):
    company, current = selectors.assessment_for_user(request.user, pk, edit=True)
    form = OverrideForm(request.POST)

    if form.is_valid():
        try:
            with transaction.atomic():
                services.assessment_override(
                    user=request.user,
                    company=company,
                    priority=form.cleaned_data["priority_override"],
                    reason_text=form.cleaned_data["override_reason"],
                    expected_version=form.cleaned_data["version"],
                )
        except StaleEditError:
            messages.warning(
                request,
                _("The assessment changed in the meantime; nothing was saved."),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Priority saved."))
    else:
        messages.error(request, _("Choose a priority from the list."))
    return redirect(_assessment_url(company.pk))


@login_required
@require_http_methods(["GET", "POST"])
def company_profile_edit(request, pk):
    company = company_for_user(request.user, pk, edit=True)
    profile = selectors.company_profile_of(company)
    form = CompanyQualificationForm(
        request.POST or None, instance=profile, company=company
    )
    context = {"form": form, "company": company, "title": _("Company qualification")}

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.company_profile_update(
                user=request.user,
                company=company,
                data=form.changes(),
                company_data=form.company_changes(),
                expected_version=form.cleaned_data["version"],
                company_version=form.cleaned_data["company_version"],
            ),
            success=_("Qualification data saved."),
            next_url=_assessment_url(company.pk),
        )
        if response:
            return response
    return render(request, "qualification/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_profile_edit(request, pk):
    person, profile = selectors.contact_profile_for_user(request.user, pk, edit=True)
    form = ContactQualificationForm(
        request.POST or None, instance=profile, person=person
    )
    context = {
        "form": form,
        "company": person.company,
        "title": _("How to approach %(name)s") % {"name": person.full_name},
    }

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.contact_profile_update(
                user=request.user,
                person=person,
                data=form.changes(),
                person_data=form.person_changes(),
                expected_version=form.cleaned_data["version"],
                person_version=form.cleaned_data["person_version"],
            ),
            success=_("Qualification data saved."),
            next_url=_assessment_url(person.company_id),
        )
        if response:
            return response
    return render(request, "qualification/record_form.html", context)
