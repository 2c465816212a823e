from django.contrib import admin

from returnflow.admin_base import ReadOnlyAdmin

from .models import Refund, StoreCredit


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    """Refunds change through the lifecycle (refunds.bookkeeping), never by hand."""

    list_display = ["return_request", "status", "total", "currency", "method", "released_at", "refunded_at"]
    list_filter = ["status", "method", "currency"]
    search_fields = ["return_request__rma_number", "credit_note_name"]


@admin.register(StoreCredit)
class StoreCreditAdmin(ReadOnlyAdmin):
    list_display = ["customer", "amount", "currency", "return_request", "created_at"]
    search_fields = ["customer__name", "customer__email", "return_request__rma_number"]
