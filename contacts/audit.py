"""Audit events for reads, exports and refusals.

contacts/ does not know where the audit log is kept (privacy/ listens); a
sender names the action and the object by type and id, never by content, so
no personal data reaches the log.
"""

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent with user, action, object_type, object_id and detail (a count or a
# channel, never a name).
audit_event = Signal()

VIEW = "view"
EXPORT = "export"
REFUSED = "refused"
ACCESS_EXPORT = "access_export"
ERASURE = "erasure"
RESTRICTION = "restriction"
OBJECTION = "objection"


def record(user, action: str, *, object_type: str, object_id=None, detail=""):
    logger.info(
        "audit %s %s #%s by user %s %s",
        action,
        object_type,
        object_id,
        getattr(user, "pk", None),
        detail,
    )
    audit_event.send(
        sender=record,
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=str(detail),
    )
