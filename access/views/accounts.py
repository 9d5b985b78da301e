from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access import accounts, selectors
from access.user_forms import AccountCreateForm, AccountForm, AccountStatusForm
from access.views.common import apply_errors


@login_required
def user_list(request):
    selectors.ensure_admin(request.user)
    active = request.GET.get("inactive") != "1"
    context = {
        "section": "users",
        "rows": selectors.account_list(active=active),
        "active": active,
    }
    return render(request, "access/user_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    selectors.ensure_admin(request.user)
    form = AccountCreateForm(request.POST or None)

    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                account = accounts.user_create(
                    by=request.user,
                    username=data["username"],
                    password=data["password"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    roles=data["roles"],
                    teams=data["teams"],
                    reason=data["reason"],
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Account created."))
            return redirect("access:user-edit", account.pk)
    context = {"section": "users", "form": form}
    return render(request, "access/user_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk):
    account = selectors.account_for_admin(request.user, pk)
    form = AccountForm(request.POST or None, instance=account)

    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.user_update(
                by=request.user,
                account=account,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                roles=data["roles"],
                teams=data["teams"],
                reason=data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("access:user-edit", account.pk)
    context = {
        "section": "users",
        "form": form,
        "account": account,
        "status_form": AccountStatusForm(),
        "history": selectors.account_history(account),
    }
    return render(request, "access/user_form.html", context)


@login_required
@require_POST
def user_set_active(request, pk):
    """Deactivate or reactivate, as the posted `active` says."""
    account = selectors.account_for_admin(request.user, pk)
    form = AccountStatusForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""

    try:
        if request.POST.get("active") == "1":
            accounts.user_reactivate(by=request.user, account=account, reason=reason)
            messages.success(request, _("Account reactivated."))
        else:
            accounts.user_deactivate(by=request.user, account=account, reason=reason)
            messages.success(
                request, _("Account deactivated; its sessions have ended.")
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("access:user-edit", account.pk)
