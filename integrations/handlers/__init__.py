"""One handler per posting kind; each first looks its reference up when a previous attempt may
have reached Odoo, so a retry never creates a second document."""
from ..models import PostingKind
from .base import PostingNotReady, PostingRefused, PostingResult
from .credit_note import post_credit_note
from .disposition import post_disposition
from .evidence import post_evidence
from .receipt import post_receipt
from .refund_payment import post_refund_payment
from .replacement_order import post_replacement_order
from .vendor_return import post_vendor_return

HANDLERS = {
    PostingKind.RECEIPT: post_receipt,
    PostingKind.DISPOSITION: post_disposition,
    PostingKind.CREDIT_NOTE: post_credit_note,
    PostingKind.REFUND_PAYMENT: post_refund_payment,
    PostingKind.EVIDENCE: post_evidence,
    PostingKind.VENDOR_RETURN: post_vendor_return,
    PostingKind.REPLACEMENT_ORDER: post_replacement_order,
}

__all__ = ["HANDLERS", "PostingNotReady", "PostingRefused", "PostingResult"]
