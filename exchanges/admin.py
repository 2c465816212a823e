from django.contrib import admin

from .models import ExchangeRequest, TrustedExchangeCustomer


@admin.register(ExchangeRequest)
class ExchangeRequestAdmin(admin.ModelAdmin):
    """Read-only: exchanges are made by the portal with the return and move with its lifecycle."""

    list_display = ("return_line", "replacement", "quantity", "unit_price_paid", "replacement_unit_price", "state",
                    "odoo_order_name", "created_at")
    list_filter = ("state",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrustedExchangeCustomer)
class TrustedExchangeCustomerAdmin(admin.ModelAdmin):
    """Customers whose replacement is ordered when the return is authorized, before the item is back."""

    list_display = ("customer", "note", "created_at")
    autocomplete_fields = ("customer",)
