"""Support actions that are not lifecycle transitions, each permission-checked and audited.

Notes, a change of refund method, a recalculation, a retry of a failed Odoo posting, and the
resolution of receipt mismatches and unidentified parcels. Transitions themselves go through
returns.services.lifecycle; holds through inspection.holds.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspection.models import ParcelStatus, ReceivingDiscrepancy, UnidentifiedParcel
from integrations.delivery import retry_posting
from integrations.models import OdooPosting
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


def is_agent(user) -> bool:
    return any(user.has_perm(p) for p in (perm.PERM_REVIEW, perm.PERM_RELEASE_REFUND, perm.PERM_APPROVE_REFUND))


def _require_agent(user, what):
    if not is_agent(user):
        raise ReturnPermissionDenied(_("Only support and finance can %(what)s.") % {"what": what})


def note_add(*, return_id, actor, text, request_id=""):
    """A note between agents on the return; the customer never sees it."""
    _require_agent(actor, _("write notes on a return"))
    text = (text or "").strip()
    if not text:
        raise InvalidReturnRequest(_("Write the note first."))
    with transaction.atomic():
        ret = lock_return(return_id)
        return audit_record(request=ret, actor=actor, action="note", from_state=ret.state, to_state=ret.state,
                            note=text, request_id=request_id, data={"visibility": "staff"})


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


def posting_retry(*, posting_id, actor, request_id="") -> bool:
    """Send a failed Odoo posting again (integrations.delivery.retry_posting), with an audit row."""
    _require_agent(actor, _("retry Odoo postings"))
    with transaction.atomic():
        posting = OdooPosting.objects.select_related("request").get(pk=posting_id)
        retried = retry_posting(posting.pk)
        if retried:
            audit_record(request=posting.request, actor=actor, action="posting_retry", from_state=posting.request.state,
                         to_state=posting.request.state, request_id=request_id,
                         note=posting.reference, data={"posting": posting.pk, "last_error": posting.last_error[:500]})
        return retried


def discrepancy_resolve(*, discrepancy_id, actor, note, request_id=""):
    _require_agent(actor, _("resolve receipt mismatches"))
    if not (note or "").strip():
        raise InvalidReturnRequest(_("Say how the mismatch was resolved."))
    with transaction.atomic():
        item = ReceivingDiscrepancy.objects.select_for_update().get(pk=discrepancy_id)
        if item.resolved_at is not None:
            raise IllegalTransition(_("This mismatch was already resolved."))
        item.resolved_at, item.resolved_by, item.resolution_note = timezone.now(), actor, note.strip()
        item.save(update_fields=["resolved_at", "resolved_by", "resolution_note"])
        if item.return_request_id:
            ret = item.return_request
            audit_record(request=ret, actor=actor, action="discrepancy_resolved", from_state=ret.state,
                         to_state=ret.state, note=note.strip(), request_id=request_id,
                         data={"discrepancy": item.pk, "kind": item.kind, "line": item.line_id})
        return item


def parcel_resolve(*, parcel_id, actor, outcome, note, return_request=None, request_id=""):
    """Match an unidentified parcel to a return (the warehouse then receives it) or close it."""
    _require_agent(actor, _("resolve unidentified parcels"))
    if outcome not in ("match", "close"):
        raise InvalidReturnRequest(_("Choose whether the parcel belongs to a return or is closed."))
    if outcome == "match" and return_request is None:
        raise InvalidReturnRequest(_("Enter the RMA number of the return the parcel belongs to."))
    with transaction.atomic():
        parcel = UnidentifiedParcel.objects.select_for_update().get(pk=parcel_id)
        if parcel.status != ParcelStatus.OPEN:
            raise IllegalTransition(_("This parcel was already resolved."))
        parcel.status = ParcelStatus.MATCHED if outcome == "match" else ParcelStatus.CLOSED
        parcel.matched_return = return_request if outcome == "match" else None
        parcel.resolved_by, parcel.resolved_at = actor, timezone.now()
        fields = ["status", "matched_return", "resolved_by", "resolved_at"]
        if hasattr(parcel, "resolution_note"):
            parcel.resolution_note = note.strip()
            fields.append("resolution_note")
        parcel.save(update_fields=fields)
        if outcome == "match":
            audit_record(request=return_request, actor=actor, action="parcel_matched",
                         from_state=return_request.state, to_state=return_request.state, note=note.strip(),
                         request_id=request_id, data={"parcel": parcel.pk, "carrier": parcel.carrier,
                                                      "tracking_number": parcel.tracking_number})
        return parcel
