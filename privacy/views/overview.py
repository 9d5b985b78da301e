from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from privacy import selectors
from privacy.roles import ensure_dpo

RESTRICTED_SHOWN = 50


@login_required
def overview(request):
    ensure_dpo(request.user)

    search = request.GET.get("q", "").strip()
    restricted = selectors.restricted_persons()
    context = {
        "search": search,
        "results": selectors.person_search(search) if search else None,
        "search_limit": selectors.SEARCH_LIMIT,
        "restricted": restricted[:RESTRICTED_SHOWN],
        "restricted_count": restricted.count(),
        "erasure_count": selectors.erasure_count(),
    }
    return render(request, "privacy/overview.html", context)
