from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from privacy import retention
from privacy.forms import RetentionEraseForm, RetentionForm
from privacy.roles import ensure_dpo


@login_required
@require_http_methods(["GET", "POST"])
def retention_report(request):
    """The dry run on GET; POST erases what the dry run showed."""
    ensure_dpo(request.user)
    query = RetentionForm(request.GET or {"years": settings.RETENTION_YEARS})
    years = query.cleaned_data["years"] if query.is_valid() else None
    years = years or settings.RETENTION_YEARS
    cutoff = retention.cutoff_for(years=years)
    erase_form = RetentionEraseForm(request.POST or None)

    if request.method == "POST" and erase_form.is_valid():
        try:
            erased = retention.inactive_erase(
                user=request.user,
                cutoff=erase_form.cleaned_data["cutoff"],
                ids=erase_form.cleaned_data["ids"],
                request_reference=erase_form.cleaned_data["request_reference"],
            )
        except ValidationError as error:
            erase_form.add_error(None, error)
        else:
            skipped = len(erase_form.cleaned_data["ids"]) - len(erased)
            messages.success(request, _erased_message(len(erased), skipped))
            return redirect(f"{reverse('privacy:retention')}?years={years}")
    if erase_form.is_bound:
        # Show the refused form with the report it was posted for.
        cutoff = erase_form.cleaned_data.get("cutoff") or cutoff

    rows, total = retention.retention_report(cutoff=cutoff)
    if request.method == "GET":
        erase_form = RetentionEraseForm(
            initial={
                "cutoff": cutoff.isoformat(),
                "ids": ",".join(str(row.person.pk) for row in rows),
            }
        )
    context = {
        "query": query,
        "years": years,
        "cutoff": cutoff,
        "rows": rows,
        "total": total,
        "limited": total > len(rows),
        "erase_form": erase_form,
    }
    return render(request, "privacy/retention.html", context)


def _erased_message(erased: int, skipped: int) -> str:
    text = ngettext(
        "%(count)s contact person erased.", "%(count)s contact persons erased.", erased
    ) % {"count": erased}
    if skipped:
        text += " " + ngettext(
            "%(count)s was kept: there has been activity since the report.",
            "%(count)s were kept: there has been activity since the report.",
            skipped,
        ) % {"count": skipped}
    return text
