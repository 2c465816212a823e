"""Recording the inspection of a return line: grade, accepted quantity and disposition.

The rules live here, so the tablet, the API and the demo data all obey them:
- the grade and disposition must be known values, and only grades A/B can be restocked
  (an inspector may ask support for an exception: an override hold);
- a grade below A needs at least one inspection photo of the line;
- grade A ("new, unopened") cannot be given to a line with a failed checklist answer;
- a serial that was never shipped to this customer, or a line worth more than the policy's
  approval threshold, puts the line on hold: the disposition counts only once support approves.
"""
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.choices import ConditionGrade, Disposition, ReturnStatus
from returns.errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied
from returns.models import ReturnLine
from returns.policy import policy_for
from returns.services.audit import audit_record
from returns.services.transitions import lock_return

from . import checklists
from .claims import claim_require
from .errors import DispositionNotAllowed, EvidenceRequired, StaleForm
from .holds import approved_covers, decision_snapshot, hold_within, sync_hold_reason
from .models import HoldKind, HoldStatus, PhotoKind, PhotoStatus, UnitInspection
from .serials import unknown_serials

RESTOCKABLE_GRADES = {ConditionGrade.A, ConditionGrade.B}
GRADE_ORDER = list(ConditionGrade.values)  # A best … F worst


def check_disposition_rules(*, grade: str, disposition: str, override: bool = False):
    if not disposition:
        raise InvalidReturnRequest(_("Choose what happens to the item (its disposition)."))
    if not grade:
        raise InvalidReturnRequest(_("Choose a condition grade first."))
    if grade not in ConditionGrade.values:
        raise InvalidReturnRequest(_("'%(grade)s' is not a condition grade.") % {"grade": grade})
    if disposition not in Disposition.values:
        raise InvalidReturnRequest(_("'%(value)s' is not a disposition.") % {"value": disposition})
    if disposition == Disposition.RESTOCK and grade not in RESTOCKABLE_GRADES and not override:
        raise DispositionNotAllowed(
            _("Only grade A or B items can be restocked; this one is grade %(grade)s. Choose another "
              "disposition, or ask support for an exception.") % {"grade": grade})


def worst_grade(grades) -> str:
    grades = [g for g in grades if g in GRADE_ORDER]
    return max(grades, key=GRADE_ORDER.index) if grades else ""


def line_value(line) -> Decimal:
    """What the received units were sold for, tax included (nothing for an unexpected product)."""
    if line.order_line is None:
        return Decimal("0")
    return line.order_line.unit_price_incl_tax * line.quantity_received


def value_threshold(line) -> Decimal:
    return policy_for(line.request.order, line.product).approval_value_threshold


class AcceptedBeyondReturned(IllegalTransition):
    """More units accepted than the customer returned: the extra ones wait for support (409)."""

    code = "accepted_beyond_returned"


def customer_photos_count_as_evidence() -> bool:
    """Policy: may the customer's own photos of the fault stand in for an inspection photo?"""
    return bool(settings.RETURNFLOW.get("CUSTOMER_PHOTOS_COUNT_AS_EVIDENCE"))


def inspection_photo_count(line) -> int:
    return line.photos.filter(kind=PhotoKind.INSPECTION).count()


def customer_evidence_photos(line):
    """The customer's photos of this line that count as evidence (none unless the policy says so)."""
    if not customer_photos_count_as_evidence():
        return line.photos.none()
    return line.photos.filter(kind=PhotoKind.CUSTOMER).exclude(status=PhotoStatus.FAILED)


def evidence_photo_count(line) -> int:
    return inspection_photo_count(line) + customer_evidence_photos(line).count()


def needs_photo(grade) -> bool:
    """Every grade below A needs photo evidence before a disposition is saved."""
    return bool(grade) and grade != ConditionGrade.A


def check_accepted(line, quantity_accepted) -> int:
    """Accepted never exceeds received (400), nor what the customer returned (409: support decides)."""
    try:
        quantity_accepted = int(quantity_accepted)
    except (TypeError, ValueError):
        raise InvalidReturnRequest(_("The accepted quantity must be a whole number.")) from None
    if not 0 <= quantity_accepted <= line.quantity_received:
        raise InvalidReturnRequest(_("Accepted quantity must be between 0 and the %(n)s received.")
                                   % {"n": line.quantity_received},
                                   details={"quantity_accepted": quantity_accepted, "received": line.quantity_received})
    if quantity_accepted > line.quantity_requested:
        raise AcceptedBeyondReturned(
            _("Only %(n)s unit(s) of this item were returned; units beyond that are a receiving discrepancy for "
              "support and cannot be accepted here.") % {"n": line.quantity_requested},
            details={"quantity_accepted": quantity_accepted, "returned": line.quantity_requested})
    return quantity_accepted


def line_record(line) -> UnitInspection:
    """The line-level record (unit 0), created on first use."""
    record, _created = UnitInspection.objects.get_or_create(line=line, unit_index=0)
    return record


def check_version(record, expected_version) -> None:
    if expected_version is not None and int(expected_version) != record.version:
        who = record.updated_by.get_full_name() or record.updated_by.get_username() if record.updated_by else ""
        raise StaleForm(
            _("This item was changed%(by)s after you opened it. Nothing was saved: reload to see the "
              "latest answers, then try again.") % {"by": _(" by %(name)s") % {"name": who} if who else ""},
            details={"version": record.version})


def _failed_checks(line) -> list[str]:
    failed = []
    for record in line.unit_inspections.all():
        failed += [str(item.label) for item in checklists.failed(line.product, record.checklist)]
    return failed


def _withdraw(line, kind) -> None:
    if line.holds.filter(kind=kind, status=HoldStatus.OPEN).update(status=HoldStatus.WITHDRAWN):
        sync_hold_reason(line)


def serial_hold_check(ret, line, actor, request_id=""):
    """Hold the line when a returned serial was never shipped to this customer (item swap)."""
    approvals = approved_covers(line, HoldKind.SERIAL_MISMATCH)
    covered = {serial for covers in approvals for serial in covers.get("serials", [])}
    suspicious = [serial for serial in unknown_serials(line) if serial not in covered]
    if not suspicious:
        _withdraw(line, HoldKind.SERIAL_MISMATCH)
        return None
    return hold_within(ret, line, actor=actor, kind=HoldKind.SERIAL_MISMATCH, request_id=request_id,
                       reason=_("Serial %(serials)s was never shipped to this customer.") % {
                           "serials": ", ".join(suspicious)})


def _decision_holds(ret, line, actor, *, override_reason, request_id):
    snapshot = decision_snapshot(line)
    value, threshold = line_value(line), value_threshold(line)
    if value > threshold and snapshot not in approved_covers(line, HoldKind.HIGH_VALUE):
        hold_within(ret, line, actor=actor, kind=HoldKind.HIGH_VALUE, request_id=request_id,
                    reason=_("High value: %(value)s %(currency)s is above the %(threshold)s approval limit.") % {
                        "value": value, "currency": ret.order.currency, "threshold": threshold})
    needs_override = line.disposition == Disposition.RESTOCK and line.grade not in RESTOCKABLE_GRADES
    if not needs_override:
        _withdraw(line, HoldKind.OVERRIDE)
    elif snapshot not in approved_covers(line, HoldKind.OVERRIDE):
        hold_within(ret, line, actor=actor, kind=HoldKind.OVERRIDE, request_id=request_id,
                    reason=_("Restock of a grade %(grade)s item: %(why)s") % {"grade": line.grade,
                                                                              "why": override_reason.strip()})
    serial_hold_check(ret, line, actor, request_id)


def return_line_inspect(*, line_id, actor, grade, disposition, quantity_accepted, note="", request_id="",
                        override_reason="", expected_version=None):
    """Record one line's inspection on a return that is being inspected.

    Returns the line; `line.hold_reason` is set when the decision waits for support.
    """
    with transaction.atomic():
        line = ReturnLine.objects.filter(pk=line_id).only("request_id").first()
        if line is None:
            raise InvalidReturnRequest(_("This return line does not exist."))
        ret = lock_return(line.request_id)
        if not actor.has_perm(perm.PERM_INSPECT):
            raise ReturnPermissionDenied(_("Only inspectors can record inspections."))
        if ret.state != ReturnStatus.INSPECTING:
            raise IllegalTransition(_("%(rma)s is not being inspected (it is %(state)s).") % {
                "rma": ret.rma_number, "state": ret.get_state_display().lower()})
        claim_require(ret, actor)
        line = (ReturnLine.objects.select_for_update(of=("self",))
                .select_related("product", "order_line", "request").get(pk=line_id))
        record = line_record(line)
        check_version(record, expected_version)
        override_reason = (override_reason or "").strip()
        check_disposition_rules(grade=grade, disposition=disposition, override=bool(override_reason))
        if needs_photo(grade) and evidence_photo_count(line) == 0:
            raise EvidenceRequired(_("A grade %(grade)s item needs at least one photo as evidence. Take a photo "
                                     "of it, then save the disposition again.") % {"grade": grade},
                                   details={"grade": grade, "photos": 0})
        failed = _failed_checks(line)
        if grade == ConditionGrade.A and failed:
            raise DispositionNotAllowed(_("Grade A means new and unopened, but these checks failed: %(items)s.")
                                        % {"items": ", ".join(failed)})
        quantity_accepted = check_accepted(line, quantity_accepted)
        before = decision_snapshot(line)
        line.grade, line.disposition, line.quantity_accepted = grade, disposition, quantity_accepted
        line.save(update_fields=["grade", "disposition", "quantity_accepted"])
        UnitInspection.objects.filter(pk=record.pk).update(version=F("version") + 1, updated_by=actor,
                                                                  updated_at=timezone.now())
        audit_record(request=ret, actor=actor, action="line_inspected", from_state=ret.state, to_state=ret.state,
                     note=note, request_id=request_id,
                     data={"line": line.pk, "before": before, "after": decision_snapshot(line),
                           "override_reason": override_reason})
        _decision_holds(ret, line, actor, override_reason=override_reason, request_id=request_id)
        line.refresh_from_db()
        return line
