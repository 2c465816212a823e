"""The store's brand and the product cards, edited by an administrator."""
from django.contrib import admin

from .models import ProductCard, StoreBrand


@admin.register(StoreBrand)
class StoreBrandAdmin(admin.ModelAdmin):
    list_display = ("name", "primary_colour", "support_email", "updated_at")

    def has_add_permission(self, request):
        # One brand: the portal uses the first row, so a second would silently do nothing.
        return super().has_add_permission(request) and not StoreBrand.objects.exists()


@admin.register(ProductCard)
class ProductCardAdmin(admin.ModelAdmin):
    list_display = ("product", "variant")
    search_fields = ("product__sku", "product__name", "variant")
    autocomplete_fields = ("product",)
