"""Photo evidence, shared by the customer portal (claims) and the warehouse (inspection)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import private_originals


class PhotoKind(models.TextChoices):
    CUSTOMER = "customer", "Customer's photo"
    RECEIPT = "receipt", "Parcel at receipt"
    INSPECTION = "inspection", "Inspection evidence"


class PhotoStatus(models.TextChoices):
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Photo(models.Model):
    return_request = models.ForeignKey("returns.ReturnRequest", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="photos")
    line = models.ForeignKey("returns.ReturnLine", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="photos")
    # Photos of a parcel that arrived without a return number.
    parcel = models.ForeignKey("inspection.UnidentifiedParcel", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="photos")
    kind = models.CharField(max_length=20, choices=PhotoKind.choices)
    # The original exactly as uploaded; its SHA-256 proves later that it was not altered. It may carry GPS,
    # so it lives in private storage and is never served (see inspection.storage).
    original = models.FileField(upload_to="photos/originals/%Y/%m/", storage=private_originals)
    sha256 = models.CharField(max_length=64, db_index=True)
    mime_type = models.CharField(max_length=30)
    byte_size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # Metadata-free renditions made by a Celery task; empty until ready.
    large = models.FileField(upload_to="photos/large/%Y/%m/", blank=True)
    thumbnail = models.FileField(upload_to="photos/thumbs/%Y/%m/", blank=True)
    status = models.CharField(max_length=12, choices=PhotoStatus.choices, default=PhotoStatus.PROCESSING)
    error = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.sha256[:12]}"


# ---------------------------------------------------------------- receiving

class DiscrepancyKind(models.TextChoices):
    SHORT = "short", _("Fewer units than expected")
    OVER = "over", _("More units than expected")
    UNEXPECTED_PRODUCT = "unexpected_product", _("Product that was not on the return")
    NO_RMA = "no_rma", _("Parcel without a return number")


class ReceivingDiscrepancy(models.Model):
    """A mismatch found at receipt, raised for support; nothing about a receipt is silently corrected.

    `return_request` is empty only for a parcel without a return number (kind no_rma, see `parcel`).
    """

    return_request = models.ForeignKey("returns.ReturnRequest", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="discrepancies")
    line = models.ForeignKey("returns.ReturnLine", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="discrepancies")
    parcel = models.ForeignKey("inspection.UnidentifiedParcel", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="discrepancies")
    kind = models.CharField(max_length=20, choices=DiscrepancyKind.choices)
    expected_quantity = models.PositiveIntegerField(default=0)
    received_quantity = models.PositiveIntegerField(default=0)
    product = models.ForeignKey("returns.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "receiving discrepancies"
        indexes = [models.Index(fields=["created_at"], name="discrepancy_open_idx",
                                condition=models.Q(resolved_at__isnull=True))]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.expected_quantity} expected, {self.received_quantity} received)"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ParcelStatus(models.TextChoices):
    OPEN = "open", _("Waiting for support")
    MATCHED = "matched", _("Matched to a return")
    CLOSED = "closed", _("Closed")


class UnidentifiedParcel(models.Model):
    """A parcel that arrived without a usable return number, parked until support identifies it."""

    carrier = models.CharField(max_length=50, blank=True)
    tracking_number = models.CharField(max_length=100, blank=True, db_index=True)
    # Where the parcel was put down, so that whoever resolves it can find it.
    location_code = models.CharField(max_length=50, blank=True)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=ParcelStatus.choices, default=ParcelStatus.OPEN, db_index=True)
    matched_return = models.ForeignKey("returns.ReturnRequest", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="unidentified_parcels")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Parcel {self.pk} ({self.carrier} {self.tracking_number})".strip()


class CustodyRecordImmutable(Exception):
    pass


class CustodyRecord(models.Model):
    """Append-only chain of custody: who put which unit where, and when (a migration adds a trigger).

    `unit_index` numbers the received units of a line from 1; the latest record of a unit is
    where it is now.
    """

    line = models.ForeignKey("returns.ReturnLine", on_delete=models.PROTECT, related_name="custody")
    unit_index = models.PositiveIntegerField()
    unit_serial = models.CharField(max_length=100, blank=True)
    location_code = models.CharField(max_length=50)
    # "receipt", "move" or "disposition": why the unit moved.
    reason = models.CharField(max_length=20, default="move")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.line_id}#{self.unit_index} → {self.location_code}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise CustodyRecordImmutable("Custody records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise CustodyRecordImmutable("Custody records cannot be deleted.")


# ---------------------------------------------------------------- inspection

class InspectionClaim(models.Model):
    """Who is inspecting a return right now; others see it read-only until the claim goes stale."""

    return_request = models.OneToOneField("returns.ReturnRequest", on_delete=models.CASCADE,
                                          related_name="inspection_claim")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.return_request_id} by {self.inspector_id}"


class UnitInspection(models.Model):
    """Step-by-step inspection work, saved answer by answer.

    Unit 0 is the line as a whole (its checklist and grade for a non-serialized product, and the
    version the disposition form is checked against); units 1..n are the units of a serialized
    product, each with its own serial, checklist and grade. `version` grows with every save, so a
    form based on an older version is refused instead of overwriting newer work.
    """

    line = models.ForeignKey("returns.ReturnLine", on_delete=models.CASCADE, related_name="unit_inspections")
    unit_index = models.PositiveIntegerField(default=0)
    serial_number = models.CharField(max_length=100, blank=True)
    checklist = models.JSONField(default=dict, blank=True)  # item code → "yes" | "no"
    grade = models.CharField(max_length=1, blank=True)
    note = models.TextField(blank=True)
    # Guided grading (inspection.grading): the tree version this unit was graded with and the answers,
    # in order ([{"question", "answer"}, …]); empty for the flat checklist.
    grading_tree = models.ForeignKey("inspection.GradingTree", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    grading_path = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["line", "unit_index"]
        constraints = [models.UniqueConstraint(fields=["line", "unit_index"], name="unit_inspection_unique")]

    def __str__(self):
        return f"{self.line_id}#{self.unit_index} v{self.version}"


class HoldKind(models.TextChoices):
    SERIAL_MISMATCH = "serial_mismatch", _("Serial number was not shipped to this customer")
    HIGH_VALUE = "high_value", _("High-value item")
    OVERRIDE = "override", _("Inspector asks for an exception")


class HoldStatus(models.TextChoices):
    OPEN = "open", _("Waiting for support")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    # The inspector changed the line so that the hold no longer applies (e.g. a mistyped serial).
    WITHDRAWN = "withdrawn", _("No longer needed")


class LineHold(models.Model):
    """A line waiting for a support decision; ReturnLine.hold_reason mirrors the open ones.

    `covers` records what an approval approved (the serials, or the grade and disposition), so
    saving the same decision again does not ask support twice, while a different one does.
    """

    line = models.ForeignKey("returns.ReturnLine", on_delete=models.PROTECT, related_name="holds")
    kind = models.CharField(max_length=20, choices=HoldKind.choices)
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=HoldStatus.choices, default=HoldStatus.OPEN, db_index=True)
    covers = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.status})"


# Receiving sessions live in their own module to keep this one short.
from .models_receiving import (  # noqa: E402,F401
    ReceivingScan,
    ReceivingScanKind,
    ReceivingSession,
    ReceivingSessionStatus,
)
from .models_grading import (  # noqa: E402,F401
    GradingTree,
    LicensePlate,
    RefurbishmentOrder,
    RefurbishmentOutcome,
)
from .models_vendor import (  # noqa: E402,F401
    ProductVendor,
    Vendor,
    VendorReturnBatch,
    VendorReturnBatchState,
    VendorReturnUnit,
)
from .models_liquidation import (  # noqa: E402,F401
    LiquidationLot,
    LiquidationLotState,
    LiquidationLotUnit,
)
from .models_idempotency import IdempotentRequest  # noqa: E402,F401
