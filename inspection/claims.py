"""Who is inspecting a return: one inspector at a time, others read along.

Every save goes through `claim_require` while the return row is locked, so two inspectors can
never interleave their work on one return. A claim that has not been used for STALE_AFTER can
be taken over, explicitly and with an audit record (the tablet may have been left on a shelf).
"""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.errors import ConcurrentChange, ReturnPermissionDenied
from returns.services.audit import audit_record
from returns.services.transitions import lock_return

from .models import InspectionClaim

STALE_AFTER = timedelta(minutes=15)


class InspectionClaimed(ConcurrentChange):
    code = "inspection_claimed"


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else _("someone")


def claim_of(ret) -> InspectionClaim | None:
    return InspectionClaim.objects.select_related("inspector").filter(return_request=ret).first()


def claim_is_stale(claim, now=None) -> bool:
    return (now or timezone.now()) - claim.last_seen_at >= STALE_AFTER


def claim_describe(claim) -> str:
    since = time_format(timezone.localtime(claim.claimed_at), "H:i")
    seen = time_format(timezone.localtime(claim.last_seen_at), "H:i")
    return _("%(name)s has been inspecting this return since %(since)s (last active %(seen)s).") % {
        "name": display_name(claim.inspector), "since": since, "seen": seen}


def _refusal(claim) -> InspectionClaimed:
    if claim_is_stale(claim):
        hint = _("Nothing was saved. Take over the inspection to continue.")
    else:
        free_at = time_format(timezone.localtime(claim.last_seen_at + STALE_AFTER), "H:i")
        hint = _("Nothing was saved. You can take over if they are inactive until %(time)s.") % {"time": free_at}
    return InspectionClaimed(f"{claim_describe(claim)} {hint}",
                             details={"inspector": claim.inspector.get_username()})


def claim_require(ret, actor) -> InspectionClaim:
    """Inside the caller's transaction, with `ret` locked: claim a free return or refresh the actor's own claim."""
    now = timezone.now()
    claim = claim_of(ret)
    if claim is None:
        return InspectionClaim.objects.create(return_request=ret, inspector=actor, claimed_at=now, last_seen_at=now)
    if claim.inspector_id != actor.pk:
        raise _refusal(claim)
    InspectionClaim.objects.filter(pk=claim.pk).update(last_seen_at=now)
    claim.last_seen_at = now
    return claim


def claim_take_over(*, return_id, actor, request_id="") -> InspectionClaim:
    """Take a stale claim from another inspector; a fresh one cannot be taken."""
    if not actor.has_perm(perm.PERM_INSPECT):
        raise ReturnPermissionDenied(_("Only inspectors can take over an inspection."))
    with transaction.atomic():
        ret = lock_return(return_id)
        claim = claim_of(ret)
        if claim is None or claim.inspector_id == actor.pk:
            return claim_require(ret, actor)
        if not claim_is_stale(claim):
            raise _refusal(claim)
        previous = claim.inspector
        now = timezone.now()
        InspectionClaim.objects.filter(pk=claim.pk).update(inspector=actor, claimed_at=now, last_seen_at=now)
        audit_record(request=ret, actor=actor, action="inspection_taken_over", from_state=ret.state,
                     to_state=ret.state, request_id=request_id,
                     note=_("Took over from %(name)s, last active %(seen)s.") % {
                         "name": display_name(previous),
                         "seen": time_format(timezone.localtime(claim.last_seen_at), "H:i")},
                     data={"previous_inspector": previous.get_username(),
                           "previous_last_seen_at": claim.last_seen_at.isoformat()})
        claim.refresh_from_db()
        return claim


def claim_release(ret) -> None:
    InspectionClaim.objects.filter(return_request=ret).delete()
