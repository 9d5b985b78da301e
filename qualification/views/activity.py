from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts.selectors import company_for_user, teams_of
from contacts.views import _duplicate_reason, _write
from qualification import selectors, services
from qualification.forms import CallForm, InboundCaptureForm

PAGE_SIZE = 25


def _assessment_url(company_pk) -> str:
    return reverse("qualification:assessment", args=[company_pk])


@login_required
def work_queue(request):
    selectors.ensure_inside_sales(request.user)
    teams = list(teams_of(request.user))
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), None)
    companies = selectors.work_queue(request.user, team=team)
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "entries": selectors.queue_entries(page.object_list),
        "teams": teams,
        "team": team,
    }
    return render(request, "qualification/work_queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def inbound_capture(request):
    selectors.ensure_inside_sales(request.user)
    form = InboundCaptureForm(request.POST or None, user=request.user)
    context = {"form": form}

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.inbound_capture(
                user=request.user,
                company_data=form.company_data(),
                address_data=form.address_data(),
                person_data=form.person_data(),
                channel=form.cleaned_data["channel"],
                concern=form.cleaned_data["concern"],
                duplicate_reason=_duplicate_reason(request),
            ),
            success=_("Inbound contact captured; it is at the top of the queue."),
            next_url=lambda company: _assessment_url(company.pk),
        )
        if response:
            return response
    return render(request, "qualification/inbound_capture.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request, pk):
    company = company_for_user(request.user, pk, edit=True)
    form = CallForm(request.POST or None, company=company)
    context = {
        "form": form,
        "company": company,
        "title": _("Record a qualification call"),
    }

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.qualification_call_record(
                user=request.user,
                company=company,
                data=form.call_data(),
                addresses=list(form.cleaned_data["confirmed_addresses"]),
                persons=list(form.cleaned_data["confirmed_persons"]),
            ),
            success=_("Call recorded."),
            next_url=_assessment_url(company.pk),
        )
        if response:
            return response
    return render(request, "qualification/record_form.html", context)
