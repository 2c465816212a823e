"""Returns with exchanges, made through the real services (creation, exchange, receipt, inspection)."""
from decimal import Decimal

from exchanges.services import exchanges_recorded, record_exchange
from tests.factories import create_return, receive_all


def returned_with_exchanges(order, customer_user, exchanges: dict, quantities=None):
    """A new return of `order` with `exchanges`: order line → (replacement product, units, replacement
    price incl. tax or None for the same price)."""
    ret = create_return(order, customer_user, quantities)
    lines = {line.order_line_id: line for line in ret.lines.select_related("order_line")}
    for order_line, (replacement, units, price) in exchanges.items():
        line = lines[order_line.pk]
        paid = order_line.unit_price_incl_tax
        record_exchange(line=line, replacement=replacement, quantity=units, unit_price_paid=paid,
                        replacement_unit_price=paid if price is None else Decimal(price), actor=customer_user)
    exchanges_recorded(ret, customer_user)
    return ret


def inspect(ret, inspector, accepted=None):
    """Receive everything, inspect grade A / restock, accept `accepted` (order line → units; all by default)."""
    from inspection.services import return_line_inspect
    from returns.models import ReturnRequest
    from returns.services.lifecycle import return_complete_inspection, return_start_inspection

    receive_all(ret, inspector)
    return_start_inspection(return_id=ret.pk, actor=inspector)
    accepted = accepted or {}
    for line in ret.lines.select_related("order_line"):
        return_line_inspect(line_id=line.pk, actor=inspector, grade="A", disposition="restock",
                            quantity_accepted=accepted.get(line.order_line, line.quantity_received))
    return_complete_inspection(return_id=ret.pk, actor=inspector)
    return ReturnRequest.objects.get(pk=ret.pk)
