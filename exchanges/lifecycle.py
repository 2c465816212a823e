"""Exchanges' subscribers to lifecycle steps (registered in ExchangesConfig.ready)."""
from django.utils.translation import gettext as _

from returns.errors import TransitionGuardFailed
from returns.services.audit import audit_record

from .models import ExchangeRequest
from .rules import exchanged_units, exchanges_of

GUARDED_STEPS = frozenset({"release_refund", "request_refund_approval"})
SETTLED_STEPS = frozenset({"complete_inspection"})


def hold_refund_for_open_exchange(step) -> None:
    """No refund is released while a replacement is still to be ordered: if it turns out to be sold
    out, its line falls back to a refund, and a released (frozen) refund could not include it."""
    waiting = [e for e in exchanges_of(step.request)
               if e.state == ExchangeRequest.State.REQUESTED and exchanged_units(e)]
    if waiting:
        raise TransitionGuardFailed(
            _("The replacement order for %(item)s is not confirmed in Odoo yet; the refund can be released once it "
              "is (or once the item falls back to a refund).") % {"item": waiting[0].return_line.product.name})


def settle_at_inspection(step) -> None:
    """Inspection decides how many units are exchanged: only accepted ones get a replacement."""
    ret = step.request
    for exchange in exchanges_of(ret):
        accepted = exchange.return_line.quantity_accepted
        if accepted >= exchange.quantity:
            continue
        data = {"line": exchange.return_line_id, "asked": exchange.quantity, "accepted": accepted,
                "replacement": exchange.replacement.sku}
        if exchange.state == ExchangeRequest.State.REQUESTED:
            if accepted == 0:
                exchange.state = ExchangeRequest.State.NOT_ACCEPTED
            else:
                exchange.quantity = accepted
            exchange.save(update_fields=["state", "quantity", "updated_at"])
            audit_record(request=ret, actor=step.actor, action="exchange_settled", from_state=ret.state,
                         to_state=ret.state, data=data,
                         note=_("%(accepted)s of %(asked)s returned unit(s) accepted: only those are exchanged.")
                         % data)
        elif exchange.state in (ExchangeRequest.State.RESERVED, ExchangeRequest.State.SHIPPED):
            audit_record(request=ret, actor=step.actor, action="exchange_sent_before_rejection",
                         from_state=ret.state, to_state=ret.state, data=data,
                         note=_("The replacement was ordered at once (trusted customer), but inspection accepted "
                                "only %(accepted)s of %(asked)s returned unit(s).") % data)
