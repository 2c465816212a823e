from decimal import Decimal

from django.db import models

from ..choices import Channel, RefundMethod


class ReasonCode(models.Model):
    code = models.SlugField(unique=True)
    label = models.CharField(max_length=100)
    # Retailer's fault (defective, wrong item, damaged in transit) waives fees and deductions.
    retailer_fault = models.BooleanField(default=False)
    # Claims of damage or defects need photos from the customer.
    requires_photo = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "label"]

    def __str__(self):
        return self.label


def default_grade_deductions():
    return {"A": "0", "B": "0", "C": "15", "D": "50", "F": "0"}


def default_refund_methods():
    return [RefundMethod.ORIGINAL_PAYMENT, RefundMethod.STORE_CREDIT]


class ShippingRefund(models.TextChoices):
    NEVER = "never", "Never"
    RETAILER_FAULT = "retailer_fault", "When a returned item is the retailer's fault"
    FULL_RETURN = "full_return", "When the whole order is returned"
    ALWAYS = "always", "Always"


class ReturnPolicy(models.Model):
    """Rules for one channel and/or category; the most specific active policy applies.

    A policy with neither channel nor category is the default and must exist.
    """

    name = models.CharField(max_length=100)
    channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    category = models.ForeignKey("returns.ProductCategory", null=True, blank=True, on_delete=models.CASCADE)
    window_days = models.PositiveIntegerField(default=30)
    restocking_fee_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    restocking_fee_flat = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    # A return worth more than this (order currency, incl. tax) waits for a support agent.
    approval_value_threshold = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("1000"))
    grade_deductions = models.JSONField(default=default_grade_deductions, help_text="Percent per grade.")
    refund_shipping = models.CharField(max_length=20, choices=ShippingRefund.choices,
                                       default=ShippingRefund.RETAILER_FAULT)
    allowed_refund_methods = models.JSONField(default=default_refund_methods)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "return policies"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def specificity(self) -> int:
        return (2 if self.category_id else 0) + (1 if self.channel else 0)
