"""The tablet's inspection steps: open (claim and start), save answers one by one, decide, complete.

Every step locks the return, checks the claim (one inspector at a time) and, for saves, the
version the form was based on, so a reload, a dropped connection or a second inspector loses
nothing and overwrites nothing.
"""
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.choices import ConditionGrade, ReturnStatus
from returns.errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied, TransitionGuardFailed
from returns.models import ReturnLine
from returns.services.audit import audit_record
from returns.services.lifecycle import return_complete_inspection, return_start_inspection
from returns.services.transitions import lock_return

from . import checklists
from .claims import claim_release, claim_require
from .custody import DISPOSITION_LOCATIONS, custody_put
from .holds import sync_hold_reason
from .lpn import put_away_units
from .models import HoldKind, HoldStatus, UnitInspection
from .serials import normalize_serial
from .services import (check_accepted, check_version, line_record, return_line_inspect, serial_hold_check,
                       worst_grade)

OPENABLE_STATES = (ReturnStatus.RECEIVED, ReturnStatus.INSPECTING)
NOTE_MAX = 2000


def _require_inspector(actor):
    if not actor.has_perm(perm.PERM_INSPECT):
        raise ReturnPermissionDenied(_("Only inspectors can inspect returns."))


def unit_indexes(line) -> list[int]:
    """Unit 0 is the line; serialized products add one record per received unit."""
    return [0] + (list(range(1, line.quantity_received + 1)) if line.product.serialized else [])


def ensure_unit_records(line) -> None:
    existing = set(UnitInspection.objects.filter(line=line).values_list("unit_index", flat=True))
    UnitInspection.objects.bulk_create([UnitInspection(line=line, unit_index=unit)
                                        for unit in unit_indexes(line) if unit not in existing])


def inspection_open(*, return_id, actor, request_id=""):
    """Claim the return for `actor` and, the first time, start its inspection."""
    _require_inspector(actor)
    with transaction.atomic():
        ret = lock_return(return_id)
        if ret.state not in OPENABLE_STATES:
            raise IllegalTransition(_("%(rma)s is %(state)s; there is nothing to inspect.") % {
                "rma": ret.rma_number, "state": ret.get_state_display().lower()})
        claim_require(ret, actor)
        for line in ret.lines.select_related("product"):
            if line.quantity_received:
                ensure_unit_records(line)
        if ret.state == ReturnStatus.RECEIVED:
            ret = return_start_inspection(return_id=ret.pk, actor=actor, request_id=request_id)
        return ret


def _locked(line_id, actor):
    _require_inspector(actor)
    line = ReturnLine.objects.filter(pk=line_id).only("request_id").first()
    if line is None:
        raise InvalidReturnRequest(_("This return line does not exist."))
    ret = lock_return(line.request_id)
    if ret.state != ReturnStatus.INSPECTING:
        raise IllegalTransition(_("%(rma)s is not being inspected (it is %(state)s).") % {
            "rma": ret.rma_number, "state": ret.get_state_display().lower()})
    claim_require(ret, actor)
    line = (ReturnLine.objects.select_for_update(of=("self",))
            .select_related("product__category", "order_line", "request").get(pk=line_id))
    return ret, line


def _clean_step(line, record, *, checklist, grade, note, serial) -> dict:
    """The changed fields of a step, validated; {} when the form says what is already saved."""
    changes = {}
    if checklist is not None:
        answers = checklists.clean_answers(line.product, checklist)
        if answers != record.checklist:
            changes["checklist"] = answers
    if grade is not None:
        if grade and grade not in ConditionGrade.values:
            raise InvalidReturnRequest(_("'%(grade)s' is not a condition grade.") % {"grade": grade})
        if grade != record.grade:
            changes["grade"] = grade
    if note is not None and note.strip()[:NOTE_MAX] != record.note:
        changes["note"] = note.strip()[:NOTE_MAX]
    if serial is not None and record.unit_index > 0:
        serial = normalize_serial(serial)[:100]
        if serial and UnitInspection.objects.filter(line=line, serial_number=serial).exclude(pk=record.pk).exists():
            raise InvalidReturnRequest(_("Serial %(serial)s was already scanned for another unit of this item.")
                                       % {"serial": serial})
        if serial != record.serial_number:
            changes["serial_number"] = serial
    return changes


def unit_step_save(*, line_id, unit_index, actor, expected_version, checklist=None, grade=None, note=None,
                   serial=None, request_id=""):
    """Save one step of a unit's inspection (answers, grade, note, serial) against the version it was based on.

    Returns (record, disposition_cleared): changing what a disposition was based on clears the
    disposition, so the inspector confirms it again.
    """
    with transaction.atomic():
        ret, line = _locked(line_id, actor)
        record = UnitInspection.objects.select_for_update().filter(line=line, unit_index=unit_index).first()
        if record is None:
            raise InvalidReturnRequest(_("This unit is not part of the inspection; reload the page."))
        changes = _clean_step(line, record, checklist=checklist, grade=grade, note=note, serial=serial)
        if not changes:
            # Says exactly what is saved (e.g. a retry after a lost answer): nothing to overwrite.
            return record, False
        check_version(record, expected_version)
        for field, value in changes.items():
            setattr(record, field, value)
        record.version, record.updated_by, record.updated_at = record.version + 1, actor, timezone.now()
        record.save()
        audit_record(request=ret, actor=actor, action="inspection_step_saved", from_state=ret.state,
                     to_state=ret.state, request_id=request_id,
                     data={"line": line.pk, "unit": record.unit_index, "changes": changes})
        cleared = False
        if line.disposition and set(changes) - {"note"}:
            line.disposition, line.quantity_accepted = "", 0
            line.save(update_fields=["disposition", "quantity_accepted"])
            line.holds.filter(status=HoldStatus.OPEN, kind__in=[HoldKind.HIGH_VALUE, HoldKind.OVERRIDE]).update(
                status=HoldStatus.WITHDRAWN)
            sync_hold_reason(line)
            UnitInspection.objects.filter(line=line, unit_index=0).exclude(pk=record.pk).update(
                version=F("version") + 1)
            cleared = True
        if "serial_number" in changes:
            serial_hold_check(ret, line, actor, request_id)
        record.refresh_from_db()
        return record, cleared


def missing_steps(line) -> list[str]:
    """What still has to be done before a disposition can be chosen, in words for the inspector."""
    records = {r.unit_index: r for r in line.unit_inspections.all()}
    units = [u for u in unit_indexes(line) if u > 0] or [0]
    missing = []
    for unit in units:
        record = records.get(unit)
        prefix = _("Unit %(n)s: ") % {"n": unit} if unit else ""
        if record is None:
            missing.append(prefix + _("not opened yet"))
            continue
        if unit and not record.serial_number:
            missing.append(prefix + _("scan the serial number"))
        # A unit graded with the guided questions (inspection.grading) has no checklist to answer.
        open_items = [] if record.grading_tree_id else checklists.unanswered(line.product, record.checklist)
        if open_items:
            missing.append(prefix + _("answer %(items)s") % {"items": ", ".join(str(i.label) for i in open_items)})
        if not record.grade:
            missing.append(prefix + _("choose a grade"))
    return missing


def line_grade(line) -> str:
    units = [u for u in unit_indexes(line) if u > 0] or [0]
    return worst_grade(r.grade for r in line.unit_inspections.filter(unit_index__in=units))


def line_decide(*, line_id, actor, disposition, quantity_accepted, note="", override_reason="", expected_version=None,
                request_id=""):
    """Choose the line's disposition once every unit is checked and graded (the worst unit grade counts)."""
    with transaction.atomic():
        _ret, line = _locked(line_id, actor)
        check_version(line_record(line), expected_version)  # a stale form hears that first
        check_accepted(line, quantity_accepted)  # never more than received, nor than the customer returned
        missing = missing_steps(line)
        if missing:
            raise InvalidReturnRequest(_("Finish the checks first: %(steps)s.") % {"steps": "; ".join(missing)})
        return return_line_inspect(line_id=line.pk, actor=actor, grade=line_grade(line), disposition=disposition,
                                   quantity_accepted=quantity_accepted, note=note, request_id=request_id,
                                   override_reason=override_reason, expected_version=expected_version)


def blocking_lines(ret) -> list[str]:
    problems = []
    for line in ret.lines.select_related("product"):
        if not line.quantity_received:
            continue
        if line.hold_reason:
            problems.append(_("%(sku)s is on hold for support") % {"sku": line.product.sku})
        elif not line.disposition:
            problems.append(_("%(sku)s has no disposition yet") % {"sku": line.product.sku})
    return problems


def inspection_complete(*, return_id, actor, request_id=""):
    """Finish: every received line disposed with no hold; the units move on to their disposition."""
    _require_inspector(actor)
    with transaction.atomic():
        ret = lock_return(return_id)
        if ret.state != ReturnStatus.INSPECTING:
            raise IllegalTransition(_("%(rma)s is not being inspected (it is %(state)s).") % {
                "rma": ret.rma_number, "state": ret.get_state_display().lower()})
        claim_require(ret, actor)
        problems = blocking_lines(ret)
        if problems:
            raise TransitionGuardFailed(_("The inspection cannot be completed yet: %(list)s.")
                                        % {"list": "; ".join(problems)})
        ret = return_complete_inspection(return_id=ret.pk, actor=actor, request_id=request_id)
        for line in ret.lines.all():
            if line.quantity_received and line.disposition:
                # Units already scanned into their sort bin (inspection.lpn) stay where they were put.
                put_away = put_away_units(line)
                custody_put(line=line, units=[u for u in range(1, line.quantity_received + 1) if u not in put_away],
                            actor=actor,
                            location_code=DISPOSITION_LOCATIONS[line.disposition], reason="disposition")
        claim_release(ret)
        return ret
