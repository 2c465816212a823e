"""Quieter decisions: ask for a reason only where one says something, show one timeline entry per
inspection instead of one per autosave, make blocked actions look blocked with the reason, and
never offer a refund release while a receipt mismatch is open.
"""
from __future__ import annotations

from django.utils.translation import gettext as _

from inspection.models import LineHold, ReceivingDiscrepancy
from returns.choices import ReturnStatus
from returns.errors import TransitionGuardFailed
from returns.models import ReturnEvent
from returns.subscribers import subscribe

REFUND_ACTIONS = frozenset({"release_refund", "request_refund_approval", "approve_refund"})
# The label of the decision each state's blocked sentence is about (actions.offers explains why).
BLOCKED_LABELS = {
    ReturnStatus.PENDING_APPROVAL: lambda: _("Approve or reject"),
    ReturnStatus.INSPECTED: lambda: _("Release"),
    ReturnStatus.REFUND_PENDING_APPROVAL: lambda: _("Approve"),
}


def open_mismatches(ret):
    return ReceivingDiscrepancy.objects.filter(return_request=ret, resolved_at__isnull=True)


def mismatch_sentence(count: int) -> str:
    return _("%(n)s receipt mismatch(es) still open: resolve them (below) before the refund can be released, "
             "as the accepted quantities may still change.") % {"n": count}


def is_routine_release(ret) -> bool:
    """A release with nothing to explain: authorized by the policy on its own (no exception), every
    rule passed, no line ever held, nothing open, and within the one-person limit."""
    if ret.state != ReturnStatus.INSPECTED or ret.refund_amount is None:
        return False
    from .actions import needs_two_people

    if needs_two_people(ret) or any(r.get("outcome") != "pass" for r in ret.policy_results or []):
        return False
    if ReturnEvent.objects.filter(return_request=ret, action="approve").exists():
        return False  # an exception was approved: the release is an exception too
    if LineHold.objects.filter(line__request=ret).exists():
        return False  # a person already had to look at a line
    return not open_mismatches(ret).exists() and not ret.disputes.filter(state="open").exists()


def blocked_actions(ret, offer, lock_message: str = "") -> list[dict]:
    """What the decision panel shows as disabled buttons, each with the sentence saying why."""
    label = BLOCKED_LABELS.get(ret.state)
    items = [{"label": label() if label else _("Decide"), "why": why} for why in offer.blocked]
    if lock_message:
        items += [{"label": str(d.label), "why": lock_message} for d in offer.decisions]
    return items


def collapse_autosaves(events: list[dict]) -> list[dict]:
    """One timeline entry per line and inspector for a run of 'line inspected' records (the tablet
    saves as the inspector types): the latest values, the time of the first, and how many saves.
    The audit records themselves all stay; this only changes what the page shows."""
    shown, open_runs = [], {}
    for entry in events:
        event = entry["event"]
        if event.action != "line_inspected":
            open_runs.clear()  # anything else in between starts a new entry
            shown.append(entry)
            continue
        key = (entry.get("line"), event.actor_id)
        run = open_runs.get(key)
        if run is None:
            entry = {**entry, "saves": 1, "first_at": event.created_at}
            open_runs[key] = entry
            shown.append(entry)
        else:
            first_at, saves = run["first_at"], run["saves"] + 1
            run.update({**entry, "saves": saves, "first_at": first_at})
    return shown


def _no_refund_while_a_mismatch_is_open(step) -> None:
    count = open_mismatches(step.request).count()
    if count:
        raise TransitionGuardFailed(mismatch_sentence(count), details={"open_mismatches": count})


def register_subscribers() -> None:
    # Order 4: a refund decision on a return with an open receipt mismatch is refused before anything else runs.
    subscribe("support no refund over an open mismatch", _no_refund_while_a_mismatch_is_open, order=4,
              actions=REFUND_ACTIONS)
