"""A customer's disagreement with what was recorded for their return: a short receipt, a deduction
from the refund, or something else. It waits in the support console's "Disputes" queue until an
agent resolves it with a note (shown to the customer).

Rows are created and resolved only by returns.services.disputes, which audits both steps. At most
one dispute of each kind is open per return; the partial unique constraint holds that even when
two requests race past the service's check.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DisputeKind(models.TextChoices):
    SHORT_RECEIPT = "short_receipt", _("Items missing from the receipt")
    DEDUCTION = "deduction", _("A deduction from the refund")
    OTHER = "other", _("Something else")


class DisputeState(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Dispute(models.Model):
    return_request = models.ForeignKey("returns.ReturnRequest", on_delete=models.PROTECT, related_name="disputes")
    # The item the customer means, when they name one.
    line = models.ForeignKey("returns.ReturnLine", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="disputes")
    kind = models.CharField(max_length=20, choices=DisputeKind.choices)
    message = models.TextField(help_text="The customer's own words.")
    state = models.CharField(max_length=10, choices=DisputeState.choices, default=DisputeState.OPEN, db_index=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolution_note = models.TextField(blank=True, help_text="Support's answer; the customer sees it.")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["return_request", "kind"], condition=models.Q(state="open"),
                                    name="one_open_dispute_per_return_and_kind"),
        ]

    def __str__(self):
        return f"{self.return_request_id} {self.kind} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state == DisputeState.OPEN
