"""Chain of custody: every received unit is scanned into a tote or bin, and every move is kept.

Records are only ever added (the model and a database trigger refuse changes), so the history
answers "who put what where, when"; the latest record of a unit is where it is now.
"""
import re

from django.db import transaction
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.choices import ReturnStatus
from returns.errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied
from returns.models import ReturnLine
from returns.services.audit import audit_record
from returns.services.transitions import lock_return

from .models import CustodyRecord, UnitInspection

LOCATION_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{0,49}$")
# Where a unit goes once its disposition is final (the ERP move follows through the outbox).
DISPOSITION_LOCATIONS = {
    "restock": "STOCK", "refurbish": "REFURBISH", "vendor_return": "VENDOR-RETURN",
    "quarantine": "QUARANTINE", "scrap": "SCRAP", "liquidation": "LIQUIDATION",
}
MOVABLE_STATES = (ReturnStatus.RECEIVED, ReturnStatus.INSPECTING)


def clean_location(code: str) -> str:
    code = (code or "").strip().upper()
    if not code:
        raise InvalidReturnRequest(_("Scan the tote or bin label."))
    if not LOCATION_PATTERN.match(code):
        raise InvalidReturnRequest(_("'%(code)s' is not a tote or bin label (letters, digits and - . / _ only, "
                                     "at most 50).") % {"code": code[:60]})
    return code


def _serials(line) -> dict[int, str]:
    return dict(UnitInspection.objects.filter(line=line, unit_index__gt=0).values_list("unit_index", "serial_number"))


def custody_put(*, line, units, location_code, actor, reason="move") -> list[CustodyRecord]:
    """Inside the caller's transaction: record that `units` (1-based indexes) of `line` are now at the location."""
    serials = _serials(line)
    return CustodyRecord.objects.bulk_create([
        CustodyRecord(line=line, unit_index=unit, unit_serial=serials.get(unit, ""), location_code=location_code,
                      reason=reason, actor=actor if actor.is_authenticated else None)
        for unit in units
    ])


def custody_move(*, return_id, line_id, location_code, actor, units=None, request_id="") -> list[CustodyRecord]:
    """Scan units of a line into another tote or bin (all received units unless `units` is given)."""
    if not (actor.has_perm(perm.PERM_RECEIVE) or actor.has_perm(perm.PERM_INSPECT)):
        raise ReturnPermissionDenied(_("Only warehouse staff can move returned goods."))
    location_code = clean_location(location_code)
    with transaction.atomic():
        ret = lock_return(return_id)
        if ret.state not in MOVABLE_STATES:
            raise IllegalTransition(_("The units of %(rma)s have already moved on to their disposition.")
                                    % {"rma": ret.rma_number})
        line = ReturnLine.objects.filter(pk=line_id, request=ret).first()
        if line is None:
            raise InvalidReturnRequest(_("This item is not part of %(rma)s.") % {"rma": ret.rma_number})
        all_units = range(1, line.quantity_received + 1)
        units = list(all_units) if not units else sorted({int(u) for u in units})
        if not units or any(u not in all_units for u in units):
            raise InvalidReturnRequest(_("Choose units between 1 and %(n)s.") % {"n": line.quantity_received})
        records = custody_put(line=line, units=units, location_code=location_code, actor=actor)
        audit_record(request=ret, actor=actor, action="custody_moved", from_state=ret.state, to_state=ret.state,
                     request_id=request_id, data={"line": line.pk, "units": units, "location": location_code})
        return records


def custody_current(ret) -> dict[int, list[CustodyRecord]]:
    """Line id → the latest record of each of its units, by unit."""
    latest: dict[tuple[int, int], CustodyRecord] = {}
    for record in CustodyRecord.objects.filter(line__request=ret).select_related("actor").order_by("created_at", "id"):
        latest[(record.line_id, record.unit_index)] = record
    by_line: dict[int, list[CustodyRecord]] = {}
    for (line_id, _unit), record in sorted(latest.items()):
        by_line.setdefault(line_id, []).append(record)
    return by_line


def custody_history(line):
    return CustodyRecord.objects.filter(line=line).select_related("actor").order_by("-created_at", "-id")
