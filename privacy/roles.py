from django.http import Http404

from contacts import audit
from contacts.roles import is_data_protection_officer


def ensure_dpo(user) -> None:
    """Data protection pages are the data protection officer's alone; others
    get the same 404 as for a page that does not exist."""
    if not is_data_protection_officer(user):
        audit.record(user, audit.REFUSED, object_type="privacy_page")
        raise Http404
