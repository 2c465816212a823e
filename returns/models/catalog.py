from django.db import models


class ProductCategory(models.Model):
    """A product family: decides the return window, the inspection checklist and fees."""

    code = models.SlugField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        verbose_name_plural = "product categories"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Product(models.Model):
    sku = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    category = models.ForeignKey(ProductCategory, on_delete=models.PROTECT, related_name="products")
    barcode = models.CharField(max_length=64, blank=True, db_index=True)
    # Serialized products are inspected per unit and their serials checked against the shipment.
    serialized = models.BooleanField(default=False)
    final_sale = models.BooleanField(default=False, help_text="Final-sale items cannot be returned.")
    odoo_product_id = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["sku"]

    def __str__(self):
        return f"[{self.sku}] {self.name}"
