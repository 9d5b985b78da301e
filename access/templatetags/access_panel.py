from django import template

from access.selectors import company_access
from contacts.roles import is_admin

register = template.Library()


@register.inclusion_tag("access/includes/company_access.html", takes_context=True)
def company_access_panel(context, company):
    """Who can see this company, and why; rendered for admins only."""
    request = context["request"]
    if not is_admin(request.user):
        return {"show": False}
    return {
        "show": True,
        "company": company,
        "access": company_access(company),
        "request": request,
    }
