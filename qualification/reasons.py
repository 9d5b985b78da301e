"""Change reasons of qualification writes, stored in English like contacts.reasons
and shown translated on the history tab."""

from django.utils.translation import gettext_lazy as _

ASSESSMENT = "assessment"
PRIORITY_OVERRIDE = "priority set by hand"
QUALIFICATION = "qualification data"
QUALIFICATION_CALL = "qualification call"
INBOUND_CAPTURE = "inbound capture"
HANDOVER = "handover"
SETTINGS = "settings"

LABELS = {
    ASSESSMENT: _("assessment"),
    PRIORITY_OVERRIDE: _("priority set by hand"),
    QUALIFICATION: _("qualification data"),
    QUALIFICATION_CALL: _("qualification call"),
    INBOUND_CAPTURE: _("inbound capture"),
    HANDOVER: _("handover"),
    SETTINGS: _("settings"),
}
