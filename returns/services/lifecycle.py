"""One service per lifecycle step. Each runs the transition and the step's own domain effects
(received quantities, refund figures) in one transaction. What other apps do after a step (Odoo
postings, e-mails) is theirs: they subscribe to it (returns.subscribers), this module names none."""
from .. import warehouses
from ..errors import InvalidReturnRequest
from .refund_proposals import refund_proposal_reject, refund_proposal_send_back, refund_proposal_withdraw
from .transitions import run_transition


def _simple(action):
    def service(*, return_id, actor, reason="", note="", request_id=""):
        return run_transition(return_id=return_id, action=action, actor=actor, reason=reason, note=note,
                              request_id=request_id)

    service.__name__ = f"return_{action}"
    service.__doc__ = f"Run the '{action}' transition with an audit record."
    return service


return_approve = _simple("approve")
return_reject = _simple("reject")
return_cancel = _simple("cancel")
return_expire = _simple("expire")
return_start_inspection = _simple("start_inspection")
return_close = _simple("close")


def return_auto_review(*, return_id, actor, request_id=""):
    return run_transition(return_id=return_id, action="auto_review", actor=actor, request_id=request_id,
                          note="Policy check")


def return_mark_shipped(*, return_id, actor, carrier="", tracking_number="", request_id=""):
    def prepare(ret):
        ret.carrier = carrier[:50]
        ret.tracking_number = tracking_number[:100]

    return run_transition(return_id=return_id, action="mark_shipped", actor=actor, request_id=request_id,
                          prepare=prepare, data={"carrier": carrier, "tracking_number": tracking_number})


def return_receive(*, return_id, actor, quantities: dict, reason="", note="", request_id=""):
    """Record what arrived (line id → units; fewer or more than requested is normal) and post the
    receipt into the Returns location. Goods stay out of sellable stock until disposition."""
    def prepare(ret):
        # Staff given warehouses receive only their warehouses' parcels (refused before anything changes).
        warehouses.check_works_at(actor, ret)
        lines = {line.pk: line for line in ret.lines.all()}
        unknown = set(map(int, quantities)) - set(lines)
        if unknown:
            raise InvalidReturnRequest(f"Lines {sorted(unknown)} are not part of {ret.rma_number}.")
        for line_id, qty in quantities.items():
            if int(qty) < 0:
                raise InvalidReturnRequest("A received quantity cannot be negative.")
            line = lines[int(line_id)]
            # Units beyond what the customer returned are never booked, accepted or posted without a
            # support decision: the parcel receipt (inspection.receiving.receive_parcel) books the
            # line's units and raises the rest as a discrepancy; a bare transition cannot do that.
            if not line.unexpected and int(qty) > line.quantity_requested:
                raise InvalidReturnRequest(
                    f"{int(qty)} units counted for line {line.pk}, but {line.quantity_requested} were returned. "
                    "Units beyond the return are a discrepancy for support: receive the parcel with "
                    f"POST /api/returns/{ret.rma_number}/receive-parcel/ so that they are raised as one.",
                    details={"line": line.pk, "returned": line.quantity_requested, "counted": int(qty)})
            line.quantity_received = int(qty)
            line.save(update_fields=["quantity_received"])

    return run_transition(return_id=return_id, action="receive", actor=actor, reason=reason, note=note,
                          request_id=request_id,
                          prepare=prepare, data={"quantities": {str(k): int(v) for k, v in quantities.items()}})


def return_complete_inspection(*, return_id, actor, reason="", note="", request_id=""):
    """Every received line has its disposition: post the moves out of Returns and price the refund."""
    from refunds.services import refund_update_amount

    return run_transition(return_id=return_id, action="complete_inspection", actor=actor, reason=reason, note=note,
                          request_id=request_id, then=refund_update_amount)


def return_request_refund_approval(*, return_id, actor, reason="", note="", request_id=""):
    from refunds.bookkeeping import refund_record_proposal

    def prepare(ret):
        ret.refund_proposed_by = actor

    return run_transition(return_id=return_id, action="request_refund_approval", actor=actor, reason=reason,
                          note=note, request_id=request_id, prepare=prepare,
                          then=lambda ret: refund_record_proposal(ret, actor))


def _release(action, *, return_id, actor, reason, note, request_id):
    from refunds.bookkeeping import refund_freeze_release

    # The frozen breakdown is what the credit-note subscriber posts.
    return run_transition(return_id=return_id, action=action, actor=actor, reason=reason, note=note,
                          request_id=request_id, then=lambda ret: refund_freeze_release(ret, actor))


def return_release_refund(*, return_id, actor, reason="", note="", request_id=""):
    return _release("release_refund", return_id=return_id, actor=actor, reason=reason, note=note, request_id=request_id)


def return_approve_refund(*, return_id, actor, reason="", note="", request_id=""):
    return _release("approve_refund", return_id=return_id, actor=actor, reason=reason, note=note, request_id=request_id)


def return_mark_refunded(*, return_id, actor, credit_note_name="", request_id=""):
    """Called when Odoo has confirmed the posted credit note."""
    from refunds.bookkeeping import refund_record_refunded

    return run_transition(return_id=return_id, action="mark_refunded", actor=actor, request_id=request_id,
                          note=f"Credit note {credit_note_name} posted in Odoo" if credit_note_name else "",
                          data={"credit_note": credit_note_name},
                          then=lambda ret: refund_record_refunded(ret, credit_note_name))


# Transitions the API and pages may start directly, with the service that runs each.
ACTION_SERVICES = {
    "approve": return_approve,
    "reject": return_reject,
    "cancel": return_cancel,
    "mark_shipped": return_mark_shipped,
    "receive": return_receive,
    "start_inspection": return_start_inspection,
    "complete_inspection": return_complete_inspection,
    "request_refund_approval": return_request_refund_approval,
    "release_refund": return_release_refund,
    "approve_refund": return_approve_refund,
    "reject_refund_proposal": refund_proposal_reject,
    "send_back_refund_proposal": refund_proposal_send_back,
    "withdraw_refund_proposal": refund_proposal_withdraw,
    "close": return_close,
    "expire": return_expire,
    "auto_review": return_auto_review,
    "mark_refunded": return_mark_refunded,
}
