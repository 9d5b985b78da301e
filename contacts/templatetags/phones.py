from django import template

from contacts import normalize

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """A stored number as people read it: national format for German numbers."""
    return normalize.phone_display(value) if value else ""


@register.filter
def phone_unreadable(value: str) -> bool:
    """True for a number kept as typed because it could not be read."""
    return bool(value) and not normalize.parse_phone(value).valid
