"""Delivery of outbox postings to Odoo, exactly once in effect.

- A posting is claimed with a conditional UPDATE (pending, or sending with an expired lease),
  which also counts the attempt. A worker killed mid-posting leaves it `sending`; once the lease
  runs out it is claimed again.
- Postings of one sale order go one at a time, oldest first (Odoo raises serialization failures
  on concurrent writes to one order, and a disposition needs its receipt done first).
- Any attempt after the first may follow one that reached Odoo, so the handler looks the
  posting's reference up in Odoo before creating anything.
- Transient errors reschedule with exponential backoff and jitter; permanent ones stop as
  `failed` with the error for an operator, who retries after fixing the cause.
- Until Odoo is configured, postings wait as `pending`.
"""
import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from returns.choices import ReturnStatus

from .gateway import odoo_client, odoo_configured
from .handlers import HANDLERS, PostingNotReady, PostingRefused
from .models import OdooPosting, PostingKind, PostingState
from .odoo import OdooError
from .targets import TargetsIncomplete, targets
from .warehouse_targets import for_posting

log = logging.getLogger(__name__)
UNSENT = [PostingState.PENDING, PostingState.SENDING, PostingState.FAILED]


def backoff_seconds(attempts: int) -> float:
    """10 s, 20 s, 40 s … capped, with ±25 % jitter so that retries after an outage spread out."""
    base = min(settings.OUTBOX_MAX_BACKOFF_SECONDS, settings.OUTBOX_BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return base * random.uniform(0.75, 1.25)


def _no_earlier_unsent():
    """True for a posting with no earlier unsent posting of its order. Part of the claim's own UPDATE,
    so the check and the claim are one statement: a follower is never claimed while its predecessor is
    still unsent, and no worker sleeps or holds anything while it waits."""
    earlier = OdooPosting.objects.filter(order_number=OuterRef("order_number"), pk__lt=OuterRef("pk"),
                                         state__in=UNSENT).exclude(kind=PostingKind.EVIDENCE)  # see earlier_unsent
    return ~Exists(earlier)


def claim(posting_id: int):
    now = timezone.now()
    claimed = OdooPosting.objects.filter(
        Q(pk=posting_id) & Q(state__in=[PostingState.PENDING, PostingState.SENDING]) & Q(next_attempt_at__lte=now)
        & _no_earlier_unsent()
    ).update(state=PostingState.SENDING, next_attempt_at=now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
             updated_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        return None
    return OdooPosting.objects.select_related("request").get(pk=posting_id)


def earlier_unsent(posting):
    """The oldest unsent posting of the same order that this one must wait for. Evidence (photos, the
    chatter note, the breakdown PDF) waits for what came before it but holds nothing up: a photo that
    cannot be attached must never stop a credit note or the refund."""
    return (OdooPosting.objects.filter(order_number=posting.order_number, pk__lt=posting.pk, state__in=UNSENT)
            .exclude(kind=PostingKind.EVIDENCE).order_by("pk").first())


def _release(posting, *, state, delay=0.0, error=""):
    OdooPosting.objects.filter(pk=posting.pk).update(
        state=state, last_error=error[:2000], updated_at=timezone.now(),
        next_attempt_at=timezone.now() + timedelta(seconds=delay))


def _record_sent(posting, result):
    from returns.permissions import system_user
    from returns.services.lifecycle import return_mark_refunded

    with transaction.atomic():
        OdooPosting.objects.filter(pk=posting.pk).update(
            state=PostingState.SENT, odoo_model=result.odoo_model, odoo_id=result.odoo_id,
            odoo_name=result.odoo_name, last_error="", sent_at=timezone.now(), updated_at=timezone.now())
        waiting = posting.request.__class__.objects.filter(pk=posting.request_id, state=ReturnStatus.REFUND_APPROVED)
        if _settles_refund(posting) and waiting.exists():
            # Odoo has confirmed the money: the credit note read back paid by the refund payment, or
            # (store credit, or no refund payment) posted as the open credit. Only now is it refunded.
            return_mark_refunded(return_id=posting.request_id, actor=system_user(),
                                 credit_note_name=_credit_note_name(posting, result))
        _wake_follower(posting)


def _wake_follower(posting):
    """Make the next posting of the same order due now and enqueue it once this one is committed as
    sent, so it goes at once on whichever worker is free instead of waiting for the sweep. Its claim
    refused it while this one was unsent (see `claim`), so it may have been left with a backoff."""
    followers = OdooPosting.objects.filter(order_number=posting.order_number, pk__gt=posting.pk,
                                           state=PostingState.PENDING).order_by("pk")
    # Evidence blocks nobody, so the next posting that waited may sit behind evidence ones: wake up to it.
    woken = []
    for pk, kind in followers.values_list("pk", "kind")[:20]:
        woken.append(pk)
        if kind != PostingKind.EVIDENCE:
            break
    if not woken:
        return
    OdooPosting.objects.filter(pk__in=woken, state=PostingState.PENDING).update(next_attempt_at=timezone.now())
    transaction.on_commit(lambda: [enqueue(pk) for pk in woken])


def _settles_refund(posting) -> bool:
    if posting.kind == PostingKind.REFUND_PAYMENT:
        return True
    return posting.kind == PostingKind.CREDIT_NOTE and not OdooPosting.objects.filter(
        request_id=posting.request_id, kind=PostingKind.REFUND_PAYMENT).exists()


def _credit_note_name(posting, result) -> str:
    if posting.kind == PostingKind.CREDIT_NOTE:
        return result.odoo_name
    note = OdooPosting.objects.filter(request_id=posting.request_id, kind=PostingKind.CREDIT_NOTE).first()
    return note.odoo_name if note else ""


def _later(posting, exc) -> str:
    delay = backoff_seconds(posting.attempts)
    _release(posting, state=PostingState.PENDING, delay=delay, error=f"{type(exc).__name__}: {exc}")
    log.warning("Posting %s: retry in %.0f s: %s", posting.reference, delay, exc)
    enqueue(posting.pk, countdown=delay)
    return "retry"


def deliver_posting(posting_id: int) -> str:
    """Try one posting now; answers what happened (for logs, tests and the replay command)."""
    if not odoo_configured():
        return "not_configured"
    posting = claim(posting_id)
    if posting is None:
        return _why_not_claimed(posting_id)
    client = odoo_client()
    try:
        # A return received at another warehouse posts with that warehouse's Odoo ids (warehouse_targets).
        where = for_posting(client, targets(client), posting)
        result = HANDLERS[posting.kind](client, posting, where, look_up_first=posting.attempts > 1)
    except TargetsIncomplete as exc:
        _release(posting, state=PostingState.FAILED, error=f"Odoo is not set up for returns: {exc}. Run odoo_check.")
        return "failed"
    except PostingRefused as exc:
        _release(posting, state=PostingState.FAILED, error=str(exc))
        return "failed"
    except PostingNotReady as exc:
        return _later(posting, exc)  # Odoo's side is not finished yet (e.g. payment post-processing)
    except OdooError as exc:
        if exc.retryable:
            delay = backoff_seconds(posting.attempts)
            _release(posting, state=PostingState.PENDING, delay=delay, error=f"{type(exc).__name__}: {exc.message}")
            log.warning("Posting %s: transient Odoo error, retry in %.0f s: %s", posting.reference, delay, exc)
            enqueue(posting.pk, countdown=delay)
            return "retry"
        _release(posting, state=PostingState.FAILED, error=f"{type(exc).__name__}: {exc.message}")
        log.error("Posting %s failed permanently: %s", posting.reference, exc)
        return "failed"
    _record_sent(posting, result)
    return "sent"


def _why_not_claimed(posting_id: int) -> str:
    """"waiting" when an earlier posting of the order is unsent: it stays pending and due, untouched,
    and the predecessor wakes it when it is sent (`_wake_follower`); "not_due" otherwise."""
    posting = OdooPosting.objects.filter(pk=posting_id, state=PostingState.PENDING).first()
    if posting is None:
        return "not_due"
    blocker = earlier_unsent(posting)
    if blocker is None:
        return "not_due"
    note = f"Waiting for {blocker.reference} ({blocker.get_state_display().lower()})."
    if posting.last_error != note:
        OdooPosting.objects.filter(pk=posting_id, state=PostingState.PENDING).update(last_error=note)
    return "waiting"


def enqueue(posting_id: int, countdown: float = 0):
    from celery import current_app

    from .tasks import odoo_posting_send

    if countdown and current_app.conf.task_always_eager:
        return  # in-process mode has no delayed tasks; the sweeper or outbox_replay picks it up
    odoo_posting_send.apply_async((posting_id,), countdown=countdown or None)


def retry_posting(posting_id: int) -> bool:
    """An operator's retry of a failed posting (after fixing its cause)."""
    updated = OdooPosting.objects.filter(pk=posting_id, state=PostingState.FAILED).update(
        state=PostingState.PENDING, next_attempt_at=timezone.now(), updated_at=timezone.now())
    if updated:
        transaction.on_commit(lambda: enqueue(posting_id))
    return bool(updated)


def due_postings():
    """Postings to (re)enqueue: pending and due, or sending with an expired lease."""
    # A posting behind an unsent one of its order is left out: its predecessor wakes it.
    return OdooPosting.objects.filter(Q(state__in=[PostingState.PENDING, PostingState.SENDING])
                                      & Q(next_attempt_at__lte=timezone.now()) & _no_earlier_unsent()).order_by("pk")
