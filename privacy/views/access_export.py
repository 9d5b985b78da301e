import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import render

from contacts import audit
from contacts.consent.export import attachment
from contacts.models import Address, ContactPerson, Source
from privacy import pdf, selectors
from privacy.access_export import (
    ADDRESS_SHOWN,
    PERSON_SHOWN,
    labelled,
    person_access_export,
    raw_history,
)
from privacy.roles import ensure_dpo
from qualification.models import ContactProfile

FORMATS = ("html", "json", "pdf")


@login_required
def access_export(request, pk):
    """GDPR Art. 15: everything held about one contact person."""
    ensure_dpo(request.user)
    person = selectors.person_for_dpo(pk)
    requested = request.GET.get("format", "html")
    requested = requested if requested in FORMATS else "html"

    data = person_access_export(person=person)
    audit.record(
        request.user,
        audit.ACCESS_EXPORT,
        object_type="contact_person",
        object_id=person.pk,
        detail=requested,
    )

    filename = f"auskunft-person-{person.pk}"
    if requested == "json":
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        return attachment(body.encode(), "application/json", f"{filename}.json")
    if requested == "pdf":
        return attachment(
            pdf.access_export_pdf(data), "application/pdf", f"{filename}.pdf"
        )
    return render(request, "privacy/access_export.html", _context(person, data))


def _context(person, data) -> dict:
    profile = data["qualification"]["profile"]
    return {
        "person": person,
        "data": data,
        "person_rows": labelled(ContactPerson, data["person"], skip=PERSON_SHOWN),
        "source_rows": labelled(Source, data["source"], skip={"id"}),
        "address_rows": [
            labelled(Address, address, skip=ADDRESS_SHOWN)
            for address in data["company"]["addresses"]
        ],
        "raw_history": raw_history(data),
        "profile_rows": labelled(ContactProfile, profile) if profile else [],
    }
