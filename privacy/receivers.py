from django.dispatch import receiver

from contacts.audit import audit_event
from privacy.models import AccessLogEntry


@receiver(audit_event)
def write_access_log(sender, *, user, action, object_type, object_id, detail, **kw):
    AccessLogEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail[:200],
    )
