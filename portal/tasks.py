from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

SENT_MARK_SECONDS = 7 * 24 * 3600


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_customer_email(event_id: int):
    """Send the customer e-mail for one audit event (SMTP errors are OSErrors: retried with backoff),
    in the language the customer asked for the return in."""
    from returns.models import ReturnEvent

    from .emails import build_message
    from .languages import language_for_return

    mark = f"portal:email-sent:{event_id}"
    if cache.get(mark):
        return  # a redelivered task after a successful send
    event = ReturnEvent.objects.select_related("return_request__customer").filter(pk=event_id).first()
    if event is None:
        return
    with translation.override(language_for_return(event.return_request)):
        message = build_message(event_id)
    if message is not None:
        message.send()
    cache.set(mark, True, SENT_MARK_SECONDS)


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_sign_in_email(customer_id: int, language: str):
    """The one-time sign-in link, made here so that it is fresh when it leaves (never stored)."""
    from returns.models import Customer

    from .emails import build_sign_in_message
    from .languages import SUPPORTED

    customer = Customer.objects.select_related("user").filter(pk=customer_id).first()
    if customer is None:
        return
    with translation.override(language if language in SUPPORTED else settings.LANGUAGE_CODE):
        message = build_sign_in_message(customer)
    message.send()
