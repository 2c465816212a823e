"""A claim against the carrier for a parcel damaged or lost in transit.

Support opens one with the carrier, the carrier's claim reference, the date the carrier must answer
by and the amount claimed; it is resolved with the outcome (paid, denied, withdrawn) and the amount
recovered. While a claim of a return is open, no refund of that return is proposed, approved or
released (the lifecycle's guard `no_open_dispute_or_carrier_claim`): what the carrier pays may change
what the customer is owed, and the evidence must not be closed over by a refund.

Rows are written only by returns.services.carrier_claims, which audits opening and resolving. The
constraints hold what the service checks even against a racing second request.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CarrierClaimKind(models.TextChoices):
    DAMAGED = "damaged", _("Parcel damaged in transit")
    LOST = "lost", _("Parcel lost in transit")


class CarrierClaimState(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class CarrierClaimOutcome(models.TextChoices):
    PAID = "paid", _("Paid by the carrier")
    DENIED = "denied", _("Denied by the carrier")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CarrierClaim(models.Model):
    return_request = models.ForeignKey("returns.ReturnRequest", on_delete=models.PROTECT,
                                       related_name="carrier_claims")
    kind = models.CharField(max_length=10, choices=CarrierClaimKind.choices)
    carrier = models.CharField(max_length=50)
    claim_reference = models.CharField(max_length=100, help_text="The carrier's reference for the claim.")
    due_date = models.DateField(help_text="When the carrier has to answer by; overdue claims are highlighted.")
    amount_claimed = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    note = models.TextField(blank=True, help_text="What happened to the parcel, for the next agent.")
    state = models.CharField(max_length=10, choices=CarrierClaimState.choices, default=CarrierClaimState.OPEN,
                             db_index=True)
    outcome = models.CharField(max_length=10, choices=CarrierClaimOutcome.choices, blank=True)
    amount_recovered = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            # One parcel, one claim at a time: a second open claim would be the same parcel twice.
            models.UniqueConstraint(fields=["return_request"], condition=Q(state="open"),
                                    name="one_open_carrier_claim_per_return"),
            models.CheckConstraint(condition=Q(amount_claimed__gt=0), name="carrier_claim_amount_positive"),
            # Open: no outcome yet. Resolved: an outcome; money recovered only when the carrier paid.
            models.CheckConstraint(
                condition=(Q(state="open", outcome="", amount_recovered__isnull=True)
                           | Q(state="resolved", outcome="paid", amount_recovered__gt=0)
                           | Q(state="resolved", outcome__in=["denied", "withdrawn"], amount_recovered__isnull=True)),
                name="carrier_claim_outcome_matches_state"),
        ]

    def __str__(self):
        return f"{self.carrier} {self.claim_reference} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state == CarrierClaimState.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()
