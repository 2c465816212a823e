"""Local snapshots of customers and their orders, as read from Odoo (or the demo data)."""
from decimal import Decimal

from django.conf import settings
from django.db import models

from ..choices import Channel


class Customer(models.Model):
    # Every customer has a (possibly password-less) user so that permissions and the audit
    # trail treat portal actions like any other actor's.
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="customer")
    email = models.EmailField(db_index=True)
    name = models.CharField(max_length=200)
    postcode = models.CharField(max_length=20, blank=True)
    odoo_partner_id = models.IntegerField(null=True, blank=True)
    blocked = models.BooleanField(default=False, help_text="Returns from a blocked customer always need review.")
    blocked_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class SalesOrder(models.Model):
    number = models.CharField(max_length=64, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.WEB)
    currency = models.CharField(max_length=3, default="EUR")
    ordered_at = models.DateTimeField()
    # None until the whole order was delivered; the return window counts from here.
    delivered_at = models.DateTimeField(null=True, blank=True)
    shipping_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    shipping_tax_rate = models.DecimalField(max_digits=6, decimal_places=4, default=Decimal("0"))
    shipping_postcode = models.CharField(max_length=20, blank=True)
    # ISO code of the shipping address's country: decides which warehouse a return goes to.
    shipping_country = models.CharField(max_length=2, blank=True)
    invoice_number = models.CharField(max_length=64, blank=True)
    odoo_order_id = models.IntegerField(null=True, blank=True)
    odoo_invoice_id = models.IntegerField(null=True, blank=True)
    # When this snapshot was last read from Odoo (None for local demo orders).
    synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-ordered_at"]

    def __str__(self):
        return self.number


class SalesOrderLine(models.Model):
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("returns.Product", on_delete=models.PROTECT, related_name="order_lines")
    quantity_ordered = models.PositiveIntegerField()
    quantity_delivered = models.PositiveIntegerField(default=0)
    quantity_invoiced = models.PositiveIntegerField(default=0)
    # Price per unit as charged, tax excluded (Odoo's price_unit after discount).
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    tax_rate = models.DecimalField(max_digits=6, decimal_places=4, default=Decimal("0"))
    # Serial numbers shipped on this line; inspection checks returned serials against them.
    serial_numbers = models.JSONField(default=list, blank=True)
    odoo_line_id = models.IntegerField(null=True, blank=True)
    # The delivered stock.move, linked from the return receipt (origin_returned_move_id).
    odoo_move_id = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.order.number} / {self.product.sku} × {self.quantity_ordered}"

    @property
    def unit_price_incl_tax(self) -> Decimal:
        return (self.unit_price * (1 + self.tax_rate)).quantize(Decimal("0.01"))
