"""Guided grading: one answer at a time, saved like every other inspection step.

Each answer is a step of the unit's inspection (UnitInspection): the return is locked, the claim
and the form's version are checked (a stale tablet is refused, nothing is overwritten), the answer
is appended to the unit's path and the grade follows from the tree. The first answer pins the tree
version the unit is graded with, so an admin's later edit never changes a finished inspection.
The decision takes the suggested disposition with one tap; choosing another needs a reason, and the
existing rules (inspection.services) turn it into a hold for support where policy requires one.
"""
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from returns.choices import Disposition
from returns.errors import InvalidReturnRequest
from returns.services.audit import audit_record

from .errors import StaleForm
from .grading_tree import consistent_path, find_answer, tree_for, walk
from .holds import sync_hold_reason
from .lpn import assign_plates
from .models import HoldKind, HoldStatus, UnitInspection
from .serials import normalize_serial
from .services import GRADE_ORDER, check_version, evidence_photo_count
from .workflow import _locked, line_decide, unit_indexes

REASON_MAX = 500


def graded_units(line) -> list[int]:
    return [u for u in unit_indexes(line) if u > 0] or [0]


def unit_walk(line, record):
    """Where this unit's grading stands: the pinned tree, or the one a first answer would use."""
    tree = record.grading_tree if record and record.grading_tree_id else tree_for(line.product)
    if tree is None:
        return None, None
    return tree, walk(tree.definition, record.grading_path if record else [])


def suggested_disposition(line) -> tuple[str, str]:
    """(worst grade, the disposition its answers lead to); ("", "") until every unit is graded."""
    worst = ("", "")
    for record in UnitInspection.objects.filter(line=line, unit_index__in=graded_units(line)):
        _tree, result = unit_walk(line, record)
        if result is None or not result.finished:
            return "", ""
        if not worst[0] or GRADE_ORDER.index(result.grade) > GRADE_ORDER.index(worst[0]):
            worst = (result.grade, result.disposition)
    return worst


def photo_still_needed(line) -> bool:
    needed = False
    for record in UnitInspection.objects.filter(line=line, unit_index__in=graded_units(line)):
        _tree, result = unit_walk(line, record)
        needed |= bool(result and result.require_photo)
    return needed and evidence_photo_count(line) == 0


def _locked_record(line, unit_index):
    record = UnitInspection.objects.select_for_update().filter(line=line, unit_index=unit_index).first()
    if record is None or unit_index not in graded_units(line):
        raise InvalidReturnRequest(_("This unit is not part of the inspection; reload the page."))
    return record


def _clear_disposition(line, record) -> bool:
    """A changed grade voids the disposition it was based on (as inspection.workflow does for the checklist)."""
    if not line.disposition:
        return False
    line.disposition, line.quantity_accepted = "", 0
    line.save(update_fields=["disposition", "quantity_accepted"])
    line.holds.filter(status=HoldStatus.OPEN, kind__in=[HoldKind.HIGH_VALUE, HoldKind.OVERRIDE]).update(
        status=HoldStatus.WITHDRAWN)
    sync_hold_reason(line)
    UnitInspection.objects.filter(line=line, unit_index=0).exclude(pk=record.pk).update(version=F("version") + 1)
    return True


def _save_path(ret, line, record, tree, path, actor, request_id) -> bool:
    result = walk(tree.definition, path)
    changes = {"grading_tree": tree.pk, "grading_path": path, "grade": result.grade}
    record.grading_tree, record.grading_path, record.grade = tree, path, result.grade
    grade_changed = record.grade != UnitInspection.objects.get(pk=record.pk).grade
    record.version, record.updated_by, record.updated_at = record.version + 1, actor, timezone.now()
    record.save()
    audit_record(request=ret, actor=actor, action="inspection_step_saved", from_state=ret.state, to_state=ret.state,
                 request_id=request_id, data={"line": line.pk, "unit": record.unit_index, "changes": changes,
                                              "tree_version": tree.version})
    return _clear_disposition(line, record) if grade_changed else False


def grading_answer(*, line_id, unit_index, actor, expected_version, question, answer, serial="", request_id=""):
    """Record the answer to the unit's open question. Returns (record, disposition_cleared)."""
    with transaction.atomic():
        ret, line = _locked(line_id, actor)
        record = _locked_record(line, unit_index)
        tree, result = unit_walk(line, record)
        if tree is None:
            raise InvalidReturnRequest(_("This product has no grading questions; use the checklist."))
        if (question, answer) in [(qid, a["code"]) for qid, a in result.steps]:
            return record, False  # a resend of an answer already saved: nothing to overwrite
        check_version(record, expected_version)
        if question != result.question_id:
            raise StaleForm(_("This question was already answered on another screen. Nothing was saved: reload "
                              "to see the latest answers."), details={"version": record.version})
        chosen = find_answer(result.question, answer)
        if chosen is None:
            raise InvalidReturnRequest(_("Choose one of the answers shown."))
        step = {"question": question, "answer": answer}
        if chosen.get("require_serial"):
            if record.unit_index and not record.serial_number:
                raise InvalidReturnRequest(_("Scan the unit's serial number first."))
            serial = normalize_serial(serial or "")[:100]
            if not record.unit_index and not serial:
                raise InvalidReturnRequest(_("This answer needs the serial number: scan it, then answer again."))
            if serial:
                step["serial"] = serial
        path = consistent_path(tree.definition, record.grading_path) + [step]
        return record, _save_path(ret, line, record, tree, path, actor, request_id)


def grading_back(*, line_id, unit_index, actor, expected_version, request_id=""):
    """Take back the unit's last answer (a mistap), which also voids a grade it led to."""
    with transaction.atomic():
        ret, line = _locked(line_id, actor)
        record = _locked_record(line, unit_index)
        check_version(record, expected_version)
        tree, _result = unit_walk(line, record)
        if tree is None or not record.grading_path:
            return record, False
        path = consistent_path(tree.definition, record.grading_path)[:-1]
        return record, _save_path(ret, line, record, tree, path, actor, request_id)


def accept_default(line) -> int:
    # Units beyond what the customer returned are never accepted here (see services.check_accepted).
    return min(line.quantity_received, line.quantity_requested)


def grading_decide(*, line_id, actor, expected_version, disposition="", override_reason="", request_id=""):
    """Save the line's disposition: the suggested one, or another with a reason; then every unit gets its plate."""
    override_reason = (override_reason or "").strip()[:REASON_MAX]
    with transaction.atomic():
        _ret, line = _locked(line_id, actor)
        grade, suggested = suggested_disposition(line)
        if not suggested:
            raise InvalidReturnRequest(_("Answer the grading questions first."))
        chosen = disposition or suggested
        if chosen != suggested and not override_reason:
            raise InvalidReturnRequest(_("Say why the item should not go to %(suggested)s.") % {
                "suggested": Disposition(suggested).label}, details={"field": "override_reason"})
        if photo_still_needed(line):
            raise InvalidReturnRequest(_("The answers call for a photo of the item: take one, then save again."),
                                       details={"field": "photo"})
        line = line_decide(line_id=line.pk, actor=actor, disposition=chosen, quantity_accepted=accept_default(line),
                           override_reason=override_reason if chosen != suggested else "",
                           note=_("Guided grading: grade %(grade)s") % {"grade": grade},
                           expected_version=expected_version, request_id=request_id)
        plates = assign_plates(line, actor)
        return line, plates
