"""The inside-sales work queue: what to qualify next, and why."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contacts import audit
from contacts.models import Address, Company, Source
from contacts.roles import may_edit_addresses
from contacts.selectors import companies_visible_to
from qualification import scoring
from qualification.models import CompanyProfile, Handover, Settings

NEW_INBOUND, NEW, DUE = 0, 1, 2

_CYCLE = "qualification_profile__order_cycle"


def _cycle_days():
    whens = [
        When(**{_CYCLE: cycle}, then=Value(days))
        for cycle, days in CompanyProfile.CYCLE_DAYS.items()
    ]
    whens.append(
        When(
            **{_CYCLE: CompanyProfile.OrderCycle.EVERY_N_DAYS},
            then=F("qualification_profile__order_cycle_days"),
        )
    )
    return Case(*whens, default=None, output_field=IntegerField())


def _reorder_due():
    """Last order plus two order cycles; None without both."""
    two_cycles = ExpressionWrapper(
        _cycle_days() * Value(datetime.timedelta(days=2)),
        output_field=DurationField(),
    )
    return ExpressionWrapper(
        F("last_order_date") + two_cycles, output_field=DateField()
    )


def _priority_rank():
    """A, B, C by the priority that applies; unassessed after C."""
    override = "assessment__priority_override"
    computed = "assessment__priority"
    whens = []
    for rank, priority in enumerate("ABC"):
        whens.append(When(**{override: priority}, then=Value(rank)))
        whens.append(
            When(Q(**{override: ""}) & Q(**{computed: priority}), then=Value(rank))
        )
    return Case(*whens, default=Value(3), output_field=IntegerField())


def _period(settings) -> datetime.timedelta:
    """The re-qualification period in days (a month counted as 1/12 year),
    so the database can add it to a date the same way on SQLite and
    PostgreSQL, and the queue sorts and shows one and the same due date."""
    return datetime.timedelta(days=round(settings.requalify_after_months * 365.25 / 12))


def ensure_inside_sales(user) -> None:
    """The queue and quick capture are inside sales' tools; others get a 404."""
    if not may_edit_addresses(user):
        audit.record(user, audit.REFUSED, object_type="inside_sales_page")
        raise Http404


def work_queue(user, *, team=None, today: datetime.date | None = None) -> QuerySet:
    """New companies never verified (inbound contacts first), then those due
    again: not verified within the period the settings give, or whose last
    order is older than two order cycles. Companies with a field rep working
    them through an open handover are not in it."""
    today = today or timezone.localdate()
    period = _period(Settings.current())
    open_handover = (
        Handover.objects.filter(company=OuterRef("pk"))
        .exclude(status=Handover.Status.REJECTED)
        .exclude(outcome__in=Handover.CLOSED)
    )

    companies = (
        companies_visible_to(user)
        .exclude(status=Company.Status.LOST)
        .annotate(
            reorder_due=_reorder_due(),
            verify_due=ExpressionWrapper(
                TruncDate("verified_at") + Value(period), output_field=DateField()
            ),
            open_handover=Exists(open_handover),
        )
        .filter(open_handover=False)
        .filter(
            Q(verified_at__isnull=True)
            | Q(verify_due__lte=today)
            | Q(reorder_due__lt=today)
        )
        .annotate(
            stage=Case(
                When(
                    verified_at__isnull=True,
                    source__kind=Source.Kind.INBOUND,
                    then=Value(NEW_INBOUND),
                ),
                When(verified_at__isnull=True, then=Value(NEW)),
                default=Value(DUE),
                output_field=IntegerField(),
            ),
            priority_rank=_priority_rank(),
            # The earlier of the two dates: since when the company is due.
            due_on=Case(
                When(verified_at__isnull=True, then=Value(None)),
                When(reorder_due__lt=F("verify_due"), then=F("reorder_due")),
                default=F("verify_due"),
                output_field=DateField(),
            ),
        )
        .select_related("source", "team", "assessment", "qualification_profile")
        .prefetch_related(
            Prefetch(
                "addresses",
                queryset=Address.objects.filter(valid_until__isnull=True).order_by(
                    Address.kind_order(), "id"
                ),
                to_attr="current_addresses",
            )
        )
    )
    if team is not None:
        companies = companies.filter(team=team)
    # Within a stage and priority: due longest first; new ones by capture.
    return companies.order_by(
        "stage",
        "priority_rank",
        F("due_on").asc(nulls_first=True),
        "created_at",
        "id",
    )


@dataclass(frozen=True)
class QueueEntry:
    company: Company
    reason: str
    due_on: datetime.date | None
    inbound: bool

    @property
    def priority(self) -> str:
        assessment = getattr(self.company, "assessment", None)
        return assessment.effective_priority if assessment else ""


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def queue_entries(companies, *, today: datetime.date | None = None) -> list:
    """Why each company of a page is in the queue; no further queries."""
    today = today or timezone.localdate()
    entries = []
    for company in companies:
        reorder_due = _as_date(company.reorder_due)
        if company.verified_at is None:
            inbound = company.stage == NEW_INBOUND
            reason = _("New, never verified")
            entries.append(
                QueueEntry(company, reason, company.created_at.date(), inbound)
            )
            continue
        verified = timezone.localtime(company.verified_at).date()
        reasons = []
        if _as_date(company.verify_due) <= today:
            months = scoring.months_between(verified, today)
            reasons.append(
                ngettext(
                    "not verified for %(months)d month",
                    "not verified for %(months)d months",
                    months,
                )
                % {"months": months}
            )
        if reorder_due is not None and reorder_due < today:
            reasons.append(_("no order for more than two order cycles"))
        text = "; ".join(reasons)
        entries.append(
            QueueEntry(
                company, text[:1].upper() + text[1:], _as_date(company.due_on), False
            )
        )
    return entries
