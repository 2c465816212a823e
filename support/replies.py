"""Replies to the customer from the return page, through an outbox.

`reply_queue` writes the OutgoingMessage and its audit record ("customer_reply") in the request's
transaction and enqueues support.tasks.send_outgoing_message after commit: a rolled-back request
sends nothing, and a broker that is down leaves the message queued (support.tasks.resend_queued
picks it up), never lost. The timeline shows the reply with its current delivery state.

Placeholders ({customer_name}, {rma}, …) are filled in by plain substitution, never by
str.format, so a macro cannot reach into objects' attributes. Customer replies by e-mail are out
of scope: they land in the support mailbox (Reply-To), not in Returnflow.
"""
from __future__ import annotations

import re

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from returns import permissions as perm
from returns.errors import InvalidReturnRequest
from returns.services.audit import audit_record
from returns.services.transitions import lock_return

from .models import OutgoingMessage, ReplyMacro

# Anything in braces is meant as a placeholder: unknown ones ({name}, {ret.__class__}) are refused, not sent.
PLACEHOLDER = re.compile(r"\{([^{}\s]{1,60})\}")
PLACEHOLDERS = {
    "customer_name": lambda ret, agent: ret.customer.name,
    "rma": lambda ret, agent: ret.rma_number,
    "order_number": lambda ret, agent: ret.order.number,
    "refund_amount": lambda ret, agent: f"{ret.refund_amount} {ret.order.currency}" if ret.refund_amount is not None
    else "",
    "agent_name": lambda ret, agent: agent.get_full_name() or agent.get_username(),
    "state": lambda ret, agent: str(ret.get_state_display()),
}
MAX_BODY = 10_000


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text or "") if name not in PLACEHOLDERS})


def fill(text: str, ret, agent) -> str:
    return PLACEHOLDER.sub(lambda m: PLACEHOLDERS[m.group(1)](ret, agent) if m.group(1) in PLACEHOLDERS
                           else m.group(0), text)


class ReplyForm(forms.Form):
    macro = forms.ModelChoiceField(label=gettext_lazy("Start from a macro"), required=False,
                                   queryset=ReplyMacro.objects.filter(active=True),
                                   empty_label=gettext_lazy("No macro"))
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200, required=False)
    body = forms.CharField(label=gettext_lazy("Message to the customer"), max_length=MAX_BODY, required=False,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=gettext_lazy("Placeholders: {customer_name}, {rma}, {order_number}, "
                                                  "{refund_amount}, {agent_name}, {state}."))

    def clean(self):
        data = super().clean()
        macro = data.get("macro")
        # Without JavaScript the agent may pick a macro and leave the text empty: the macro is the text.
        if macro is not None:
            data["subject"] = data.get("subject") or macro.subject
            data["body"] = data.get("body") or macro.body
        if not (data.get("subject") or "").strip():
            self.add_error("subject", _("Write a subject (or choose a macro)."))
        if not (data.get("body") or "").strip():
            self.add_error("body", _("Write the message (or choose a macro)."))
        for name in ("subject", "body"):
            unknown = unknown_placeholders(data.get(name) or "")
            if unknown:
                self.add_error(name, _("Unknown placeholder(s): %(names)s.") % {
                    "names": ", ".join("{%s}" % n for n in unknown)})
        return data


def reply_queue(*, return_id, actor, subject, body, macro=None, request_id="") -> OutgoingMessage:
    perm.require_agent(actor, _("write to customers"))
    with transaction.atomic():
        ret = lock_return(return_id)
        if not ret.customer.email:
            raise InvalidReturnRequest(_("This customer has no e-mail address."))
        if unknown_placeholders(subject) or unknown_placeholders(body):
            raise InvalidReturnRequest(_("The message has placeholders that cannot be filled in."))
        message = OutgoingMessage.objects.create(
            return_request=ret, author=actor, macro=macro, to_email=ret.customer.email,
            subject=fill(subject, ret, actor).strip()[:200], body=fill(body, ret, actor).strip())
        audit_record(request=ret, actor=actor, action="customer_reply", from_state=ret.state, to_state=ret.state,
                     note=message.body, request_id=request_id,
                     data={"message": message.pk, "subject": message.subject, "to": message.to_email,
                           "macro": macro.name if macro else ""})
        message_id = message.pk
        # robust: the request has committed; a broker that is down leaves the message queued for the sweep.
        transaction.on_commit(lambda: _enqueue(message_id), robust=True)
        return message


def _enqueue(message_id) -> None:
    from .tasks import send_outgoing_message

    send_outgoing_message.delay(message_id)


def attach_delivery(events: list[dict]) -> None:
    """Give each reply in the timeline its message, so the page shows the current delivery state."""
    ids = [e["event"].data.get("message") for e in events if e["event"].action == "customer_reply"]
    messages = OutgoingMessage.objects.in_bulk([i for i in ids if i])
    for entry in events:
        if entry["event"].action == "customer_reply":
            entry["delivery"] = messages.get(entry["event"].data.get("message"))


def macros_for_script() -> list[dict]:
    """The active macros for the reply form's script (a JSON island, as the CSP allows no inline code)."""
    return [{"id": m.pk, "subject": m.subject, "body": m.body} for m in ReplyMacro.objects.filter(active=True)]
