"""The tablet's demo situations, made through the real services, once."""
import pytest

from inspection.demo import DEMO_PARCEL_TRACKING, demo_inspect, seed_inspection_demo
from inspection.models import DiscrepancyKind, LineHold, ReceivingDiscrepancy, UnidentifiedParcel
from returns.choices import ReturnStatus
from returns.roles import INSPECTOR, SUPPORT
from tests.factories import create_return, make_customer, make_order, make_product, make_user, receive_all

pytestmark = pytest.mark.django_db


def test_seed_inspection_demo_is_idempotent_and_shows_each_situation(catalogue, media):
    make_user("inspector", INSPECTOR)
    make_user("support", SUPPORT)
    bruno = make_customer("bruno")
    make_order(bruno, [(make_product(), 2, "20.00")], delivered_days_ago=3)
    phone = make_product(category="electronics", serialized=True)
    order = make_order(bruno, [(phone, 1, "300.00")], delivered_days_ago=4)
    order.lines.update(serial_numbers=["SN-OURS-1"])
    seed_inspection_demo()
    seed_inspection_demo()
    assert UnidentifiedParcel.objects.filter(tracking_number=DEMO_PARCEL_TRACKING).count() == 1
    kinds = sorted(ReceivingDiscrepancy.objects.values_list("kind", flat=True))
    assert kinds == [DiscrepancyKind.NO_RMA, DiscrepancyKind.SHORT]
    assert LineHold.objects.get().kind == "serial_mismatch"


def test_demo_inspect_adds_evidence_and_has_support_approve_held_lines(alice, ivan, sam, catalogue, media):
    laptop = make_product(category="electronics", serialized=True)
    ret = create_return(make_order(alice, [(laptop, 1, "900.00")]), alice.user)
    if ret.state == ReturnStatus.PENDING_APPROVAL:
        from returns.services.lifecycle import return_approve

        ret = return_approve(return_id=ret.pk, actor=sam)
    receive_all(ret, ivan)
    from returns.services.lifecycle import return_complete_inspection, return_start_inspection

    return_start_inspection(return_id=ret.pk, actor=ivan)
    demo_inspect(ret, ivan, sam)
    line = ret.lines.get()
    assert (line.grade, line.disposition, line.hold_reason) == ("B", "restock", "")
    assert line.photos.count() == 1 and LineHold.objects.get(line=line).status == "approved"
    assert return_complete_inspection(return_id=ret.pk, actor=ivan).state == ReturnStatus.INSPECTED
