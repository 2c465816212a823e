"""The store's brand for the portal and the e-mails: one admin-edited StoreBrand row, or the defaults.

Colours reach the page through /portal/brand.css (CSS variables), never through inline styles, so
the Content-Security-Policy stays "style-src 'self'". They are validated as #rrggbb on save and
again here, so a value written around the admin still cannot inject CSS.
"""
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse

from .links import public_url
from .models import HEX_COLOUR, StoreBrand

CACHE_KEY = "portal:brand:v1"
CACHE_SECONDS = 300
DEFAULT_PRIMARY = "#0b5cad"
DEFAULT_TEXT = "#ffffff"


@dataclass(frozen=True)
class Brand:
    name: str
    primary: str
    text_on_primary: str
    support_email: str
    support_phone: str
    has_logo: bool
    version: str  # changes with every save, so browsers fetch the new stylesheet and logo

    @property
    def logo_path(self) -> str:
        return reverse("portal:brand_logo") + f"?v={self.version}" if self.has_logo else ""

    @property
    def logo_url(self) -> str:
        return public_url(self.logo_path) if self.has_logo else ""

    @property
    def css_path(self) -> str:
        return reverse("portal:brand_css") + f"?v={self.version}"


def _colour(value, default):
    return value if HEX_COLOUR.match(value or "") else default


def _from_row(row) -> Brand:
    if row is None:
        return Brand("", DEFAULT_PRIMARY, DEFAULT_TEXT, "", "", False, "0")
    return Brand(row.name, _colour(row.primary_colour, DEFAULT_PRIMARY), _colour(row.text_on_primary, DEFAULT_TEXT),
                 row.support_email, row.support_phone, bool(row.logo), str(int(row.updated_at.timestamp())))


def current_brand() -> Brand:
    brand = cache.get(CACHE_KEY)
    if brand is None:
        brand = _from_row(StoreBrand.objects.order_by("pk").first())
        cache.set(CACHE_KEY, brand, CACHE_SECONDS)
    return brand


def forget_cached_brand(**_kwargs) -> None:
    cache.delete(CACHE_KEY)


def brand_logo_row():
    row = StoreBrand.objects.order_by("pk").first()
    return row if row is not None and row.logo else None


def brand_stylesheet(brand: Brand) -> str:
    return (f":root{{--brand:{brand.primary};--on-brand:{brand.text_on_primary};}}\n"
            "header.top{background:var(--brand);color:var(--on-brand);}\n"
            "header.top a,.portal .brand-link{color:var(--on-brand);}\n"
            ".btn,button{background:var(--brand);border-color:var(--brand);color:var(--on-brand);}\n"
            ".btn.secondary,button.secondary{background:#fff;color:var(--brand);}\n")
