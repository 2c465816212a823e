from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def nonzero(value) -> bool:
    """True for an amount (string, Decimal or number) other than zero; breakdown amounts are strings."""
    try:
        return Decimal(str(value)) != 0
    except (InvalidOperation, ValueError):
        return False
