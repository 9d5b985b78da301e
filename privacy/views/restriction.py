from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts.consent import services
from contacts.models import ContactPerson
from privacy.forms import RestrictionForm
from privacy.roles import ensure_dpo


@login_required
@require_http_methods(["GET", "POST"])
def person_restrict(request, pk):
    """Set or lift the Art. 18 restriction; the data protection officer's call."""
    ensure_dpo(request.user)
    person = get_object_or_404(ContactPerson.objects.select_related("company"), pk=pk)
    detail = reverse("contacts:contact-person-detail", args=[person.pk])
    data = request.POST if request.method == "POST" else None
    form = RestrictionForm(data, lifting=person.is_restricted)

    if request.method == "POST" and form.is_valid():
        try:
            if person.is_restricted:
                services.person_lift_restriction(user=request.user, person=person)
                messages.success(request, _("Restriction lifted."))
            else:
                services.person_restrict(
                    user=request.user, person=person, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Processing restricted."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(detail)
    context = {
        "form": form,
        "person": person,
        "company": person.company,
        "title": _("Lift the restriction of %(name)s")
        if person.is_restricted
        else _("Restrict processing of %(name)s"),
        "cancel_url": detail,
    }
    context["title"] %= {"name": person.full_name}
    if not person.is_restricted:
        context["hint"] = _(
            "The record is kept but becomes read-only and is left out of every "
            "list, call list and export until the restriction is lifted "
            "(GDPR Art. 18)."
        )
        context["submit_label"] = _("Restrict processing")
        context["submit_class"] = "btn-warning"
    else:
        context["submit_label"] = _("Lift restriction")
    return render(request, "contacts/company_record_form.html", context)
