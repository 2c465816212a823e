"""The dashboard's exchange figures (exchanges.metrics), for the period the dashboard shows."""
from django import template

from exchanges.metrics import exchange_figures

register = template.Library()


@register.simple_tag
def exchange_figures_for(period):
    start, end = period.bounds
    return exchange_figures(start, end)


@register.simple_tag
def exchanges_of_return(ret):
    """The return's exchanges for its page: replacement, state and the Odoo sale order."""
    from exchanges.rules import exchanges_of

    return list(exchanges_of(ret))
