# TODO: replaced by the access export and erasure views being built now.
from django.contrib.auth.decorators import login_required
from django.http import Http404

from privacy.roles import ensure_dpo


@login_required
def not_yet(request, *args, **kwargs):
    ensure_dpo(request.user)
    raise Http404
