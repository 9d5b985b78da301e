"""Every qualification write goes through the functions of this package.

They save like contacts.services does: one transaction, one history row per
changed object, stamped with the acting user and a reason.
"""

from qualification.services.activity import inbound_capture, qualification_call_record
from qualification.services.assessment import (
    assessment_answer,
    assessment_override,
    assessment_refresh,
    assessments_rescore,
)
from qualification.services.criteria import criterion_save, settings_update
from qualification.services.handover import (
    handover_create,
    handover_outcome,
    handover_respond,
)
from qualification.services.profiles import (
    company_profile_update,
    contact_profile_update,
)

__all__ = [
    "assessment_answer",
    "assessment_override",
    "assessment_refresh",
    "assessments_rescore",
    "company_profile_update",
    "contact_profile_update",
    "criterion_save",
    "handover_create",
    "handover_outcome",
    "handover_respond",
    "inbound_capture",
    "qualification_call_record",
    "settings_update",
]
