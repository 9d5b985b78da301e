from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from privacy.roles import ensure_dpo


@login_required
def overview(request):
    ensure_dpo(request.user)
    return render(request, "privacy/overview.html", {})
