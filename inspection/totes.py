"""Which codes are totes and bins: a configured pattern, and never a product's SKU or barcode.

A scanner reads every label the same way, so an inspector who scans the item instead of the
tote would otherwise book the units into a "location" called TSHIRT-M that nobody can find.
"""
import re

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from returns.errors import InvalidReturnRequest
from returns.models import Product

from .custody import clean_location

# Tote, bin, cart and shelf labels as printed in the warehouse: TOTE-07, BIN-A3, BIN-NORMA-1.
DEFAULT_TOTE_PATTERN = r"^(TOTE|BIN|CART|SHELF)-[A-Z0-9]+(-[A-Z0-9]+)*$"


class LocationIsAProduct(InvalidReturnRequest):
    code = "location_is_product"


class UnknownLocation(InvalidReturnRequest):
    code = "unknown_location"


def tote_pattern() -> str:
    """settings.RETURNFLOW["TOTE_PATTERN"] (RETURNFLOW_TOTE_PATTERN), else the default."""
    return settings.RETURNFLOW.get("TOTE_PATTERN") or DEFAULT_TOTE_PATTERN


def looks_like_tote(code: str) -> bool:
    return bool(re.match(tote_pattern(), (code or "").strip().upper()))


def product_with_code(code: str):
    return Product.objects.filter(Q(barcode=code) | Q(sku__iexact=code)).first()


def clean_tote(code: str) -> str:
    """The tote or bin label, upper-cased; a clear error for anything else (400 over the API)."""
    code = clean_location(code)
    product = product_with_code(code)
    if product is not None:
        raise LocationIsAProduct(
            _("“%(code)s” is the code of a product (%(name)s), not a tote or bin. Scan the tote's or bin's label.")
            % {"code": code, "name": product.name}, details={"field": "location_code", "code": code})
    if not looks_like_tote(code):
        raise UnknownLocation(
            _("“%(code)s” is not a known tote or bin label (for example TOTE-07 or BIN-A3). Scan the label on the "
              "tote or bin.") % {"code": code}, details={"field": "location_code", "code": code,
                                                        "pattern": tote_pattern()})
    return code
