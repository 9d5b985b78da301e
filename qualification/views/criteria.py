from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts.views import _apply_form_errors
from qualification import selectors, services
from qualification.forms import (
    OPTION_HELP,
    CriterionForm,
    OptionFormSet,
    SettingsForm,
    option_rows,
)
from qualification.models import Criterion, Settings


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request):
    selectors.ensure_admin(request.user)
    current = Settings.current()
    form = SettingsForm(request.POST or None, instance=current)

    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.settings_update(user=request.user, data=data)
        except ValidationError as error:
            _apply_form_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("qualification:criterion-list")
    context = {"form": form, "criteria": selectors.criteria_with_options()}
    return render(request, "qualification/criterion_list.html", context)


@login_required
def criterion_list(request):
    selectors.ensure_admin(request.user)
    context = {
        "form": SettingsForm(instance=Settings.current()),
        "criteria": selectors.criteria_with_options(),
    }
    return render(request, "qualification/criterion_list.html", context)


def _criterion_form(request, criterion: Criterion):
    form = CriterionForm(request.POST or None, instance=criterion)
    formset = OptionFormSet(request.POST or None, instance=criterion, prefix="options")
    context = {"form": form, "formset": formset, "criterion": criterion}
    context["option_help"] = OPTION_HELP

    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            with transaction.atomic():
                services.criterion_save(
                    user=request.user,
                    criterion=criterion,
                    data=data,
                    options=option_rows(formset),
                )
        except ValidationError as error:
            _apply_form_errors(form, error)
        else:
            messages.success(request, _("Criterion saved."))
            return redirect("qualification:criterion-list")
    return render(request, "qualification/criterion_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_create(request):
    selectors.ensure_admin(request.user)
    return _criterion_form(request, Criterion())


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk):
    criterion = selectors.criterion_for_admin(request.user, pk)
    return _criterion_form(request, criterion)
