"""One handler per posting kind; each first looks its reference up when a previous attempt may
have reached Odoo, so a retry never creates a second document."""
from ..models import PostingKind
from .base import PostingRefused, PostingResult
from .credit_note import post_credit_note
from .disposition import post_disposition
from .receipt import post_receipt

HANDLERS = {
    PostingKind.RECEIPT: post_receipt,
    PostingKind.DISPOSITION: post_disposition,
    PostingKind.CREDIT_NOTE: post_credit_note,
}

__all__ = ["HANDLERS", "PostingRefused", "PostingResult"]
