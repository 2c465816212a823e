"""Liquidation lots, and the offline queue's idempotency keys, in the admin: read-only. Lots change only through
the tablet's services (each change
audited on the units' returns); an edit here would bypass both."""
from django.contrib import admin

from returnflow.admin_base import ReadOnlyAdmin

from .models import IdempotentRequest, LiquidationLot, LiquidationLotUnit


class LiquidationLotUnitInline(admin.TabularInline):
    model = LiquidationLotUnit
    fields = ("plate", "added_at", "added_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LiquidationLot)
class LiquidationLotAdmin(ReadOnlyAdmin):
    list_display = ("reference", "state", "buyer", "recovery_value", "currency", "created_at", "closed_at", "sold_at")
    list_filter = ("state",)
    search_fields = ("reference", "buyer", "units__plate__code")
    inlines = [LiquidationLotUnitInline]


@admin.register(LiquidationLotUnit)
class LiquidationLotUnitAdmin(ReadOnlyAdmin):
    list_display = ("plate", "lot", "added_at", "added_by")
    search_fields = ("plate__code", "lot__reference")


@admin.register(IdempotentRequest)
class IdempotentRequestAdmin(ReadOnlyAdmin):
    """The offline queue's keys and their first answers (inspection/idempotency.py): read-only, since a key
    changed or removed here would let a resend from a tablet be saved twice."""

    list_display = ["created_at", "user", "endpoint", "status_code"]
    list_filter = ["status_code"]
    search_fields = ["endpoint", "key", "user__username"]
    exclude = ["body"]
