"""The customer panel on every return: who this is as a returner, at a glance.

Past returns and their outcomes, the return rate (units returned of units delivered), open
disputes, flags and the lifetime order value. Flags come from the review list here; other apps
(the anomaly scores of `intelligence`) add theirs with `register_flag_source`, so this module
never imports them.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from returns.choices import ReturnStatus
from returns.models import Dispute, DisputeState, ReturnLine, ReturnRequest, SalesOrderLine

PAST_SHOWN = 10
# A return that never went anywhere does not count as returned units.
NOT_RETURNED = (ReturnStatus.REJECTED, ReturnStatus.CANCELLED, ReturnStatus.EXPIRED)

# callable(customer) -> list of {"label": str, "detail": str, "level": "warn" | "bad" | "info"}
_flag_sources: dict[str, Callable] = {}


def register_flag_source(name: str, source: Callable) -> None:
    """Let another app add flags to the panel (replaced by name; `ready()` may run twice)."""
    _flag_sources[name] = source


@dataclass
class CustomerPanel:
    customer: object
    past: list  # the latest other returns, newest first
    outcomes: list[tuple[str, int]]  # (state label, how many) over all the customer's returns
    return_count: int
    units_returned: int
    units_delivered: int
    open_disputes: list
    flags: list[dict] = field(default_factory=list)
    lifetime_value: list[tuple[str, Decimal]] = field(default_factory=list)  # (currency, amount incl. tax)

    @property
    def return_rate(self) -> str:
        if not self.units_delivered:
            return "–"
        return f"{Decimal(self.units_returned * 100) / self.units_delivered:.0f} %"


def _orders_totals(customer) -> tuple[int, list[tuple[str, Decimal]]]:
    """(units delivered, the lifetime order value per currency) from one read of the order lines and
    one of the orders (plain values: a model instance with deferred fields read one more per order)."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    delivered = 0
    lines = SalesOrderLine.objects.filter(order__customer=customer).values_list(
        "order__currency", "unit_price", "quantity_ordered", "tax_rate", "quantity_delivered")
    for currency, price, quantity, tax, units_delivered in lines:
        totals[currency] += price * quantity * (1 + tax)
        delivered += units_delivered or 0
    for currency, shipping, shipping_tax in customer.orders.values_list("currency", "shipping_amount",
                                                                        "shipping_tax_rate"):
        totals[currency] += shipping * (1 + shipping_tax)
    return delivered, sorted((currency, amount.quantize(Decimal("0.01"))) for currency, amount in totals.items())


def _flags(customer) -> list[dict]:
    flags = []
    if customer.blocked:
        flags.append({"label": _("On the review list"), "detail": customer.blocked_reason, "level": "warn"})
    for name, source in sorted(_flag_sources.items()):
        try:
            flags.extend(source(customer) or [])
        except Exception:  # a broken flag source must never hide the return page
            flags.append({"label": _("Flags unavailable"), "detail": name, "level": "info"})
    return flags


def build(ret) -> CustomerPanel:
    customer = ret.customer
    returns = ReturnRequest.objects.filter(customer=customer)
    past = list(returns.exclude(pk=ret.pk).select_related("order").order_by("-created_at")[:PAST_SHOWN])
    states = Counter(returns.values_list("state", flat=True))
    outcomes = [(str(ReturnStatus(state).label), n) for state, n in states.most_common()]
    returned = (ReturnLine.objects.filter(request__customer=customer).exclude(request__state__in=NOT_RETURNED)
                .aggregate(n=Sum("quantity_requested"))["n"] or 0)
    delivered, lifetime_value = _orders_totals(customer)
    disputes = list(Dispute.objects.filter(return_request__customer=customer, state=DisputeState.OPEN)
                    .select_related("return_request").order_by("opened_at"))
    return CustomerPanel(customer=customer, past=past, outcomes=outcomes, return_count=sum(states.values()),
                         units_returned=returned, units_delivered=delivered, open_disputes=disputes,
                         flags=_flags(customer), lifetime_value=lifetime_value)
