"""What the console adds to a return's page around the decision: who has it (assignment and the
work lock), the customer panel, the reply form, and a quieter timeline."""
from returns import permissions as perm

from . import assignment, customer_panel
from .models import Assignment
from .quiet_decisions import blocked_actions, collapse_autosaves
from .replies import ReplyForm, attach_delivery, macros_for_script


def console_extras(request, ret, record, offer, bound) -> dict:
    user = request.user
    other_lock = None
    if offer.decisions and perm.is_agent(user):
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
    }
