"""The exchange rules the rest of the domain reads: which units are exchanged, and when the
replacement is ordered.

Product rules (README, portal section):
- Only units that inspection accepts are exchanged: exchanged = min(asked, accepted). A returned
  unit that is not accepted gets neither a replacement nor a refund, like any rejected unit.
- A replacement is never dearer; a cheaper one's difference per unit (incl. tax) is refunded.
- An accepted exchanged unit is replaced whatever its grade: there is no refund to take a
  condition deduction or restocking fee from, and the customer is not charged for an exchange.
- When: by default once the returned unit has been received *and accepted at inspection*
  (`on_receipt`), so a rejected unit never triggers a replacement. Trusted customers
  (TrustedExchangeCustomer) get it `at_once`, when the return is authorized; should inspection
  then not accept the returned unit, the replacement has already gone and support is told on the
  return's timeline (audit `exchange_sent_before_rejection`).
"""
from django.conf import settings

from returns.choices import ReturnStatus

from .models import ExchangeRequest, TrustedExchangeCustomer

AT_ONCE = "at_once"
ON_RECEIPT = "on_receipt"
# Steps after which an authorized return's replacement may be due ("exchanges_recorded": a new
# return's exchanges, recorded after its automatic review in the same transaction).
AUTHORIZING_STEPS = frozenset({"auto_review", "approve", "exchanges_recorded"})


def exchanges_of(ret):
    return ExchangeRequest.objects.filter(return_line__request_id=ret.pk).select_related(
        "return_line", "return_line__order_line", "return_line__product", "replacement")


def exchanged_units(exchange, line=None) -> int:
    """Units of the line replaced instead of refunded (0 once it fell back to a refund)."""
    if exchange is None or exchange.state not in ExchangeRequest.EXCHANGING:
        return 0
    line = line or exchange.return_line
    return min(exchange.quantity, line.quantity_accepted)


def replacement_timing(ret) -> str:
    if TrustedExchangeCustomer.objects.filter(customer_id=ret.customer_id).exists():
        return AT_ONCE
    return getattr(settings, "EXCHANGE_REPLACEMENT_TIMING", ON_RECEIPT)


def exchanges_due(ret, action: str) -> list:
    """The exchanges whose replacement is to be ordered now that `action` happened."""
    if action in AUTHORIZING_STEPS and ret.state == ReturnStatus.AUTHORIZED and replacement_timing(ret) == AT_ONCE:
        return [e for e in exchanges_of(ret) if e.state == ExchangeRequest.State.REQUESTED]
    if action == "complete_inspection":  # on receipt; or at once, when its posting is still unsent
        return [e for e in exchanges_of(ret) if e.state == ExchangeRequest.State.REQUESTED and exchanged_units(e)]
    return []
