"""What the tablet's offline queue needs from the server: each replayed request's key and its first answer.

A request queued on a tablet while the Wi-Fi was down may reach the server more than once (the answer
got lost, the queue was replayed twice, two tabs flushed it). The key is chosen in the browser when the
person acted; the first request with it runs, every later one gets the stored answer and changes nothing.
"""
from django.conf import settings
from django.db import models


class IdempotentRequest(models.Model):
    """One (user, endpoint, key) and the response it got. Keys are per user: another user's same key is
    a different request."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    endpoint = models.CharField(max_length=300)  # the request path, e.g. /inspect/returns/R-1/lines/3/photos/
    key = models.CharField(max_length=64)
    # SHA-256 of the form fields and files, so a key reused for different content is refused, not replayed.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=500, blank=True)  # a redirect's target
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "endpoint", "key"], name="idempotent_request_once")]

    def __str__(self):
        return f"{self.endpoint} {self.key} → {self.status_code}"
