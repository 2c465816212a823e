"""The inspection queue: received returns, oldest first, with their value and who they wait on."""
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from returns.warehouses import scope_to_staff

from .claims import claim_is_stale, display_name
from .services import line_value

QUEUE_STATES = (ReturnStatus.RECEIVED, ReturnStatus.INSPECTING)
QUEUE_LIMIT = 200  # a tablet screen, not a report: the oldest 200 are what matters now


@dataclass
class QueueRow:
    ret: ReturnRequest
    units: int
    value: Decimal
    currency: str
    waiting_kind: str  # "hold" | "mine" | "claimed" | "stale" | "free"
    waiting: str
    age_hours: int


def _waiting(ret, user, now):
    held = [line for line in ret.lines.all() if line.hold_reason]
    claim = getattr(ret, "inspection_claim", None)
    if held:
        return "hold", _("On hold for support: %(reason)s") % {"reason": held[0].hold_reason}
    if claim is None:
        return "free", _("Waiting for an inspector")
    since = time_format(timezone.localtime(claim.claimed_at), "H:i")
    if claim.inspector_id == user.pk:
        return "mine", _("Being inspected by you since %(since)s") % {"since": since}
    if claim_is_stale(claim, now):
        return "stale", _("Started by %(name)s, inactive since %(seen)s: can be taken over") % {
            "name": display_name(claim.inspector), "seen": time_format(timezone.localtime(claim.last_seen_at), "H:i")}
    return "claimed", _("Being inspected by %(name)s since %(since)s") % {
        "name": display_name(claim.inspector), "since": since}


def inspection_queue(user, now=None) -> list[QueueRow]:
    now = now or timezone.now()
    # Staff given warehouses see their warehouses' returns only (returns.warehouses).
    returns = (scope_to_staff(ReturnRequest.objects.filter(state__in=QUEUE_STATES), user)
               .select_related("customer", "order", "inspection_claim__inspector")
               .prefetch_related("lines__order_line", "lines__product")
               .order_by("received_at", "id")[:QUEUE_LIMIT])
    rows = []
    for ret in returns:
        kind, text = _waiting(ret, user, now)
        received_at = ret.received_at or ret.created_at
        rows.append(QueueRow(ret=ret, units=sum(line.quantity_received for line in ret.lines.all()),
                             value=sum((line_value(line) for line in ret.lines.all()), Decimal("0")),
                             currency=ret.order.currency, waiting_kind=kind, waiting=text,
                             age_hours=int((now - received_at).total_seconds() // 3600)))
    return rows
