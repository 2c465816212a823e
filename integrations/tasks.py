from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def odoo_posting_send(posting_id: int):
    """Deliver one outbox posting to Odoo; safe to run twice (see integrations.delivery)."""
    from .delivery import deliver_posting

    deliver_posting(posting_id)
