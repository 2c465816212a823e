"""The customer panel on a return: past returns and outcomes, return rate, disputes, flags, value."""
from decimal import Decimal

import pytest
from django.test import Client

from returns.models import Customer, Dispute
from support import customer_panel
from tests.factories import create_return, make_order, make_product
from tests.support.builders import pending_exception

pytestmark = pytest.mark.django_db


def test_the_panel_shows_the_customers_history(alice, bob, sam):
    first = make_order(alice, [(make_product(), 2, "10.00")])
    earlier = create_return(first, alice.user, {first.lines.get(): 1})
    Dispute.objects.create(return_request=earlier, kind="short_receipt", message="One is missing", opened_by=alice.user)
    current = pending_exception(alice, price="30.00")
    pending_exception(bob)  # someone else's: never counted
    Customer.objects.filter(pk=alice.pk).update(blocked=True, blocked_reason="Many returns this year")

    panel = customer_panel.build(current)
    assert panel.return_count == 2 and [r.pk for r in panel.past] == [earlier.pk]
    assert (panel.units_returned, panel.units_delivered, panel.return_rate) == (2, 3, "67 %")
    # 2 × 10.00 + 30.00 at 21 % tax, plus 4.95 shipping (21 %) on each of the two orders
    assert panel.lifetime_value == [("EUR", (Decimal("50.00") * Decimal("1.21") + 2 * Decimal("4.95") *
                                             Decimal("1.21")).quantize(Decimal("0.01")))]
    assert [d.return_request_id for d in panel.open_disputes] == [earlier.pk]

    client = Client()
    client.force_login(sam)
    page = client.get(f"/support/returns/{current.rma_number}/").content.decode()
    assert 'data-testid="customer-panel"' in page and 'data-testid="return-rate">67 %' in page
    assert "Many returns this year" in page and earlier.rma_number in page and "One is missing" not in page


def test_other_apps_add_flags_and_a_broken_source_never_hides_the_page(alice, sam):
    ret = pending_exception(alice)
    customer_panel.register_flag_source("test-scores", lambda c: [{"label": "Serial returner", "detail": "score 0.9",
                                                                  "level": "bad"}])
    customer_panel.register_flag_source("test-broken", lambda c: 1 / 0)
    try:
        client = Client()
        client.force_login(sam)
        page = client.get(f"/support/returns/{ret.rma_number}/").content.decode()
        assert "Serial returner" in page and "Flags unavailable" in page
    finally:
        customer_panel._flag_sources.pop("test-scores", None)
        customer_panel._flag_sources.pop("test-broken", None)
