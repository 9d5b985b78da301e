from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from contacts import audit, selectors
from contacts.consent.rules import ALLOWING
from contacts.consent.selectors import broker_inform_deadline, broker_overdue
from contacts.consent.services import permissions_of
from contacts.history import person_history
from contacts.roles import is_data_protection_officer, may_edit_addresses


@login_required
def contact_person_detail(request, pk):
    try:
        person = selectors.contact_person_for_user(request.user, pk, restricted_ok=True)
    except Http404:
        # The company refusal names the company; this row lets the data
        # protection officer find refusals by the person asked for, too.
        audit.record(
            request.user, audit.REFUSED, object_type="contact_person", object_id=pk
        )
        raise
    dpo = is_data_protection_officer(request.user)
    if person.is_restricted and not dpo:
        # Art. 18: the record exists, but nobody else works with it.
        audit.record(
            request.user, audit.REFUSED, object_type="contact_person", object_id=pk
        )
        return render(
            request,
            "contacts/contact_person_restricted.html",
            {"person_id": person.pk, "company": person.company},
        )
    audit.record(request.user, audit.VIEW, object_type="contact_person", object_id=pk)

    permissions = permissions_of(person)
    context = {
        "person": person,
        "company": person.company,
        "permissions": [
            (permission, permission.basis in ALLOWING[channel])
            for channel, permission in permissions.items()
        ],
        "entries": person_history(person),
        "may_change": may_edit_addresses(request.user)
        and not person.is_restricted
        and not person.is_erased
        and person.merged_into_id is None,
        "inform_deadline": broker_inform_deadline(person),
        "broker_overdue": broker_overdue(person),
    }
    return render(request, "contacts/contact_person_detail.html", context)
