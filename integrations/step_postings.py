"""The integration's subscriber to lifecycle steps: which step writes which outbox posting.

Registered in IntegrationsConfig.ready(); runs inside the step's transaction, so a posting exists
exactly when its step committed (the transactional outbox).
"""
from . import postings

POSTING_STEPS = frozenset({"receive", "complete_inspection", "release_refund", "approve_refund",
                           "refurbishment_done", "vendor_return_closed"})


def post_step_to_odoo(step) -> None:
    ret = step.request
    if step.action == "receive":
        postings.enqueue_receipt(ret)
    elif step.action == "complete_inspection":
        postings.enqueue_dispositions(ret)
        # After the moves: a failing evidence upload must not hold up the restock.
        postings.enqueue_evidence(ret)
    elif step.action == "refurbishment_done":  # a unit leaves Refurbish (inspection.refurbishment)
        postings.enqueue_refurbishment(ret, step.data)
    elif step.action == "vendor_return_closed":  # a vendor-return batch (inspection.vendor_returns)
        postings.enqueue_vendor_return(ret, step.data)
    else:  # a refund was released: post the breakdown that was frozen for it
        from refunds.models import Refund

        refund = Refund.objects.get(return_request=ret)
        postings.enqueue_credit_note(ret, refund.breakdown)
