"""The store's brand and the product cards, edited by an administrator."""
from django.contrib import admin

from .models import ExchangeRule, ProductCard, StoreBrand, VariantStock


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


@admin.register(VariantStock)
class VariantStockAdmin(admin.ModelAdmin):
    """The last free quantity read from Odoo; shown to customers only while Odoo cannot be reached."""

    list_display = ("product", "free_qty", "read_at")
    readonly_fields = ("product", "free_qty", "read_at")

    def has_add_permission(self, request):
        return False
