from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from contacts import audit, selectors
from contacts.consent import export, services
from contacts.consent.forms import (
    NoticeForm,
    ObjectionForm,
    OutreachForm,
    PermissionForm,
)
from contacts.consent.models import Channel
from contacts.consent.selectors import (
    broker_inform_deadline,
    notices_pending,
    outreach,
)
from contacts.roles import may_edit_addresses
from contacts.views import _write


def _person(request, pk):
    person = selectors.contact_person_for_user(request.user, pk, edit=True)
    if person.merged_into_id or person.is_erased or person.is_restricted:
        # Read-only records: the detail page says why.
        messages.warning(request, _("This contact person cannot be changed."))
        return person, redirect(_detail(person))
    return person, None


def _detail(person) -> str:
    return reverse("contacts:contact-person-detail", args=[person.pk])


@login_required
@require_http_methods(["GET", "POST"])
def permission_edit(request, pk, channel):
    if channel not in Channel.values:
        raise Http404
    person, refused = _person(request, pk)
    if refused:
        return refused
    current = services.permissions_of(person)[channel]
    form = PermissionForm(request.POST or None, channel=channel)
    # Also on a POST: after an objection only express consent is offered.
    form.initial_from(current)
    label = Channel(channel).label
    context = {
        "form": form,
        "company": person.company,
        "person": person,
        "title": _("%(channel)s: contact permission of %(name)s")
        % {"channel": label, "name": person.full_name},
        "cancel_url": _detail(person),
    }
    if current.basis == "objected":
        context["hint"] = _(
            "The person objected on this channel. Only a new express consent "
            "of theirs, with date, way and wording, replaces the objection."
        )

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.permission_set(
                user=request.user, person=person, channel=channel, **form.cleaned_data
            ),
            success=_("Contact permission saved."),
            next_url=_detail(person),
        )
        if response:
            return response
    return render(request, "contacts/company_record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_object(request, pk):
    person, refused = _person(request, pk)
    if refused:
        return refused
    form = ObjectionForm(request.POST or None)
    context = {
        "form": form,
        "company": person.company,
        "person": person,
        "title": _("Objection of %(name)s to direct marketing")
        % {"name": person.full_name},
        "hint": _(
            "Sets every channel (post, phone, e-mail, fax) to “objected” and puts "
            "the e-mail address and phone numbers on the suppression list, as "
            "hashes only, so that the person stays out of marketing if they are "
            "imported or typed in again (GDPR Art. 21)."
        ),
        "submit_label": _("Record objection"),
        "submit_class": "btn-danger",
        "cancel_url": _detail(person),
    }

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.person_object(
                user=request.user, person=person, note=form.cleaned_data["note"]
            ),
            success=_("Objection recorded: no more marketing on any channel."),
            next_url=_detail(person),
        )
        if response:
            return response
    return render(request, "contacts/company_record_form.html", context)


OUTREACH_PAGE_SIZE = 50


def _outreach(request):
    form = OutreachForm(request.GET or None, user=request.user)
    channel, search, team = Channel.PHONE, "", None
    if form.is_valid():
        channel = form.cleaned_data["channel"] or Channel.PHONE
        search = form.cleaned_data["q"]
        team = form.cleaned_data["team"]
    return form, outreach(request.user, channel=channel, search=search, team=team)


@login_required
def outreach_list(request):
    """Call list and mailing list: only people the channel allows; how many
    were left out and why is always shown beside it."""
    form, result = _outreach(request)
    paginator = Paginator(result.persons, OUTREACH_PAGE_SIZE)
    # Counted already, together with the left-out ones.
    paginator.count = result.offered
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "result": result,
        "page": page,
        "query": query.urlencode(),
        "may_export": may_edit_addresses(request.user),
        "channel_label": Channel(result.channel).label,
    }
    return render(request, "contacts/outreach_list.html", context)


@login_required
def outreach_export(request):
    if not may_edit_addresses(request.user):
        audit.record(request.user, audit.REFUSED, object_type="outreach_export")
        raise Http404
    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        raise Http404
    form, result = _outreach(request)
    if form.is_bound and not form.is_valid():
        # Never export a list other than the one asked for.
        messages.error(request, _("Check the filters; nothing was exported."))
        query = request.GET.copy()
        query.pop("format", None)
        return redirect(f"{reverse('contacts:outreach')}?{query.urlencode()}")

    persons = list(result.persons)
    audit.record(
        request.user,
        audit.EXPORT,
        object_type="outreach",
        detail=f"channel={result.channel} rows={len(persons)} "
        f"left_out={result.left_out_total} format={file_format}",
    )
    stamp = timezone.localdate().isoformat()
    name = f"kontakte-{result.channel}-{stamp}.{file_format}"
    if file_format == "csv":
        body, content_type = export.as_csv(persons, result.channel), "text/csv"
    else:
        body = export.as_xlsx(persons, result.channel)
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    return export.attachment(body, content_type, name)


@login_required
@require_http_methods(["GET", "POST"])
def notice_list(request):
    """Bought addresses still to be told about their data (Art. 14): the
    letter addresses as CSV, then "informed on" for those it went to."""
    if not may_edit_addresses(request.user):
        audit.record(request.user, audit.REFUSED, object_type="notice_list")
        raise Http404
    pending = notices_pending(request.user)
    if request.GET.get("format") == "csv":
        persons = list(pending)
        audit.record(
            request.user,
            audit.EXPORT,
            object_type="art14_notice",
            detail=f"rows={len(persons)} format=csv",
        )
        name = f"art14-benachrichtigung-{timezone.localdate().isoformat()}.csv"
        return export.attachment(export.as_csv(persons, Channel.POST), "text/csv", name)

    form = NoticeForm(request.POST or None, pending=pending)
    if request.method == "POST" and form.is_valid():
        try:
            marked = services.persons_mark_informed(
                user=request.user,
                persons=form.cleaned_data["persons"],
                informed_on=form.cleaned_data["informed_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d person marked as informed.",
                    "%(count)d persons marked as informed.",
                    marked,
                )
                % {"count": marked},
            )
            return redirect("contacts:notice-list")
    today = timezone.localdate()
    rows = [
        (person, deadline, deadline < today)
        for person in pending
        if (deadline := broker_inform_deadline(person)) is not None
    ]
    context = {"form": form, "rows": rows, "overdue": sum(r[2] for r in rows)}
    return render(request, "contacts/notice_list.html", context)
