"""The store's name and logo for documents the staff side makes (the evidence pack).

The portal owns the brand (portal.StoreBrand, edited in the admin), but the console must not import
the portal (the layer contracts in pyproject.toml). So the portal hands a provider in here when it
loads, the way apps subscribe to lifecycle steps; without the portal installed, or before a brand is
configured, documents carry no store name and no logo rather than a made-up one.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentBrand:
    name: str = ""
    logo: bytes | None = None  # the image file as uploaded (PNG, JPEG or WebP), or None


_provider: Callable[[], DocumentBrand] | None = None


def provide_document_brand(provider: Callable[[], DocumentBrand]) -> None:
    """Called once by the app that owns the brand (the portal's AppConfig.ready)."""
    global _provider
    _provider = provider


def document_brand() -> DocumentBrand:
    return _provider() if _provider is not None else DocumentBrand()
