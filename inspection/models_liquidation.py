"""Liquidation: units sold off in lots to a buyer (a jobber, an outlet), at a price for the whole lot.

Units disposed as Liquidation gather in an open lot, scanned in by their license plate; the warehouse
closes the lot when the pallet is full, and support or finance record the sale with the price the
buyer pays (the recovery value the dashboard counts). A unit is in at most one lot.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone


class LiquidationLotState(models.TextChoices):
    OPEN = "open", "Open, collecting units"
    CLOSED = "closed", "Closed, waiting for the sale"
    SOLD = "sold", "Sold"


class LiquidationLot(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    buyer = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=LiquidationLotState.choices, default=LiquidationLotState.OPEN,
                             db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    sold_at = models.DateTimeField(null=True, blank=True)
    sold_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    # What the buyer pays for the whole lot; set once, when the sale is recorded.
    recovery_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    # Optimistic lock for the tablet's forms: a second tablet's stale form changes nothing.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="liquidation_lot_sold_has_value",
                condition=~models.Q(state="sold") | (models.Q(recovery_value__isnull=False) & ~models.Q(currency=""))),
            models.CheckConstraint(name="liquidation_lot_value_not_negative",
                                   condition=models.Q(recovery_value__isnull=True) | models.Q(recovery_value__gte=0)),
        ]

    def __str__(self):
        return self.reference


class LiquidationLotUnit(models.Model):
    lot = models.ForeignKey(LiquidationLot, on_delete=models.PROTECT, related_name="units")
    # One row per plate at most: the database, not only the service, keeps a unit in a single lot.
    plate = models.OneToOneField("inspection.LicensePlate", on_delete=models.PROTECT, related_name="liquidation")
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self):
        return f"{self.plate_id} in {self.lot_id}"
