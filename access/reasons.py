"""Change reasons of grant history rows: stable English keys, labels translate."""

from django.utils.translation import gettext_lazy as _

from contacts.reasons import with_detail

GRANTED = "granted"
RENEWED = "grant renewed"
REVOKED = "revoked"
EXPIRED = "expired"

LABELS = {
    GRANTED: _("granted"),
    RENEWED: _("renewed"),
    REVOKED: _("revoked"),
    EXPIRED: _("expired and removed"),
}


def revoked(why: str) -> str:
    return with_detail(REVOKED, why)


def reason_label(stored: str | None) -> str:
    key, sep, detail = (stored or "").partition(": ")
    label = LABELS.get(key)
    if label is None:
        return stored or ""
    return f"{label}: {detail}" if sep else str(label)
