from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts.selectors import company_for_user
from contacts.views import _write
from qualification import selectors, services
from qualification.forms import HandoverForm, LeadFilterForm, OutcomeForm, RespondForm

LEAD_LIMIT = 100


def _brief_url(handover_pk) -> str:
    return reverse("qualification:handover-detail", args=[handover_pk])


@login_required
@require_http_methods(["GET", "POST"])
def handover_create(request, pk):
    company = company_for_user(request.user, pk, edit=True)
    current = selectors.assessment_of(company)
    profile = selectors.company_profile_of(company)
    form = HandoverForm(
        request.POST or None,
        company=company,
        initial={"brief": profile.recommendation},
    )
    context = {
        "form": form,
        "company": company,
        "profile": profile,
        "rating": selectors.company_rating(company, current),
        "persons": selectors.active_persons_with_profiles(company),
    }

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.handover_create(
                user=request.user,
                company=company,
                rep=form.cleaned_data["rep"],
                brief=form.cleaned_data["brief"],
            ),
            success=_("Handed over; the field rep can see the company now."),
            next_url=lambda handover: _brief_url(handover.pk),
        )
        if response:
            return response
    return render(request, "qualification/handover_form.html", context)


@login_required
def lead_list(request):
    form = LeadFilterForm(request.GET or None)
    handovers = selectors.lead_list(request.user, filters=form.filters())
    leads = list(handovers[: LEAD_LIMIT + 1])
    context = {
        "form": form,
        "leads": selectors.with_estimates(leads[:LEAD_LIMIT]),
        "more": len(leads) > LEAD_LIMIT,
        "filtered": bool(form.filters()),
    }
    return render(request, "qualification/lead_list.html", context)


@login_required
def handover_detail(request, pk):
    handover = selectors.handover_for_user(request.user, pk)
    company = handover.company
    current = selectors.assessment_of(company)
    persons = company.active_persons
    context = {
        "handover": handover,
        "company": company,
        "profile": selectors.company_profile_of(company),
        "address": next(iter(company.current_addresses), None),
        "person": persons[0] if persons else None,
        "others": persons[1:],
        "rating": selectors.company_rating(company, current),
        "notes": selectors.last_notes(company),
        "is_rep": handover.rep_id == request.user.pk,
        "respond_form": RespondForm(),
        "outcome_form": OutcomeForm(),
    }
    if context["person"] is not None:
        context["person_profile"] = selectors.profile_of(context["person"])
    return render(request, "qualification/handover_detail.html", context)


def _answer(request, handover, write, success: str):
    try:
        with transaction.atomic():
            write()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_brief_url(handover.pk))
    messages.success(request, success)
    return None


@login_required
@require_http_methods(["POST"])
def handover_respond(request, pk):
    handover = selectors.handover_for_user(request.user, pk)
    selectors.ensure_rep(request.user, handover)
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or reject."))
        return redirect(_brief_url(handover.pk))

    accept = form.cleaned_data["accept"]
    refused = _answer(
        request,
        handover,
        lambda: services.handover_respond(
            user=request.user,
            handover=handover,
            accept=accept,
            reason=form.cleaned_data["reject_reason"],
        ),
        _("Lead accepted.")
        if accept
        else _("Lead rejected; inside sales has it back."),
    )
    if refused:
        return refused
    if accept:
        return redirect(_brief_url(handover.pk))
    return redirect("qualification:lead-list")


@login_required
@require_http_methods(["POST"])
def handover_outcome(request, pk):
    handover = selectors.handover_for_user(request.user, pk)
    selectors.ensure_rep(request.user, handover)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome from the list."))
        return redirect(_brief_url(handover.pk))

    refused = _answer(
        request,
        handover,
        lambda: services.handover_outcome(
            user=request.user,
            handover=handover,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["outcome_note"],
        ),
        _("Outcome recorded."),
    )
    return refused or redirect(_brief_url(handover.pk))
