"""Replies from the console: macros with placeholders, the outbox row in the request's transaction,
the send after commit by the task, and the delivery state in the timeline."""
import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

from returns.models import ReturnEvent
from support.models import DeliveryState, OutgoingMessage, ReplyMacro
from tests.support.builders import ensure_default_macros, pending_exception

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server refused the connection")


@pytest.fixture
def agent(sam):
    client = Client()
    client.force_login(sam)
    return client


def test_a_reply_from_a_macro_is_sent_after_commit_and_joins_the_timeline(
        agent, alice, sam, django_capture_on_commit_callbacks):
    ret = pending_exception(alice)
    ensure_default_macros()
    macro = ReplyMacro.objects.get(name="Parcel not arrived yet")  # shipped by the migration
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        # Without JavaScript: the macro chosen, the text left empty, so the macro is the text.
        response = agent.post(f"/support/returns/{ret.rma_number}/reply/", {"macro": macro.pk, "subject": "",
                                                                            "body": ""})
        assert response.status_code == 302
        message = OutgoingMessage.objects.get(return_request=ret)
        assert message.state == DeliveryState.QUEUED and mail.outbox == []  # nothing leaves before commit
    for callback in callbacks:
        callback()

    message.refresh_from_db()
    assert message.state == DeliveryState.SENT and message.attempts == 1 and message.sent_at
    [sent] = mail.outbox
    assert sent.to == [alice.email] and sent.subject == f"Your return {ret.rma_number}"
    assert sent.body.startswith("Hello Alice,") and ret.order.number in sent.body and "{" not in sent.body
    assert sent.body.rstrip().endswith("sam")
    event = ReturnEvent.objects.get(return_request=ret, action="customer_reply")
    assert (event.actor, event.data["message"], event.data["macro"]) == (sam, message.pk, macro.name)

    page = agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    timeline = page.split('data-action="customer_reply"')[1].split("</li>")[0]
    assert 'data-testid="delivery-state">Sent' in timeline and "Hello Alice," in timeline


def test_an_unknown_placeholder_is_a_form_error_and_keeps_the_text(agent, alice):
    ret = pending_exception(alice)
    response = agent.post(f"/support/returns/{ret.rma_number}/reply/", {
        "subject": "About {rma}", "body": "Dear {customer_name}, your {ret.__class__} is fine."})
    page = response.content.decode()
    assert response.status_code == 400 and "Unknown placeholder(s): {ret}." not in page
    assert "Unknown placeholder" in page and "your {ret.__class__} is fine." in page
    assert not OutgoingMessage.objects.exists()
    empty = agent.post(f"/support/returns/{ret.rma_number}/reply/", {"subject": "", "body": ""})
    assert empty.status_code == 400 and "Write the message (or choose a macro)." in empty.content.decode()


def test_a_failed_delivery_is_recorded_and_shown(agent, alice, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.support.test_replies.BrokenBackend"
    ret = pending_exception(alice)
    with django_capture_on_commit_callbacks(execute=True):
        agent.post(f"/support/returns/{ret.rma_number}/reply/", {"subject": "Hello {customer_name}",
                                                                 "body": "About {rma}."})
    message = OutgoingMessage.objects.get(return_request=ret)
    assert message.subject == "Hello Alice" and message.body == f"About {ret.rma_number}."
    assert message.state == DeliveryState.FAILED and "refused the connection" in message.last_error
    assert message.attempts >= 1
    page = agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    assert 'data-testid="delivery-state">Failed' in page and "refused the connection" in page


def test_only_agents_write_to_customers(alice, ivan):
    ret = pending_exception(alice)
    inspector = Client()
    inspector.force_login(ivan)
    assert inspector.post(f"/support/returns/{ret.rma_number}/reply/", {"subject": "x", "body": "y"}).status_code \
        == 403
    assert not OutgoingMessage.objects.exists()
