"""Building the customer e-mail for one audit event: subject, plain text and HTML, with a signed
link to the return's status page."""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from returns.models import ReturnEvent

from .brand import current_brand
from .links import status_url
from .notifications import email_kind
from .recorded import recorded_lines, shortfall_sentences
from .refund_display import customer_refund, refund_sentence


def _subject(kind, ret) -> str:
    subjects = {
        "request_received": _("We received your return request %(rma)s"),
        "authorized": _("Your return %(rma)s is authorized: how to send it"),
        "pending_approval": _("Your return request %(rma)s is being checked"),
        "rejected": _("Your return request %(rma)s was not accepted"),
        "received": _("We received your parcel for return %(rma)s"),
        "inspected": _("Your returned items for %(rma)s have been inspected"),
        "refunded": _("Your refund for return %(rma)s has been issued"),
        "cancelled": _("Your return %(rma)s is cancelled"),
        "dispute_resolved": _("Our answer to your question about return %(rma)s"),
        "exchange_refund_instead": _("Your exchange for return %(rma)s: refunded instead"),
    }
    return subjects[kind] % {"rma": ret.rma_number}


def build_message(event_id) -> EmailMultiAlternatives | None:
    """The e-mail for this event, or None when there is nothing to tell the customer."""
    event = (ReturnEvent.objects.select_related("return_request__customer", "return_request__order")
             .filter(pk=event_id).first())
    kind = email_kind(event) if event is not None else None
    if kind is None:
        return None
    ret = event.return_request
    if not ret.customer.email:
        return None
    if kind == "request_received" and ret.events.filter(action="auto_review").exists():
        # The automatic review already decided in the same transaction: its e-mail (authorized or
        # being checked) confirms the request too, so the customer gets one message, not two.
        return None
    # What was recorded (received, accepted, refunded), never just what was asked for.
    recorded = recorded_lines(ret)
    context = {
        "kind": kind, "event": event, "ret": ret, "order": ret.order, "customer": ret.customer,
        "lines": recorded, "shortfalls": shortfall_sentences(recorded), "status_url": status_url(ret),
        "currency": ret.order.currency, "approved_by_agent": event.action == "approve",
        "expiry_days": settings.RETURNFLOW["AUTHORIZATION_EXPIRY_DAYS"],
        "link_days": settings.RETURNFLOW["STATUS_LINK_MAX_AGE_DAYS"], "brand": current_brand(),
    }
    if kind == "dispute_resolved":
        from returns.models import Dispute

        context["dispute"] = Dispute.objects.filter(pk=(event.data or {}).get("dispute")).first()
    if kind == "exchange_refund_instead":
        from exchanges.models import ExchangeRequest

        context["exchange"] = (ExchangeRequest.objects.select_related("return_line__product", "replacement")
                               .filter(return_line_id=(event.data or {}).get("line")).first())
    if kind == "refunded":
        # The released figures (not ret.refund_amount, a copy rounded to cents for the release guards).
        refund = customer_refund(ret)
        context.update(refund=refund, refund_sentence=refund_sentence(refund))
        from integrations.postings import refund_payment_outcome

        # How the money went back as Odoo confirmed it: provider refund or bank refund, amount, reference.
        context["payment"] = refund_payment_outcome(ret)
    text = render_to_string(f"emails/return_{kind}.txt", context)
    html = render_to_string(f"emails/return_{kind}.html", context)
    message = EmailMultiAlternatives(_subject(kind, ret), text, settings.DEFAULT_FROM_EMAIL, [ret.customer.email])
    message.attach_alternative(html, "text/html")
    return message


def build_sign_in_message(customer) -> EmailMultiAlternatives:
    """The e-mail with a one-time sign-in link (see portal.signin)."""
    from .signin import SIGN_IN_LINK_MINUTES, sign_in_url

    context = {"customer": customer, "sign_in_url": sign_in_url(customer), "minutes": SIGN_IN_LINK_MINUTES,
               "brand": current_brand()}
    text = render_to_string("emails/sign_in_link.txt", context)
    html = render_to_string("emails/sign_in_link.html", context)
    message = EmailMultiAlternatives(_("Your sign-in link"), text, settings.DEFAULT_FROM_EMAIL, [customer.email])
    message.attach_alternative(html, "text/html")
    return message
