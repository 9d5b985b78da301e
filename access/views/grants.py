from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import selectors, services
from access.forms import GrantForm, RevokeForm
from access.views.common import apply_errors, safe_next
from contacts.selectors import company_for_user


@login_required
def grant_list(request):
    selectors.ensure_admin(request.user)
    include_expired = request.GET.get("expired") == "1"
    context = {
        "grants": selectors.grant_list(include_expired=include_expired),
        "include_expired": include_expired,
        "history": selectors.grant_history(limit=50),
    }
    return render(request, "access/grant_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request, company_pk):
    selectors.ensure_admin(request.user)
    company = company_for_user(request.user, company_pk)
    form = GrantForm(request.POST or None)

    if request.method == "POST" and form.is_valid():
        try:
            services.grant_create(
                granted_by=request.user,
                company=company,
                user=form.cleaned_data["user"],
                team=form.cleaned_data["team"],
                reason=form.cleaned_data["reason"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Access granted."))
            return redirect("contacts:company-detail", company.pk)
    context = {"form": form, "company": company}
    return render(request, "access/grant_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def grant_revoke(request, kind, pk):
    grant = selectors.grant_for_admin(request.user, kind=kind, pk=pk)
    form = RevokeForm(request.POST or None)

    if request.method == "POST" and form.is_valid():
        services.grant_revoke(
            revoked_by=request.user, grant=grant, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Access revoked."))
        return redirect(
            safe_next(request, request.POST.get("next"), "access:grant-list")
        )
    context = {
        "form": form,
        "grant": selectors.grant_row(grant, kind=kind),
        "next": safe_next(request, request.GET.get("next"), "access:grant-list"),
    }
    return render(request, "access/grant_revoke.html", context)
