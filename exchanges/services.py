"""Changing exchanges: every change is audited on the return it belongs to."""
from django.db import transaction

from returns.models import ReturnRequest
from returns.permissions import system_user
from returns.services.audit import audit_record
from returns.subscribers import Step, publish

from .models import ExchangeRequest

FALLBACK_ACTION = "exchange_refund_instead"


def record_exchange(*, line, replacement, quantity, unit_price_paid, replacement_unit_price, actor):
    """A line of a return being created is to be replaced instead of refunded (the portal's choice)."""
    exchange = ExchangeRequest.objects.create(
        return_line=line, replacement=replacement, quantity=quantity, unit_price_paid=unit_price_paid,
        replacement_unit_price=replacement_unit_price)
    ret = line.request
    audit_record(request=ret, actor=actor, action="exchange_requested", from_state=ret.state, to_state=ret.state,
                 data={"line": line.pk, "replacement": replacement.sku, "quantity": quantity,
                       "unit_price_paid": str(unit_price_paid), "replacement_unit_price": str(replacement_unit_price)})
    return exchange


def mark_reserved(*, exchange_ids, odoo_order_id: int, odoo_order_name: str) -> int:
    """Odoo confirmed the replacement's sale order: the exchanges it covers are reserved."""
    with transaction.atomic():
        exchanges = list(ExchangeRequest.objects.select_for_update().select_related("return_line__request")
                         .filter(pk__in=exchange_ids, state=ExchangeRequest.State.REQUESTED))
        for exchange in exchanges:
            exchange.state = ExchangeRequest.State.RESERVED
            exchange.odoo_order_id, exchange.odoo_order_name = odoo_order_id, odoo_order_name
            exchange.save(update_fields=["state", "odoo_order_id", "odoo_order_name", "updated_at"])
            ret = exchange.return_line.request
            audit_record(request=ret, actor=system_user(), action="exchange_reserved", from_state=ret.state,
                         to_state=ret.state, data={"line": exchange.return_line_id, "sale_order": odoo_order_name})
    return len(exchanges)


def fall_back_to_refund(*, exchange_id: int, why: str) -> bool:
    """The replacement cannot be sent (sold out when due): the line is refunded instead, the refund
    recalculated if it is already priced, and the customer told (the portal's e-mail subscriber).
    Idempotent: False when the exchange was no longer waiting for its replacement order."""
    from refunds.services import PRICED_STATES, frozen_refund, refund_update_amount

    with transaction.atomic():
        exchange = (ExchangeRequest.objects.select_for_update().select_related("return_line", "replacement")
                    .filter(pk=exchange_id).first())
        if exchange is None or exchange.state != ExchangeRequest.State.REQUESTED:
            return False
        ret = ReturnRequest.objects.select_for_update().get(pk=exchange.return_line.request_id)
        exchange.state = ExchangeRequest.State.REFUND_INSTEAD
        exchange.save(update_fields=["state", "updated_at"])
        data = {"line": exchange.return_line_id, "replacement": exchange.replacement.sku,
                "quantity": exchange.quantity, "why": why}
        actor = system_user()
        event = audit_record(request=ret, actor=actor, action=FALLBACK_ACTION, from_state=ret.state,
                             to_state=ret.state, note=why, data=data)
        if ret.state in PRICED_STATES and frozen_refund(ret) is None:
            refund_update_amount(ret)
        publish(Step(request=ret, event=event, action=FALLBACK_ACTION, actor=actor, data=data))
    return True


RECORDED_ACTION = "exchanges_recorded"


def exchanges_recorded(ret, actor) -> None:
    """Announce a new return's exchanges. The return was created (and reviewed) just before them, so
    a step after which a replacement is due (a trusted customer's authorization) already passed."""
    from .rules import exchanges_of

    if not exchanges_of(ret).exists():
        return
    event = audit_record(request=ret, actor=actor, action=RECORDED_ACTION, from_state=ret.state, to_state=ret.state,
                         data={"lines": list(exchanges_of(ret).values_list("return_line_id", flat=True))})
    publish(Step(request=ret, event=event, action=RECORDED_ACTION, actor=actor, data=event.data))
