"""License plates (LPNs) and sort instructions: each unit's identity from its disposition on.

At disposition every received unit of the line gets a plate (kept if the disposition is redone, so
a printed label stays valid). The screen then says where the unit goes, from a configurable map of
disposition → area and bin (`settings.RETURNFLOW_SORT_LOCATIONS`); scanning that bin puts the unit
away, and every later move is made by scanning the plate. Both are custody records (append-only).
"""
import secrets
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.choices import ReturnStatus
from returns.errors import InvalidReturnRequest, ReturnPermissionDenied
from returns.services.audit import audit_record
from returns.services.transitions import lock_return

from .custody import custody_put
from .models import CustodyRecord, LicensePlate
from .totes import clean_tote

PLATE_PREFIX = "LP"
PLATE_DIGITS = 10
# disposition (or "hold") → (area shown in large letters, bin to scan, colour of the instruction)
DEFAULT_SORT_LOCATIONS = {
    "restock": ("STOCK", "BIN-S-01", "green"),
    "refurbish": ("REFURB", "BIN-R-12", "blue"),
    "vendor_return": ("VENDOR RETURN", "BIN-V-03", "purple"),
    "quarantine": ("QUARANTINE", "BIN-Q-01", "amber"),
    "liquidation": ("LIQUIDATION", "BIN-L-01", "slate"),
    "scrap": ("SCRAP", "BIN-X-01", "red"),
    "hold": ("HOLD", "BIN-H-01", "amber"),
}
CLOSED_STATES = (ReturnStatus.CANCELLED, ReturnStatus.EXPIRED, ReturnStatus.REJECTED)


class SortInstruction(NamedTuple):
    area: str
    bin: str
    colour: str


class WrongBin(InvalidReturnRequest):
    code = "wrong_bin"


def sort_locations() -> dict:
    return {**DEFAULT_SORT_LOCATIONS, **getattr(settings, "RETURNFLOW_SORT_LOCATIONS", {})}


def sort_instruction(line) -> SortInstruction | None:
    """Where the line's units go now: a held line waits on the hold shelf until support decides."""
    if not line.disposition:
        return None
    key = "hold" if line.hold_reason else line.disposition
    return SortInstruction(*sort_locations()[key])


def _new_code() -> str:
    return PLATE_PREFIX + "".join(secrets.choice("0123456789") for _i in range(PLATE_DIGITS))


def assign_plates(line, actor) -> list[LicensePlate]:
    """Inside the caller's transaction: one plate per received unit of the line (idempotent)."""
    return plates_for_lines([line], actor)[line.pk]


def plates_for_lines(lines, actor) -> dict[int, list[LicensePlate]]:
    """Inside the caller's transaction: one plate per received unit of each line (idempotent), as
    {line id: its plates by unit}. One read, one `INSERT … ON CONFLICT DO NOTHING` of what is missing and
    one read back, for all the lines at once (a plate with its own savepoint was four queries). A unit
    still missing after the insert lost its code to a collision (1 in 10^10) and draws again."""
    created_by = actor if actor.is_authenticated else None
    wanted = {(line.pk, unit) for line in lines for unit in range(1, line.quantity_received + 1)}
    found = {(p.line_id, p.unit_index): p for p in LicensePlate.objects.filter(line__in=lines)}
    for _draw in range(10):
        missing = sorted(wanted - found.keys())
        if not missing:
            break
        LicensePlate.objects.bulk_create([LicensePlate(code=_new_code(), line_id=line_id, unit_index=unit,
                                                       created_by=created_by) for line_id, unit in missing],
                                         ignore_conflicts=True)  # a unit a concurrent call just plated is kept
        found = {(p.line_id, p.unit_index): p for p in LicensePlate.objects.filter(line__in=lines)}
    if wanted - found.keys():
        raise IntegrityError("No free license plate code could be drawn.")
    plates = {line.pk: [] for line in lines}
    for (line_id, _unit), plate in sorted(found.items()):
        plates[line_id].append(plate)
    return plates


def plates_on_completion(step) -> None:
    """Subscriber of `complete_inspection`: lines disposed through the checklist or the API get their plates too."""
    plates_for_lines(list(step.request.lines.filter(quantity_received__gt=0).exclude(disposition="")), step.actor)


def plate_by_code(code) -> LicensePlate:
    plate = (LicensePlate.objects.select_related("line__product", "line__request")
             .filter(code=(code or "").strip().upper()).first())
    if plate is None:
        raise InvalidReturnRequest(_("'%(code)s' is not a license plate.") % {"code": (code or "")[:30]})
    return plate


def unit_location(plate) -> CustodyRecord | None:
    return (CustodyRecord.objects.filter(line=plate.line, unit_index=plate.unit_index)
            .order_by("-created_at", "-id").first())


def put_away_units(line) -> set[int]:
    """Units already put away in the bin of their current disposition (completion need not move them)."""
    instruction = sort_instruction(line)
    latest = {}
    for record in CustodyRecord.objects.filter(line=line).order_by("created_at", "id"):
        latest[record.unit_index] = record
    return {unit for unit, record in latest.items()
            if instruction and record.reason == "putaway" and record.location_code == instruction.bin}


def _require_floor_staff(actor):
    if not (actor.has_perm(perm.PERM_INSPECT) or actor.has_perm(perm.PERM_RECEIVE)):
        raise ReturnPermissionDenied(_("Only warehouse staff can move returned goods."))


def plate_scan_to(*, code, location_code, actor, request_id="") -> CustodyRecord:
    """Scan a plate's unit into a bin. Into the bin of its sort instruction it is the put-away, checked
    against the instruction (a wrong bin is refused, saying the right one); after the put-away any bin is a move."""
    _require_floor_staff(actor)
    location_code = clean_tote(location_code)
    with transaction.atomic():
        plate = plate_by_code(code)
        ret = lock_return(plate.line.request_id)
        line = plate.line.__class__.objects.get(pk=plate.line_id)
        if ret.state in CLOSED_STATES:
            raise InvalidReturnRequest(_("%(rma)s is %(state)s.") % {"rma": ret.rma_number,
                                                                   "state": ret.get_state_display().lower()})
        instruction = sort_instruction(line)
        if instruction is None:
            raise InvalidReturnRequest(_("This unit has no disposition yet; grade it first."))
        put_away = plate.unit_index in put_away_units(line)
        if not put_away and location_code != instruction.bin:
            raise WrongBin(_("Wrong bin: %(lpn)s goes to %(area)s · %(bin)s, not %(scanned)s.") % {
                "lpn": plate.code, "area": instruction.area, "bin": instruction.bin, "scanned": location_code},
                details={"expected": instruction.bin, "scanned": location_code})
        reason = "move" if put_away else "putaway"
        record, = custody_put(line=line, units=[plate.unit_index], location_code=location_code, actor=actor,
                              reason=reason)
        audit_record(request=ret, actor=actor, action="unit_put_away" if reason == "putaway" else "custody_moved",
                     from_state=ret.state, to_state=ret.state, request_id=request_id,
                     data={"line": line.pk, "units": [plate.unit_index], "lpn": plate.code,
                           "location": location_code})
        return record
