"""What the console adds to a return's page around the decision: who has it (assignment and the
work lock), the customer panel, the reply form, and a quieter timeline."""
from returns import permissions as perm

from . import assignment, customer_panel
from .carrier_claims import claim_panel
from .models import Assignment
from .refund_proposals import came_back
from .quiet_decisions import blocked_actions, collapse_autosaves
from .replies import ReplyForm, attach_delivery, macros_for_script


def console_extras(request, ret, record, offer, bound) -> dict:
    user = request.user
    other_lock = None
    # The proposer's "withdraw" is not a decision the return waits for, nor is a proposal for the finance
    # user who just sent it back: viewing the page then must not lock the other side out.
    back = came_back(ret)
    waiting_for_user = [d for d in offer.decisions if d.action != "withdraw_refund_proposal"]
    if back is not None and not back.waits_for(user):
        waiting_for_user = []
    if waiting_for_user and perm.is_agent(user):
        # Opening a return that waits for this agent's decision takes (or renews) the soft lock.
        other_lock = assignment.open_for_work(ret, user)
    lock_message = assignment.lock_message(other_lock) if other_lock else ""
    events = collapse_autosaves(record.events)
    attach_delivery(events)
    record.events = events
    return {
        "assignment": Assignment.objects.filter(return_request=ret).select_related("assignee").first(),
        "agents": list(assignment.agents()),
        "other_lock": other_lock, "lock_message": lock_message,
        "seen": assignment.decision_version(ret),
        "blocked_items": blocked_actions(ret, offer, lock_message),
        "customer_panel": customer_panel.build(ret),
        "reply_form": bound.get("reply") or ReplyForm(),
        "reply_macros": macros_for_script(),
        "came_back": back,  # a refund proposal rejected, sent back or withdrawn: by whom and why
        **claim_panel(ret, user, bound),  # carrier claims: the list, the open and resolve forms
    }
