import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.consent.export import spreadsheet_safe
from contacts.roles import user_label
from privacy import selectors
from privacy.forms import AccessLogFilterForm
from privacy.roles import ensure_dpo

PAGE_SIZE = 50
# What the log's object types read as; unknown ones are shown as stored.
OBJECT_TYPES = {
    "contact_person": _("contact person"),
    "company": _("company"),
    "handover": _("handover"),
    "privacy_page": _("data protection page"),
    "access_page": _("access administration"),
    "qualification_settings": _("qualification settings"),
    "inside_sales_page": _("inside sales page"),
}
CSV_COLUMNS = ["time", "user", "action", "object_type", "object_id", "detail"]


@login_required
def access_log(request):
    """Who saw, exported or was refused what, and when."""
    ensure_dpo(request.user)

    form = AccessLogFilterForm(request.GET or None, users=selectors.log_users())
    entries = selectors.access_log()
    if form.is_bound and form.is_valid():
        entries = selectors.access_log(**form.cleaned_data)
    elif form.is_bound:
        # An invalid filter shows nothing rather than everything, so a
        # mistyped range cannot be taken for the answer.
        entries = entries.none()

    if request.GET.get("format") == "csv":
        return _csv(entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.type_label = OBJECT_TYPES.get(entry.object_type, entry.object_type)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "privacy/access_log.html", context)


def _csv(entries) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for entry in entries.iterator(chunk_size=2000):
        writer.writerow(
            [
                timezone.localtime(entry.at).isoformat(),
                spreadsheet_safe(user_label(entry.user) if entry.user else ""),
                entry.action,
                spreadsheet_safe(entry.object_type),
                "" if entry.object_id is None else entry.object_id,
                spreadsheet_safe(entry.detail),
            ]
        )
    return response
