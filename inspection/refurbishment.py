"""Refurbishment work orders: units in Refurbish, found by their license plate, worked on, and moved on.

A technician scans the plate, records what was done (one step at a time, each kept with who and
when), then finishes with the outcome: back to stock as grade B, or scrap. Finishing records
custody in the outcome's sort bin and publishes a `refurbishment_done` step, on which the ERP
integration writes the unit's move out of Refurbish into the outbox, in the same transaction.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.choices import ConditionGrade, Disposition, ReturnStatus
from returns.errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied
from returns.services.audit import audit_record
from returns.services.transitions import lock_return
from returns.subscribers import Step, publish

from .custody import custody_put
from .errors import StaleForm
from .lpn import plate_by_code, sort_locations
from .models import LicensePlate, RefurbishmentOrder, RefurbishmentOutcome

STEP_MAX = 300
MAX_STEPS = 50
# Refurbishment starts once the inspection is complete (the unit was moved to Refurbish in the ERP).
WORKABLE_STATES = (ReturnStatus.INSPECTED, ReturnStatus.REFUND_PENDING_APPROVAL, ReturnStatus.REFUND_APPROVED,
                   ReturnStatus.REFUNDED, ReturnStatus.CLOSED)
OUTCOME_DISPOSITION = {RefurbishmentOutcome.RESTOCK_B: Disposition.RESTOCK,
                       RefurbishmentOutcome.SCRAP: Disposition.SCRAP}
OUTCOME_GRADE = {RefurbishmentOutcome.RESTOCK_B: ConditionGrade.B, RefurbishmentOutcome.SCRAP: ""}


def _require_floor_staff(actor):
    if not (actor.has_perm(perm.PERM_INSPECT) or actor.has_perm(perm.PERM_RECEIVE)):
        raise ReturnPermissionDenied(_("Only warehouse staff can refurbish returned goods."))


def refurbishment_queue():
    """Plates of units in Refurbish whose work is not finished, oldest inspection first."""
    return (LicensePlate.objects.filter(line__disposition=Disposition.REFURBISH, line__hold_reason="",
                                        line__request__state__in=WORKABLE_STATES)
            .exclude(refurbishment__finished_at__isnull=False)
            .select_related("line__product", "line__request", "refurbishment")
            .order_by("line__request__inspected_at", "line_id", "unit_index"))


def _locked_order(code, actor):
    _require_floor_staff(actor)
    plate = plate_by_code(code)
    ret = lock_return(plate.line.request_id)
    line = plate.line.__class__.objects.select_related("product", "request__order").get(pk=plate.line_id)
    if line.disposition != Disposition.REFURBISH or ret.state not in WORKABLE_STATES:
        raise IllegalTransition(_("%(lpn)s is not waiting for refurbishment.") % {"lpn": plate.code})
    order, _created = RefurbishmentOrder.objects.select_for_update().get_or_create(
        plate=plate, defaults={"opened_by": actor})
    if order.finished_at:
        raise IllegalTransition(_("The refurbishment of %(lpn)s is finished (%(outcome)s).") % {
            "lpn": plate.code, "outcome": order.get_outcome_display().lower()})
    return ret, line, plate, order


def _check_version(order, expected_version):
    if expected_version is not None and int(expected_version) != order.version:
        raise StaleForm(_("This work order was changed on another screen. Nothing was saved: reload it."),
                        details={"version": order.version})


def refurbishment_step(*, code, actor, text, expected_version=None, request_id="") -> RefurbishmentOrder:
    """Record one thing the technician did (e.g. "washed", "replaced the charger")."""
    text = (text or "").strip()[:STEP_MAX]
    if not text:
        raise InvalidReturnRequest(_("Say what was done."), details={"field": "text"})
    with transaction.atomic():
        ret, line, plate, order = _locked_order(code, actor)
        if order.steps and order.steps[-1]["text"] == text and expected_version == order.version - 1:
            return order  # the same step sent again after a lost answer
        _check_version(order, expected_version)
        if len(order.steps) >= MAX_STEPS:
            raise InvalidReturnRequest(_("A work order holds at most %(n)s steps.") % {"n": MAX_STEPS})
        order.steps = order.steps + [{"text": text, "by": actor.get_username(), "at": timezone.now().isoformat()}]
        order.version += 1
        order.save(update_fields=["steps", "version"])
        audit_record(request=ret, actor=actor, action="refurbishment_step", from_state=ret.state, to_state=ret.state,
                     note=text, request_id=request_id, data={"line": line.pk, "lpn": plate.code})
        return order


def refurbishment_finish(*, code, actor, outcome, expected_version=None, request_id="") -> RefurbishmentOrder:
    """Finish the work: the unit goes back to stock as grade B, or is scrapped; the ERP move follows."""
    if outcome not in RefurbishmentOutcome.values:
        raise InvalidReturnRequest(_("Choose where the unit goes: back to stock as grade B, or scrap."))
    with transaction.atomic():
        ret, line, plate, order = _locked_order(code, actor)
        _check_version(order, expected_version)
        if not order.steps and outcome == RefurbishmentOutcome.RESTOCK_B:
            raise InvalidReturnRequest(_("Record what was done before the unit goes back to stock."))
        disposition = OUTCOME_DISPOSITION[outcome]
        order.outcome, order.grade_after = outcome, OUTCOME_GRADE[outcome]
        order.finished_by, order.finished_at, order.version = actor, timezone.now(), order.version + 1
        order.save(update_fields=["outcome", "grade_after", "finished_by", "finished_at", "version"])
        area, bin_code, _colour = sort_locations()[disposition]
        custody_put(line=line, units=[plate.unit_index], location_code=bin_code, actor=actor, reason="refurbished")
        data = {"line": line.pk, "lpn": plate.code, "unit": plate.unit_index, "outcome": outcome,
                "disposition": disposition, "grade_after": order.grade_after, "location": bin_code}
        event = audit_record(request=ret, actor=actor, action="refurbishment_done", from_state=ret.state,
                             to_state=ret.state, request_id=request_id, data=data)
        publish(Step(request=ret, event=event, action="refurbishment_done", actor=actor, data=data))
        return order
