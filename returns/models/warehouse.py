"""The warehouses returns are received at: which countries and product categories each takes, its
Odoo ids for the receipt, its label printer and the staff who work there.

A return is given one warehouse when it is created (returns.warehouses.choose_warehouse) and keeps
it. Odoo ids left empty mean "what the settings and Odoo discovery give today" (integrations.targets),
so a single-site operator needs nothing but the default warehouse the migration creates.
"""
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

COUNTRY_LIST = re.compile(r"^\s*([A-Za-z]{2}\s*(,\s*[A-Za-z]{2}\s*)*)?$")


def validate_country_list(value: str):
    if not COUNTRY_LIST.match(value or ""):
        raise ValidationError(_("List two-letter country codes separated by commas, e.g. \"DE, AT, CH\"."))


class Warehouse(models.Model):
    code = models.SlugField(max_length=20, unique=True, help_text=_("Short code shown on the tablet, e.g. WH-A."))
    name = models.CharField(max_length=100)
    address = models.TextField(blank=True, help_text=_("Where customers send their parcels."))
    country = models.CharField(max_length=2, blank=True, help_text=_("ISO country code of the address."))
    serves_countries = models.CharField(
        max_length=400, blank=True, validators=[validate_country_list],
        help_text=_("Shipping countries whose returns come here (ISO codes, comma-separated)."))
    categories = models.ManyToManyField(
        "returns.ProductCategory", blank=True, related_name="warehouses",
        help_text=_("Product categories that always go to this warehouse, whatever the country."))
    is_default = models.BooleanField(default=False, help_text=_("Takes every return no other rule places."))
    active = models.BooleanField(default=True)
    odoo_warehouse_id = models.PositiveIntegerField(null=True, blank=True,
                                                    help_text=_("stock.warehouse id; empty: ODOO_WAREHOUSE_CODE."))
    odoo_returns_location_id = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("stock.location the receipt lands in; empty: Returns area/Returns."))
    odoo_receipt_type_id = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("stock.picking.type of the receipt; empty: the warehouse's Receipts."))
    label_printer = models.CharField(max_length=200, blank=True,
                                     help_text=_("host[:port] of the label printer; empty: RETURNFLOW_LABEL_PRINTER."))
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="warehouses",
        help_text=_("Warehouse staff who work here: they see only these warehouses' returns on the tablet. "
                    "Staff given no warehouse see all."))

    class Meta:
        ordering = ["-is_default", "code"]
        constraints = [
            # At most one default: the fallback of the choice must be unambiguous.
            models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                    name="one_default_warehouse"),
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"

    def country_codes(self) -> set[str]:
        return {code.strip().upper() for code in (self.serves_countries or "").split(",") if code.strip()}
