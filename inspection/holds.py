"""Holds: a line waits for a support decision before its disposition counts.

`line_hold` is raised by the inspection rules (serial mismatch, high value) or by an inspector
asking for an exception; `line_hold_release` is the support agent's decision. Segregation of
duties: whoever inspected a line cannot decide on its hold.
"""
from typing import NamedTuple

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.choices import ReturnStatus
from returns.decisions import NEGATIVE, POSITIVE
from returns.errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied
from returns.models import ReturnEvent, ReturnLine
from returns.services.audit import audit_record
from returns.services.transitions import lock_return

from .models import HoldKind, HoldStatus, LineHold, UnitInspection
from .serials import unknown_serials

HOLD_STATES = (ReturnStatus.RECEIVED, ReturnStatus.INSPECTING)
# Audit actions that make someone an inspector of a line (see `line_inspectors`).
INSPECTION_ACTIONS = ("line_inspected", "inspection_step_saved", "inspection_photo_added")
DECISIONS = ("approve", "reject")
HOLD_ACTIONS = {"approve": "line_hold_approved", "reject": "line_hold_rejected"}


class HoldRule(NamedTuple):
    reasons: tuple  # the reason codes that fit the decision
    note_required: bool  # a rejection says what to redo


HOLD_RULES = {"approve": HoldRule(POSITIVE, False), "reject": HoldRule(NEGATIVE, True)}


def sync_hold_reason(line) -> None:
    reasons = [hold.reason for hold in line.holds.filter(status=HoldStatus.OPEN)]
    line.hold_reason = "; ".join(reasons)[:200]
    line.save(update_fields=["hold_reason"])


def _locked_line(line_id):
    line = ReturnLine.objects.filter(pk=line_id).only("request_id").first()
    if line is None:
        raise InvalidReturnRequest(_("This return line does not exist."))
    ret = lock_return(line.request_id)
    locked = ReturnLine.objects.select_for_update(of=("self",)).select_related("product", "order_line")
    return ret, locked.get(pk=line_id)


def open_holds(line):
    return list(line.holds.filter(status=HoldStatus.OPEN))


def approved_covers(line, kind) -> list[dict]:
    return list(line.holds.filter(kind=kind, status=HoldStatus.APPROVED).values_list("covers", flat=True))


def decision_snapshot(line) -> dict:
    return {"grade": line.grade, "disposition": line.disposition, "quantity_accepted": line.quantity_accepted}


def line_inspectors(line, events=None) -> set[int]:
    """Everyone who did inspection work on this line: saved a step, a photo or a decision, or asked for a hold.

    A page that already holds the return's audit trail (`events`) and the line with its unit records
    and holds prefetched gets the answer without a query; otherwise three small ones."""
    if events is not None:
        actors = {e.actor_id for e in events
                  if e.action in INSPECTION_ACTIONS and (e.data or {}).get("line") == line.pk}
    else:
        actors = set(ReturnEvent.objects.filter(return_request_id=line.request_id, action__in=INSPECTION_ACTIONS,
                                                data__line=line.pk).values_list("actor_id", flat=True))
    prefetched = getattr(line, "_prefetched_objects_cache", {})
    if "unit_inspections" in prefetched:
        actors |= {record.updated_by_id for record in line.unit_inspections.all()}
    else:
        actors |= set(UnitInspection.objects.filter(line=line).values_list("updated_by_id", flat=True))
    # Whoever put the line on hold is asking for the exception, so may not grant it either.
    if "holds" in prefetched:
        actors |= {hold.created_by_id for hold in line.holds.all()}
    else:
        actors |= set(line.holds.values_list("created_by_id", flat=True))
    return actors - {None}


def hold_within(ret, line, *, actor, reason, kind, covers=None, request_id="") -> LineHold:
    """Open a hold inside the caller's transaction (return and line locked). Idempotent per kind."""
    if kind not in HoldKind.values:
        raise InvalidReturnRequest(_("'%(kind)s' is not a kind of hold.") % {"kind": kind})
    reason = (reason or "").strip()
    if not reason:
        raise InvalidReturnRequest(_("Say why the line is held."))
    hold = line.holds.filter(kind=kind, status=HoldStatus.OPEN).first()
    if hold is not None:
        return hold
    hold = LineHold.objects.create(line=line, kind=kind, reason=reason[:200], covers=covers or {},
                                   created_by=actor if actor.is_authenticated else None)
    sync_hold_reason(line)
    audit_record(request=ret, actor=actor, action="line_hold", from_state=ret.state, to_state=ret.state,
                 reason=kind, note=reason, request_id=request_id,
                 data={"line": line.pk, "hold": hold.pk, "kind": kind})
    return hold


def line_hold(*, line_id, actor, reason, kind, request_id="") -> LineHold:
    """Put a line on hold for support; its disposition does not count until support approves."""
    if not (actor.has_perm(perm.PERM_INSPECT) or actor.has_perm(perm.PERM_REVIEW)):
        raise ReturnPermissionDenied(_("Only inspectors and support agents can put a line on hold."))
    with transaction.atomic():
        ret, line = _locked_line(line_id)
        if ret.state not in HOLD_STATES:
            raise IllegalTransition(_("Only lines of a received return can be held (%(rma)s is %(state)s).") % {
                "rma": ret.rma_number, "state": ret.get_state_display().lower()})
        return hold_within(ret, line, actor=actor, reason=reason, kind=kind, request_id=request_id)


def _covers_for(hold, line) -> dict:
    if hold.kind == HoldKind.SERIAL_MISMATCH:
        return {"serials": unknown_serials(line)}
    return decision_snapshot(line)


def line_hold_release(*, line_id, actor, decision, reason="", note="", request_id="") -> ReturnLine:
    """Support decides on a held line.

    approve: the holds close and the line's disposition counts. reject: the disposition is
    cleared and the inspector inspects the line again. Either way, not by its own inspector.
    """
    if not actor.has_perm(perm.PERM_REVIEW):
        raise ReturnPermissionDenied(_("Only support agents can decide on a held line."))
    if decision not in DECISIONS:
        raise InvalidReturnRequest(_("The decision must be approve or reject."))
    if decision == "reject" and not (reason or note).strip():
        raise InvalidReturnRequest(_("Say why the inspection is rejected, so that the inspector knows what to redo."))
    with transaction.atomic():
        ret, line = _locked_line(line_id)
        if ret.state not in HOLD_STATES:
            raise IllegalTransition(_("%(rma)s is %(state)s; its holds can no longer be decided.") % {
                "rma": ret.rma_number, "state": ret.get_state_display().lower()})
        holds = open_holds(line)
        if not holds:
            raise InvalidReturnRequest(_("This line is not on hold."))
        if actor.pk in line_inspectors(line):
            raise ReturnPermissionDenied(_(
                "You inspected this line yourself, so another support agent must decide on its hold "
                "(segregation of duties)."))
        now = timezone.now()
        before = decision_snapshot(line)
        for hold in holds:
            hold.status = HoldStatus.APPROVED if decision == "approve" else HoldStatus.REJECTED
            hold.covers = _covers_for(hold, line) if decision == "approve" else hold.covers
            hold.decided_by, hold.decided_at, hold.decision_note = actor, now, (note or reason).strip()
            hold.save(update_fields=["status", "covers", "decided_by", "decided_at", "decision_note"])
        line.hold_reason = ""
        if decision == "reject":
            line.disposition, line.quantity_accepted = "", 0
        line.save(update_fields=["hold_reason", "disposition", "quantity_accepted"])
        # Forms the inspector opened before this decision are now stale.
        UnitInspection.objects.filter(line=line, unit_index=0).update(version=F("version") + 1)
        audit_record(request=ret, actor=actor, action=HOLD_ACTIONS[decision], from_state=ret.state,
                     to_state=ret.state, reason=reason, note=note, request_id=request_id,
                     data={"line": line.pk, "holds": [h.pk for h in holds], "kinds": [h.kind for h in holds],
                           "decision": decision, "before": before, "after": decision_snapshot(line)})
        return line
