"""Guided grading trees and license plates (LPNs): the data behind the tablet's question-by-question grading.

A tree is data, edited in the admin. Editing never changes a version an inspection already used:
the admin saves a changed tree as a new version (see inspection.admin_grading), and each unit's
inspection keeps a reference to the exact version it was graded with.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone


class GradingTree(models.Model):
    """One version of a decision tree for a product category, or for one product (which wins)."""

    name = models.CharField(max_length=100)
    category = models.ForeignKey("returns.ProductCategory", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="grading_trees")
    product = models.ForeignKey("returns.Product", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="grading_trees",
                                help_text="Set for a product-specific tree that overrides its category's.")
    version = models.PositiveIntegerField(default=1)
    active = models.BooleanField(default=True, help_text="Only the active version is used for new inspections.")
    # {"start": "q", "questions": {"q": {"text": …, "answers": [{"code", "label", "next" | "grade",
    #  "disposition", "require_photo", "require_serial"}]}}}; checked by grading_tree.validate_tree.
    definition = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.CheckConstraint(name="grading_tree_has_scope",
                                   condition=models.Q(category__isnull=False) | models.Q(product__isnull=False)),
            # One row per version of a scope (partial indexes: SQLite has no NULLS NOT DISTINCT).
            models.UniqueConstraint(fields=["category", "version"], condition=models.Q(product__isnull=True),
                                    name="grading_tree_category_version"),
            models.UniqueConstraint(fields=["product", "version"], condition=models.Q(product__isnull=False),
                                    name="grading_tree_product_version"),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}{'' if self.active else ' (inactive)'}"


class LicensePlate(models.Model):
    """A unit's identity from its disposition on: printed as a label, scanned for every later move."""

    code = models.CharField(max_length=20, unique=True)
    line = models.ForeignKey("returns.ReturnLine", on_delete=models.PROTECT, related_name="license_plates")
    unit_index = models.PositiveIntegerField()  # 1-based, like CustodyRecord.unit_index
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    printed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["line", "unit_index"]
        constraints = [models.UniqueConstraint(fields=["line", "unit_index"], name="license_plate_unit_unique")]

    def __str__(self):
        return self.code


class RefurbishmentOutcome(models.TextChoices):
    RESTOCK_B = "restock_b", "Back to stock as grade B"
    SCRAP = "scrap", "Scrap"


class RefurbishmentOrder(models.Model):
    """A technician's work on one unit in Refurbish, found by its license plate: what was done, then
    where the unit goes (its ERP move goes through the outbox, see inspection.refurbishment)."""

    plate = models.OneToOneField(LicensePlate, on_delete=models.PROTECT, related_name="refurbishment")
    steps = models.JSONField(default=list, blank=True)  # [{"text", "by", "at"}], in order
    outcome = models.CharField(max_length=12, choices=RefurbishmentOutcome.choices, blank=True)
    grade_after = models.CharField(max_length=1, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    finished_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["opened_at", "id"]

    def __str__(self):
        return f"Refurbishment {self.plate.code} ({self.outcome or 'open'})"
