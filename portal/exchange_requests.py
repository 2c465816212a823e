"""Turning the exchanges chosen in a draft into ExchangeRequest rows when the return is created.

Stock is checked once more at this moment: a variant sold out since the review is not promised;
that line stays a refund and the customer is told on the next page.
"""
from django.utils.translation import gettext as _

from exchanges.services import exchanges_recorded, record_exchange

from .exchange_options import exchange_options, exchanges_enabled, option_for


def record_exchanges(ret, draft, actor=None) -> list[str]:
    """Create the exchange requests of `ret`; sentences for the lines that fell back to a refund."""
    if not exchanges_enabled():
        return []
    lines = {line.order_line_id: line for line in ret.lines.select_related("order_line", "order_line__order")}
    fallbacks = []
    for drafted in draft.get("lines", []):
        chosen = drafted.get("exchange_for")
        line = lines.get(drafted["order_line_id"])
        if not chosen or line is None or line.order_line is None:
            continue
        option = option_for(exchange_options(line.order_line), chosen)
        if option is None or not option.available_for(line.quantity_requested):
            fallbacks.append(_("%(item)s: the size or colour you chose is no longer in stock, so we refund this "
                               "item instead.") % {"item": line.product.name})
            continue
        paid = line.order_line.unit_price_incl_tax
        # The replacement's price is kept with the exchange: the refund side refunds the difference
        # and cannot read the portal's product cards.
        record_exchange(line=line, replacement=option.product, quantity=line.quantity_requested, unit_price_paid=paid,
                        replacement_unit_price=paid - option.price_difference, actor=actor)
    # The return was already reviewed in this transaction: a trusted customer's replacement is due now.
    exchanges_recorded(ret, actor)
    return fallbacks
