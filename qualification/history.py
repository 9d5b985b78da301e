"""Qualification rows on the company's history tab, next to address and
person changes (registered with contacts.history from AppConfig.ready)."""

from django.utils.translation import gettext as _

from contacts.roles import user_label
from qualification.models import (
    Answer,
    Assessment,
    CompanyProfile,
    ContactProfile,
    Handover,
)


def company_rows(company):
    """History querysets about the company; contacts.history pages through them."""
    return [
        CompanyProfile.history.filter(company_id=company.pk),
        ContactProfile.history.filter(person__company_id=company.pk).select_related(
            "person"
        ),
        Assessment.history.filter(company_id=company.pk),
        Answer.history.filter(assessment__company_id=company.pk).select_related(
            "criterion"
        ),
        Handover.history.filter(company_id=company.pk).select_related("rep"),
    ]


SUBJECTS = {
    CompanyProfile: lambda row: _("Qualification data"),
    ContactProfile: lambda row: (
        _("How to approach %(name)s") % {"name": row.person.full_name}
    ),
    Assessment: lambda row: _("Assessment"),
    Answer: lambda row: (
        _("Answer: %(criterion)s") % {"criterion": row.criterion.label_display}
    ),
    Handover: lambda row: _("Handover to %(rep)s") % {"rep": user_label(row.rep)},
}


def register() -> None:
    from contacts import history

    if company_rows not in history.extra_rows:
        history.extra_rows.append(company_rows)
    history.subjects.update(SUBJECTS)
