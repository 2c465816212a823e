"""Support's refund actions that are not lifecycle transitions, each permission-checked and audited:
a change of refund method and a recalculation.

Other services the console calls live with the data they change: notes in
returns.services.notes, posting retries in integrations.operator, receipt mismatches and
unidentified parcels in inspection.resolutions, holds in inspection.holds, transitions in
returns.services.lifecycle.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from refunds.services import allowed_methods, frozen_refund, refund_update_amount
from returns import permissions as perm
from returns.choices import RefundMethod, ReturnStatus
from returns.errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied
from returns.services.audit import audit_record
from returns.services.transitions import lock_return

# Before the refund is released its method and figures may still change.
REFUND_OPEN_STATES = {ReturnStatus.INSPECTED, ReturnStatus.REFUND_PENDING_APPROVAL}
METHOD_OPEN_STATES = REFUND_OPEN_STATES | {
    ReturnStatus.PENDING_APPROVAL, ReturnStatus.AUTHORIZED, ReturnStatus.IN_TRANSIT, ReturnStatus.RECEIVED,
    ReturnStatus.INSPECTING,
}


def refund_method_change(*, return_id, actor, method, note, request_id=""):
    """Switch between original payment and store credit, among the methods the policy allows."""
    if not actor.has_perm(perm.PERM_RELEASE_REFUND):
        raise ReturnPermissionDenied(_("Only support and finance can change the refund method."))
    with transaction.atomic():
        ret = lock_return(return_id)
        if ret.state not in METHOD_OPEN_STATES:
            raise IllegalTransition(_("The refund of %(rma)s is already released; its method cannot change.")
                                    % {"rma": ret.rma_number})
        if method not in RefundMethod.values or method not in allowed_methods(ret):
            raise InvalidReturnRequest(_("The return policy does not allow this refund method."))
        before = ret.refund_method
        ret.refund_method = method
        ret.save(update_fields=["refund_method", "updated_at"])
        audit_record(request=ret, actor=actor, action="refund_method_changed", from_state=ret.state,
                     to_state=ret.state, note=note, request_id=request_id, data={"before": before, "after": method})
        if ret.state in REFUND_OPEN_STATES:
            refund_update_amount(ret)
        return ret


def refund_recalculate(*, return_id, actor, request_id=""):
    """Redo the calculation (e.g. after an earlier return of the order was refunded); audited if it moved."""
    if not actor.has_perm(perm.PERM_RELEASE_REFUND):
        raise ReturnPermissionDenied(_("Only support and finance can recalculate a refund."))
    with transaction.atomic():
        ret = lock_return(return_id)
        if ret.state not in REFUND_OPEN_STATES or frozen_refund(ret) is not None:
            raise IllegalTransition(_("Only a refund that is not released yet can be recalculated."))
        before = ret.refund_amount
        after = refund_update_amount(ret)
        if before != after:
            audit_record(request=ret, actor=actor, action="refund_recalculated", from_state=ret.state,
                         to_state=ret.state, request_id=request_id,
                         data={"before": str(before) if before is not None else None,
                               "after": str(after) if after is not None else None})
        return ret


