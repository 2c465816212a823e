"""The one way to move a return from state to state.

`run_transition` locks the row, checks in a fixed order (is the move legal from this state, may
this actor make it, do the guards hold after `prepare`), runs the django-fsm transition, saves
with the optimistic check, and writes the audit row, all in one transaction. Concurrent callers
queue on the row lock; the loser finds the state moved on and gets a 409.
"""
from django.db import transaction
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from ..errors import ConcurrentChange, IllegalTransition, ReturnPermissionDenied, TransitionGuardFailed
from ..models import ReturnRequest
from ..models.request import GUARD_MESSAGES
from ..subscribers import Step, publish
from .audit import audit_record

TRANSITIONS = (
    "auto_review", "approve", "reject", "cancel", "expire", "mark_shipped", "receive", "start_inspection",
    "complete_inspection", "request_refund_approval", "release_refund", "approve_refund", "reject_refund_proposal",
    "send_back_refund_proposal", "withdraw_refund_proposal", "mark_refunded", "close",
)


def lock_return(return_id) -> ReturnRequest:
    try:
        return (
            ReturnRequest.objects.select_for_update(of=("self",))
            .select_related("customer", "order")
            .get(pk=return_id)
        )
    except ReturnRequest.DoesNotExist:
        raise IllegalTransition("This return does not exist.") from None


def _meta(ret, action):
    if action not in TRANSITIONS:
        raise IllegalTransition(f"Unknown action '{action}'.")
    return getattr(ret, action)._django_fsm


def allowed_actions(ret, user) -> list[str]:
    """Transitions this user may start from the return's current state (guards not checked)."""
    actions = []
    for action in TRANSITIONS:
        meta = _meta(ret, action)
        if meta.has_transition(ret.state) and meta.has_transition_perm(ret, ret.state, user):
            actions.append(action)
    return actions


def run_transition(*, return_id, action, actor, reason="", note="", request_id="", prepare=None, then=None,
                   data=None):
    """`prepare(ret)` runs before the guards (what the step records), `then(ret)` after the audit
    record (the step's own domain effects, e.g. freezing the refund); the registered subscribers
    (returns.subscribers) run last, in the same transaction."""
    with transaction.atomic():
        ret = lock_return(return_id)
        meta = _meta(ret, action)
        from_state = ret.state
        if not meta.has_transition(from_state):
            raise IllegalTransition(
                f"Cannot {action.replace('_', ' ')} a return that is {ret.get_state_display().lower()}.",
                details={"state": from_state, "action": action},
            )
        if not meta.has_transition_perm(ret, from_state, actor):
            raise ReturnPermissionDenied(f"You are not allowed to {action.replace('_', ' ')} this return.")
        if prepare is not None:
            prepare(ret)
        # django-fsm checks the guards itself; they are asked again, every one for the message, only
        # when one fails (each guard is a query or two: checking them twice doubled that per step).
        try:
            getattr(ret, action)()
        except TransitionNotAllowed:
            transition = meta.get_transition(from_state)
            failed = [GUARD_MESSAGES.get(c, c.__name__) for c in (transition.conditions or []) if not c(ret)]
            raise TransitionGuardFailed(" ".join(failed) or "The conditions of this step do not hold.",
                                        details={"state": from_state, "action": action}) from None
        try:
            ret.save()
        except ConcurrentTransition:
            raise ConcurrentChange("The return was changed by someone else; reload and try again.") from None
        event = audit_record(
            request=ret, actor=actor, action=action, from_state=from_state, to_state=ret.state,
            reason=reason, note=note, request_id=request_id, data=data,
        )
        if then is not None:
            then(ret)
        publish(Step(request=ret, event=event, action=action, actor=actor, data=data or {}))
        return ret
