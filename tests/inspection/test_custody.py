"""Chain of custody: who put which unit where, when; history is only ever added to."""
import pytest
from django.db import DatabaseError, transaction

from inspection.custody import custody_current, custody_move
from inspection.models import CustodyRecord, CustodyRecordImmutable
from returns.errors import IllegalTransition, InvalidReturnRequest
from tests.inspection.helpers import check_all, receive

pytestmark = pytest.mark.django_db


def test_units_move_between_totes_and_the_return_shows_where_they_are(client, ivan, ines, authorized):
    ret = receive(authorized, ivan, location="TOTE-1")
    tshirt = ret.lines.get(product__sku="TSHIRT-M")
    custody_move(return_id=ret.pk, line_id=tshirt.pk, location_code="bin-a4", actor=ines, units=[2])
    current = {(c.unit_index, c.location_code) for c in custody_current(ret)[tshirt.pk]}
    assert current == {(1, "TOTE-1"), (2, "BIN-A4")}
    history = list(CustodyRecord.objects.filter(line=tshirt).values_list("unit_index", "location_code",
                                                                         "actor__username", "reason"))
    assert history == [(1, "TOTE-1", "ivan", "receipt"), (2, "TOTE-1", "ivan", "receipt"),
                       (2, "BIN-A4", "ines", "move")]
    client.force_login(ivan)
    moved = client.post(f"/inspect/returns/{ret.rma_number}/lines/{tshirt.pk}/move/", {"location": "SHELF-9"})
    assert moved.status_code == 302
    page = client.get(f"/inspect/returns/{ret.rma_number}/").content.decode()
    assert "SHELF-9</strong> (2)" in page
    bad = client.post(f"/inspect/returns/{ret.rma_number}/lines/{tshirt.pk}/move/", {"location": "tote 7!"})
    assert bad.status_code == 400 and "is not a tote or bin label" in bad.content.decode()
    with pytest.raises(InvalidReturnRequest, match="between 1 and 2"):
        custody_move(return_id=ret.pk, line_id=tshirt.pk, location_code="BIN-1", actor=ivan, units=[3])


def test_custody_records_cannot_be_changed_even_by_a_bulk_update(ivan, authorized):
    receive(authorized, ivan)
    record = CustodyRecord.objects.first()
    with pytest.raises(CustodyRecordImmutable):
        record.save()
    with pytest.raises(CustodyRecordImmutable):
        record.delete()
    # Refused by privileges for the app role, by the trigger for any role that has UPDATE.
    with pytest.raises(DatabaseError, match="permission denied|append-only"), transaction.atomic():
        CustodyRecord.objects.update(location_code="NOWHERE")


def test_completion_moves_units_to_their_disposition_and_then_they_stay_put(ivan, inspecting, media):
    from inspection.workflow import inspection_complete, line_decide

    for line in inspecting.lines.all():
        check_all(line, ivan)
        line_decide(line_id=line.pk, actor=ivan, disposition="restock", quantity_accepted=line.quantity_received)
    inspection_complete(return_id=inspecting.pk, actor=ivan)
    assert {c.location_code for records in custody_current(inspecting).values() for c in records} == {"STOCK"}
    with pytest.raises(IllegalTransition, match="moved on"):
        custody_move(return_id=inspecting.pk, line_id=inspecting.lines.first().pk, location_code="BIN-1", actor=ivan)
