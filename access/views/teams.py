from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from access import selectors, territories
from access.team_forms import TeamForm
from access.views.common import apply_errors
from contacts.models import Team


@login_required
def team_list(request):
    selectors.ensure_admin(request.user)
    teams = Team.objects.annotate(
        company_count=Count("companies", distinct=True),
        member_count=Count("group__user", distinct=True),
    ).order_by("name")
    return render(
        request, "access/team_list.html", {"section": "teams", "teams": teams}
    )


def _saved_message(change: territories.TerritoryChange) -> str:
    message = _("Team saved.")
    if change.taken_from:
        names = ", ".join(t.name for t in change.taken_from)
        message += " " + _("Territory taken over from: %(names)s.") % {"names": names}
    if change.moved:
        message += " " + ngettext(
            "%(count)s company moved to this team.",
            "%(count)s companies moved to this team.",
            change.moved,
        ) % {"count": change.moved}
    return message


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request, pk=None):
    selectors.ensure_admin(request.user)
    team = get_object_or_404(Team, pk=pk) if pk else None
    form = TeamForm(request.POST or None, instance=team)

    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = territories.team_save(
                by=request.user,
                team=team,
                name=data["name"],
                prefixes=data["postal_code_prefixes"],
                countries=data["countries"],
                reason=data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _saved_message(change))
            return redirect("access:team-edit", change.team.pk)
    context = {
        "section": "teams",
        "form": form,
        "team": team,
        "history": selectors.team_history(team) if team else [],
    }
    return render(request, "access/team_form.html", context)
