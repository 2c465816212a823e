"""What the advisory models keep: one fingerprint per photo (perceptual hash and quality measures)."""
from django.db import models
from django.utils import timezone


class PhotoFingerprint(models.Model):
    """Measured once per photo when it is checked, so matching photos across returns is a cheap lookup."""

    photo = models.OneToOneField("inspection.Photo", on_delete=models.CASCADE, related_name="fingerprint")
    phash = models.CharField(max_length=16, blank=True, db_index=True)  # 64-bit perceptual hash, hex
    sharpness = models.FloatField(null=True)  # variance of the Laplacian of the grey image
    brightness = models.FloatField(null=True)  # mean grey level, 0–255
    taken_at = models.DateTimeField(null=True, blank=True)  # EXIF DateTimeOriginal, when present
    findings = models.JSONField(default=list, blank=True)  # [{"check", "message"}] for support
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"photo {self.photo_id}: {self.phash}"
