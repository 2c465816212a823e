from django.contrib import admin

from .models import Refund, StoreCredit


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    """Read only: refunds change through the lifecycle (refunds.bookkeeping), never by hand."""

    list_display = ["return_request", "status", "total", "currency", "method", "released_at", "refunded_at"]
    list_filter = ["status", "method", "currency"]
    search_fields = ["return_request__rma_number", "credit_note_name"]
    readonly_fields = [f.name for f in Refund._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StoreCredit)
class StoreCreditAdmin(admin.ModelAdmin):
    list_display = ["customer", "amount", "currency", "return_request", "created_at"]
    search_fields = ["customer__name", "customer__email", "return_request__rma_number"]
    readonly_fields = [f.name for f in StoreCredit._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
