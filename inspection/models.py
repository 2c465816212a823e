"""Photo evidence, shared by the customer portal (claims) and the warehouse (inspection)."""
from django.conf import settings
from django.db import models
from django.utils import timezone


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
    kind = models.CharField(max_length=20, choices=PhotoKind.choices)
    # The original exactly as uploaded; its SHA-256 proves later that it was not altered.
    original = models.FileField(upload_to="photos/originals/%Y/%m/")
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
