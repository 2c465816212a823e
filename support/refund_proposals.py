"""How a refund proposal came back to the agent: rejected or sent back by finance, or withdrawn by
its proposer (returns.services.refund_proposals). The return page and the refund-release queue show
it, so the proposer sees which of the three it was, who did it and why, without opening the timeline."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from returns.choices import ReturnStatus
from returns.models import ReturnEvent
from returns.services.refund_proposals import PROPOSAL_RETURNS, REJECT, SEND_BACK, WITHDRAW
from returns.services.transitions import TRANSITIONS

from .record import person, reason_label


@dataclass(frozen=True)
class CameBack:
    action: str
    actor_id: int | None
    who: str
    at: datetime
    note: str
    reason: str  # the refusal's reason code as people read it (rejections only)
    amount: str
    currency: str
    method: str

    def waits_for(self, user) -> bool:
        """Rejected or sent back, the return waits for the agents, not for the finance user who did it."""
        return self.action == WITHDRAW or self.actor_id != user.pk

    @property
    def rejected(self) -> bool:
        return self.action == REJECT

    @property
    def headline(self) -> str:
        if self.action == REJECT:
            return _("Rejected by %(who)s") % {"who": self.who}
        if self.action == SEND_BACK:
            return _("Sent back by %(who)s") % {"who": self.who}
        return _("Withdrawn by %(who)s") % {"who": self.who}

    @property
    def what_now(self) -> str:
        if self.action == REJECT:
            return _("Finance refused this refund of %(amount)s %(currency)s as proposed: it cannot be proposed or "
                     "released again unchanged. Change the refund method or the figures, then propose it again.") % {
                "amount": self.amount, "currency": self.currency}
        if self.action == SEND_BACK:
            return _("Look at the note, fix what it asks for, then propose the refund again.")
        return _("The proposal was taken back: propose the refund again when it is ready.")

    @property
    def summary(self) -> str:
        """One line for a queue row."""
        parts = [self.headline]
        if self.reason:
            parts.append(f"({self.reason})")
        text = " ".join(parts)
        return f"{text}: {self.note}" if self.note else text


def came_back(ret) -> CameBack | None:
    """How the proposal came back, while the return still waits for a new decision in `inspected`."""
    if ret.state != ReturnStatus.INSPECTED:
        return None
    event = (ReturnEvent.objects.filter(return_request=ret, action__in=TRANSITIONS).select_related("actor")
             .order_by("-created_at", "-pk").first())
    return _came_back_by(event)


def came_back_by_return(rets) -> dict[int, CameBack | None]:
    """`came_back` for every return of a queue in two queries (the latest step of each, then those
    steps with their actors), not one per row."""
    from django.db.models import OuterRef, Subquery

    from returns.models import ReturnRequest

    inspected = [ret.pk for ret in rets if ret.state == ReturnStatus.INSPECTED]
    if not inspected:
        return {}
    latest = (ReturnEvent.objects.filter(return_request=OuterRef("pk"), action__in=TRANSITIONS)
              .order_by("-created_at", "-pk").values("pk")[:1])
    last_steps = list(ReturnRequest.objects.filter(pk__in=inspected).annotate(step=Subquery(latest))
                      .values_list("pk", "step"))
    events = ReturnEvent.objects.select_related("actor").in_bulk([step for _ret, step in last_steps if step])
    return {ret_id: _came_back_by(events.get(step)) for ret_id, step in last_steps}


def _came_back_by(event) -> CameBack | None:
    if event is None or event.action not in PROPOSAL_RETURNS:
        return None
    data = event.data or {}
    return CameBack(action=event.action, actor_id=event.actor_id, who=person(event.actor), at=event.created_at,
                    note=event.note,
                    reason=reason_label(event.reason) if event.action == REJECT else "",
                    amount=data.get("amount") or "", currency=data.get("currency") or "",
                    method=data.get("method") or "")
