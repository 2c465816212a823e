"""Named choices of the returns domain; no bare state strings outside this module."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PENDING_APPROVAL = "pending_approval", _("Waiting for approval")
    REJECTED = "rejected", _("Rejected")
    AUTHORIZED = "authorized", _("Authorized")
    IN_TRANSIT = "in_transit", _("In transit")
    RECEIVED = "received", _("Received")
    INSPECTING = "inspecting", _("Being inspected")
    INSPECTED = "inspected", _("Inspected")
    REFUND_PENDING_APPROVAL = "refund_pending_approval", _("Refund waiting for approval")
    REFUND_APPROVED = "refund_approved", _("Refund released")
    REFUNDED = "refunded", _("Refunded")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


TERMINAL_STATUSES = frozenset(
    {ReturnStatus.REJECTED, ReturnStatus.CLOSED, ReturnStatus.CANCELLED, ReturnStatus.EXPIRED}
)


class Channel(models.TextChoices):
    WEB = "web", _("Web store")
    MARKETPLACE = "marketplace", _("Marketplace")
    SUPPORT = "support", _("Support (e-mail / phone)")
    THIRD_PARTY_LOGISTICS = "3pl", _("Third-party logistics")


class Disposition(models.TextChoices):
    RESTOCK = "restock", _("Restock")
    REFURBISH = "refurbish", _("Refurbish")
    VENDOR_RETURN = "vendor_return", _("Return to vendor")
    QUARANTINE = "quarantine", _("Quarantine")
    # Sold off in lots to a buyer (inspection/liquidation.py); the lot's price is the recovery.
    LIQUIDATION = "liquidation", _("Liquidation")
    SCRAP = "scrap", _("Scrap")


class ConditionGrade(models.TextChoices):
    A = "A", _("A – new, unopened")
    B = "B", _("B – opened, like new")
    C = "C", _("C – used")
    D = "D", _("D – damaged")
    F = "F", _("F – defective")


class RefundMethod(models.TextChoices):
    ORIGINAL_PAYMENT = "original_payment", _("Original payment method")
    STORE_CREDIT = "store_credit", _("Store credit")
