"""The store's brand and the product cards, edited by an administrator."""
from django.contrib import admin

from .models import ExchangeRequest, ExchangeRule, ProductCard, StoreBrand, VariantStock


@admin.register(StoreBrand)
class StoreBrandAdmin(admin.ModelAdmin):
    list_display = ("name", "primary_colour", "support_email", "updated_at")

    def has_add_permission(self, request):
        # One brand: the portal uses the first row, so a second would silently do nothing.
        return super().has_add_permission(request) and not StoreBrand.objects.exists()


@admin.register(ProductCard)
class ProductCardAdmin(admin.ModelAdmin):
    list_display = ("product", "variant", "variant_of", "current_price")
    search_fields = ("product__sku", "product__name", "variant")
    autocomplete_fields = ("product",)


@admin.register(ExchangeRule)
class ExchangeRuleAdmin(admin.ModelAdmin):
    list_display = ("category", "allowed", "exchange_first_reasons")


@admin.register(ExchangeRequest)
class ExchangeRequestAdmin(admin.ModelAdmin):
    """Read-only: exchanges are made by the portal with the return and move with its lifecycle."""

    list_display = ("return_line", "replacement", "quantity", "unit_price_paid", "state", "created_at")
    list_filter = ("state",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VariantStock)
class VariantStockAdmin(admin.ModelAdmin):
    """The last free quantity read from Odoo; shown to customers only while Odoo cannot be reached."""

    list_display = ("product", "free_qty", "read_at")
    readonly_fields = ("product", "free_qty", "read_at")

    def has_add_permission(self, request):
        return False
