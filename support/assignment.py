"""Who works on which return: assignment (durable ownership) and the soft work lock (who has it
open to decide, right now).

Assignment is organisation: any agent may take a return, hand it to a colleague or give it back;
each change is an audit record. The work lock is what keeps two agents from deciding the same
return at once without knowing: opening a return that waits for your decision takes the lock (or
renews it), and it lapses after LOCK_MINUTES without a visit. While another agent holds a fresh
lock, the decision is refused with who and since when (a subscriber of the decision steps, so the
API and bulk actions are held to it too); taking the lock over is an explicit, audited step.

A decision is also refused when it is stale: the page carried the version of the return the agent
looked at (`decision_version`), and something that matters for the decision happened since.
"""
from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.choices import ReturnStatus
from returns.errors import ConcurrentChange, InvalidReturnRequest
from returns.models import ReturnEvent
from returns.services.audit import audit_record
from returns.services.transitions import lock_return
from returns.subscribers import subscribe

from .models import Assignment, WorkLock

LOCK_MINUTES = 10
DECISION_ACTIONS = frozenset({"approve", "reject", "release_refund", "request_refund_approval", "approve_refund",
                              "reject_refund_proposal", "send_back_refund_proposal", "withdraw_refund_proposal"})
# Where nothing waits for support any more: such returns leave the "mine" queue.
FINISHED_STATES = frozenset({ReturnStatus.CLOSED, ReturnStatus.REJECTED, ReturnStatus.CANCELLED,
                             ReturnStatus.EXPIRED, ReturnStatus.REFUNDED})
# Events that do not change what a decision is about, so they never make a page stale.
NOT_MATERIAL = ("note", "assigned", "unassigned", "work_lock_taken_over", "customer_reply", "evidence_pack")


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def when(moment) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def agents():
    """Active users who work the console (support or finance), for the hand-over list."""
    codenames = [p.split(".", 1)[1] for p in perm.AGENT_PERMS]
    User = get_user_model()
    return (User.objects.filter(is_active=True)
            .filter(Q(groups__permissions__codename__in=codenames) | Q(user_permissions__codename__in=codenames))
            .distinct().order_by("first_name", "username"))


# --- assignment ----------------------------------------------------------------------------------
def assign(*, return_id, actor, assignee, request_id="") -> Assignment | None:
    """Give the return to `assignee` (None: nobody). Audited; a no-op when nothing changes."""
    perm.require_agent(actor, _("assign returns"))
    if assignee is not None and not (assignee.is_active and perm.is_agent(assignee)):
        raise InvalidReturnRequest(_("%(who)s does not work in the support console.") % {"who": person(assignee)})
    with transaction.atomic():
        ret = lock_return(return_id)
        current = Assignment.objects.filter(return_request=ret).select_related("assignee").first()
        before = current.assignee if current else None
        if before == assignee:
            return current
        if assignee is None:
            current.delete()
            result = None
        else:
            result, _created = Assignment.objects.update_or_create(
                return_request=ret, defaults={"assignee": assignee, "assigned_by": actor,
                                              "assigned_at": timezone.now()})
        audit_record(request=ret, actor=actor, action="assigned" if assignee else "unassigned",
                     from_state=ret.state, to_state=ret.state, request_id=request_id,
                     data={"from": person(before), "to": person(assignee)})
        return result


def assignments_for(rmas) -> dict[str, Assignment]:
    found = Assignment.objects.filter(return_request__rma_number__in=list(rmas)).select_related(
        "assignee", "return_request")
    return {a.return_request.rma_number: a for a in found}


# --- the soft work lock --------------------------------------------------------------------------
def _cutoff():
    return timezone.now() - timedelta(minutes=LOCK_MINUTES)


def fresh_lock(ret) -> WorkLock | None:
    return WorkLock.objects.filter(return_request=ret, renewed_at__gte=_cutoff()).select_related("holder").first()


def locked_by_other(ret, user) -> WorkLock | None:
    lock = fresh_lock(ret)
    return lock if lock is not None and lock.holder_id != user.pk else None


def lock_message(lock) -> str:
    return _("%(who)s has had this return open to decide it since %(since)s (last seen %(seen)s). "
             "Take it over to decide it yourself.") % {
        "who": person(lock.holder), "since": when(lock.since), "seen": when(lock.renewed_at)}


def open_for_work(ret, user) -> WorkLock | None:
    """Take or renew the lock when `user` opens a return waiting for their decision.

    Returns another agent's fresh lock (and leaves it alone) so the page can say who has it."""
    with transaction.atomic():
        lock_return(ret.pk)  # serialises two agents opening the same return at the same moment
        lock = WorkLock.objects.filter(return_request=ret).select_related("holder").first()
        now = timezone.now()
        if lock is not None and lock.holder_id != user.pk and lock.renewed_at >= _cutoff():
            return lock
        if lock is None:
            WorkLock.objects.create(return_request=ret, holder=user, since=now, renewed_at=now)
        else:
            if lock.holder_id != user.pk or lock.renewed_at < _cutoff():
                lock.holder, lock.since = user, now
            lock.renewed_at = now
            lock.save()
        return None


def take_over(*, return_id, actor, request_id="") -> None:
    """Move the lock to `actor`, audited with whose it was; the previous holder's decision is then refused."""
    perm.require_agent(actor, _("take over a return"))
    with transaction.atomic():
        ret = lock_return(return_id)
        previous = fresh_lock(ret)
        now = timezone.now()
        WorkLock.objects.update_or_create(return_request=ret,
                                          defaults={"holder": actor, "since": now, "renewed_at": now})
        if previous is not None and previous.holder_id != actor.pk:
            audit_record(request=ret, actor=actor, action="work_lock_taken_over", from_state=ret.state,
                         to_state=ret.state, request_id=request_id,
                         data={"from": person(previous.holder), "since": previous.since.isoformat()})


def release_lock(*, return_id, actor) -> None:
    WorkLock.objects.filter(return_request_id=return_id, holder=actor).delete()


def locks_for(rmas) -> dict[str, WorkLock]:
    found = WorkLock.objects.filter(return_request__rma_number__in=list(rmas), renewed_at__gte=_cutoff())
    return {lock.return_request.rma_number: lock for lock in found.select_related("holder", "return_request")}


def annotate_rows(rows):
    """Queue rows learn who has their return (`extra.assignee`), who has it open (`extra.lock`) and
    whether they can be selected for bulk actions (`extra.rma`)."""
    from returns.models import ReturnRequest

    titles = {row.title for row in rows}
    rmas = set(ReturnRequest.objects.filter(rma_number__in=list(titles)).values_list("rma_number", flat=True))
    assigned, locks = assignments_for(rmas), locks_for(rmas)
    for row in rows:
        if row.title not in rmas:
            continue
        row.extra["rma"] = row.title
        if row.title in assigned:
            row.extra["assignee"] = person(assigned[row.title].assignee)
            row.extra["assignee_id"] = assigned[row.title].assignee_id
        if row.title in locks:
            row.extra["lock"] = person(locks[row.title].holder)
    return rows


def filter_by_assignee(rows, wanted: str, user):
    """'mine', 'unassigned', 'others' or '' (everyone), on rows annotated by `annotate_rows`."""
    if wanted == "mine":
        return [r for r in rows if r.extra.get("assignee_id") == user.pk]
    if wanted == "unassigned":
        return [r for r in rows if "assignee_id" not in r.extra]
    if wanted == "others":
        return [r for r in rows if r.extra.get("assignee_id") not in (None, user.pk)]
    return rows


# --- staleness -----------------------------------------------------------------------------------
def decision_version(ret) -> int:
    """The newest audit record that matters for a decision: the page sends it back with the decision."""
    return ReturnEvent.objects.filter(return_request=ret).exclude(action__in=NOT_MATERIAL).aggregate(
        v=Max("pk"))["v"] or 0


def seen_version(value) -> int | None:
    """The version a form sent back (None when absent or not a number: nothing to compare)."""
    return int(value) if value and str(value).isdigit() else None


def refuse_stale(ret, seen) -> None:
    """Refuse a decision made on a page older than the return's latest material change."""
    if seen is None:
        return  # callers that do not send a version (API clients) rely on the transition's own checks
    newer = (ReturnEvent.objects.filter(return_request=ret, pk__gt=seen).exclude(action__in=NOT_MATERIAL)
             .select_related("actor").order_by("-pk").first())
    if newer is not None:
        from .record import action_label

        raise ConcurrentChange(_("Since you opened this page, %(who)s recorded “%(what)s” at %(at)s. Review the "
                                 "return as it is now, then decide again.") % {
            "who": person(newer.actor) or _("the system"), "what": action_label(newer.action),
            "at": when(newer.created_at)}, details={"seen": seen, "latest": newer.pk})


# --- the decision steps' subscriber --------------------------------------------------------------
def _hold_decisions_to_the_lock(step) -> None:
    """Inside the decision's transaction: refuse it under someone else's lock, else free the lock."""
    lock = fresh_lock(step.request)
    if lock is not None and step.actor is not None and lock.holder_id != step.actor.pk:
        raise ConcurrentChange(lock_message(lock), details={"locked_by": lock.holder.get_username()})
    WorkLock.objects.filter(return_request=step.request).delete()  # the decision is taken: nothing to hold


def register_subscribers() -> None:
    # Order 5: before the outbox postings and e-mails, so a refused decision queues nothing.
    subscribe("support work lock", _hold_decisions_to_the_lock, order=5, actions=DECISION_ACTIONS)
