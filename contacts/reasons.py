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

LABELS = {
    MANUAL_EDIT: _("manual edit"),
    CREATED: _("created"),
    MOVE: _("move"),
    CORRECTION: _("correction"),
    CONTACT_LEFT: _("contact person left"),
    IMPORT: _("import"),
    DEMO_DATA: _("demo data"),
}


def with_detail(key: str, detail: str) -> str:
    return f"{key}: {detail}" if detail else key


def reason_label(stored: str | None) -> str:
    if not stored:
        return ""
    key, sep, detail = stored.partition(": ")
    label = LABELS.get(key)
    if label is None:
        return stored
    return f"{label}: {detail}" if sep else str(label)
