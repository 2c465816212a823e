"""What the guided grading and license plate screens show, so their views stay thin."""
from django.utils.translation import gettext as _

from returns.choices import ConditionGrade, Disposition

from .custody import custody_history
from .grading import graded_units, photo_still_needed, suggested_disposition, unit_walk
from .lpn import put_away_units, sort_instruction, unit_location
from .models import HoldStatus, LicensePlate, PhotoKind, UnitInspection
from .presenters import claim_context, photo_rows
from .services import evidence_photo_count


def next_unit(line, records) -> int:
    """The first unit still to grade (or to scan), else the last one."""
    units = graded_units(line)
    for unit in units:
        record = records.get(unit)
        _tree, result = unit_walk(line, record)
        if record is None or result is None or not result.finished or (unit and not record.serial_number):
            return unit
    return units[-1]


def guided_context(ret, line, user, unit=None, **extra) -> dict:
    records = {r.unit_index: r for r in UnitInspection.objects.filter(line=line)}
    units = graded_units(line)
    unit = unit if unit in units else next_unit(line, records)
    record = records.get(unit)
    tree, result = unit_walk(line, record)
    grade, suggested = suggested_disposition(line)
    step = "question"
    if record is not None and unit and not record.serial_number:
        step = "serial"
    elif result is not None and result.finished:
        step = "result"
    all_graded = bool(suggested)
    return {
        "ret": ret, "line": line, **claim_context(ret, user),
        "unit": unit, "units": units, "record": record, "tree": tree, "walk": result, "step": step,
        "answered": [(tree.definition["questions"][qid]["text"], answer["label"]) for qid, answer in result.steps]
        if result else [],
        "all_graded": all_graded, "grade": grade, "grade_label": ConditionGrade(grade).label if grade else "",
        "suggested": suggested, "suggested_label": Disposition(suggested).label if suggested else "",
        "other_dispositions": [(v, label) for v, label in Disposition.choices if v != suggested],
        "photo_needed": all_graded and photo_still_needed(line),
        "photo_count": evidence_photo_count(line),
        "photos": photo_rows(line.photos.filter(kind=PhotoKind.INSPECTION)),
        "line_record": records.get(0),
        "open_holds": list(line.holds.filter(status=HoldStatus.OPEN)),
        **extra,
    }


def plate_context(plate, user, **extra) -> dict:
    line = plate.line
    ret = line.request
    plates = list(LicensePlate.objects.filter(line=line))
    done = put_away_units(line)
    location = unit_location(plate)
    pending = [p for p in plates if p.unit_index not in done]
    return {
        "ret": ret, "line": line, "plate": plate, "plates": plates, "put_away": done,
        "instruction": sort_instruction(line), "location": location,
        "is_put_away": plate.unit_index in done,
        "next_plate": next((p for p in pending if p.pk != plate.pk), None),
        "custody": [c for c in custody_history(line) if c.unit_index == plate.unit_index][:8],
        "status_text": _("On hold for support: %(reason)s") % {"reason": line.hold_reason} if line.hold_reason else "",
        **extra,
    }
