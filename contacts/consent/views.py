from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts import selectors
from contacts.consent import services
from contacts.consent.forms import ObjectionForm, PermissionForm
from contacts.consent.models import Channel
from contacts.views import _write


def _person(request, pk):
    person = selectors.contact_person_for_user(request.user, pk, edit=True)
    if person.merged_into_id or person.is_erased or person.is_restricted:
        # Read-only records: the detail page says why.
        messages.warning(request, _("This contact person cannot be changed."))
        return person, redirect(_detail(person))
    return person, None


def _detail(person) -> str:
    return reverse("contacts:contact-person-detail", args=[person.pk])


@login_required
@require_http_methods(["GET", "POST"])
def permission_edit(request, pk, channel):
    if channel not in Channel.values:
        raise Http404
    person, refused = _person(request, pk)
    if refused:
        return refused
    form = PermissionForm(request.POST or None, channel=channel)
    if request.method == "GET":
        form.initial_from(services.permissions_of(person)[channel])
    label = Channel(channel).label
    context = {
        "form": form,
        "company": person.company,
        "person": person,
        "title": _("%(channel)s: contact permission of %(name)s")
        % {"channel": label, "name": person.full_name},
        "cancel_url": _detail(person),
    }

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.permission_set(
                user=request.user, person=person, channel=channel, **form.cleaned_data
            ),
            success=_("Contact permission saved."),
            next_url=_detail(person),
        )
        if response:
            return response
    return render(request, "contacts/company_record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_object(request, pk):
    person, refused = _person(request, pk)
    if refused:
        return refused
    form = ObjectionForm(request.POST or None)
    context = {
        "form": form,
        "company": person.company,
        "person": person,
        "title": _("Objection of %(name)s to direct marketing")
        % {"name": person.full_name},
        "hint": _(
            "Sets every channel (post, phone, e-mail, fax) to “objected” and puts "
            "the e-mail address and phone numbers on the suppression list, as "
            "hashes only, so that the person stays out of marketing if they are "
            "imported or typed in again (GDPR Art. 21)."
        ),
        "submit_label": _("Record objection"),
        "submit_class": "btn-danger",
        "cancel_url": _detail(person),
    }

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.person_object(
                user=request.user, person=person, note=form.cleaned_data["note"]
            ),
            success=_("Objection recorded: no more marketing on any channel."),
            next_url=_detail(person),
        )
        if response:
            return response
    return render(request, "contacts/company_record_form.html", context)
