"""The integration's subscriber to lifecycle steps: which step writes which outbox posting.

Registered in IntegrationsConfig.ready(); runs inside the step's transaction, so a posting exists
exactly when its step committed (the transactional outbox).
"""
from exchanges.rules import AUTHORIZING_STEPS, exchanges_due

from . import postings
from .replacement_postings import enqueue_replacement_order

POSTING_STEPS = frozenset({"receive", "complete_inspection", "release_refund", "approve_refund",
                           "refurbishment_done", "vendor_return_closed"})
# Steps after which an exchange's replacement order may be due (exchanges.rules.exchanges_due).
REPLACEMENT_STEPS = AUTHORIZING_STEPS | {"complete_inspection"}


def post_step_to_odoo(step) -> None:
    ret = step.request
    if step.action in AUTHORIZING_STEPS:  # a trusted customer's replacement, ordered at once
        enqueue_replacement_order(ret, exchanges_due(ret, step.action))
        return
    if step.action == "receive":
        postings.enqueue_receipt(ret)
    elif step.action == "complete_inspection":
        postings.enqueue_dispositions(ret)
        # After the moves: a failing evidence upload must not hold up the restock.
        postings.enqueue_evidence(ret)
        # Inspection accepted the returned units: their replacement is due (after the moves above).
        enqueue_replacement_order(ret, exchanges_due(ret, step.action))
    elif step.action == "refurbishment_done":  # a unit leaves Refurbish (inspection.refurbishment)
        postings.enqueue_refurbishment(ret, step.data)
    elif step.action == "vendor_return_closed":  # a vendor-return batch (inspection.vendor_returns)
        postings.enqueue_vendor_return(ret, step.data)
    else:  # a refund was released: post the breakdown that was frozen for it
        from refunds.models import Refund

        refund = Refund.objects.get(return_request=ret)
        postings.enqueue_credit_note(ret, refund.breakdown)
