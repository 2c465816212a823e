from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditRecordImmutable(Exception):
    pass


class ReturnEvent(models.Model):
    """Append-only audit record of one lifecycle step: who, when, from, to, why.

    Rows are never updated or deleted; the model refuses it and, on PostgreSQL, so does a
    trigger (migration 0002), so not even raw SQL from the app can rewrite history.
    """

    return_request = models.ForeignKey("returns.ReturnRequest", on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=50)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    reason = models.CharField(max_length=100, blank=True, help_text="Reason code of a decision.")
    note = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.request_id or '-'} {self.action}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditRecordImmutable("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditRecordImmutable("Audit records cannot be deleted.")


class RmaCounter(models.Model):
    """Last RMA number handed out per year; rows are locked while a number is taken."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"RMA counter {self.year} (last {self.last})"
