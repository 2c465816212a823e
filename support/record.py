"""Everything known about one return, gathered once for the detail page and the evidence pack.

Reads only: lines with their inspection results (grade, disposition, checklist, serials, holds,
who inspected), photos, the audit trail with readable labels, and the Odoo postings.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from inspection import checklists
from inspection.holds import line_inspectors
from inspection.models import HoldKind, Photo
from returns.choices import ReturnStatus
from returns.models import ReasonCode, ReturnEvent

from returns.decisions import DecisionReason

ACTION_LABELS = {
    "create": _("Request created"),
    "auto_review": _("Automatic policy review"),
    "approve": _("Exception approved"),
    "reject": _("Request rejected"),
    "cancel": _("Cancelled"),
    "expire": _("Expired"),
    "mark_shipped": _("Shipped"),
    "receive": _("Received at the warehouse"),
    "start_inspection": _("Inspection started"),
    "complete_inspection": _("Inspection completed"),
    "request_refund_approval": _("Refund proposed for approval"),
    "release_refund": _("Refund released"),
    "approve_refund": _("Refund approved by finance"),
    "reject_refund_proposal": _("Refund proposal rejected by finance"),
    "send_back_refund_proposal": _("Refund proposal sent back to the agent"),
    "withdraw_refund_proposal": _("Refund proposal withdrawn"),
    "carrier_claim_opened": _("Carrier claim opened"),
    "carrier_claim_resolved": _("Carrier claim resolved"),
    "mark_refunded": _("Refunded (confirmed by Odoo)"),
    "close": _("Closed"),
    "line_inspected": _("Line inspected"),
    "line_hold": _("Line put on hold"),
    "line_hold_approved": _("Hold approved"),
    "line_hold_rejected": _("Hold rejected: inspect again"),
    "note": _("Note"),
    "refund_method_changed": _("Refund method changed"),
    "refund_recalculated": _("Refund recalculated"),
    "posting_retry": _("Odoo posting retried"),
    "evidence_pack": _("Evidence pack downloaded"),
    "discrepancy_resolved": _("Receipt mismatch resolved"),
    "parcel_matched": _("Unidentified parcel matched"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action.replace("_", " ").capitalize()))


def reason_label(code: str, reasons: dict | None = None) -> str:
    """A decision reason, a hold kind or a customer's reason code, as people read it."""
    if not code:
        return ""
    if code in DecisionReason.values:
        return str(DecisionReason(code).label)
    if code in HoldKind.values:
        return str(HoldKind(code).label)
    return (reasons or {}).get(code, code)


def rule_label(rule: str) -> str:
    return rule.replace("_", " ").capitalize()


def state_label(state: str) -> str:
    return str(ReturnStatus(state).label) if state in ReturnStatus.values else state


def person(user) -> str:
    if user is None:
        return str(_("(automatic)"))
    return user.get_full_name() or user.get_username()


@dataclass
class LineRecord:
    line: object
    inspectors: list[str]
    checklist: list[tuple[str, str]]  # (label, "yes" / "no" / "") per item of the product's checklist
    checklist_answered: bool
    units: list[dict]  # serialized units: index, serial, grade, checklist failures
    shipped_serials: list[str]
    holds: list
    photos: list
    inspected_at: object = None


@dataclass
class ReturnRecord:
    ret: object
    lines: list[LineRecord]
    events: list[dict]
    photos: list  # every photo of the return, lines' included
    postings: list
    discrepancies: list = field(default_factory=list)


def _checklist(line, answers: dict) -> list[tuple[str, str]]:
    return [(str(item.label), answers.get(item.code, "")) for item in checklists.checklist_for(line.product)]


def _line_record(line, photos, users, inspector_ids, inspected_at) -> LineRecord:
    records = list(line.unit_inspections.all())
    whole = next((r for r in records if r.unit_index == 0), None)
    units = [{"index": r.unit_index, "serial": r.serial_number, "grade": r.grade, "note": r.note,
              "failed": [str(i.label) for i in checklists.failed(line.product, r.checklist)]}
             for r in records if r.unit_index > 0]
    inspectors = sorted(person(users[pk]) for pk in inspector_ids if pk in users)
    return LineRecord(
        line=line, inspectors=inspectors, checklist=_checklist(line, whole.checklist if whole else {}),
        checklist_answered=bool(whole and whole.checklist),
        units=units, shipped_serials=list(line.order_line.serial_numbers or []) if line.order_line else [],
        holds=list(line.holds.all()), photos=[p for p in photos if p.line_id == line.pk],
        inspected_at=inspected_at.get(line.pk),
    )


def _event_row(event, reasons) -> dict:
    data = event.data or {}
    return {
        "event": event, "label": action_label(event.action), "actor": person(event.actor),
        "reason": reason_label(event.reason, reasons), "is_note": event.action == "note",
        "from_label": state_label(event.from_state), "to_label": state_label(event.to_state),
        "is_transition": bool(event.from_state != event.to_state and event.to_state),
        "line": data.get("line"), "details": _details(event.action, data),
    }


def _details(action, data) -> str:
    if action == "line_inspected" and isinstance(data.get("after"), dict):
        after = data["after"]
        return str(_("grade %(grade)s, %(disposition)s, %(n)s accepted") % {
            "grade": after.get("grade") or "-", "disposition": after.get("disposition") or "-",
            "n": after.get("quantity_accepted", "-")})
    if action == "mark_shipped":
        return " ".join(filter(None, [data.get("carrier"), data.get("tracking_number")]))
    if action == "refund_method_changed":
        return f"{data.get('before', '')} → {data.get('after', '')}"
    return ""


def build(ret) -> ReturnRecord:
    lines = list(ret.lines.select_related("product__category", "order_line", "reason")
                 .prefetch_related("unit_inspections", "holds__decided_by", "holds__created_by"))
    photos = list(Photo.objects.filter(return_request=ret).select_related("uploaded_by").order_by("created_at", "id"))
    events = list(ReturnEvent.objects.filter(return_request=ret).select_related("actor").order_by("created_at", "id"))
    reasons = dict(ReasonCode.objects.values_list("code", "label"))
    inspectors = {line.pk: line_inspectors(line, events) for line in lines}  # from what is read above
    wanted = {e.actor_id for e in events} | {p.uploaded_by_id for p in photos}
    wanted |= {pk for ids in inspectors.values() for pk in ids}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=wanted - {None})}
    inspected_at = {}
    for event in events:
        if event.action == "line_inspected" and (event.data or {}).get("line"):
            inspected_at[event.data["line"]] = event.created_at
    return ReturnRecord(
        ret=ret, lines=[_line_record(line, photos, users, inspectors[line.pk], inspected_at) for line in lines],
        events=[_event_row(e, reasons) for e in events], photos=photos,
        postings=list(ret.postings.order_by("created_at", "id")),
        discrepancies=list(ret.discrepancies.select_related("product", "created_by", "resolved_by")),
    )
