"""Exchanges: a returned line replaced by another variant instead of refunded.

The portal records them when the customer asks (portal.exchange_requests); the refund side nets
them out (refunds.exchange_netting) and the integration orders the replacement in Odoo
(integrations.handlers.replacement_order). They live here, in the domain, because the refund
calculation (a lower layer) may not import the portal.
"""
from decimal import Decimal

from django.db import models


class ExchangeRequest(models.Model):
    """A returned line the customer wants replaced by another variant instead of refunded."""

    class State(models.TextChoices):
        REQUESTED = "requested", "requested"
        RESERVED = "reserved", "reserved (replacement order confirmed)"
        SHIPPED = "shipped", "replacement shipped"
        REFUND_INSTEAD = "refund_instead", "fell back to a refund"
        # Inspection accepted none of the returned units: no replacement, and no refund either.
        NOT_ACCEPTED = "not_accepted", "returned item not accepted: no replacement"

    # States in which the units are (or will be) replaced, so the refund leaves them out.
    EXCHANGING = (State.REQUESTED, State.RESERVED, State.SHIPPED)

    return_line = models.OneToOneField("returns.ReturnLine", on_delete=models.CASCADE, related_name="exchange")
    replacement = models.ForeignKey("returns.Product", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    # What the customer paid per unit for the returned item, incl. tax.
    unit_price_paid = models.DecimalField(max_digits=12, decimal_places=2)
    # The replacement's price per unit incl. tax when it was chosen; empty (older rows): the same as paid.
    # The difference (never negative: exchanges are never dearer) is refunded.
    replacement_unit_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.REQUESTED)
    # The replacement's sale order in Odoo, once confirmed.
    odoo_order_id = models.IntegerField(null=True, blank=True)
    odoo_order_name = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.return_line_id} → {self.replacement} × {self.quantity} ({self.state})"

    @property
    def unit_difference(self) -> Decimal:
        """Refunded per exchanged unit, incl. tax: what was paid minus the replacement's price."""
        if self.replacement_unit_price is None:
            return Decimal("0")
        return max(self.unit_price_paid - self.replacement_unit_price, Decimal("0"))


class TrustedExchangeCustomer(models.Model):
    """A customer whose replacement is ordered at once, when the return is authorized, instead of
    once the returned item has been received and accepted at inspection (the default)."""

    customer = models.OneToOneField("returns.Customer", on_delete=models.CASCADE, related_name="exchange_trust")
    note = models.CharField(max_length=200, blank=True, help_text="Why this customer is trusted.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "trusted exchange customer"

    def __str__(self):
        return f"{self.customer}: replacement at once"
