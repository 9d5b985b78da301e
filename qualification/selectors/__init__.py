"""Reads for qualification, all on top of contacts.selectors.companies_visible_to:
an assessment, a profile or a handover is visible exactly when its company is."""

from qualification.selectors.assessment import (
    Rating,
    active_persons_with_profiles,
    assessment_for_user,
    assessment_of,
    company_estimate,
    company_profile_of,
    company_rating,
    company_score,
    contact_profile_for_user,
    criteria_with_options,
    criterion_for_admin,
    ensure_admin,
    recent_calls,
    success_rates,
)
from qualification.selectors.leads import (
    company_handovers,
    ensure_rep,
    handover_for_user,
    last_notes,
    lead_list,
    profile_of,
    with_estimates,
)
from qualification.selectors.queues import (
    QueueEntry,
    ensure_inside_sales,
    queue_entries,
    work_queue,
)

__all__ = [
    "QueueEntry",
    "Rating",
    "active_persons_with_profiles",
    "assessment_for_user",
    "assessment_of",
    "company_estimate",
    "company_profile_of",
    "company_rating",
    "company_score",
    "contact_profile_for_user",
    "criteria_with_options",
    "criterion_for_admin",
    "ensure_admin",
    "recent_calls",
    "success_rates",
    "work_queue",
    "company_handovers",
    "ensure_rep",
    "handover_for_user",
    "last_notes",
    "lead_list",
    "profile_of",
    "with_estimates",
    "ensure_inside_sales",
    "queue_entries",
]
