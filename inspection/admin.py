"""Read-mostly admin views of the warehouse records; changes go through the tablet and console services."""
from django.contrib import admin

from .models import CustodyRecord, InspectionClaim, LineHold, ReceivingDiscrepancy, UnidentifiedParcel


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReceivingDiscrepancy)
class ReceivingDiscrepancyAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "return_request", "product", "expected_quantity", "received_quantity",
                    "resolved_at")
    list_filter = ("kind",)


@admin.register(UnidentifiedParcel)
class UnidentifiedParcelAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "carrier", "tracking_number", "location_code", "status", "matched_return")
    list_filter = ("status",)
    search_fields = ("tracking_number",)


@admin.register(CustodyRecord)
class CustodyRecordAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "line", "unit_index", "unit_serial", "location_code", "reason", "actor")
    search_fields = ("location_code", "unit_serial")


@admin.register(LineHold)
class LineHoldAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "line", "kind", "status", "decided_by", "decided_at")
    list_filter = ("kind", "status")


@admin.register(InspectionClaim)
class InspectionClaimAdmin(ReadOnlyAdmin):
    list_display = ("return_request", "inspector", "claimed_at", "last_seen_at")
