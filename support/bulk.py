"""Bulk actions on selected queue rows: approve, reject (one reason for all), assign, export.

Each item goes through the same service as a single decision, in its own transaction: it gets its
own audit record, the work lock and the lifecycle's checks apply to it alone, and one refusal
never undoes or blocks the others. The result says, per item, what was done or why not.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.decisions import reason_problems
from returns.errors import ReturnsError
from returns.models import ReturnRequest

from . import assignment
from .actions import DECISIONS

MAX_ITEMS = 200
DECISION_ACTIONS = ("approve", "reject")
ACTIONS = DECISION_ACTIONS + ("assign", "export")
# Spreadsheet programs run a cell that starts like a formula: such cells are exported as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ItemResult:
    rma: str
    done: bool
    message: str


def problems(action: str, rmas: list[str], reason: str, note: str) -> dict[str, str]:
    """Field → message for a bulk request that cannot start at all (nothing is done then)."""
    found = {}
    if action not in ACTIONS:
        found["action"] = _("Choose what to do with the selected returns.")
    if not rmas:
        found["rmas"] = _("Select at least one return.")
    elif len(rmas) > MAX_ITEMS:
        found["rmas"] = _("Select at most %(n)s returns at once.") % {"n": MAX_ITEMS}
    if action in DECISION_ACTIONS:
        decision = DECISIONS[action]
        found.update(reason_problems(reason, note, reasons=decision.reasons, note_required=decision.note_required))
    return found


def _each(rmas, actor, work) -> list[ItemResult]:
    returns = {r.rma_number: r for r in ReturnRequest.objects.filter(rma_number__in=rmas)
               .select_related("customer", "order")}
    results = []
    for rma in dict.fromkeys(rmas):  # each once, in the order selected
        ret = returns.get(rma)
        if ret is None or not perm.can_view_return(ret, actor):
            results.append(ItemResult(rma, False, _("No such return.")))
            continue
        try:
            results.append(ItemResult(rma, True, work(ret)))
        except ReturnsError as error:
            results.append(ItemResult(rma, False, error.message))
    return results


def decide(action, rmas, actor, *, reason, note="", request_id="") -> list[ItemResult]:
    decision = DECISIONS[action]

    def work(ret):
        decision.service(return_id=ret.pk, actor=actor, reason=reason, note=note.strip(), request_id=request_id)
        return str(decision.done)

    return _each(rmas, actor, work)


def assign(rmas, actor, assignee, *, request_id="") -> list[ItemResult]:
    def work(ret):
        assignment.assign(return_id=ret.pk, actor=actor, assignee=assignee, request_id=request_id)
        return _("assigned to %(who)s") % {"who": assignment.person(assignee)} if assignee else _("unassigned")

    return _each(rmas, actor, work)


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def export_csv(rmas, actor) -> str:
    """The selected returns as CSV (what an agent reads in a spreadsheet), only those they may see."""
    wanted = set(rmas[:MAX_ITEMS])
    returns = (ReturnRequest.objects.filter(rma_number__in=wanted)
               .select_related("customer", "order", "assignment__assignee").order_by("created_at"))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["rma", "state", "customer", "email", "order", "channel", "requested_at", "refund_amount",
                     "currency", "assigned_to"])
    for ret in returns:
        if not perm.can_view_return(ret, actor):
            continue
        who = getattr(getattr(ret, "assignment", None), "assignee", None)
        writer.writerow([_cell(v) for v in (
            ret.rma_number, ret.get_state_display(), ret.customer.name, ret.customer.email, ret.order.number,
            ret.get_channel_display(), timezone.localtime(ret.created_at).strftime("%Y-%m-%d %H:%M"),
            ret.refund_amount if ret.refund_amount is not None else "", ret.order.currency,
            assignment.person(who))])
    return out.getvalue()
