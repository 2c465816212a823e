"""Creating a return request: validate, evaluate the policy, save, review, all or nothing."""
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .. import permissions as perm
from .. import policy, warehouses
from ..choices import Channel, RefundMethod
from ..errors import InvalidReturnRequest, PolicyRejected, ReturnPermissionDenied
from ..models import ReasonCode, ReturnLine, ReturnRequest
from ..subscribers import Step, publish
from .audit import audit_record
from .numbering import next_rma_number
from .transitions import run_transition


@dataclass(frozen=True)
class LineInput:
    order_line_id: int
    quantity: int
    reason_code: str
    condition_note: str = ""
    comment: str = ""


def _validate_lines(order, lines: list[LineInput]):
    if not lines:
        raise InvalidReturnRequest("Choose at least one item to return.")
    order_lines = {ol.pk: ol for ol in order.lines.select_related("product", "product__category")}
    reasons = {r.code: r for r in ReasonCode.objects.filter(active=True)}
    seen, resolved = set(), []
    for line in lines:
        if line.order_line_id not in order_lines:
            raise InvalidReturnRequest(f"Item {line.order_line_id} is not part of order {order.number}.")
        if line.order_line_id in seen:
            raise InvalidReturnRequest("Each item can appear only once in a return.")
        seen.add(line.order_line_id)
        if not isinstance(line.quantity, int) or line.quantity < 1:
            raise InvalidReturnRequest("Each quantity must be a whole number of at least 1.")
        if line.reason_code not in reasons:
            raise InvalidReturnRequest(f"'{line.reason_code}' is not a known return reason.")
        resolved.append((order_lines[line.order_line_id], line, reasons[line.reason_code]))
    return resolved


def return_create(*, order, actor, lines: list[LineInput], channel: str = "", exception_message: str = "",
                  refund_method: str = RefundMethod.ORIGINAL_PAYMENT, idempotency_key: str | None = None,
                  request_id: str = "", auto_review: bool = True) -> ReturnRequest:
    """Create a return for `order` and run the automatic policy review.

    Breaking a rule that no exception can override, or breaking an overridable rule without an
    exception message, raises PolicyRejected and saves nothing. A repeated submission with the
    same idempotency key returns the first return instead of a second one. With
    `auto_review=False` the return stays `requested` (bulk imports reviewed later).
    """
    is_owner = actor.has_perm(perm.PERM_ACT_AS_CUSTOMER) and order.customer.user_id == actor.pk
    if not (is_owner or actor.has_perm(perm.PERM_REVIEW)):
        raise ReturnPermissionDenied("You can only request returns for your own orders.")
    if idempotency_key:
        existing = ReturnRequest.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.order_id != order.pk:
                raise InvalidReturnRequest("This submission key was already used for another order.")
            return existing
    if refund_method not in RefundMethod.values:
        raise InvalidReturnRequest(f"'{refund_method}' is not a refund method.")
    resolved = _validate_lines(order, lines)
    exception_requested = bool(exception_message.strip())
    try:
        with transaction.atomic():
            # Lock the order so two concurrent requests cannot both claim the last returnable unit.
            type(order).objects.select_for_update().get(pk=order.pk)
            requested = [policy.RequestedLine(ol, line.quantity) for ol, line, _reason in resolved]
            results = policy.evaluate(order, requested, exception_requested=exception_requested)
            rejected = policy.blocking(results)
            if rejected:
                raise PolicyRejected(" ".join(r.message for r in rejected),
                                     details={"rules": [r.as_dict() for r in rejected]})
            warehouse, warehouse_rule = warehouses.choose_warehouse(order, [ol.product for ol, _l, _r in resolved])
            ret = ReturnRequest.objects.create(
                rma_number=next_rma_number(), customer=order.customer, order=order, warehouse=warehouse,
                channel=channel or order.channel or Channel.WEB, exception_message=exception_message.strip(),
                refund_method=refund_method, policy_results=[r.as_dict() for r in results],
                idempotency_key=idempotency_key or None,
            )
            ReturnLine.objects.bulk_create([
                ReturnLine(request=ret, order_line=ol, product=ol.product, quantity_requested=line.quantity,
                           reason=reason, condition_note=line.condition_note[:500], customer_comment=line.comment)
                for ol, line, reason in resolved
            ])
            event = audit_record(request=ret, actor=actor, action="create", to_state=ret.state, request_id=request_id,
                                 note=exception_message.strip(), data={"lines": len(resolved),
                                       **warehouses.choice_audit_data(warehouse, warehouse_rule)})
            publish(Step(request=ret, event=event, action="create", actor=actor, data=event.data or {}))
            if not auto_review:
                return ret
            return run_transition(return_id=ret.pk, action="auto_review", actor=perm.system_user(),
                                  request_id=request_id, note="Automatic policy review")
    except IntegrityError:
        # Two submissions with one idempotency key raced; the other one won and is the answer.
        if idempotency_key:
            existing = ReturnRequest.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        raise
