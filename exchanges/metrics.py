"""Exchange figures for the dashboard: how often customers exchange, and the revenue that stays."""
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from returns.models import ReturnLine

from .models import ExchangeRequest


def exchange_figures(start, end) -> dict:
    """For returns asked for in [start, end): units returned, units exchanged (not fallen back to a
    refund), the exchange rate in percent, and the revenue kept per currency: what customers paid
    for the units replaced by a confirmed replacement order (less any price difference refunded)."""
    returned = (ReturnLine.objects.filter(request__created_at__gte=start, request__created_at__lt=end,
                                          order_line__isnull=False)
                .aggregate(units=Sum("quantity_requested"))["units"] or 0)
    exchanges = ExchangeRequest.objects.filter(return_line__request__created_at__gte=start,
                                               return_line__request__created_at__lt=end)
    exchanged = exchanges.filter(state__in=ExchangeRequest.EXCHANGING).aggregate(units=Sum("quantity"))["units"] or 0
    kept = defaultdict(Decimal)
    confirmed = exchanges.filter(state__in=[ExchangeRequest.State.RESERVED, ExchangeRequest.State.SHIPPED])
    for exchange in confirmed.select_related("return_line__request__order"):
        currency = exchange.return_line.request.order.currency
        kept[currency] += (exchange.unit_price_paid - exchange.unit_difference) * exchange.quantity
    rate = (Decimal(exchanged) * 100 / returned).quantize(Decimal("0.1")) if returned else None
    return {"returned_units": returned, "exchanged_units": exchanged, "rate_percent": rate,
            "revenue_kept": sorted(kept.items())}
