"""The portal's StoreBrand as documents outside the portal use it (registered in PortalConfig.ready):
the store's name and the logo file's bytes, read from storage each time (documents are rare)."""
from returnflow.document_brand import DocumentBrand

from .brand import brand_logo_row, current_brand


def brand_for_documents() -> DocumentBrand:
    logo = None
    row = brand_logo_row()
    if row is not None:
        try:
            with row.logo.open("rb") as handle:
                logo = handle.read()
        except (OSError, ValueError):
            logo = None  # a logo file gone missing must not stop an evidence pack; the name still shows
    return DocumentBrand(name=current_brand().name, logo=logo)
