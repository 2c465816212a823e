from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

SENT_MARK_SECONDS = 7 * 24 * 3600


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_customer_email(event_id: int):
    """Send the customer e-mail for one audit event (SMTP errors are OSErrors: retried with backoff)."""
    from .emails import build_message

    mark = f"portal:email-sent:{event_id}"
    if cache.get(mark):
        return  # a redelivered task after a successful send
    with translation.override(settings.LANGUAGE_CODE):
        message = build_message(event_id)
    if message is not None:
        message.send()
    cache.set(mark, True, SENT_MARK_SECONDS)
