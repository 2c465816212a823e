"""Keeping `Refund` in step with the lifecycle. The lifecycle services call these inside the
transaction of the transition they belong to, so an error here rolls the transition back."""
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from returns.choices import RefundMethod

from .models import Refund, RefundStatus, StoreCredit

CENT = Decimal("0.01")


def refund_record_proposal(ret, actor):
    """A support agent asked finance to approve this refund (two-person rule)."""
    Refund.objects.filter(return_request=ret, status=RefundStatus.CALCULATED).update(
        status=RefundStatus.PROPOSED, proposed_by=actor, proposed_at=timezone.now())


def refund_freeze_release(ret, actor):
    """Freeze the breakdown the credit note is posted with. It must be the amount that was
    reviewed: figures never change under the person releasing them."""
    from .services import RefundNotPossible, _compute, _store

    data = _compute(ret)
    total = Decimal(data["total"])
    if ret.refund_amount is None or total.quantize(CENT) != Decimal(ret.refund_amount).quantize(CENT):
        raise RefundNotPossible(_(
            "The refund is now %(new)s %(currency)s instead of the %(old)s %(currency)s reviewed: "
            "recalculate it and review the new figures before releasing."
        ) % {"new": data["total"], "old": ret.refund_amount, "currency": data["currency"]})
    refund = _store(ret, data)
    refund.status, refund.released_by, refund.released_at = RefundStatus.RELEASED, actor, timezone.now()
    refund.save(update_fields=["status", "released_by", "released_at"])
    return refund


def refund_record_refunded(ret, credit_note_name=""):
    """Odoo confirmed the credit note: the refund is done, and store credit is booked."""
    from .services import _compute, _store

    refund = Refund.objects.filter(return_request=ret).first()
    if refund is None or not refund.is_frozen:
        refund = _store(ret, _compute(ret))
    refund.status, refund.refunded_at = RefundStatus.REFUNDED, timezone.now()
    refund.credit_note_name = str(credit_note_name)[:64]
    refund.save(update_fields=["status", "refunded_at", "credit_note_name"])
    if refund.method == RefundMethod.STORE_CREDIT:
        amount = Decimal(refund.breakdown.get("total_with_bonus", refund.total or 0))
        StoreCredit.objects.get_or_create(return_request=ret, defaults={
            "customer_id": ret.customer_id, "currency": refund.currency, "amount": amount})
    return refund


def refund_record_proposal_returned(ret):
    """Finance rejected or sent back the proposal, or its proposer withdrew it: the refund is a
    calculation again, with nobody proposing it."""
    Refund.objects.filter(return_request=ret, status=RefundStatus.PROPOSED).update(
        status=RefundStatus.CALCULATED, proposed_by=None, proposed_at=None)
