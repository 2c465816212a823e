"""Builders the intelligence tests share."""


def customer_photo(line, user):
    """A real JPEG stored as the customer's own photo of `line` (the demo picture of its SKU)."""
    from django.db import transaction

    from inspection.demo import demo_photo
    from inspection.evidence import files_removed_on_error, photo_store

    with files_removed_on_error() as stored, transaction.atomic():
        return photo_store(upload=demo_photo(line.product.sku), kind="customer", uploaded_by=user, stored=stored,
                           return_request=line.request, line=line)
