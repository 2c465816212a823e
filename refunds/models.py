"""What was calculated, released and refunded for each return, and the store credit it gave.

`Refund` keeps the breakdown as JSON (amounts as strings, explanations included): while the return
is `inspected` it is a calculation that may be redone; once released it is frozen, and it is what
the credit note was posted with and what later returns of the same order count as already refunded.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from returns.choices import RefundMethod


class RefundStatus(models.TextChoices):
    CALCULATED = "calculated", _("Calculated")
    PROPOSED = "proposed", _("Waiting for finance approval")
    RELEASED = "released", _("Released, credit note posted")
    REFUNDED = "refunded", _("Refunded")


# Statuses whose breakdown is frozen and counts as money given back.
FROZEN_STATUSES = (RefundStatus.RELEASED, RefundStatus.REFUNDED)
# Three decimals so that KWD-like currencies keep their minor unit.
MONEY = {"max_digits": 14, "decimal_places": 3}


class Refund(models.Model):
    return_request = models.OneToOneField("returns.ReturnRequest", on_delete=models.PROTECT, related_name="refund")
    status = models.CharField(max_length=12, choices=RefundStatus.choices, default=RefundStatus.CALCULATED,
                              db_index=True)
    currency = models.CharField(max_length=3)
    method = models.CharField(max_length=20, choices=RefundMethod.choices)
    untaxed = models.DecimalField(null=True, blank=True, **MONEY)
    tax = models.DecimalField(null=True, blank=True, **MONEY)
    total = models.DecimalField(null=True, blank=True, **MONEY)
    store_credit_bonus = models.DecimalField(null=True, blank=True, **MONEY)
    breakdown = models.JSONField(default=dict, blank=True)
    # Why the refund cannot be calculated (e.g. more units than invoiced); agents see it as is.
    error = models.CharField(max_length=500, blank=True)
    calculated_at = models.DateTimeField(default=timezone.now)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    credit_note_name = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-calculated_at"]

    def __str__(self):
        return f"{self.return_request} {self.total} {self.currency} ({self.status})"

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES


class StoreCredit(models.Model):
    """Store credit given to a customer instead of money back; one entry per refunded return."""

    customer = models.ForeignKey("returns.Customer", on_delete=models.PROTECT, related_name="store_credits")
    return_request = models.OneToOneField("returns.ReturnRequest", on_delete=models.PROTECT,
                                          related_name="store_credit")
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(**MONEY)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.customer} +{self.amount} {self.currency}"
