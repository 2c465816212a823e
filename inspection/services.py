"""Recording the inspection of a return line: grade, accepted quantity and disposition."""
from django.db import transaction

from returns import permissions as perm
from returns.choices import ConditionGrade, Disposition, ReturnStatus
from returns.errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied
from returns.models import ReturnLine
from returns.services.audit import audit_record
from returns.services.transitions import lock_return

from .errors import DispositionNotAllowed

RESTOCKABLE_GRADES = {ConditionGrade.A, ConditionGrade.B}


def check_disposition_rules(*, grade: str, disposition: str):
    if grade not in ConditionGrade.values:
        raise InvalidReturnRequest(f"'{grade}' is not a condition grade.")
    if disposition not in Disposition.values:
        raise InvalidReturnRequest(f"'{disposition}' is not a disposition.")
    if disposition == Disposition.RESTOCK and grade not in RESTOCKABLE_GRADES:
        raise DispositionNotAllowed(f"Only grade A or B items can be restocked; this one is grade {grade}.")


def return_line_inspect(*, line_id, actor, grade, disposition, quantity_accepted, note="", request_id=""):
    """Record one line's inspection on a return that is being inspected."""
    with transaction.atomic():
        line = ReturnLine.objects.select_related("request").get(pk=line_id)
        ret = lock_return(line.request_id)
        if not actor.has_perm(perm.PERM_INSPECT):
            raise ReturnPermissionDenied("Only inspectors can record inspections.")
        if ret.state != ReturnStatus.INSPECTING:
            raise IllegalTransition(f"{ret.rma_number} is not being inspected (it is {ret.get_state_display().lower()}).")
        line = ReturnLine.objects.select_for_update().get(pk=line_id)
        check_disposition_rules(grade=grade, disposition=disposition)
        if not 0 <= int(quantity_accepted) <= line.quantity_received:
            raise InvalidReturnRequest(
                f"Accepted quantity must be between 0 and the {line.quantity_received} received."
            )
        before = {"grade": line.grade, "disposition": line.disposition, "quantity_accepted": line.quantity_accepted}
        line.grade, line.disposition, line.quantity_accepted = grade, disposition, int(quantity_accepted)
        line.save(update_fields=["grade", "disposition", "quantity_accepted"])
        audit_record(request=ret, actor=actor, action="line_inspected", from_state=ret.state, to_state=ret.state,
                     note=note, request_id=request_id,
                     data={"line": line.pk, "before": before,
                           "after": {"grade": grade, "disposition": disposition, "quantity_accepted": int(quantity_accepted)}})
        return line
