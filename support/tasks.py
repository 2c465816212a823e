"""Delivering the agents' replies from the outbox (support.models.OutgoingMessage)."""
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

MAX_ATTEMPTS = 5


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=MAX_ATTEMPTS - 1)
def send_outgoing_message(self, message_id: int):
    """Send one reply once. The row lock keeps two workers (a redelivered task) from both sending;
    SMTP errors are OSErrors: recorded on the message, retried with backoff, failed at the end."""
    from .models import DeliveryState, OutgoingMessage

    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state == DeliveryState.SENT:
            return
        message.attempts += 1
        try:
            EmailMessage(subject=message.subject, body=message.body, to=[message.to_email],
                         reply_to=[settings.DEFAULT_FROM_EMAIL]).send()
        except OSError as error:
            message.state, message.last_error = DeliveryState.FAILED, str(error)[:1000]
            message.save(update_fields=["state", "last_error", "attempts"])
            retry = self.request.retries < self.max_retries
        else:
            message.state, message.sent_at, message.last_error = DeliveryState.SENT, timezone.now(), ""
            message.save(update_fields=["state", "sent_at", "last_error", "attempts"])
            return
    if retry:
        raise self.retry(countdown=min(600, 30 * 2 ** self.request.retries))


@shared_task(ignore_result=True)
def resend_queued():
    """Enqueue replies still queued a minute after they were written (their enqueue was lost)."""
    from .models import DeliveryState, OutgoingMessage

    stale = timezone.now() - timedelta(minutes=1)
    for pk in OutgoingMessage.objects.filter(state=DeliveryState.QUEUED, created_at__lt=stale).values_list(
            "pk", flat=True)[:500]:
        send_outgoing_message.delay(pk)
