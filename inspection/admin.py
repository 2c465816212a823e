"""Read-mostly admin views of the warehouse records; changes go through the tablet and console services."""
from django.contrib import admin

from returnflow.admin_base import ReadOnlyAdmin

from .models import (CustodyRecord, InspectionClaim, LineHold, Photo, ReceivingDiscrepancy, ReceivingScan,
                     ReceivingSession, UnidentifiedParcel, UnitInspection)


@admin.register(ReceivingDiscrepancy)
class ReceivingDiscrepancyAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "return_request", "product", "expected_quantity", "received_quantity",
                    "resolved_at")
    list_filter = ("kind",)


@admin.register(ReceivingSession)
class ReceivingSessionAdmin(ReadOnlyAdmin):
    """A parcel's counts while it is received on a tablet; written by the receiving service only."""

    list_display = ("opened_at", "return_request", "status", "holder", "device_id", "closed_at")
    list_filter = ("status",)
    search_fields = ("return_request__rma_number",)


@admin.register(ReceivingScan)
class ReceivingScanAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "session", "kind", "line", "code", "quantity_before", "quantity_after", "actor")
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


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    # The original may carry GPS and has no URL (private storage); its SHA-256 is shown instead.
    exclude = ("original",)
    list_display = ("created_at", "kind", "return_request", "line", "sha256", "byte_size", "status", "uploaded_by")
    list_filter = ("kind", "status")
    search_fields = ("sha256", "return_request__rma_number")


@admin.register(UnitInspection)
class UnitInspectionAdmin(ReadOnlyAdmin):
    list_display = ("line", "unit_index", "serial_number", "grade", "version", "updated_by", "updated_at")
    search_fields = ("serial_number", "line__request__rma_number")

from . import admin_grading  # noqa: E402,F401 (guided grading trees and license plates)
from . import admin_liquidation  # noqa: E402,F401 (liquidation lots, read-only)
