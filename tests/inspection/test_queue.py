"""The inspection queue: oldest first, with value and who each return waits on."""
from datetime import timedelta

import pytest
from django.utils import timezone

from inspection.holds import line_hold
from inspection.models import HoldKind, InspectionClaim
from inspection.workflow import inspection_open
from returns.models import ReturnRequest
from tests.factories import create_return, make_order
from tests.inspection.helpers import receive

pytestmark = pytest.mark.django_db


def test_the_queue_lists_received_returns_oldest_first_with_value_and_waiting_on_whom(
        client, alice, ivan, ines, sam, tshirt, jeans):
    made = []
    for hours_ago in (5, 30, 2):
        ret = receive(create_return(make_order(alice, [(tshirt, 1, "20.00"), (jeans, 1, "60.00")]), alice.user), ivan)
        ReturnRequest.objects.filter(pk=ret.pk).update(received_at=timezone.now() - timedelta(hours=hours_ago))
        made.append(ret)
    recent, oldest, newest = made
    inspection_open(return_id=oldest.pk, actor=ines)
    inspection_open(return_id=recent.pk, actor=ivan)
    line_hold(line_id=recent.lines.first().pk, actor=sam, reason="Customer called about it", kind=HoldKind.OVERRIDE)
    client.force_login(ivan)
    page = client.get("/inspect/queue/").content.decode()
    assert page.index(oldest.rma_number) < page.index(recent.rma_number) < page.index(newest.rma_number)
    assert "96.80 EUR" in page  # (20 + 60) × 1.21
    assert "Being inspected by Ines Berg since" in page
    assert "On hold for support: Customer called about it" in page
    assert "Waiting for an inspector" in page and "received 30 hours ago" in page
    InspectionClaim.objects.filter(inspector=ines).update(last_seen_at=timezone.now() - timedelta(hours=1))
    assert "inactive since" in client.get("/inspect/queue/").content.decode()
