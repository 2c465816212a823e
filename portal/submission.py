"""Turning a reviewed draft into a return with its photos: everything or nothing.

The return (through returns.services.creation.return_create) and every photo (through
inspection.evidence.photo_store) are created in one transaction, inside files_removed_on_error, so
a failure anywhere leaves no ReturnRequest, no Photo row and no stored file.

The draft's one-time token is the return's idempotency key: a double click or a resent form finds
the return the first submission created instead of making a second one. The order row is locked
first, so two simultaneous submissions of one form queue up and the second sees the first's return.
"""
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import translation

from inspection.evidence import files_removed_on_error, photo_store
from inspection.models import PhotoKind
from returns.models import ReturnRequest, SalesOrder
from returns.services.audit import audit_record
from returns.services.creation import LineInput, return_create

from .drafts import idempotency_key, staging_storage
from .forms import CONDITIONS
from .exchange_requests import record_exchanges
from .languages import remember_for_return

CONDITION_LABELS = dict(CONDITIONS)


class StagedPhotoMissing(Exception):
    """A staged photo disappeared (purged or deleted) before the return was sent."""


def existing_for_token(token) -> ReturnRequest | None:
    return ReturnRequest.objects.filter(idempotency_key=idempotency_key(token)).select_related("order").first()


def _line_inputs(draft):
    # The condition note is stored in the site's language: the warehouse reads it, not the customer.
    with translation.override(settings.LANGUAGE_CODE):
        return [LineInput(order_line_id=line["order_line_id"], quantity=line["quantity"], reason_code=line["reason"],
                          condition_note=str(CONDITION_LABELS.get(line["condition"], line["condition"])),
                          comment=line.get("comment", ""))
                for line in draft["lines"]]


def submit_draft(order, draft, *, exception_message="", refund_method, request_id="") -> tuple[ReturnRequest, bool]:
    """(the return, whether this call created it). Raises ReturnsError subclasses with a message."""
    actor = order.customer.user
    key = idempotency_key(draft["token"])
    with files_removed_on_error() as stored, transaction.atomic():
        SalesOrder.objects.select_for_update().get(pk=order.pk)
        existing = ReturnRequest.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing, False
        ret = return_create(order=order, actor=actor, lines=_line_inputs(draft), exception_message=exception_message,
                            refund_method=refund_method, idempotency_key=key, request_id=request_id)
        # In the same transaction, so the e-mails queued on commit already find the customer's language.
        remember_for_return(ret)
        # Told to the customer on the next page (see views.review).
        ret.exchange_fallbacks = record_exchanges(ret, draft, actor)
        lines = {line.order_line_id: line for line in ret.lines.all()}
        count = 0
        for drafted in draft["lines"]:
            for staged in drafted.get("photos", []):
                try:
                    handle = staging_storage().open(staged["path"], "rb")
                except (FileNotFoundError, OSError) as exc:
                    raise StagedPhotoMissing(staged["name"]) from exc
                with handle:
                    photo_store(upload=File(handle, name=staged["name"]), kind=PhotoKind.CUSTOMER,
                                uploaded_by=actor, stored=stored, return_request=ret,
                                line=lines[drafted["order_line_id"]])
                count += 1
        if count:
            audit_record(request=ret, actor=actor, action="customer_photos", request_id=request_id,
                         note=f"{count} photo(s) added with the request", data={"photos": count})
    return ret, True
