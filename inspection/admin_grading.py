"""Admin for guided grading trees (versioned: a change is saved as a new version), license plates and vendors."""
import json

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Max

from returnflow.admin_base import ReadOnlyAdmin

from .grading_tree import validate_tree
from .models import (GradingTree, LicensePlate, ProductVendor, RefurbishmentOrder, Vendor, VendorReturnBatch,
                     VendorReturnUnit)


class GradingTreeForm(forms.ModelForm):
    class Meta:
        model = GradingTree
        fields = ("name", "category", "product", "active", "definition")

    def clean_definition(self):
        definition = self.cleaned_data["definition"]
        if isinstance(definition, str):
            definition = json.loads(definition)
        validate_tree(definition)
        return definition

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("category") and not cleaned.get("product"):
            raise forms.ValidationError("A tree is for a category or for one product.")
        return cleaned


@admin.register(GradingTree)
class GradingTreeAdmin(admin.ModelAdmin):
    """Saving a change never rewrites a version inspections may have used: it adds the next version
    (active) and deactivates the others of the same category or product."""

    form = GradingTreeForm
    list_display = ("name", "category", "product", "version", "active", "created_at")
    list_filter = ("active", "category")
    readonly_fields = ("version", "created_by", "created_at")

    def has_delete_permission(self, request, obj=None):
        return False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        scope = GradingTree.objects.filter(category=obj.category, product=obj.product)
        if change:
            obj.pk = None  # a new row: the edited version stays as it was
            obj._state.adding = True
        obj.version = (scope.aggregate(top=Max("version"))["top"] or 0) + 1
        obj.created_by = request.user
        if obj.active:
            scope.update(active=False)
        obj.save()


@admin.register(LicensePlate)
class LicensePlateAdmin(ReadOnlyAdmin):
    list_display = ("code", "line", "unit_index", "created_at", "printed_at")
    search_fields = ("code", "line__request__rma_number")


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ("name", "odoo_partner_id")
    search_fields = ("name",)


@admin.register(ProductVendor)
class ProductVendorAdmin(admin.ModelAdmin):
    """Which vendor a product goes back to when a unit's fault is the supplier's."""

    list_display = ("product", "vendor")
    autocomplete_fields = ("vendor",)

    def save_model(self, request, obj, form, change):
        from .vendor_returns import join_waiting_units

        super().save_model(request, obj, form, change)
        join_waiting_units()  # units that waited for this product's vendor join its batch now


@admin.register(VendorReturnBatch)
class VendorReturnBatchAdmin(ReadOnlyAdmin):
    list_display = ("number", "vendor", "state", "authorization_number", "created_at", "closed_at")
    list_filter = ("state",)


@admin.register(RefurbishmentOrder)
class RefurbishmentOrderAdmin(ReadOnlyAdmin):
    list_display = ("plate", "outcome", "grade_after", "opened_at", "finished_at")
    list_filter = ("outcome",)


@admin.register(VendorReturnUnit)
class VendorReturnUnitAdmin(ReadOnlyAdmin):
    list_display = ("plate", "batch", "added_at")
