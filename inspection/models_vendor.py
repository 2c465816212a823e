"""Vendor returns (RTV): who supplies a product, and the batches of units going back to each supplier."""
from django.conf import settings
from django.db import models
from django.utils import timezone


class Vendor(models.Model):
    """A supplier, as the partner Odoo knows (its purchase orders and bills are found from it)."""

    name = models.CharField(max_length=200)
    odoo_partner_id = models.IntegerField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProductVendor(models.Model):
    product = models.OneToOneField("returns.Product", on_delete=models.PROTECT, related_name="vendor_link")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="products")

    def __str__(self):
        return f"{self.product} ← {self.vendor}"


class VendorReturnBatchState(models.TextChoices):
    OPEN = "open", "Collecting units"
    CLOSED = "closed", "Closed, posted to Odoo"


class VendorReturnBatch(models.Model):
    """Units with a supplier-fault disposition, gathered per vendor until the vendor's return
    authorization arrives; closing it posts one outgoing transfer and one vendor credit note."""

    number = models.CharField(max_length=20, unique=True)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="return_batches")
    state = models.CharField(max_length=10, choices=VendorReturnBatchState.choices,
                             default=VendorReturnBatchState.OPEN, db_index=True)
    authorization_number = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["vendor"], condition=models.Q(state="open"),
                                               name="one_open_vendor_return_batch")]

    def __str__(self):
        return f"{self.number} ({self.vendor})"


class VendorReturnUnit(models.Model):
    batch = models.ForeignKey(VendorReturnBatch, on_delete=models.PROTECT, related_name="units")
    plate = models.OneToOneField("inspection.LicensePlate", on_delete=models.PROTECT, related_name="vendor_return")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self):
        return f"{self.plate_id} in {self.batch_id}"
