"""Change reasons as stored in history rows: a stable key, optionally ": detail".

Stored in English so that history reads the same whatever language the
writer used; `reason_label` translates the key when it is shown.
"""

from django.utils.translation import gettext_lazy as _

MANUAL_EDIT = "manual edit"
CREATED = "created"
MOVE = "move"
CORRECTION = "correction"
CONTACT_LEFT = "contact left"
IMPORT = "import"
DEMO_DATA = "demo data"
DESPITE_DUPLICATE = "saved despite possible duplicate"
MERGE = "merge"
TEAM_REASSIGNED = "team reassigned"
MERGE_UNDONE = "merge undone"
TERRITORY = "territory reassigned"
RESTRICTED = "restricted"
RESTRICTION_LIFTED = "restriction lifted"
ERASURE = "erasure"
ART14_NOTICE = "informed (Art. 14)"

LABELS = {
    MANUAL_EDIT: _("manual edit"),
    CREATED: _("created"),
    MOVE: _("move"),
    CORRECTION: _("correction"),
    CONTACT_LEFT: _("contact person left"),
    IMPORT: _("import"),
    DEMO_DATA: _("demo data"),
    DESPITE_DUPLICATE: _("saved despite possible duplicate"),
    MERGE: _("merge"),
    TEAM_REASSIGNED: _("team reassigned"),
    MERGE_UNDONE: _("merge undone"),
    TERRITORY: _("territory reassigned"),
    RESTRICTED: _("processing restricted (Art. 18)"),
    RESTRICTION_LIFTED: _("restriction lifted"),
    ERASURE: _("erased (Art. 17)"),
    ART14_NOTICE: _("informed about the data (Art. 14)"),
}


# simple-history's change-reason column holds 100 characters.
MAX_LENGTH = 100


def with_detail(key: str, detail: str) -> str:
    if not detail:
        return key
    reason = f"{key}: {detail}"
    if len(reason) > MAX_LENGTH:
        reason = reason[: MAX_LENGTH - 1] + "…"
    return reason


def reason_label(stored: str | None) -> str:
    if not stored:
        return ""
    key, sep, detail = stored.partition(": ")
    label = LABELS.get(key)
    if label is None:
        return stored
    return f"{label}: {detail}" if sep else str(label)
