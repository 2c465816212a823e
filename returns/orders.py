"""Finding a customer's order from what they know about it: the single seam the portal uses.

It reads the local snapshot of orders and, when an order source is registered (the Odoo
integration registers one in its AppConfig.ready()), first refreshes a snapshot that is missing or
stale; if the source cannot be reached the last snapshot is used. Callers must not query
SalesOrder by number themselves.

Every identifying detail given must match (a wrong e-mail is not rescued by a right postcode), and
the answer is the same `None` whether the order does not exist or the details are wrong, so that
callers cannot tell the two apart.
"""
import hmac
import logging
import re
from typing import Protocol

from .models import SalesOrder

_POSTCODE_NOISE = re.compile(r"[\s\-.]")
log = logging.getLogger(__name__)


class OrderSource(Protocol):
    """Where order snapshots come from (the ERP). `refresh` answers the refreshed SalesOrder, or
    None when the source does not know the order for those details or is not configured; it raises
    `OrderSourceUnavailable` when it cannot be reached."""

    def is_fresh(self, order: SalesOrder) -> bool: ...

    def refresh(self, number: str, *, email: str = "", postcode: str = "") -> SalesOrder | None: ...


class OrderSourceUnavailable(Exception):
    pass


_source: OrderSource | None = None


def register_order_source(source: OrderSource | None) -> None:
    global _source
    _source = source


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
    return _source is None or _source.is_fresh(order)


def _refresh_from_odoo(number, email, postcode):
    if _source is None:
        return None
    try:
        order = _source.refresh(number, email=email, postcode=postcode)
    except OrderSourceUnavailable as exc:
        log.warning("Order lookup in the ERP failed, using the local snapshot: %s", exc)
        return None
    return SalesOrder.objects.select_related("customer").get(pk=order.pk) if order else None
