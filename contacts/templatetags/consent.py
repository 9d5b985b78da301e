from django import template

from contacts.consent.rules import allows

register = template.Library()


@register.filter
def allows_phone(basis: str | None) -> bool:
    return allows("phone", basis or "none")


@register.filter
def allows_email(basis: str | None) -> bool:
    return allows("email", basis or "none")
