import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import services as contact_services
from contacts.models import Address, Company, Source
from qualification import reasons
from qualification.models import QualificationCall
from qualification.services.assessment import assessment_refresh

logger = logging.getLogger(__name__)


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    """Field errors of one record, keyed as the capture form names them."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {f"{prefix}{name}": errors for name, errors in error.error_dict.items()}
    )


@transaction.atomic
def inbound_capture(
    *,
    user,
    company_data: dict,
    address_data: dict | None,
    person_data: dict,
    channel: str,
    concern: str,
    duplicate_reason: str | None = None,
) -> Company:
    """A customer got in touch: company, address (if given) and person in one
    step, with the source "inbound contact", and the concern on record as the
    first contact. Never verified yet, so the queue puts it first.

    Possible duplicates stop the capture like any other create (see
    contacts.services.PossibleDuplicates) unless a reason is given."""
    today = timezone.localdate()
    source = contact_services.source_get_or_create(
        kind=Source.Kind.INBOUND, name=_("Inbound contact"), date=today
    )
    try:
        company = contact_services.company_create(
            user=user,
            data={**company_data, "source": source},
            address=address_data,
            reason=reasons.INBOUND_CAPTURE,
            duplicate_reason=duplicate_reason,
        )
    except ValidationError as error:
        names = {f.name for f in Address._meta.fields}
        if hasattr(error, "error_dict") and set(error.error_dict) <= names - {"id"}:
            raise _prefixed(error, "address_") from error
        raise
    try:
        person = contact_services.contact_person_create(
            user=user,
            company=company,
            data={**person_data, "source": source},
            reason=reasons.INBOUND_CAPTURE,
            duplicate_reason=duplicate_reason,
        )
    except ValidationError as error:
        raise _prefixed(error, "person_") from error
    QualificationCall.objects.create(
        company=company,
        channel=channel,
        reached=person,
        outcome=QualificationCall.Outcome.INBOUND,
        notes=concern,
        called_by=user,
    )
    logger.info("inbound contact captured: user=%s company=%s", user.pk, company.pk)
    return company


@transaction.atomic
def qualification_call_record(
    *,
    user,
    company: Company,
    data: dict,
    addresses: list,
    persons: list,
) -> QualificationCall:
    """Record a call; one that checked the data marks the company verified
    by this user now, with the addresses and persons it confirmed."""
    call = QualificationCall(company=company, called_by=user, **data)
    if call.called_at and call.called_at > timezone.now() + datetime.timedelta(
        minutes=5
    ):
        raise ValidationError({"called_at": _("A call cannot lie in the future.")})
    if (addresses or persons) and not call.verifies:
        raise ValidationError(
            {
                "outcome": _(
                    "Only a call that checked the data confirms addresses and persons."
                )
            }
        )
    foreign = [a for a in addresses if a.company_id != company.pk] + [
        p for p in persons if p.company_id != company.pk
    ]
    if foreign or (call.reached and call.reached.company_id != company.pk):
        raise ValidationError(_("Only records of this company can be confirmed."))
    call.full_clean()
    call.save()
    call.confirmed_addresses.set(addresses)
    call.confirmed_persons.set(persons)

    if call.verifies:
        contact_services.company_update(
            user=user,
            company=company,
            data={"verified_at": call.called_at, "verified_by": user},
            reason=reasons.QUALIFICATION_CALL,
        )
        assessment_refresh(
            user=user, company=company, reason=reasons.QUALIFICATION_CALL
        )
    return call
