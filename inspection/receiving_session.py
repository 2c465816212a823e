"""Receiving sessions: every count of a parcel is saved on the server the moment it is made.

The tablet saves each +, − and scan here; a reload, a browser crash or a second tablet opening
the same parcel finds the same counts. Whoever holds the session (a person on one device)
counts; anyone else sees the counts and who holds them, and may take the parcel over
explicitly, which is audited. Confirming books the receipt from the session's counts (never
from what one page happened to show) and closes the session.
"""
import re

from django.db import transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from returns import permissions as perm
from returns.errors import ConcurrentChange, IllegalTransition, ReturnPermissionDenied
from returns.models import Product
from returns.services.audit import audit_record
from returns.services.transitions import lock_return

from .errors import ReceivingError
from .models_receiving import ReceivingScan, ReceivingScanKind, ReceivingSession, ReceivingSessionStatus
from .receiving import RECEIVABLE_STATES, UnexpectedItem, clean_quantity, receive_parcel
from .totes import clean_tote

OPEN = ReceivingSessionStatus.OPEN
DEVICE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
NOTE_MAX = 2000


class ParcelHeld(ConcurrentChange):
    """Someone else (or this person on another tablet) is counting this parcel."""

    code = "parcel_held"


class ShortReceiptUnconfirmed(ReceivingError):
    """Fewer units than expected: the receiver confirms the shortfall first (confirm_short=1)."""

    code = "short_unconfirmed"
    status = 409


def clean_device(device_id) -> str:
    device_id = (device_id or "").strip()
    if not DEVICE_PATTERN.match(device_id):
        raise ReceivingError(_("This tablet has no valid device id; reload the page."))
    return device_id


def holder_name(session) -> str:
    return session.holder.get_full_name() or session.holder.get_username()


def session_describe(session) -> str:
    at = time_format(timezone.localtime(session.updated_at), "H:i")
    return _("%(name)s is counting this parcel on tablet %(device)s (last change %(at)s).") % {
        "name": holder_name(session), "device": session.device_id[-6:], "at": at}


def session_open_for(ret):
    """The open session of a return, if any (read-only: pages show its counts to everyone)."""
    return (ReceivingSession.objects.select_related("holder")
            .filter(return_request=ret, status=OPEN).first())


def holds(session, actor, device_id) -> bool:
    return session.holder_id == actor.pk and session.device_id == device_id


def _require_receiver(actor):
    if not actor.has_perm(perm.PERM_RECEIVE):
        raise ReturnPermissionDenied(_("Only warehouse staff can receive parcels."))


def _locked(return_id, actor, device_id, *, create=True):
    """Lock the return and its open session; refuse when another person or tablet holds it."""
    _require_receiver(actor)
    device_id = clean_device(device_id)
    ret = lock_return(return_id)
    if ret.state not in RECEIVABLE_STATES:
        raise IllegalTransition(_("%(rma)s is %(state)s and cannot be received.") % {
            "rma": ret.rma_number, "state": ret.get_state_display().lower()})
    session = (ReceivingSession.objects.select_for_update(of=("self",)).select_related("holder")
               .filter(return_request=ret, status=OPEN).first())
    if session is None:
        if not create:
            raise ReceivingError(_("Nothing has been counted for %(rma)s yet.") % {"rma": ret.rma_number})
        session = ReceivingSession.objects.create(return_request=ret, holder=actor, device_id=device_id)
    elif not holds(session, actor, device_id):
        raise ParcelHeld(session_describe(session) + " " + _("Take the parcel over to count it here."),
                         details={"holder": session.holder.get_username(), "device": session.device_id[-6:],
                                  "counts": session.counts, "version": session.version})
    return ret, session, device_id


def _log(session, actor, device_id, kind, *, line=None, product=None, code="", before=0, after=0):
    ReceivingScan.objects.create(session=session, kind=kind, line=line, product=product, code=(code or "")[:100],
                                 quantity_before=before, quantity_after=after, actor=actor, device_id=device_id)


def _touch(session, fields):
    session.version += 1
    session.updated_at = timezone.now()
    session.save(update_fields=[*fields, "version", "updated_at"])


def _set_count(ret, session, actor, device_id, line_id, quantity, code) -> bool:
    line = ret.lines.filter(pk=line_id).first()
    if line is None:
        raise ReceivingError(_("Item %(id)s is not part of %(rma)s.") % {"id": line_id, "rma": ret.rma_number})
    quantity, before = clean_quantity(quantity), session.count_of(line.pk)
    if quantity == before:
        return False  # a retry of a save that did arrive: nothing to log twice
    session.counts[str(line.pk)] = quantity
    _log(session, actor, device_id, ReceivingScanKind.COUNT, line=line, code=code, before=before, after=quantity)
    return True


def _set_unexpected(session, actor, device_id, product_id, quantity, note, code) -> bool:
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        raise ReceivingError(_("Unknown product %(id)s.") % {"id": product_id})
    entry = session.unexpected.get(str(product.pk), {"quantity": 0, "note": ""})
    quantity, note = clean_quantity(quantity), (note or "").strip()[:300]
    if (quantity, note) == (entry["quantity"], entry["note"]):
        return False
    session.unexpected[str(product.pk)] = {"quantity": quantity, "note": note}
    _log(session, actor, device_id, ReceivingScanKind.UNEXPECTED, product=product, code=code,
         before=entry["quantity"], after=quantity)
    return True


def session_save(*, return_id, actor, device_id, counts=None, unexpected=None, location_code=None, note=None,
                 code="", validate_location=False, whole_form=False):
    """Save what the tablet counted: `counts` line id → units, `unexpected` product id → (units, note).

    Values are absolute (not +1), so a save that is sent again after a lost answer changes
    nothing. The location is checked at once when `validate_location` (a scanned tote label).
    A `whole_form` is the page's complete state: unexpected products it no longer lists count 0.
    """
    with transaction.atomic():
        ret, session, device_id = _locked(return_id, actor, device_id)
        changed = set()
        if whole_form:
            listed = dict(unexpected or {})
            unexpected = {int(pk): (0, item["note"]) for pk, item in session.unexpected.items()} | listed
        for line_id, quantity in (counts or {}).items():
            if _set_count(ret, session, actor, device_id, int(line_id), quantity, code):
                changed.add("counts")
        for product_id, (quantity, item_note) in (unexpected or {}).items():
            if _set_unexpected(session, actor, device_id, int(product_id), quantity, item_note, code):
                changed.add("unexpected")
        if location_code is not None:
            location = clean_tote(location_code) if validate_location else location_code.strip().upper()[:50]
            if location != session.location_code:
                session.location_code = location
                _log(session, actor, device_id, ReceivingScanKind.LOCATION, code=location)
                changed.add("location_code")
        if note is not None and note.strip()[:NOTE_MAX] != session.note:
            session.note = note.strip()[:NOTE_MAX]
            _log(session, actor, device_id, ReceivingScanKind.NOTE)
            changed.add("note")
        if changed:
            _touch(session, sorted(changed))
        return session


def session_take_over(*, return_id, actor, device_id, request_id=""):
    """Hold the parcel on this tablet from now on; the counts so far are kept, and the change audited."""
    with transaction.atomic():
        _require_receiver(actor)
        device_id = clean_device(device_id)
        ret = lock_return(return_id)
        session = (ReceivingSession.objects.select_for_update(of=("self",)).select_related("holder")
                   .filter(return_request=ret, status=OPEN).first())
        if session is None or holds(session, actor, device_id):
            return session
        before = {"holder": session.holder.get_username(), "device": session.device_id}
        session.holder, session.device_id = actor, device_id
        _log(session, actor, device_id, ReceivingScanKind.TAKE_OVER, code=before["device"][-6:])
        _touch(session, ["holder", "device_id"])
        audit_record(request=ret, actor=actor, action="receiving_taken_over", from_state=ret.state,
                     to_state=ret.state, request_id=request_id,
                     data={"session": session.pk, "from": before, "to": {"holder": actor.get_username(),
                                                                          "device": device_id}})
        return session


def short_units(ret, session) -> int:
    """Units the customer returned that were not counted (over-counts of another line do not make up)."""
    return sum(max(0, line.quantity_requested - session.count_of(line.pk))
               for line in ret.lines.filter(unexpected=False))


def short_message(units: int) -> str:
    return ngettext(
        "%(n)s item short: confirm as short? A receiving discrepancy is raised for support, and the customer is "
        "refunded only for what was received.",
        "%(n)s items short: confirm as short? A receiving discrepancy is raised for support, and the customer is "
        "refunded only for what was received.", units) % {"n": units}


def session_confirm(*, return_id, actor, device_id, confirm_short=False, request_id=""):
    """Book the receipt from the session's counts and close the session.

    A shortfall is booked only once confirmed (`confirm_short`); otherwise ShortReceiptUnconfirmed
    says how many items are short and what will happen.
    """
    with transaction.atomic():
        ret, session, device_id = _locked(return_id, actor, device_id, create=False)
        location = clean_tote(session.location_code)  # a bad tote is said before the shortfall
        short = short_units(ret, session)
        counted = sum(session.counts.values()) + sum(item["quantity"] for item in session.unexpected.values())
        if short and counted and not confirm_short:
            raise ShortReceiptUnconfirmed(short_message(short), details={"short": short})
        ret, found = receive_parcel(
            return_id=ret.pk, actor=actor, location_code=location, note=session.note, request_id=request_id,
            quantities={int(line_id): qty for line_id, qty in session.counts.items()},
            unexpected=[UnexpectedItem(int(product_id), item["quantity"], item["note"])
                        for product_id, item in session.unexpected.items() if item["quantity"]])
        session.status, session.closed_at, session.closed_by = ReceivingSessionStatus.CONFIRMED, timezone.now(), actor
        _log(session, actor, device_id, ReceivingScanKind.CONFIRM)
        _touch(session, ["status", "closed_at", "closed_by"])
        return ret, found


def session_abandon(*, return_id, actor, device_id, request_id=""):
    """Discard the counts of the parcel (start over); the session and its scans stay as history."""
    with transaction.atomic():
        ret, session, device_id = _locked(return_id, actor, device_id, create=False)
        session.status, session.closed_at, session.closed_by = ReceivingSessionStatus.ABANDONED, timezone.now(), actor
        _log(session, actor, device_id, ReceivingScanKind.ABANDON)
        _touch(session, ["status", "closed_at", "closed_by"])
        audit_record(request=ret, actor=actor, action="receiving_abandoned", from_state=ret.state, to_state=ret.state,
                     request_id=request_id, data={"session": session.pk, "counts": session.counts})
        return session


CLOSING_STEPS = frozenset({"cancel", "expire", "reject"})


def sessions_close_on_step(step) -> None:
    """A return that can no longer be received closes its open counting session (kept as history):
    the warehouse's subscriber to lifecycle steps, registered in InspectionConfig.ready()."""
    for session in ReceivingSession.objects.select_for_update().filter(return_request=step.request, status=OPEN):
        session.status, session.closed_at, session.closed_by = (ReceivingSessionStatus.ABANDONED, timezone.now(),
                                                                step.actor)
        _log(session, step.actor, "lifecycle", ReceivingScanKind.ABANDON, code=step.action)
        _touch(session, ["status", "closed_at", "closed_by"])
