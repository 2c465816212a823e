"""{{ reason|reason_label }}: a return reason in the customer's language (see portal.reason_labels);
{{ when|long_date }}: a date as the customer's language writes it (portal.dates)."""
from django import template

from ..dates import long_date as language_long_date
from ..reason_labels import reason_label as translated_reason

register = template.Library()


@register.filter
def reason_label(reason):
    return translated_reason(reason)


@register.filter
def long_date(value):
    return language_long_date(value)
