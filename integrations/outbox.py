"""Writing postings into the outbox. Delivery to Odoo lives in `integrations.delivery`."""
from django.db import transaction

from .models import OdooPosting, PostingKind


def posting_reference(rma_number: str, kind: str, line_id=None) -> str:
    return f"{rma_number}/{kind}" + (f"/L{line_id}" if line_id else "")


def enqueue_posting(*, request, kind: PostingKind, payload: dict, line=None) -> OdooPosting:
    """Add a posting in the caller's transaction and wake a worker once it commits."""
    posting, _created = OdooPosting.objects.get_or_create(
        reference=posting_reference(request.rma_number, kind, line.pk if line else None),
        defaults={"request": request, "line": line, "kind": kind, "payload": payload,
                  "order_number": request.order.number},
    )
    transaction.on_commit(lambda: _dispatch(posting.pk))
    return posting


def _dispatch(posting_id):
    from .delivery import enqueue

    enqueue(posting_id)
