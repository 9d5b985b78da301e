from django import template

from contacts.roles import user_label

register = template.Library()


@register.filter
def colleague(user) -> str:
    return user_label(user) if user else ""
