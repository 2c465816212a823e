"""The customer's view of a return's history, built from the audit trail.

Only customer-visible steps are shown; internal steps (inspection started, refund approvals, notes)
and agents' notes stay hidden. Each audit event maps to at most one step.
"""
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from returns.choices import ReturnStatus as S
from returns.models import DisputeKind

from .recorded import recorded_lines, shortfall_sentences
from .refund_display import customer_refund, refund_sentence


@dataclass(frozen=True)
class Step:
    when: datetime
    title: str
    detail: str = ""
    tone: str = "info"  # info | ok | bad: only a visual hint, the title carries the meaning


def _auto_review(event, ret):
    if event.to_state == S.AUTHORIZED:
        return Step(event.created_at, _("Return authorized"), _("You can send the parcel."), "ok")
    if event.to_state == S.PENDING_APPROVAL:
        return Step(event.created_at, _("Waiting for approval"),
                    _("A member of our team is checking your request."))
    if event.to_state == S.REJECTED:
        return Step(event.created_at, _("Request not accepted"), "", "bad")
    return None


def _shipped(event, ret):
    data = event.data or {}
    detail = ""
    if data.get("carrier") or data.get("tracking_number"):
        detail = _("%(carrier)s, tracking number %(tracking)s") % {
            "carrier": data.get("carrier", ""), "tracking": data.get("tracking_number", "")}
    return Step(event.created_at, _("Parcel sent"), detail)


def _refunded(event, ret, refund=None):
    """The amount released for this return (its frozen refund), not a figure recalculated since."""
    if refund is None:
        refund = customer_refund(ret)
    return Step(event.created_at, _("Refund issued"), refund_sentence(refund), "ok")


def _items(rows, quantity) -> str:
    return ", ".join(f"{quantity(row)} × {row.name}" for row in rows if quantity(row))


def _received(event, ret, rows):
    """What was found in the parcel, and what was not, said plainly."""
    found = _items(rows, lambda row: row.received)
    detail = _("Found in your parcel: %(items)s.") % {"items": found} if found else ""
    return Step(event.created_at, _("Parcel received at our warehouse"),
                " ".join(filter(None, [detail, *shortfall_sentences(rows)])), "bad" if any(r.missing for r in rows)
                else "info")


def _inspected(event, ret, rows):
    accepted = _items(rows, lambda row: row.accepted)
    refused = [row.not_accepted for row in rows if row.not_accepted]
    detail = _("Accepted: %(items)s.") % {"items": accepted} if accepted else _("No item was accepted.")
    return Step(event.created_at, _("Items inspected"), " ".join([detail, *refused]))


def _dispute_opened(event, ret):
    kind = DisputeKind(event.reason).label if event.reason in DisputeKind.values else ""
    return Step(event.created_at, _("You disputed: %(what)s") % {"what": str(kind).lower()} if kind
                else _("You disputed this return"), _("Your message: %(message)s") % {"message": event.note})


def _dispute_resolved(event, ret):
    return Step(event.created_at, _("Our answer to your dispute"), event.note, "ok")


# Steps that describe what was recorded need the recorded quantities, computed once per timeline.
WITH_ROWS = {"receive": _received, "complete_inspection": _inspected}

STEPS = {
    "create": lambda e, r: Step(e.created_at, _("Return requested"),
                                (_("Your message: %(message)s") % {"message": e.note}) if r.exception_message else ""),
    "auto_review": _auto_review,
    "approve": lambda e, r: Step(e.created_at, _("Return approved"), _("You can send the parcel."), "ok"),
    "reject": lambda e, r: Step(e.created_at, _("Request not accepted"), "", "bad"),
    "mark_shipped": _shipped,
    "dispute_opened": _dispute_opened,
    "dispute_resolved": _dispute_resolved,
    "mark_refunded": _refunded,
    "close": lambda e, r: Step(e.created_at, _("Return closed")),
    "cancel": lambda e, r: Step(e.created_at, _("Return cancelled"), "", "bad"),
    "expire": lambda e, r: Step(e.created_at, _("Authorization expired"),
                                _("The parcel was not sent in time."), "bad"),
}


def customer_timeline(ret, refund=None) -> list[Step]:
    """`refund`: portal.refund_display.customer_refund(ret) when the caller has it already."""
    steps = []
    rows = None
    for event in ret.events.all().order_by("created_at", "id"):
        build = STEPS.get(event.action)
        if event.action in WITH_ROWS:
            rows = recorded_lines(ret) if rows is None else rows
            step = WITH_ROWS[event.action](event, ret, rows)
        elif build is _refunded:
            step = _refunded(event, ret, refund)
        else:
            step = build(event, ret) if build else None
        if step is not None:
            steps.append(step)
    return steps


# What the customer should do or expect now, per state.
def next_step(ret) -> str:
    messages = {
        S.REQUESTED: _("We are checking your request. You will get an e-mail when it is decided."),
        S.PENDING_APPROVAL: _("A member of our team is checking your request, usually within 2 working days. "
                              "Please do not send anything yet: you will get an e-mail with the decision."),
        S.AUTHORIZED: _("Print the return label, pack the items and drop the parcel off. Then tell us the "
                        "tracking number below."),
        S.IN_TRANSIT: _("Your parcel is on its way to us. We will e-mail you when it arrives."),
        S.RECEIVED: _("We have your parcel and will inspect the items soon."),
        S.INSPECTING: _("We are inspecting the items."),
        S.INSPECTED: _("The items are inspected; your refund is being prepared."),
        S.REFUND_PENDING_APPROVAL: _("Your refund is being prepared."),
        S.REFUND_APPROVED: _("Your refund has been released and will reach you in a few days."),
        S.REFUNDED: _("Your refund has been issued."),
        S.CLOSED: _("This return is complete."),
        S.CANCELLED: _("This return was cancelled. Nothing more will happen."),
        S.EXPIRED: _("The return label was not used in time. Look up your order to start a new return."),
        S.REJECTED: _("We could not accept this return. Contact customer service if you have questions."),
    }
    return messages.get(ret.state, "")
