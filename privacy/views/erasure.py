from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts import selectors
from privacy import erasure
from privacy.forms import ErasureForm
from privacy.roles import ensure_dpo


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request, pk):
    """GDPR Art. 17: show what goes and what stays, then erase on confirmation."""
    ensure_dpo(request.user)
    person = selectors.contact_person_for_user(request.user, pk)
    detail = reverse("contacts:contact-person-detail", args=[person.pk])
    if person.is_erased:
        messages.info(request, _("This contact person's data has already been erased."))
        return redirect(detail)
    if person.merged_into_id:
        # The same person lives on in the survivor; erasing that takes this too.
        messages.info(
            request,
            _(
                "This record was merged into another record of the same person; "
                "erasing that one erases this one with it."
            ),
        )
        return redirect("privacy:person-erase", pk=person.merged_into_id)
    form = ErasureForm(request.POST or None)

    if request.method == "POST" and form.is_valid():
        try:
            erasure.person_erase(
                user=request.user,
                person=person,
                request_reference=form.cleaned_data["request_reference"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "The contact person's data has been erased; the erasure "
                    "is recorded under %(reference)s."
                )
                % {"reference": form.cleaned_data["request_reference"]},
            )
            return redirect(detail)
    context = {
        "form": form,
        "person": person,
        "company": person.company,
        "preview": erasure.erasure_preview(person),
        "cancel_url": detail,
    }
    return render(request, "privacy/person_erase.html", context)
