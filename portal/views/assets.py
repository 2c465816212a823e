"""The store's stylesheet, logo and product pictures, served by the app itself so that the
Content-Security-Policy's "'self'" covers them wherever media is stored (local disk or S3)."""
import mimetypes

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ..brand import brand_logo_row, brand_stylesheet, current_brand
from ..models import ProductCard

# Versioned URLs (?v=) change with every save, so browsers may keep these a day.
MAX_AGE = 24 * 3600


def _image(field):
    try:
        handle = field.storage.open(field.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404() from None
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        raise Http404()  # only raster images: an SVG could carry script
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def brand_css(request):
    response = HttpResponse(brand_stylesheet(current_brand()), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@require_GET
def brand_logo(request):
    row = brand_logo_row()
    if row is None:
        raise Http404()
    return _image(row.logo)


@require_GET
def product_image(request, product_id):
    """A product's picture: catalogue data, the same for every customer, so no order check is needed."""
    card = get_object_or_404(ProductCard.objects.exclude(image=""), product_id=product_id)
    return _image(card.image)
