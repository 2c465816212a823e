"""Bulk-made history for the query-count tests: N returns of one customer in every state, each with a
line and its audit rows, inserted with bulk_create in a handful of statements (no services: speed)."""
from datetime import timedelta

from django.utils import timezone

from returns.choices import ReturnStatus
from returns.models import ReturnEvent, ReturnLine, ReturnRequest

STATES = [ReturnStatus.AUTHORIZED, ReturnStatus.IN_TRANSIT, ReturnStatus.RECEIVED, ReturnStatus.INSPECTED,
          ReturnStatus.REFUNDED, ReturnStatus.CLOSED, ReturnStatus.CANCELLED, ReturnStatus.PENDING_APPROVAL]


def seed_history(template: ReturnRequest, count: int, *, year: int = 2019) -> None:
    """`count` copies of `template` (same customer and order) in rotating states, older than it."""
    now = timezone.now()
    line = template.lines.first()
    returns = ReturnRequest.objects.bulk_create([
        ReturnRequest(rma_number=f"RMA-{year}-{index:06d}", customer_id=template.customer_id,
                      order_id=template.order_id, state=STATES[index % len(STATES)],
                      created_at=now - timedelta(hours=index + 1), authorized_at=now - timedelta(hours=index + 1),
                      policy_results=template.policy_results, refund_amount=template.refund_amount)
        for index in range(count)], batch_size=1000)
    ReturnLine.objects.bulk_create([
        ReturnLine(request=ret, order_line_id=line.order_line_id, product_id=line.product_id,
                   quantity_requested=1, reason_id=line.reason_id) for ret in returns], batch_size=1000)
    ReturnEvent.objects.bulk_create([
        ReturnEvent(return_request=ret, action=action, from_state=source, to_state=target, created_at=ret.created_at)
        for ret in returns
        for action, source, target in (("create", "", ReturnStatus.REQUESTED),
                                       ("auto_review", ReturnStatus.REQUESTED, ret.state))], batch_size=2000)
