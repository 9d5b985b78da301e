from django import template

from qualification.models import Assessment

register = template.Library()


@register.inclusion_tag("qualification/includes/company_panel.html", takes_context=True)
def qualification_panel(context, company):
    """The stored priority and score on the company page: one query, so the
    address pages stay as fast as they are."""
    assessment = (
        Assessment.objects.filter(company=company)
        .only("score", "priority", "priority_override", "assessed_at", "company_id")
        .first()
    )
    return {"company": company, "assessment": assessment}
