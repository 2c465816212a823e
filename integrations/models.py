"""The transactional outbox: every ERP posting is a row written with the change that causes it."""
from django.db import models
from django.utils import timezone


class PostingKind(models.TextChoices):
    RECEIPT = "receipt", "Return receipt"
    DISPOSITION = "disposition", "Disposition move"
    CREDIT_NOTE = "credit_note", "Credit note"
    # The money going back after the credit note: a provider refund or an outbound payment.
    REFUND_PAYMENT = "refund_payment", "Refund payment"
    # Inspection photos and chatter note on the receipt, refund breakdown PDF on the credit note.
    EVIDENCE = "evidence", "Evidence"
    # A closed vendor-return batch: the outgoing transfer to the vendor and the vendor credit note.
    VENDOR_RETURN = "vendor_return", "Vendor return"
    # An exchange's replacement: a sale order created and confirmed for the customer (exchanges/).
    REPLACEMENT_ORDER = "replacement_order", "Replacement order"


class PostingState(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OdooPosting(models.Model):
    request = models.ForeignKey("returns.ReturnRequest", on_delete=models.PROTECT, related_name="postings")
    line = models.ForeignKey("returns.ReturnLine", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="postings")
    kind = models.CharField(max_length=20, choices=PostingKind.choices)
    # The idempotency reference stored in Odoo (picking/scrap `origin`, credit note `ref`); the
    # unique constraint makes a second posting of the same thing impossible on this side.
    reference = models.CharField(max_length=100, unique=True)
    # Postings of one sale order are delivered one at a time (Odoo serialization failures).
    order_number = models.CharField(max_length=64, db_index=True)
    payload = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=PostingState.choices, default=PostingState.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    odoo_model = models.CharField(max_length=64, blank=True)
    odoo_id = models.IntegerField(null=True, blank=True)
    odoo_name = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="posting_due_idx",
                         condition=models.Q(state__in=["pending", "sending"])),
        ]

    def __str__(self):
        return f"{self.reference} ({self.state})"
