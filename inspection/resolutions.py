"""Support's resolution of what receiving could not settle: receipt mismatches and parcels that
arrived without an RMA. The data is the warehouse's, so the services live here; the console and
the API only call them."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from returns.errors import IllegalTransition, InvalidReturnRequest
from returns.models import ReturnRequest
from returns.permissions import require_agent
from returns.services.audit import audit_record

from .models import ParcelStatus, ReceivingDiscrepancy, UnidentifiedParcel

PARCEL_OUTCOMES = ("match", "close")


def discrepancy_resolve(*, discrepancy_id, actor, note, request_id=""):
    require_agent(actor, _("resolve receipt mismatches"))
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


def return_for_parcel(rma_number: str) -> ReturnRequest:
    """The return a parcel is matched to, by the RMA number support typed."""
    rma = (rma_number or "").strip().upper()
    ret = ReturnRequest.objects.filter(rma_number=rma).first() if rma else None
    if ret is None:
        raise InvalidReturnRequest(_("Enter the RMA number of an existing return."), details={"field": "rma_number"})
    return ret


def parcel_resolve(*, parcel_id, actor, outcome, note, return_request=None, rma_number="", request_id=""):
    """Match an unidentified parcel to a return (the warehouse then receives it) or close it."""
    require_agent(actor, _("resolve unidentified parcels"))
    if outcome not in PARCEL_OUTCOMES:
        raise InvalidReturnRequest(_("Choose whether the parcel belongs to a return or is closed."))
    if outcome == "match" and return_request is None:
        if not rma_number:
            raise InvalidReturnRequest(_("Enter the RMA number of the return the parcel belongs to."))
        return_request = return_for_parcel(rma_number)
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
