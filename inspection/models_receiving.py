"""Receiving sessions: the counts of a parcel kept on the server while it is being counted.

A count that lives only in the tablet's page is lost by a reload, a browser crash or a second
tablet; so every +, − and scan is saved here at once, with who made it, on which device and
when. One parcel (return) has at most one open session; whoever holds it counts, anyone else
sees the same counts and who holds them, and may take the parcel over explicitly (audited).
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReceivingSessionStatus(models.TextChoices):
    OPEN = "open", _("Being counted")
    CONFIRMED = "confirmed", _("Receipt confirmed")
    ABANDONED = "abandoned", _("Abandoned")


class ReceivingSession(models.Model):
    """The parcel of one return being counted: the counts so far and who holds it."""

    return_request = models.ForeignKey("returns.ReturnRequest", on_delete=models.PROTECT,
                                       related_name="receiving_sessions")
    status = models.CharField(max_length=10, choices=ReceivingSessionStatus.choices,
                              default=ReceivingSessionStatus.OPEN, db_index=True)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A random id the tablet keeps in localStorage (or the browser session without JavaScript),
    # so that a second tablet of the same person is told, too.
    device_id = models.CharField(max_length=64)
    # line id (as text) → units counted; product id (as text) → {"quantity", "note"} for products
    # that are not on the return.
    counts = models.JSONField(default=dict, blank=True)
    unexpected = models.JSONField(default=dict, blank=True)
    location_code = models.CharField(max_length=50, blank=True)
    note = models.TextField(blank=True)
    # Grows with every change, so a page can tell that what it shows is no longer current.
    version = models.PositiveIntegerField(default=1)
    opened_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [models.UniqueConstraint(fields=["return_request"], name="receiving_session_one_open",
                                               condition=models.Q(status="open"))]

    def __str__(self):
        return f"Receiving {self.return_request_id} ({self.status})"

    def count_of(self, line_id) -> int:
        return int(self.counts.get(str(line_id), 0))


class ReceivingScanKind(models.TextChoices):
    COUNT = "count", _("Count changed")
    UNEXPECTED = "unexpected", _("Product not on the return")
    LOCATION = "location", _("Tote or bin scanned")
    NOTE = "note", _("Note changed")
    TAKE_OVER = "take_over", _("Taken over from another tablet")
    CONFIRM = "confirm", _("Receipt confirmed")
    ABANDON = "abandon", _("Counts discarded")


class ReceivingScanImmutable(Exception):
    pass


class ReceivingScan(models.Model):
    """One change to a session's counts, in the order it happened: the parcel's count history.

    Append-only like the chain of custody (the model refuses changes, a migration adds the
    database triggers), so who counted what, where and when cannot be rewritten afterwards.
    """

    session = models.ForeignKey(ReceivingSession, on_delete=models.PROTECT, related_name="scans")
    kind = models.CharField(max_length=12, choices=ReceivingScanKind.choices)
    line = models.ForeignKey("returns.ReturnLine", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("returns.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # What was scanned or typed (a barcode, a tote label), empty for a tap on + or −.
    code = models.CharField(max_length=100, blank=True)
    quantity_before = models.PositiveIntegerField(default=0)
    quantity_after = models.PositiveIntegerField(default=0)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    device_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.kind} {self.quantity_before}→{self.quantity_after}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ReceivingScanImmutable("Receiving scans cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReceivingScanImmutable("Receiving scans cannot be deleted.")
