"""Finding a customer's order from what they know about it: the single seam the portal uses.

It reads the local snapshot of orders and, when Odoo is configured, first refreshes a snapshot
that is missing or older than ODOO_ORDER_MAX_AGE_SECONDS (integrations.orders_in); if Odoo cannot
be reached the last snapshot is used. Callers must not query SalesOrder by number themselves.

Every identifying detail given must match (a wrong e-mail is not rescued by a right postcode), and
the answer is the same `None` whether the order does not exist or the details are wrong, so that
callers cannot tell the two apart.
"""
import hmac
import logging
import re

from .models import SalesOrder

_POSTCODE_NOISE = re.compile(r"[\s\-.]")
log = logging.getLogger(__name__)


def normalize_order_number(number: str | None) -> str:
    """'  s10001 ' and '#S10001' both mean S10001."""
    return (number or "").strip().lstrip("#").strip().upper()


def normalize_email(email: str | None) -> str:
    return (email or "").strip().lower()


def normalize_postcode(postcode: str | None) -> str:
    """'1012 ab', '1012-AB' and '1012AB' are the same postcode."""
    return _POSTCODE_NOISE.sub("", postcode or "").upper()


def _same(given: str, known: str) -> bool:
    # Constant-time, so response times do not hint at how much of a guess was right.
    return bool(given) and bool(known) and hmac.compare_digest(given.encode(), known.encode())


def order_lookup(*, number, email=None, postcode=None) -> SalesOrder | None:
    """The order with this number whose customer has this e-mail and/or delivery postcode, else None."""
    number = normalize_order_number(number)
    email, postcode = normalize_email(email), normalize_postcode(postcode)
    if not number or not (email or postcode):
        return None
    order = SalesOrder.objects.select_related("customer").filter(number__iexact=number).first()
    if order is None or not _fresh(order):
        order = _refresh_from_odoo(number, email, postcode) or order
    if order is None:
        return None
    if email and not _same(email, normalize_email(order.customer.email)):
        return None
    if postcode:
        known = {normalize_postcode(order.shipping_postcode), normalize_postcode(order.customer.postcode)}
        if not any(_same(postcode, candidate) for candidate in known if candidate):
            return None
    return order


def _fresh(order) -> bool:
    from integrations.orders_in import snapshot_is_fresh

    return snapshot_is_fresh(order)


def _refresh_from_odoo(number, email, postcode):
    from integrations.gateway import odoo_configured
    from integrations.odoo import OdooError
    from integrations.orders_in import refresh_order

    if not odoo_configured():
        return None
    try:
        order = refresh_order(number, email=email, postcode=postcode)
    except OdooError as exc:
        log.warning("Order lookup in Odoo failed, using the local snapshot: %s", exc)
        return None
    return SalesOrder.objects.select_related("customer").get(pk=order.pk) if order else None
