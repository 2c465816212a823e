"""The admin cannot rewrite what the services own, and what it may still change is audited.

Everything goes through Django's test client: the admin's own change form, as an administrator would
submit it (with extra fields an attacker would add), on PostgreSQL.
"""
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from returns.models import Customer, ReturnEvent, ReturnRequest
from tests.factories import create_return, force_state, make_order

OUR_APPS = {"returns", "inspection", "refunds", "integrations"}
pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """The fields the admin's change form would submit, with their current values."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "file"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data[name] = "on"
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_of(page) -> dict:
    parser = _FormFields()
    parser.feed(page.content.decode())
    return parser.data


@pytest.fixture
def root(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-1234")
    client.force_login(user)
    return user


@pytest.fixture
def refunded(alice, alice_order):
    ret = create_return(alice_order, alice.user)
    return force_state(ret, "refunded")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_a_refunded_returns_customer_order_method_and_date_cannot_be_changed(client, root, refunded, bob, tshirt):
    bobs_order = make_order(bob, [(tshirt, 1, "20.00")])
    before = ReturnRequest.objects.values().get(pk=refunded.pk)
    form = form_of(client.get(change_url(refunded)))
    assert not {"customer", "order", "refund_method", "created_at", "state", "refund_amount"} & form.keys()

    form.update(customer=str(bob.pk), order=str(bobs_order.pk), refund_method="store_credit",
                created_at_0="2020-01-01", created_at_1="00:00:00", state="requested", refund_amount="9999")
    response = client.post(change_url(refunded), form)

    assert response.status_code == 302, response.content.decode()[:2000]
    after = ReturnRequest.objects.values().get(pk=refunded.pk)
    assert after == before
    # Bob did not get the return: not in his list, 404 on its page.
    client.force_login(bob.user)
    assert client.get(f"/api/returns/{refunded.rma_number}/").status_code == 404


def test_what_the_admin_may_still_change_is_audited_with_before_and_after(client, root, refunded):
    ReturnRequest.objects.filter(pk=refunded.pk).update(carrier="DHL", tracking_number="JJD0001")
    form = form_of(client.get(change_url(refunded)))
    form.update(tracking_number="JJD0002")

    assert client.post(change_url(refunded), form).status_code == 302

    refunded.refresh_from_db()
    assert (refunded.carrier, refunded.tracking_number, refunded.state) == ("DHL", "JJD0002", "refunded")
    event = ReturnEvent.objects.filter(return_request=refunded, action="admin_change").get()
    assert event.actor == root and event.from_state == event.to_state == "refunded"
    assert event.data["changes"] == {"tracking_number": {"before": "JJD0001", "after": "JJD0002"}}


def test_a_customers_login_cannot_be_moved_and_the_review_flag_is_audited(client, root, refunded, alice, bob):
    form = form_of(client.get(change_url(alice)))
    assert "user" not in form and "email" not in form
    form.update(user=str(bob.user.pk), email="bob@example.com", blocked="on", blocked_reason="Chargebacks")

    assert client.post(change_url(alice), form).status_code == 302

    alice = Customer.objects.get(pk=alice.pk)
    assert (alice.user_id, alice.email, alice.blocked, alice.blocked_reason) != (bob.user.pk, "bob@example.com",
                                                                                 False, "")
    assert (alice.user.username, alice.email, alice.blocked) == ("alice", "alice@example.com", True)
    event = ReturnEvent.objects.get(return_request=refunded, action="admin_change")
    assert event.data["changes"]["blocked"] == {"before": False, "after": True}


def test_nothing_the_services_own_can_be_deleted_or_added_and_no_bulk_delete_is_offered(client, root, refunded):
    assert client.post(reverse("admin:returns_returnrequest_delete", args=[refunded.pk])).status_code == 403
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        changelist = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        assert changelist.status_code == 200
        if not model_admin.has_delete_permission(changelist.wsgi_request):
            assert b'value="delete_selected"' not in changelist.content, model.__name__


@pytest.mark.parametrize("model", ["returnrequest", "returnline", "returnevent", "salesorder", "salesorderline"])
def test_service_owned_returns_records_cannot_be_deleted(client, root, model):
    model_admin = next(a for m, a in admin.site._registry.items()
                       if m._meta.app_label == "returns" and m._meta.model_name == model)
    request = client.get(reverse(f"admin:returns_{model}_changelist")).wsgi_request
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_add_permission(request)
