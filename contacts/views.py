from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts import paging, selectors, services
from contacts.duplicates.selectors import merges_of
from contacts.filters import CompanyFilter
from contacts.forms import (
    AddressForm,
    AddressMoveForm,
    CompanyForm,
    ContactLeaveForm,
    ContactPersonForm,
)
from contacts.history import Cursor, company_history_page, value_label
from contacts.models import Address, Source
from contacts.roles import is_data_protection_officer

PAGE_SIZE = 25


def _conflict(form, error: services.StaleEditError) -> dict:
    """A fresh form on the saved record that carries only what this user changed;
    what the other save changed; and the fields both changed, with both values."""
    model = type(error.current)

    def readable(conflicts):
        return [
            {
                "label": conflict.label,
                "yours": value_label(model, conflict.field, conflict.yours),
                "theirs": value_label(model, conflict.field, conflict.theirs),
            }
            for conflict in conflicts
        ]

    return {
        "form": form.after_conflict(error),
        "conflicts": readable(error.conflicts),
        "their_changes": readable(error.their_changes),
        "conflict": error,
    }


def _apply_form_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _write(request, form, context, write, *, success: str, next_url):
    """Run one service call for a valid form.

    Returns the redirect on success (`next_url` may be a function of what the
    service returned); None when the write was refused, with the reason on the
    form (or the conflict in the context) and the input kept.
    """
    try:
        # One transaction, so a new source is not left behind by a refused save.
        with transaction.atomic():
            result = write()
    except services.StaleEditError as error:
        context |= _conflict(form, error)
    except services.PossibleDuplicates as error:
        context |= {
            "duplicates": error.candidates,
            "duplicate_reason_error": error.reason_error,
            "duplicate_reason": request.POST.get("duplicate_reason", ""),
        }
    except ValidationError as error:
        _apply_form_errors(form, error)
    else:
        messages.success(request, success)
        return redirect(next_url(result) if callable(next_url) else next_url)
    return None


def _gone(request, company_id, what: str):
    """Someone else got there first (a move, a departure): show the company as it
    is now instead of a bare error page."""
    messages.warning(
        request,
        f"{what} {_('It was changed in the meantime; this is the current state.')}",
    )
    return redirect(_detail_url(company_id))


def _duplicate_reason(request) -> str | None:
    """The reason to save despite possible duplicates; None until the user
    has seen them and chosen to save anyway."""
    if "save_anyway" not in request.POST:
        return None
    return request.POST.get("duplicate_reason", "")


def _merged(request, company):
    """A merged-away company lives on in its survivor."""
    messages.info(
        request,
        _("%(name)s was merged into this company.") % {"name": company.display_name},
    )
    return redirect(_detail_url(company.merged_into_id))


def _person_merged(request, person):
    return _gone(
        request,
        person.merged_into.company_id,
        _("This person was merged into another record of the same person."),
    )


def _suppression_notice(request, person):
    if getattr(person, "suppressed", False):
        messages.warning(
            request,
            _(
                "This person objected to direct marketing before (suppression "
                "list): every channel is set to “objected”."
            ),
        )
    return person


def _detail_url(company_id) -> str:
    return reverse("contacts:company-detail", args=[company_id])


def _source(cleaned) -> Source:
    source = cleaned["source"]
    if source.pk is None:
        source = services.source_get_or_create(
            kind=source.kind,
            name=source.name,
            date=source.date,
            licence_reference=source.licence_reference,
            licence_expires_on=source.licence_expires_on,
        )
    return source


@login_required
def company_list(request):
    # NUL cannot be stored or searched in PostgreSQL text; it is never meant.
    search = request.GET.get("q", "").replace("\x00", "")
    companies = selectors.company_list(request.user, search=search)
    company_filter = CompanyFilter(request.GET, queryset=companies, user=request.user)
    page = paging.company_page(company_filter.qs, request.GET, size=PAGE_SIZE)
    query = request.GET.copy()
    for name in paging.CURSOR_PARAMETERS:
        query.pop(name, None)
    context = {
        "filter": company_filter,
        "page": page,
        "search": search,
        "short_search": selectors.is_short_search(search),
        "query": query.urlencode(),
        "filtered": any(query.values()),
    }
    template = "contacts/company_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "contacts/includes/company_table.html"
    return render(request, template, context)


@login_required
def company_detail(request, pk):
    company = selectors.company_for_user(request.user, pk)
    if company.merged_into_id:
        return _merged(request, company)
    addresses = list(
        company.addresses.order_by(Address.kind_order(), "-valid_from", "id")
    )
    persons = list(
        company.contact_persons.filter(merged_into__isnull=True).select_related(
            "successor"
        )
    )
    # Art. 17 and 18: erased records are gone for everyone, restricted ones
    # for all but the data protection officer; both are only counted.
    erased = [p for p in persons if p.is_erased]
    restricted = [p for p in persons if p.is_restricted and not p.is_erased]
    hidden = {p.pk for p in erased}
    if not is_data_protection_officer(request.user):
        hidden |= {p.pk for p in restricted}
    persons = [p for p in persons if p.pk not in hidden]
    context = {
        "company": company,
        "tab": "overview",
        "current_addresses": [a for a in addresses if a.is_current],
        "former_addresses": [a for a in addresses if not a.is_current],
        "active_persons": [p for p in persons if p.is_active],
        # A merge keeps every source: those of the merged-away records too.
        "merged_away": list(company.merged_away.select_related("source")),
        "former_persons": [p for p in persons if not p.is_active],
        "erased_count": len(erased),
        "restricted_hidden": len([p for p in restricted if p.pk in hidden]),
    }
    return render(request, "contacts/company_detail.html", context)


@login_required
def company_history_view(request, pk):
    company = selectors.company_for_user(request.user, pk)
    if company.merged_into_id:
        return _merged(request, company)
    hidden = []
    if not is_data_protection_officer(request.user):
        hidden = company.contact_persons.filter(
            restricted_at__isnull=False
        ).values_list("pk", flat=True)
    page = company_history_page(
        company,
        before=Cursor.parse(request.GET.get("before", "")),
        hidden_persons=hidden,
    )
    context = {
        "company": company,
        "tab": "history",
        "entries": page.entries,
        "page": page,
        # Merges sit above the timeline; a later page continues the timeline.
        "merges": merges_of(company) if page.first else [],
    }
    return render(request, "contacts/company_history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def company_create(request):
    selectors.ensure_may_create(request.user)
    form = CompanyForm(request.POST or None, user=request.user)
    address_form = AddressForm(request.POST or None, prefix="address")
    context = {"form": form, "address_form": address_form}

    if request.method == "POST" and form.is_valid() and address_form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.company_create(
                user=request.user,
                data=form.changes() | {"source": _source(form.cleaned_data)},
                address=address_form.changes(),
                duplicate_reason=_duplicate_reason(request),
            ),
            success=_("Company created."),
            next_url=lambda company: _detail_url(company.pk),
        )
        if response:
            return response
    return render(request, "contacts/company_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request, pk):
    company = selectors.company_for_user(request.user, pk, edit=True)
    if company.merged_into_id:
        return _merged(request, company)
    form = CompanyForm(request.POST or None, instance=company, user=request.user)
    context = {"form": form, "company": company}

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.company_update(
                user=request.user,
                company=company,
                data=form.changes() | {"source": _source(form.cleaned_data)},
                expected_version=form.cleaned_data["version"],
                duplicate_reason=_duplicate_reason(request),
            ),
            success=_("Changes saved."),
            next_url=_detail_url(company.pk),
        )
        if response:
            return response
    return render(request, "contacts/company_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def address_create(request, company_pk):
    company = selectors.company_for_user(request.user, company_pk, edit=True)
    if company.merged_into_id:
        return _merged(request, company)
    form = AddressForm(request.POST or None)
    context = {"form": form, "company": company, "title": _("Add address")}

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.address_create(
                user=request.user, company=company, data=form.changes()
            ),
            success=_("Address added."),
            next_url=_detail_url(company.pk),
        )
        if response:
            return response
    return render(request, "contacts/company_record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request, pk):
    address = selectors.address_for_user(request.user, pk, edit=True)
    if not address.is_current:
        return _gone(
            request, address.company_id, _("This address is no longer current.")
        )
    form = AddressForm(request.POST or None, instance=address)
    context = {
        "form": form,
        "company": address.company,
        "address": address,
        "title": _("Correct address"),
        "hint": _(
            "Use this for typos and renamed streets. If the company moved, "
            "use “Move” so that the old address stays on record."
        ),
    }

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.address_correct(
                user=request.user,
                address=address,
                data=form.changes(),
                expected_version=form.cleaned_data["version"],
            ),
            success=_("Address corrected."),
            next_url=_detail_url(address.company_id),
        )
        if response:
            return response
    return render(request, "contacts/company_record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def address_move(request, pk):
    address = selectors.address_for_user(request.user, pk, edit=True)
    if not address.is_current:
        return _gone(
            request, address.company_id, _("This address is no longer current.")
        )
    form = AddressMoveForm(request.POST or None, moving=address)
    context = {
        "form": form,
        "company": address.company,
        "address": address,
        "title": _("Move: new address"),
        "hint": _("The current address %(address)s becomes a former address.")
        % {"address": address},
    }

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.address_move(
                user=request.user,
                address=address,
                data=form.changes(),
                moved_on=form.cleaned_data["moved_on"],
                expected_version=form.cleaned_data["version"],
            ),
            success=_("Move recorded."),
            next_url=_detail_url(address.company_id),
        )
        if response:
            return response
    return render(request, "contacts/company_record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_person_create(request, company_pk):
    company = selectors.company_for_user(request.user, company_pk, edit=True)
    if company.merged_into_id:
        return _merged(request, company)
    form = ContactPersonForm(
        request.POST or None, initial={"source": company.source_id}
    )
    context = {"form": form, "company": company, "title": _("Add contact person")}

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: _suppression_notice(
                request,
                services.contact_person_create(
                    user=request.user,
                    company=company,
                    data=form.changes(),
                    duplicate_reason=_duplicate_reason(request),
                ),
            ),
            success=_("Contact person added."),
            next_url=_detail_url(company.pk),
        )
        if response:
            return response
    return render(request, "contacts/company_record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_person_edit(request, pk):
    person = selectors.contact_person_for_user(request.user, pk, edit=True)
    if person.merged_into_id:
        return _person_merged(request, person)
    form = ContactPersonForm(request.POST or None, instance=person)
    context = {
        "form": form,
        "company": person.company,
        "person": person,
        "title": _("Edit contact person"),
    }

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: _suppression_notice(
                request,
                services.contact_person_update(
                    user=request.user,
                    person=person,
                    data=form.changes(),
                    expected_version=form.cleaned_data["version"],
                    duplicate_reason=_duplicate_reason(request),
                ),
            ),
            success=_("Changes saved."),
            next_url=_detail_url(person.company_id),
        )
        if response:
            return response
    return render(request, "contacts/company_record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_person_leave(request, pk):
    person = selectors.contact_person_for_user(request.user, pk, edit=True)
    if person.merged_into_id:
        return _person_merged(request, person)
    if not person.is_active:
        return _gone(request, person.company_id, _("This person has already left."))
    form = ContactLeaveForm(request.POST or None, person=person)
    context = {
        "form": form,
        "company": person.company,
        "person": person,
        "title": _("%(name)s has left the company") % {"name": person.full_name},
    }

    if request.method == "POST" and form.is_valid():
        response = _write(
            request,
            form,
            context,
            lambda: services.contact_person_leave(
                user=request.user,
                person=person,
                left_on=form.cleaned_data["left_on"],
                successor=form.cleaned_data["successor"],
                expected_version=form.cleaned_data["version"],
            ),
            success=_("Marked as former contact."),
            next_url=_detail_url(person.company_id),
        )
        if response:
            return response
    return render(request, "contacts/company_record_form.html", context)
