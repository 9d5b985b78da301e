"""Which basis allows which channel, and why a person is left out of a list.

B2B post needs no consent and is allowed unless the person objected (UWG §7(1)).
A business call needs at least presumed consent (UWG §7(2) no. 1), e-mail
and fax express consent (§7(2) no. 2), e-mail to an existing customer the
exception of §7(3).
"""

from django.utils.translation import gettext_lazy as _

from contacts.consent.models import Basis, Channel

# The bases inside sales may record per channel (objection has its own action).
CHOICES = {
    Channel.POST: [Basis.NONE, Basis.EXPRESS],
    Channel.PHONE: [Basis.NONE, Basis.PRESUMED, Basis.EXPRESS],
    Channel.EMAIL: [Basis.NONE, Basis.EXISTING_CUSTOMER, Basis.EXPRESS],
    Channel.FAX: [Basis.NONE, Basis.EXPRESS],
}

ALLOWING = {
    Channel.POST: {Basis.NONE, Basis.EXPRESS},
    Channel.PHONE: {Basis.PRESUMED, Basis.EXPRESS},
    Channel.EMAIL: {Basis.EXISTING_CUSTOMER, Basis.EXPRESS},
    Channel.FAX: {Basis.EXPRESS},
}

# Channels a list or export can be made for; nothing stores fax numbers yet.
LIST_CHANNELS = [Channel.PHONE, Channel.EMAIL, Channel.POST]


def allows(channel: str, basis: str) -> bool:
    return basis in ALLOWING[channel]


# Why a person is not on a list, in the order they are checked: the first
# that applies is the one counted.
LEFT_OUT = {
    "restricted": _("restricted processing (Art. 18)"),
    "left": _("no longer at the company"),
    "not_informed": _("from an address broker, not informed within the deadline"),
    "licence_expired": _("address broker licence expired or not recorded"),
    "objected": _("objected"),
    "no_permission": _("no permission for this channel"),
    "no_number": _("no phone number"),
    "no_email": _("no e-mail address"),
}
