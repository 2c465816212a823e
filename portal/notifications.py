"""Customer e-mails about their return: which audit events trigger one, and queueing it.

`queue_customer_email(event)` runs as the portal's subscriber to lifecycle steps (see
portal.apps and returns.subscribers). It only decides whether the event is customer-visible and, if
so, enqueues portal.tasks.send_customer_email after the transaction commits: nothing is sent from
inside a transition or a request, and nothing is sent for a change that rolled back.
"""
from django.db import transaction

from returns.choices import ReturnStatus as S

_BY_ACTION = {
    "create": "request_received",
    "approve": "authorized",
    "reject": "rejected",
    "receive": "received",
    "complete_inspection": "inspected",
    "mark_refunded": "refunded",
    "cancel": "cancelled",
    "dispute_resolved": "dispute_resolved",
    # An exchange's replacement was sold out when due: that item is refunded instead (exchanges.services).
    "exchange_refund_instead": "exchange_refund_instead",
}
_AUTO_REVIEW = {S.AUTHORIZED: "authorized", S.PENDING_APPROVAL: "pending_approval", S.REJECTED: "rejected"}
KINDS_BY_STEP = frozenset(_BY_ACTION) | {"auto_review"}
KINDS = ("request_received", "authorized", "pending_approval", "rejected", "received", "inspected", "refunded",
         "cancelled", "dispute_resolved", "exchange_refund_instead")


def email_kind(event) -> str | None:
    if event.action == "auto_review":
        return _AUTO_REVIEW.get(event.to_state)
    return _BY_ACTION.get(event.action)


def queue_customer_email(event) -> None:
    if email_kind(event) is None:
        return
    event_id = event.pk
    # robust: a broker that is down must not fail the customer's request after it committed.
    transaction.on_commit(lambda: _enqueue(event_id), robust=True)


def _enqueue(event_id):
    from .tasks import send_customer_email

    send_customer_email.delay(event_id)
