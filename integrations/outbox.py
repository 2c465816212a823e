"""Writing postings into the outbox. Delivery to Odoo lives in `integrations.delivery`."""
from django.db import transaction

from .models import OdooPosting, PostingKind


def posting_reference(rma_number: str, kind: str, line_id=None) -> str:
    return f"{rma_number}/{kind}" + (f"/L{line_id}" if line_id else "")


def enqueue_posting(*, request, kind: PostingKind, payload: dict, line=None) -> OdooPosting:
    """Add a posting in the caller's transaction and wake a worker once it commits."""
    posting = add_once(reference=posting_reference(request.rma_number, kind, line.pk if line else None),
                       request=request, line=line, kind=kind, payload=payload, order_number=request.order.number)
    transaction.on_commit(lambda: _dispatch(posting.pk))
    return posting


def add_once(*, reference: str, **fields) -> OdooPosting:
    """The posting with this reference: inserted unless it exists, which is kept as it is (a step run
    again posts nothing new). `INSERT … ON CONFLICT DO NOTHING` and a read, two queries, where
    get_or_create took four inside a transaction (a read, a savepoint, the insert, its release)."""
    OdooPosting.objects.bulk_create([OdooPosting(reference=reference, **fields)], ignore_conflicts=True)
    return OdooPosting.objects.get(reference=reference)


def _dispatch(posting_id):
    from .delivery import enqueue

    enqueue(posting_id)
