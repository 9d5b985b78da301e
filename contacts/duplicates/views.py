"""Pages for possible duplicates: the scan list, kept-apart decisions,
merging and undoing a merge. For those who may edit addresses."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contacts import selectors
from contacts.duplicates import merge as merging
from contacts.duplicates.forms import MergeForm
from contacts.duplicates.models import CompanyPair, Merge, PairStatus, PersonPair
from contacts.duplicates.scan import duplicates_scan, pair_decide
from contacts.duplicates.selectors import open_company_pairs, open_person_pairs
from contacts.validators import forbidden_character_error

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
_KINDS = {"companies": CompanyPair, "persons": PersonPair}


def _detail_url(company_id) -> str:
    return reverse("contacts:company-detail", args=[company_id])


@login_required
def duplicate_list(request):
    selectors.ensure_may_create(request.user)
    kind = request.GET.get("kind", "companies")
    if kind not in _KINDS:
        kind = "companies"
    pairs = (
        open_company_pairs(request.user)
        if kind == "companies"
        else open_person_pairs(request.user)
    )
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    last_scan = (
        _KINDS[kind].objects.order_by("-found_at").values_list("found_at", flat=True)
    ).first()
    context = {"page": page, "kind": kind, "last_scan": last_scan}
    return render(request, "contacts/duplicate_list.html", context)


@login_required
@require_POST
def duplicate_scan(request):
    selectors.ensure_may_create(request.user)
    companies = duplicates_scan(kind="company")
    persons = duplicates_scan(kind="person")
    logger.info("duplicate scan run: user=%s", request.user.pk)
    messages.success(
        request,
        _(
            "Scan of the whole address base finished: %(companies)s possible "
            "duplicate companies (%(new_companies)s new), %(persons)s possible "
            "duplicate persons (%(new_persons)s new). Below are those among the "
            "records you can see."
        )
        % {
            "companies": companies.found,
            "new_companies": companies.new,
            "persons": persons.found,
            "new_persons": persons.new,
        },
    )
    return redirect(reverse("contacts:duplicate-list"))


def _pair_records_for_edit(user, kind: str, pk: int):
    model = _KINDS.get(kind)
    if model is None:
        raise Http404
    pair = get_object_or_404(model, pk=pk)
    if model is CompanyPair:
        records = [
            selectors.company_for_user(user, company_id, edit=True)
            for company_id in (pair.first_id, pair.second_id)
        ]
    else:
        records = [
            selectors.contact_person_for_user(user, person_id, edit=True)
            for person_id in (pair.first_id, pair.second_id)
        ]
    return pair, records


@login_required
@require_POST
def duplicate_dismiss(request, kind, pk):
    pair, records = _pair_records_for_edit(request.user, kind, pk)
    back = redirect(f"{reverse('contacts:duplicate-list')}?kind={kind}")
    note = request.POST.get("note", "").strip()
    if pair.status != PairStatus.OPEN:
        messages.info(request, _("Someone has already decided on this pair."))
        return back
    if error := forbidden_character_error(note):
        messages.error(request, error)
        return back
    pair_decide(user=request.user, records=records, merged=False, note=note)
    messages.success(
        request, _("Marked as not a duplicate; this pair will not be proposed again.")
    )
    return back


def _ids(request) -> list[int]:
    try:
        ids = sorted({int(pk) for pk in request.GET.getlist("ids")})
    except ValueError:
        raise Http404 from None
    if len(ids) < 2:
        raise Http404
    return ids


def _merge_page(request, *, records, fields, run, title, back_url):
    form = MergeForm(request.POST or None, records=records, fields=fields)
    if request.method == "POST" and form.is_valid():
        survivor_pk = form.cleaned_data["survivor"]
        survivor = next(r for r in records if r.pk == survivor_pk)
        others = [r for r in records if r.pk != survivor_pk]
        try:
            run(survivor, others, form.choices(), form.cleaned_data["note"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            logger.info(
                "merge: user=%s survivor=%s merged=%s",
                request.user.pk,
                survivor.pk,
                [o.pk for o in others],
            )
            messages.success(
                request,
                _(
                    "Merged. The other records are archived and point here; the "
                    "merge can be undone from the history."
                ),
            )
            company_id = getattr(survivor, "company_id", survivor.pk)
            return redirect(_detail_url(company_id))
    context = {
        "form": form,
        "records": records,
        "title": title,
        "back": back_url,
        "persons": not hasattr(records[0], "display_name"),
    }
    return render(request, "contacts/merge_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def company_merge(request):
    selectors.ensure_may_create(request.user)
    records = [
        selectors.company_for_user(request.user, pk, edit=True) for pk in _ids(request)
    ]
    return _merge_page(
        request,
        records=records,
        fields=merging.COMPANY_FIELDS,
        run=lambda survivor, others, choices, note: merging.company_merge(
            user=request.user,
            survivor=survivor,
            others=others,
            choices=choices,
            note=note,
        ),
        title=_("Merge companies"),
        back_url=f"{reverse('contacts:duplicate-list')}?kind=companies",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_person_merge(request):
    selectors.ensure_may_create(request.user)
    records = [
        selectors.contact_person_for_user(request.user, pk, edit=True)
        for pk in _ids(request)
    ]
    return _merge_page(
        request,
        records=records,
        fields=merging.PERSON_FIELDS,
        run=lambda survivor, others, choices, note: merging.person_merge(
            user=request.user,
            survivor=survivor,
            others=others,
            choices=choices,
            note=note,
        ),
        title=_("Merge contact persons"),
        back_url=f"{reverse('contacts:duplicate-list')}?kind=persons",
    )


@login_required
@require_POST
def merge_undo(request, pk):
    merge = get_object_or_404(Merge, pk=pk)
    ids = [merge.survivor_id, *merge.merged_ids]
    if merge.kind == Merge.Kind.COMPANY:
        for company_id in ids:
            selectors.company_for_user(request.user, company_id, edit=True)
        undo, company_id = merging.company_merge_undo, merge.survivor_id
    else:
        people = [
            selectors.contact_person_for_user(request.user, person_id, edit=True)
            for person_id in ids
        ]
        undo, company_id = merging.person_merge_undo, people[0].company_id
    try:
        undo(user=request.user, merge=merge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except IntegrityError:
        # TODO: undo around later address moves once someone needs it; until
        # then the refusal says why and nothing changes.
        messages.error(
            request,
            _(
                "The merge cannot be undone automatically: an address has been "
                "changed since in a way that conflicts with the old one."
            ),
        )
    else:
        logger.info("merge undone: user=%s merge=%s", request.user.pk, merge.pk)
        messages.success(request, _("Merge undone; the records are separate again."))
    return redirect(reverse("contacts:company-history", args=[company_id]))
