from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def odoo_posting_send(posting_id: int):
    """Deliver one outbox posting to Odoo; safe to run twice (see integrations.delivery)."""
    from .delivery import deliver_posting

    return deliver_posting(posting_id)


@shared_task(ignore_result=True)
def odoo_outbox_drain():
    """Periodic sweep: enqueue every due posting, so none waits on a lost message."""
    from .delivery import due_postings, enqueue
    from .gateway import odoo_configured

    if not odoo_configured():
        return 0
    ids = list(due_postings().values_list("pk", flat=True)[:500])
    for posting_id in ids:
        enqueue(posting_id)
    return len(ids)
